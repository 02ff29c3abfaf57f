"""What the customers use cases need from the outside world, and the port they offer.

Other contexts (sales, returns, repairs) reach accounts only through
``AccountsPort``, a member of their own unit of work (``uow.accounts``), so
a charge joins the caller's transaction and a refusal anywhere undoes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

import attrs

from techstore.application.cash.ports import TendersPort
from techstore.application.shared.pages import Page, PageRequest
from techstore.application.shared.unit_of_work import UnitOfWork
from techstore.domain.customers.accounts import Movement
from techstore.domain.customers.customers import Customer
from techstore.domain.shared.payments import PaymentMethod


@attrs.frozen
class Period:
    """From ``start`` (inclusive) to ``end`` (exclusive); either may be open."""

    start: datetime | None = None
    end: datetime | None = None


@attrs.frozen
class Statement:
    """A customer's movements in a period (one page of them), with the balance at either end."""

    customer: Customer
    period: Period
    opening_balance: Decimal
    closing_balance: Decimal
    movements: Page[Movement]


@attrs.frozen
class BrokenAccount:
    """A customer whose account fails the invariant, and how."""

    customer_id: int
    name: str
    problem: str


class HistoryKind(StrEnum):
    """What a line of a customer's history is: a document of theirs, or a payment on their account."""

    SALE = "sale"
    RETURN = "return"
    REPAIR = "repair"
    PAYMENT = "payment"


@attrs.frozen
class HistoryItem:
    """One line of a customer's history. ``number`` is the document's (S-, RT-, R-), none for a payment;
    ``total`` a sale's or repair's total, a return's refund, the amount paid (positive), or none for a repair
    not priced yet."""

    kind: HistoryKind
    id: int
    number: str | None
    total: Decimal | None
    created_at: datetime


class CustomerHistory(Protocol):
    """A query the customers context asks and the reports context answers (it alone reads across contexts'
    tables): the customer's sales, their sales' returns, their repairs (from intake) and their payments on
    account, newest first (then the higher id), in one statement with its total."""

    def of(self, customer_id: int, page: PageRequest) -> Page[HistoryItem]: ...


class CustomerRepository(Protocol):
    def get(self, customer_id: int) -> Customer | None:
        """A customer, deleted or not."""
        ...

    def get_for_update(self, customer_id: int) -> Customer | None:
        """Like ``get``; the row stays locked until the transaction ends, so movements on one
        account are written one after the other."""
        ...

    def search(self, term: str, page: PageRequest) -> Page[Customer]:
        """Non-deleted customers whose ``search_key`` contains ``term`` (already folded), by name."""
        ...

    def add(self, customer: Customer) -> Customer:
        """Store a new customer. Raises ``DuplicateKey("email")`` or ``DuplicateKey("phone")`` when
        another non-deleted customer has the same email or phone key."""
        ...

    def update(self, customer: Customer) -> None:
        """Store changed details (and ``deleted_at``); the same ``DuplicateKey`` as ``add``.
        Never the balance: only ``set_balance`` moves it."""
        ...

    def set_balance(self, customer_id: int, balance: Decimal, updated_at: datetime) -> None: ...

    def holder_of(self, *, email_key: str | None, phone_key: str | None, besides: int | None) -> str | None:
        """Which key ("email" or "phone") another non-deleted customer already has, if any."""
        ...


class MovementRepository(Protocol):
    def add(self, movement: Movement) -> Movement: ...

    def get(self, movement_id: int) -> Movement | None: ...

    def reversal_of(self, charge_id: int) -> Movement | None: ...

    def statement(self, customer_id: int, period: Period, page: PageRequest) -> tuple[Decimal, Decimal,
                                                                                         Page[Movement]]:
        """The balance at the period's start and end, and the page of its movements, oldest first."""
        ...

    def broken_accounts(self) -> Sequence[BrokenAccount]:
        """Every customer whose balance is not the sum of their movements, or whose chain breaks."""
        ...


class OpenRepairs(Protocol):
    """The repairs context answers this; until it exists, an adapter says "none open"."""

    def count_for(self, customer_id: int) -> int: ...


class AccountsPort(Protocol):
    """The customers context's offer to other contexts, on their unit of work. Every method
    locks the customer, writes one movement and moves the balance, or raises and writes nothing."""

    def charge(self, customer_id: int, amount: Decimal, *, description: str, user_id: int, now: datetime,
               sale_id: int | None = None, repair_id: int | None = None, field: str = "amount") -> Movement:
        """Raise the balance by ``amount`` (> 0). ``Conflict`` above the credit limit or for a deleted
        customer; ``NotFound`` for an unknown one; ``ValidationFailed`` on ``field`` (the caller's input
        that carried the amount) when the balance would leave the money range."""
        ...

    def account_holder(self, customer_id: int) -> Customer | None:
        """The customer (deleted or not), without locking: a sale names its customer even when it
        charges nothing to the account."""
        ...

    def reverse(self, charge_id: int, *, description: str, user_id: int, now: datetime) -> Movement:
        """Undo a charge (a voided sale): a ``reversal`` of the opposite amount. ``Conflict`` if it is not
        a charge, was already reversed, or its customer was deleted (until an admin restores them)."""
        ...

    def refund(self, customer_id: int, amount: Decimal, *, description: str, user_id: int, now: datetime,
               sale_id: int | None = None, field: str = "amount") -> Movement:
        """Lower the balance by ``amount`` (> 0): a return refunded to the account. ``Conflict`` for a
        deleted customer; ``ValidationFailed`` on ``field`` past the money range."""
        ...


class CustomerAccounts(AccountsPort, Protocol):
    """The same port, with what only the customers context's own use cases do."""

    def pay(self, customer_id: int, amount: Decimal, method: PaymentMethod, *, description: str, user_id: int,
            now: datetime) -> Movement: ...

    def adjust(self, customer_id: int, amount: Decimal, *, reason: str, user_id: int, now: datetime) -> Movement: ...


class CustomersUnitOfWork(UnitOfWork, Protocol):
    customers: CustomerRepository
    account_movements: MovementRepository
    accounts: CustomerAccounts
    open_repairs: OpenRepairs
    tenders: TendersPort
    customer_history: CustomerHistory


class CustomersUnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> CustomersUnitOfWork: ...
