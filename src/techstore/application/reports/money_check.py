"""``techstore check money``: documents, the money journal, the drawers and the reports agree over a period.

Read only, for the operator (no user: like ``check stock`` and ``check accounts``). Over the local days
``first`` to ``last`` (by default from the first thing ever recorded to today), it lists every discrepancy:

- each document's journal entries add up to what it says was paid (``MoneyAudit.document_mismatches``), and
  every entry belongs to a document it can (``loose_entries``);
- each session closed in the period stored as expected cash its float plus its cash entries;
- the reports equal a direct computation: money by method against the journal summed per method, money by
  day against the same sum, and revenue by day against the documents summed without local days;
- every row of the reports' daily rollups (the closed days summed once, ``rollups.py``) equals what the
  documents of its day add up to, and no row is missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, tzinfo

import attrs

from techstore.application.reports.ports import ReportsUnitOfWork, ReportsUnitOfWorkFactory
from techstore.application.reports.reports import FIRST_DAY, LAST_DAY
from techstore.domain.reports.days import LocalPeriod
from techstore.domain.reports.figures import ZERO
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import FieldError, ValidationFailed


@attrs.frozen
class MoneyCheck:
    """What was checked (``first``..``last``, None when nothing was ever recorded) and every discrepancy."""

    first: date | None
    last: date | None
    timezone: str
    problems: Sequence[str]

    @property
    def holds(self) -> bool:
        return not self.problems


def range_problems(first: date | None, last: date | None) -> list[FieldError]:
    errors = []
    if first is not None and first < FIRST_DAY:
        errors.append(FieldError("from", f"must be on or after {FIRST_DAY.isoformat()}"))
    if last is not None and last > LAST_DAY:
        errors.append(FieldError("to", f"must be on or before {LAST_DAY.isoformat()}"))
    if first is not None and last is not None and last < first:
        errors.append(FieldError("to", "must not be before from"))
    return errors


class CheckMoney:
    def __init__(self, uow: ReportsUnitOfWorkFactory, clock: Clock, zone: tzinfo) -> None:
        self._uow = uow
        self._clock = clock
        self._zone = zone

    def __call__(self, first: date | None = None, last: date | None = None) -> MoneyCheck:
        if errors := range_problems(first, last):
            raise ValidationFailed(errors)
        zone_name = str(self._zone)
        with self._uow(read_only=True) as uow:
            if first is None:
                earliest = uow.money_audit.earliest()
                if earliest is None:
                    return MoneyCheck(None, None, zone_name, [])
                first = earliest.astimezone(self._zone).date()
            if last is None:
                last = max(self._clock.now().astimezone(self._zone).date(), first)
            period = LocalPeriod(min(first, last), last, self._zone)
            problems = [*self._documents(uow, period), *self._drawers(uow, period), *self._reports(uow, period),
                        *[m.describe() for m in uow.money_audit.rollup_mismatches(period)]]
        return MoneyCheck(period.first, period.last, zone_name, problems)

    @staticmethod
    def _documents(uow: ReportsUnitOfWork, period: LocalPeriod) -> list[str]:
        audit = uow.money_audit
        return ([m.describe() for m in audit.document_mismatches(period)]
                + [e.describe() for e in audit.loose_entries(period)])

    @staticmethod
    def _drawers(uow: ReportsUnitOfWork, period: LocalPeriod) -> list[str]:
        return [s.describe() for s in uow.money_audit.session_mismatches(period)]

    @staticmethod
    def _reports(uow: ReportsUnitOfWork, period: LocalPeriod) -> list[str]:
        problems = []
        journal = uow.money_audit.journal_by_method(period)
        reported = {figure.method: figure.net for figure in uow.reports.by_method(period)}
        for method in sorted(reported.keys() | journal.keys()):
            said, summed = reported.get(method, ZERO), journal.get(method, ZERO)
            if said != summed:
                problems.append(f"report, money by method, {method}: the report says {said} net, the journal's "
                                f"entries add up to {summed}")
        days = uow.reports.by_day(period)
        money = sum((d.money_net for d in days), ZERO)
        if money != sum(journal.values(), ZERO):
            problems.append(f"report, money by day: the days add up to {money}, the journal's entries to "
                            f"{sum(journal.values(), ZERO)}")
        revenue = uow.money_audit.revenue(period)
        for label, by_days, direct in (
                ("sales", sum(d.sales_count for d in days), revenue.sales_count),
                ("sold", sum((d.sales_amount for d in days), ZERO), revenue.sales_amount),
                ("returns", sum(d.returns_count for d in days), revenue.returns_count),
                ("refunded", sum((d.refunded for d in days), ZERO), revenue.refunded),
                ("repairs delivered", sum(d.repairs_count for d in days), revenue.repairs_count),
                ("repairs", sum((d.repairs_amount for d in days), ZERO), revenue.repairs_amount),
                ("repair parts", sum((d.repairs_parts for d in days), ZERO), revenue.repairs_parts)):
            if by_days != direct:
                problems.append(f"report, revenue by day, {label}: the days add up to {by_days}, the documents "
                                f"to {direct}")
        return problems
