"""What the repairs use cases need: their repository, the public lookups' rate limiter, and the ports
of other contexts (the catalog's ``stock``, the customers' ``accounts``), the shared counters, all on one
unit of work: a refusal anywhere rolls back everything."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

import attrs

from techstore.application.cash.ports import TendersPort
from techstore.application.catalog.ports import StockKeeper
from techstore.application.customers.ports import AccountsPort
from techstore.application.shared.numbering import NumberSequences
from techstore.application.shared.pages import Page, PageRequest
from techstore.application.shared.unit_of_work import UnitOfWork
from techstore.domain.repairs.repairs import HistoryEntry, Repair, RepairPart, RepairStatus


@attrs.frozen
class RepairFilter:
    status: RepairStatus | None = None
    customer_id: int | None = None
    text: str | None = None  # case-folded: matched against the number, the customer's name, the serial number
    open_only: bool = False  # neither delivered nor cancelled


@attrs.frozen
class Tracked:
    """What the public may see of a repair: never who brought it or what it costs."""

    number: str
    equipment: str
    status: RepairStatus
    promised_date: object  # date | None
    updated_at: datetime


class RepairRepository(Protocol):
    def add(self, repair: Repair) -> Repair:
        """Store a new repair (with its number); it comes back with its id."""
        ...

    def get(self, repair_id: int) -> Repair | None:
        """With its parts and payments."""
        ...

    def get_for_update(self, repair_id: int) -> Repair | None:
        """Like ``get``; the row stays locked until the transaction ends (two transitions queue)."""
        ...

    def update(self, repair: Repair) -> None:
        """Store the repair's own fields (status, details, price, delivery)."""
        ...

    def add_part(self, repair_id: int, part: RepairPart) -> None: ...

    def add_payments(self, repair: Repair) -> None: ...

    def add_history(self, repair_id: int, entry: HistoryEntry) -> None: ...

    def history(self, repair_id: int) -> Sequence[HistoryEntry]:
        """Oldest first."""
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


class RepairsUnitOfWork(UnitOfWork, Protocol):
    repairs: RepairRepository
    tracking_hits: LookupLimiter
    stock: StockKeeper
    accounts: AccountsPort
    numbers: NumberSequences
    tenders: TendersPort


class RepairsUnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> RepairsUnitOfWork: ...
