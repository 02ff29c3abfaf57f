"""What the reports use cases read: the read-only query ports ``uow.reports`` and ``uow.money_audit`` (the
money check's comparisons).

Reports read across contexts (sales, returns, catalog, customers, repairs, cash) but change nothing, so they
have a query port of their own rather than borrowing each context's repositories: every figure is one grouped
query in the SQL adapter (never rows summed in Python), and the in-memory adapter computes the same figures
(``tests/contract/test_reports_queries.py`` holds them equal on fixed data).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, tzinfo
from decimal import Decimal
from typing import Protocol

from techstore.application.reports.audit import (
    DocumentMismatch,
    LooseEntry,
    RevenueTotals,
    RollupMismatch,
    SessionMismatch,
)
from techstore.application.shared.pages import Page, PageRequest
from techstore.application.shared.unit_of_work import UnitOfWork
from techstore.domain.reports.days import LocalPeriod
from techstore.domain.reports.figures import (
    CategoryFigure,
    DayFigure,
    LowStockProduct,
    MarginFigure,
    MethodFigure,
    OpenDrawer,
    ProductFigure,
    Receivable,
    ReturnsFigure,
    StatusCount,
    TaxFigure,
)


class ReportQueries(Protocol):
    def by_day(self, period: LocalPeriod) -> Sequence[DayFigure]:
        """The local days that had a sale (not voided), a return, a repair delivered or a journal entry (pay-ins
        and pay-outs aside), in order; days with none are left out. A repair counts on its delivery day for
        what its delivery took (its payments), with its part lines' totals as its parts."""
        ...

    def by_method(self, period: LocalPeriod) -> Sequence[MethodFigure]:
        """Per method, from the journal entries made in the period (``journal_figures.fold_methods``): takings
        less reversals, refunds, and the part outside any drawer; by method name, the methods with entries."""
        ...

    def by_category(self, period: LocalPeriod) -> Sequence[CategoryFigure]:
        """Per product category (the product's category now), returns netted: units, revenue, cost and revenue
        without a known cost (``figures._Margins``); revenue first. One statement."""
        ...

    def by_product(self, period: LocalPeriod) -> Sequence[ProductFigure]:
        """The same per product, every product sold or returned in the period; revenue first (then by id).
        One statement."""
        ...

    def top_products(self, period: LocalPeriod, limit: int) -> tuple[Sequence[ProductFigure],
                                                                     Sequence[ProductFigure]]:
        """The ``limit`` best sellers by revenue, and by units (ties by product id)."""
        ...

    def returns(self, period: LocalPeriod) -> ReturnsFigure: ...

    def margin(self, period: LocalPeriod) -> MarginFigure:
        """The period's gross margin, returns netted as ``by_category``'s (whose margins it adds up); the line
        counts are the sale lines'. One statement."""
        ...

    def by_tax_rate(self, period: LocalPeriod) -> Sequence[TaxFigure]:
        """Net and tax per rate: the sales' lines, less the returns' (at their sale line's rate), plus the
        repairs delivered (untaxed until repairs are taxed per line), the highest percent first."""
        ...

    def receivables(self, page: PageRequest) -> Page[Receivable]:
        """Customers (not deleted) with a balance above zero, largest first (then by id)."""
        ...

    def repairs_by_status(self) -> Sequence[StatusCount]: ...

    def low_stock(self, limit: int) -> tuple[Sequence[LowStockProduct], int]:
        """Live products at or below their minimum stock, emptiest first (stock − minimum), and how many in all."""
        ...

    def open_drawers(self, user_id: int | None) -> Sequence[OpenDrawer]:
        """Open cash sessions (of one user, or everyone's), oldest first."""
        ...


class MoneyAudit(Protocol):
    """What ``techstore check money`` reads (``audit.py``): every comparison is made by the adapter in a fixed
    number of grouped statements, and only what disagrees comes back. Documents are those of the period (a
    sale or return made, a repair delivered, an account payment taken in it), with all their entries."""

    def earliest(self) -> datetime | None:
        """The first instant anything was recorded: a document or a journal entry (None on an empty store)."""
        ...

    def document_mismatches(self, period: LocalPeriod) -> Sequence[DocumentMismatch]:
        """Per document and method: a sale's ``sale`` entries against its payments, its ``sale`` and
        ``reversal`` entries against its payments (0 once voided), and all of them against its total (0 once
        voided); a return's ``refund`` entries against its refunds; a delivered repair's ``repair_payment``
        entries against its payments; an account payment's entries against its movement."""
        ...

    def loose_entries(self, period: LocalPeriod) -> Sequence[LooseEntry]:
        """Entries made in the period that belong to no document they could (``audit.loose_problem``)."""
        ...

    def session_mismatches(self, period: LocalPeriod) -> Sequence[SessionMismatch]:
        """Sessions closed in the period whose stored expected cash is not the float plus their cash entries."""
        ...

    def journal_by_method(self, period: LocalPeriod) -> Mapping[str, Decimal]:
        """The entries made in the period summed per method, pay-ins and pay-outs aside, with no rule of kinds."""
        ...

    def revenue(self, period: LocalPeriod) -> RevenueTotals:
        """Sales, returns and repairs delivered in the period, summed without local days."""
        ...


    def rollup_mismatches(self, period: LocalPeriod) -> Sequence[RollupMismatch]:
        """The rows of the daily rollups of the period's rolled days (not stale, in its zone) that differ from
        what the documents of those days add up to, either way (``ReportRollups``); none where nothing is
        rolled up."""
        ...


class ReportRollups(Protocol):
    """The reports' daily rollups (``uow.report_rollups``): closed local days summed once, so that a report
    over years reads a row per day. A cache of the documents that the report queries combine with the days not
    rolled up, read live; an adapter may keep none (the in-memory store computes every day live)."""

    def forget_other_zones(self, zone: tzinfo) -> None:
        """Drop every day rolled up in another time zone than ``zone`` (the store's zone changed)."""
        ...

    def clear(self) -> None:
        """Drop every rolled-up day: all are read live until rolled up again."""
        ...

    def pending(self, zone: tzinfo, through: date) -> Sequence[date]:
        """The local days from the first recorded up to ``through`` that are not rolled up, or stale."""
        ...

    def prepare(self, days: Sequence[date], zone: tzinfo) -> None:
        """A stale row for each of ``days`` that has none, committed before any is rolled up: a void made
        while a day is being rolled up then waits for that roll-up and marks the day stale after it."""
        ...

    def roll(self, period: LocalPeriod, now: datetime) -> None:
        """Sum the documents of the days of ``period`` (prepared) into their rollups, replacing what they
        held, and mark them not stale."""
        ...


class ReportsUnitOfWork(UnitOfWork, Protocol):
    reports: ReportQueries
    money_audit: MoneyAudit
    report_rollups: ReportRollups


class ReportsUnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> ReportsUnitOfWork: ...


class ReplicaReads(Protocol):
    """A read-only unit of work on a streaming replica of the database, and the time what it holds is as of
    (PRODUCT.md, Operations): None when the reports must read the primary instead (no replica configured, or it
    is unreachable or more than the allowed lag behind). Only queries outside any change ask for one."""

    def __call__(self) -> tuple[ReportsUnitOfWork, datetime] | None: ...
