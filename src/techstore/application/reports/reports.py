"""The sales report for a range of local days, the receivables, and the dashboard. Staff and admins alike
(PRODUCT.md, roles); only the open cash drawers shown depend on the role (staff: their own)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo

from techstore.application.reports.ports import ReplicaReads, ReportsUnitOfWork, ReportsUnitOfWorkFactory
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.identity.users import User
from techstore.domain.repairs.repairs import RepairStatus
from techstore.domain.reports.days import MAX_DAYS, LocalPeriod
from techstore.domain.reports.figures import (
    Dashboard,
    DayFigure,
    MethodFigure,
    Receivable,
    SalesReport,
    StatusCount,
)
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import FieldError, PermissionDenied, ValidationFailed
from techstore.domain.shared.payments import PaymentMethod

TOP_PRODUCTS = 10
# Dates a report may name (a local midnight in any zone stays within what datetimes and databases hold).
FIRST_DAY = date(1970, 1, 1)
LAST_DAY = date(9999, 12, 30)
DASHBOARD_DAYS = 30
DASHBOARD_ROWS = 8


def _signed_in(actor: User) -> None:
    if not actor.is_active:
        raise PermissionDenied("Sign in to see reports.")


def period_problems(first: date | None, last: date | None) -> list[FieldError]:
    """What is wrong with a requested range of local days (``from`` and ``to``, both included)."""
    errors = []
    if first is None:
        errors.append(FieldError("from", "is required (a date such as 2026-01-31)"))
    if last is None:
        errors.append(FieldError("to", "is required (a date such as 2026-01-31)"))
    if first is not None and last is not None:
        if last < first:
            errors.append(FieldError("to", "must not be before from"))
        elif first < FIRST_DAY:
            errors.append(FieldError("from", f"must be on or after {FIRST_DAY.isoformat()}"))
        elif last > LAST_DAY:
            errors.append(FieldError("to", f"must be on or before {LAST_DAY.isoformat()}"))
        elif (last - first).days + 1 > MAX_DAYS:
            errors.append(FieldError("to", f"must be at most {MAX_DAYS:,} days (100 years) after from, both included"))
    return errors


def read_for_reports(uow: ReportsUnitOfWorkFactory, replica: ReplicaReads | None
                     ) -> tuple[ReportsUnitOfWork, datetime | None]:
    """A read-only unit of work on the replica when it may serve (with the time it is as of), else on the
    primary (as of now: None)."""
    on_replica = replica() if replica is not None else None
    return on_replica if on_replica is not None else (uow(read_only=True), None)


def every_day(period: LocalPeriod, found: Sequence[DayFigure]) -> list[DayFigure]:
    by_day = {figure.day: figure for figure in found}
    return [by_day.get(day, DayFigure(day)) for day in period.days]


def every_method(found: Sequence[MethodFigure]) -> list[MethodFigure]:
    by_method = {figure.method: figure for figure in found}
    return [by_method.get(method.value, MethodFigure(method.value)) for method in PaymentMethod]


class SalesReportFor:
    """Sales by day, by payment method, by category, top products, returns and margin for ``first``..``last``
    (local dates, both included, up to a century: ``MAX_DAYS``); 422 on ``from``/``to`` otherwise."""

    def __init__(self, uow: ReportsUnitOfWorkFactory, zone: tzinfo, replica: ReplicaReads | None = None) -> None:
        self._uow = uow
        self._zone = zone
        self._replica = replica

    def __call__(self, actor: User, first: date | None, last: date | None) -> SalesReport:
        _signed_in(actor)
        if errors := period_problems(first, last):
            raise ValidationFailed(errors)
        assert first is not None and last is not None
        period = LocalPeriod(first, last, self._zone)
        reads, as_of = read_for_reports(self._uow, self._replica)
        with reads as uow:
            days = uow.reports.by_day(period)
            methods = uow.reports.by_method(period)
            categories = uow.reports.by_category(period)
            products = uow.reports.by_product(period)
            by_revenue, by_units = uow.reports.top_products(period, TOP_PRODUCTS)
            returns = uow.reports.returns(period)
            margin = uow.reports.margin(period)
            taxes = uow.reports.by_tax_rate(period)
        return SalesReport(first, last, period.zone_name, every_day(period, days), every_method(methods), categories,
                           by_revenue, by_units, returns, margin, taxes, products, as_of)


class ListReceivables:
    """Customers who owe the store, largest debt first."""

    def __init__(self, uow: ReportsUnitOfWorkFactory, replica: ReplicaReads | None = None) -> None:
        self._uow = uow
        self._replica = replica

    def __call__(self, actor: User, page: PageRequest) -> Page[Receivable]:
        _signed_in(actor)
        with read_for_reports(self._uow, self._replica)[0] as uow:
            return uow.reports.receivables(page)


class ShowDashboard:
    """What the owner looks at every morning, in one read-only unit of work."""

    def __init__(self, uow: ReportsUnitOfWorkFactory, clock: Clock, zone: tzinfo,
                 replica: ReplicaReads | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._zone = zone
        self._replica = replica

    def today(self) -> date:
        return self._clock.now().astimezone(self._zone).date()

    def __call__(self, actor: User) -> Dashboard:
        _signed_in(actor)
        today = self.today()
        month = LocalPeriod(today - timedelta(days=DASHBOARD_DAYS - 1), today, self._zone)
        reads, as_of = read_for_reports(self._uow, self._replica)
        with reads as uow:
            days = every_day(month, uow.reports.by_day(month))
            methods = every_method(uow.reports.by_method(LocalPeriod(today, today, self._zone)))
            counted = {found.status: found.count for found in uow.reports.repairs_by_status()}
            low, low_total = uow.reports.low_stock(DASHBOARD_ROWS)
            debtors = uow.reports.receivables(PageRequest(limit=DASHBOARD_ROWS))
            drawers = uow.reports.open_drawers(None if actor.is_manager else actor.id)
        repairs = [StatusCount(status.value, counted.get(status.value, 0)) for status in RepairStatus]
        return Dashboard(days[-1], methods, days, repairs, low, low_total, debtors.items, debtors.total, drawers,
                         as_of)
