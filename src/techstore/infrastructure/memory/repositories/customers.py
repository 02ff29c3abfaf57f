"""In-memory repositories of the customers context. They hand out copies, so a
change reaches the store only through ``update``; the unit of work holds the
store's lock, so every read is already exclusive ("for update")."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

import attrs

from techstore.application.customers.ports import BrokenAccount, Period
from techstore.application.shared.errors import DuplicateKey
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.customers.accounts import Movement
from techstore.domain.customers.customers import Customer
from techstore.infrastructure.memory.store import MemoryStore

ZERO = Decimal("0.00")


def customers_named(store: MemoryStore, term: str) -> set[int]:
    """The ids of the customers (deleted ones too) whose name holds ``term`` (folded as ``search_key`` is): the
    SQL adapter's subquery of the same name."""
    customers: dict[int, Customer] = store.table("customers", dict)
    return {customer_id for customer_id, customer in customers.items() if term in customer.name.casefold()}


class MemoryCustomerRepository:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    @property
    def _rows(self) -> dict[int, Customer]:
        return self._store.table("customers", dict)

    def get(self, customer_id: int) -> Customer | None:
        customer = self._rows.get(customer_id)
        return attrs.evolve(customer) if customer else None

    def get_for_update(self, customer_id: int) -> Customer | None:
        return self.get(customer_id)

    def search(self, term: str, page: PageRequest) -> Page[Customer]:
        found = sorted((c for c in self._rows.values() if c.deleted_at is None and term in c.search_key),
                       key=lambda c: (c.search_key.encode(), c.id))
        items = [attrs.evolve(c) for c in found[page.offset: page.offset + page.limit]]
        return Page(items, len(found), page.limit, page.offset)

    def add(self, customer: Customer) -> Customer:
        self._refuse_duplicates(customer)
        customer.id = self._store.next_id("customers")
        self._rows[customer.id] = attrs.evolve(customer)
        return customer

    def update(self, customer: Customer) -> None:
        assert customer.id in self._rows
        self._refuse_duplicates(customer)
        balance = self._rows[customer.id].balance  # only set_balance moves it
        self._rows[customer.id] = attrs.evolve(customer, balance=balance)

    def set_balance(self, customer_id: int, balance: Decimal, updated_at: datetime) -> None:
        self._rows[customer_id] = attrs.evolve(self._rows[customer_id], balance=balance, updated_at=updated_at)

    def holder_of(self, *, email_key: str | None, phone_key: str | None, besides: int | None) -> str | None:
        others = [c for c in self._rows.values() if c.deleted_at is None and c.id != besides]
        if email_key is not None and any(c.email_key == email_key for c in others):
            return "email"
        if phone_key is not None and any(c.phone_key == phone_key for c in others):
            return "phone"
        return None

    def _refuse_duplicates(self, customer: Customer) -> None:
        # The partial unique indexes of the SQL tables: only live customers count.
        if customer.deleted_at is not None:
            return
        taken = self.holder_of(email_key=customer.email_key, phone_key=customer.phone_key, besides=customer.id)
        if taken is not None:
            raise DuplicateKey(taken)


class MemoryMovementRepository:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    @property
    def _rows(self) -> dict[int, Movement]:
        return self._store.table("account_movements", dict)

    def add(self, movement: Movement) -> Movement:
        if movement.reverses_id is not None and self.reversal_of(movement.reverses_id) is not None:
            raise DuplicateKey("reverses_id")
        movement.id = self._store.next_id("account_movements")
        self._rows[movement.id] = attrs.evolve(movement)
        return movement

    def get(self, movement_id: int) -> Movement | None:
        movement = self._rows.get(movement_id)
        return attrs.evolve(movement) if movement else None

    def reversal_of(self, charge_id: int) -> Movement | None:
        found = next((mv for mv in self._rows.values() if mv.reverses_id == charge_id), None)
        return attrs.evolve(found) if found else None

    def statement(self, customer_id: int, period: Period, page: PageRequest) -> tuple[Decimal, Decimal,
                                                                                         Page[Movement]]:
        mine = [mv for mv in self._rows.values() if mv.customer_id == customer_id]  # in id order
        before_start = [mv for mv in mine if period.start is not None and mv.created_at < period.start]
        before_end = [mv for mv in mine if period.end is None or mv.created_at < period.end]
        opening = before_start[-1].balance_after if before_start else ZERO
        closing = before_end[-1].balance_after if before_end else ZERO
        inside = [mv for mv in before_end if period.start is None or mv.created_at >= period.start]
        items = [attrs.evolve(mv) for mv in inside[page.offset: page.offset + page.limit]]
        return opening, closing, Page(items, len(inside), page.limit, page.offset)

    def broken_accounts(self) -> Sequence[BrokenAccount]:
        broken = []
        customers: dict[int, Customer] = self._store.table("customers", dict)
        for customer in customers.values():
            assert customer.id is not None
            previous = ZERO
            mine = [mv for mv in self._rows.values() if mv.customer_id == customer.id]
            for mv in mine:
                if mv.balance_before != previous:
                    broken.append(BrokenAccount(customer.id, customer.name, f"movement {mv.id} starts at "
                                                f"{mv.balance_before}, but the previous one left {previous}"))
                elif mv.balance_after != mv.balance_before + mv.amount:
                    broken.append(BrokenAccount(customer.id, customer.name, f"movement {mv.id}: "
                                                f"{mv.balance_before} + {mv.amount} is not {mv.balance_after}"))
                previous = mv.balance_after
            total = sum((mv.amount for mv in mine), ZERO)
            if customer.balance != total:
                broken.append(BrokenAccount(customer.id, customer.name,
                                            f"balance {customer.balance} is not the sum of its movements, {total}"))
        return sorted(broken, key=lambda b: b.customer_id)


REPOSITORIES = {
    "customers": MemoryCustomerRepository,
    "account_movements": MemoryMovementRepository,
}
