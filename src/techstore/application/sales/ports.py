"""What the sales use cases need: their repository, and the ports of other contexts they use
(the catalog's ``stock``, the customers' ``accounts``), the shared counters and idempotency keys,
all on one unit of work: a refusal anywhere rolls back everything."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Protocol

import attrs

from techstore.application.cash.ports import TendersPort
from techstore.application.catalog.ports import StockKeeper, UnitLookup
from techstore.application.customers.ports import AccountsPort
from techstore.application.shared.idempotency import IdempotencyKeys
from techstore.application.shared.numbering import NumberSequences
from techstore.application.shared.pages import Page, PageRequest
from techstore.application.shared.unit_of_work import UnitOfWork
from techstore.domain.identity.users import User
from techstore.domain.sales.parked import ParkedSale
from techstore.domain.sales.returns import Return
from techstore.domain.sales.sales import Sale, SaleStatus


@attrs.frozen
class SaleFilter:
    """What the list asks the repository for: a period (``start`` included, ``end`` excluded); ``number``
    exactly (upper-case); ``text`` (case-folded as a customer's ``search_key`` is) anywhere in the number or in
    the customer's name."""

    start: datetime | None = None
    end: datetime | None = None
    customer_id: int | None = None
    status: SaleStatus | None = None
    number: str | None = None
    text: str | None = None


class SaleRepository(Protocol):
    def add(self, sale: Sale) -> Sale:
        """Store a new sale's row (no number yet), so its stock movements can name it; it comes back with
        its id."""
        ...

    def finish(self, sale: Sale) -> None:
        """Store the rest of the sale added earlier in this transaction: its number, the account charge it
        made, its items and its payments."""
        ...

    def get(self, sale_id: int) -> Sale | None: ...

    def get_for_update(self, sale_id: int) -> Sale | None:
        """Like ``get``; the row stays locked until the transaction ends (two voids queue)."""
        ...

    def void(self, sale: Sale) -> None:
        """Store the void (status, reason, who, when)."""
        ...

    def list(self, query: SaleFilter, page: PageRequest) -> Page[Sale]:
        """Newest first, with items and payments: a fixed number of statements whatever the page size."""
        ...

    def numbers(self) -> Sequence[str]:
        """Every sale number, in order (checks and tests: gap-free)."""
        ...

    def refunded(self, sale_id: int, refunded_total: Decimal) -> None:
        """Store the sale's new ``refunded_total`` (a return was made under the sale's lock)."""
        ...


@attrs.frozen
class ReturnFilter:
    start: datetime | None = None
    end: datetime | None = None


class ReturnRepository(Protocol):
    def add(self, ret: Return) -> Return:
        """Store a new return's row (no number yet), so its stock movements can name it."""
        ...

    def finish(self, ret: Return) -> None:
        """Store the rest of the return added earlier in this transaction: number, refund movement, items,
        refunds."""
        ...

    def get(self, return_id: int) -> Return | None: ...

    def of_sale(self, sale_id: int) -> list[Return]:
        """The sale's returns, oldest first (read under the sale's lock when returning more)."""
        ...

    def list(self, query: ReturnFilter, page: PageRequest) -> Page[Return]:
        """Newest first, with items and refunds: a fixed number of statements whatever the page size."""
        ...

    def numbers(self) -> Sequence[str]: ...


class ParkedSaleRepository(Protocol):
    """The counter's held carts (``domain/sales/parked.py``), each with its lines."""

    def add(self, parked: ParkedSale) -> ParkedSale:
        """Store a new parked sale and its lines; it comes back with its id."""
        ...

    def get(self, parked_id: int) -> ParkedSale | None: ...

    def list(self, page: PageRequest) -> Page[ParkedSale]:
        """Newest first, with their lines: a fixed number of statements whatever the page size."""
        ...

    def remove(self, parked_id: int) -> bool:
        """Delete it and its lines; False when it was not there. Of two transactions removing the same one,
        the second waits for the first and gets False: a parked sale is resumed or dropped once."""
        ...


class ApproverCheck(Protocol):
    """The identity context's check of an approver's credentials (``application.identity.approvers``)."""

    def __call__(self, username: str, password: str, address: str, actor_id: int | None = None) -> User | None:
        """The active user they name, or None; each check counts in that username's sign-in throttle
        (``TooManyAttempts`` once over it). Committed on its own: call it before opening a unit of work.
        ``actor_id``: who asked at the till, named by the security events."""
        ...


class SalesUnitOfWork(UnitOfWork, Protocol):
    sales: SaleRepository
    returns: ReturnRepository
    parked_sales: ParkedSaleRepository
    stock: StockKeeper
    unit_lookup: UnitLookup
    accounts: AccountsPort
    numbers: NumberSequences
    idempotency_keys: IdempotencyKeys
    tenders: TendersPort


class SalesUnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> SalesUnitOfWork: ...
