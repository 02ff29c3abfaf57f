"""What the repairs use cases need: their repository, the public lookups' rate limiter, and the ports
of other contexts (the catalog's ``stock``, the customers' ``accounts``), the shared counters, all on one
unit of work: a refusal anywhere rolls back everything."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

import attrs

from techstore.application.cash.ports import TendersPort
from techstore.application.catalog.ports import StockKeeper, UnitLookup
from techstore.application.customers.ports import AccountsPort
from techstore.application.shared.numbering import NumberSequences
from techstore.application.shared.pages import Page, PageRequest
from techstore.application.shared.unit_of_work import UnitOfWork
from techstore.application.taxes.ports import TaxesPort
from techstore.domain.notifications.messages import Message
from techstore.domain.repairs.lines import RepairLine
from techstore.domain.repairs.repairs import Deposit, HistoryEntry, Repair, RepairPayment, RepairStatus


@attrs.frozen
class RepairFilter:
    status: RepairStatus | None = None
    customer_id: int | None = None
    text: str | None = None  # case-folded: matched against the number, the customer's name, the serial number
    open_only: bool = False  # neither delivered nor cancelled


@attrs.frozen
class QuotedLine:
    description: str
    line_total: Decimal


@attrs.frozen
class Tracked:
    """What the public may see of a repair: never who brought it; its quote only while it awaits approval."""

    number: str
    equipment: str
    status: RepairStatus
    promised_date: date | None
    updated_at: datetime
    quote: tuple[QuotedLine, ...] = ()
    quote_total: Decimal | None = None


@attrs.frozen
class Coverage:
    """An earlier repair of the same serial whose warranty still runs, or the sale's warranty of the sold unit the
    serial is (``repair_id`` None)."""

    repair_id: int | None
    until: date


class RepairRepository(Protocol):
    def add(self, repair: Repair) -> Repair:
        """Store a new repair (with its number); it comes back with its id."""
        ...

    def get(self, repair_id: int) -> Repair | None:
        """With its lines, deposits and payments."""
        ...

    def by_tracking_code_for_update(self, tracking_code: str) -> Repair | None:
        """The repair (locked, with its lines) a customer answers for on the tracking page."""
        ...

    def get_for_update(self, repair_id: int) -> Repair | None:
        """Like ``get``; the row stays locked until the transaction ends (two transitions queue)."""
        ...

    def update(self, repair: Repair) -> None:
        """Store the repair's own fields (status, details, the lines' total, quote, delivery)."""
        ...

    def add_line(self, repair_id: int, line: RepairLine) -> RepairLine:
        """Store a line; it comes back with its id."""
        ...

    def remove_line(self, repair_id: int, line_id: int) -> None: ...

    def add_deposit(self, repair_id: int, deposit: Deposit) -> Deposit:
        """Store a deposit and its payments; it comes back with its id."""
        ...

    def add_payments(self, repair_id: int, payments: Sequence[RepairPayment]) -> None:
        """Delivery's payments or a cancellation's refunds."""
        ...

    def covering(self, serial_number: str, on: date) -> Coverage | None:
        """The latest delivered repair of this serial (exactly as stored, trimmed) still under warranty on ``on``."""
        ...

    def add_history(self, repair_id: int, entry: HistoryEntry) -> None: ...

    def history(self, repair_id: int) -> Sequence[HistoryEntry]:
        """Oldest first, with the name of the user who made each change."""
        ...

    def list(self, query: RepairFilter, page: PageRequest) -> Page[Repair]:
        """Newest first, without parts or payments: a fixed number of statements whatever the page size."""
        ...

    def tracked(self, tracking_code: str) -> Tracked | None:
        """One indexed lookup, whatever the code."""
        ...

    def count_open_for(self, customer_id: int) -> int: ...


class LookupLimiter(Protocol):
    def hit(self, key: str, window_start: datetime) -> int:
        """Count one lookup for ``key`` in the window starting at ``window_start`` (one guarded upsert,
        shared by every process); returns the count so far in that window."""
        ...


class Outbox(Protocol):
    """The notifications context's outbox: a message written in the caller's transaction."""

    def add(self, message: Message) -> Message: ...


class RepairsUnitOfWork(UnitOfWork, Protocol):
    repairs: RepairRepository
    tracking_hits: LookupLimiter
    stock: StockKeeper
    unit_lookup: UnitLookup
    accounts: AccountsPort
    numbers: NumberSequences
    tenders: TendersPort
    taxes: TaxesPort
    outbox: Outbox


class RepairsUnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> RepairsUnitOfWork: ...
