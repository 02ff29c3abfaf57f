"""The accounts port: every movement on a customer's account goes through here.

It runs on the caller's unit of work (a sale's, a return's, or the customers
context's own use cases), locks the customer's row, places the movement by
the domain's rules and moves the balance, so concurrent movements on one
account are written one after the other and the chain never breaks.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

from techstore.domain.customers.accounts import Entry, Movement, MovementType, place
from techstore.domain.customers.customers import Customer
from techstore.domain.shared.errors import Conflict, DomainError, NotFound
from techstore.domain.shared.payments import PaymentMethod


def customer_not_found(customer_id: int) -> NotFound:
    return NotFound(f"Customer {customer_id} does not exist.")


def deleted_customer(customer_id: int) -> Conflict:
    return Conflict(f"Customer {customer_id} was deleted: their account takes no new charges or refunds.")


def deleted_customer_reversal(customer_id: int) -> Conflict:
    return Conflict(f"Customer {customer_id} was deleted: their account takes no new movement, so the charge "
                    f"cannot be reversed until an admin restores the customer.")


class Accounts:
    """``AccountsPort`` on one unit of work (built by it: ``uow.accounts``)."""

    def __init__(self, uow: Any) -> None:
        self._uow = uow

    def charge(self, customer_id: int, amount: Decimal, *, description: str, user_id: int, now: datetime,
               sale_id: int | None = None, repair_id: int | None = None, field: str = "amount") -> Movement:
        entry = Entry(MovementType.CHARGE, amount, description, user_id, now, sale_id=sale_id, repair_id=repair_id)
        return self.record(customer_id, entry, if_deleted=deleted_customer, field=field)

    def refund(self, customer_id: int, amount: Decimal, *, description: str, user_id: int, now: datetime,
               sale_id: int | None = None, field: str = "amount") -> Movement:
        entry = Entry(MovementType.REFUND, -amount, description, user_id, now, sale_id=sale_id)
        return self.record(customer_id, entry, if_deleted=deleted_customer, field=field)

    def pay(self, customer_id: int, amount: Decimal, method: PaymentMethod, *, description: str, user_id: int,
            now: datetime) -> Movement:
        entry = Entry(MovementType.PAYMENT, -amount, description, user_id, now, method=method)
        return self.record(customer_id, entry, if_deleted=customer_not_found)

    def adjust(self, customer_id: int, amount: Decimal, *, reason: str, user_id: int, now: datetime) -> Movement:
        entry = Entry(MovementType.ADJUSTMENT, amount, reason, user_id, now)
        return self.record(customer_id, entry, if_deleted=customer_not_found)

    def account_holder(self, customer_id: int) -> Customer | None:
        customer: Customer | None = self._uow.customers.get(customer_id)
        return customer

    def reverse(self, charge_id: int, *, description: str, user_id: int, now: datetime) -> Movement:
        charge = self._uow.account_movements.get(charge_id)
        if charge is None or charge.type is not MovementType.CHARGE:
            raise Conflict(f"Movement {charge_id} is not a charge: only charges are reversed.")
        # Locking the customer first serialises two reversals of one charge: the second sees the first, and
        # a delete or restore of the customer waits for (or is seen by) this one.
        customer = self._locked(charge.customer_id)
        if customer.is_deleted:
            raise deleted_customer_reversal(charge.customer_id)
        if self._uow.account_movements.reversal_of(charge_id) is not None:
            raise Conflict(f"The charge {charge_id} was already reversed.")
        entry = Entry(MovementType.REVERSAL, -charge.amount, description, user_id, now, sale_id=charge.sale_id,
                      repair_id=charge.repair_id, reverses_id=charge_id)
        # No input carries a reversal's amount: past the money range it is the account's state that refuses.
        return self._write(customer, entry, field=None)

    def record(self, customer_id: int, entry: Entry, *, if_deleted: Callable[[int], DomainError],
               field: str = "amount") -> Movement:
        """Place ``entry`` on the locked account; a deleted customer's takes none (``if_deleted`` words it).
        ``field`` is the input a balance past the money range is reported on."""
        customer = self._locked(customer_id)
        if customer.is_deleted:
            raise if_deleted(customer_id)
        return self._write(customer, entry, field=field)

    def _locked(self, customer_id: int) -> Customer:
        customer: Customer | None = self._uow.customers.get_for_update(customer_id)
        if customer is None:
            raise customer_not_found(customer_id)
        return customer

    def _write(self, customer: Customer, entry: Entry, *, field: str | None) -> Movement:
        assert customer.id is not None
        # Never before the account's last change: a customer's movements are in time order as in id order,
        # though the caller read its clock before waiting for the lock.
        entry = attrs.evolve(entry, created_at=max(entry.created_at, customer.updated_at))
        movement = place(entry, customer_id=customer.id, balance=customer.balance,
                         credit_limit=customer.credit_limit, field=field)
        stored: Movement = self._uow.account_movements.add(movement)
        self._uow.customers.set_balance(customer.id, movement.balance_after, entry.created_at)
        return stored
