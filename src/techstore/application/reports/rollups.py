"""``techstore reports roll-up`` (and the worker, now and then): sum the closed local days into the reports'
daily rollups, so a report over years reads a row per day instead of every line (``ReportRollups``).

A day is closed once it ended ``GRACE`` ago: a document is dated when its transaction starts, so one begun just
before midnight may still commit a moment after it. The days are first prepared (a stale row each, committed),
then rolled up ``CHUNK_DAYS`` at a time, each chunk in its own transaction: a long history never holds one
transaction open, and the rollups already made stay made if a later chunk fails.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta, tzinfo

from techstore.application.reports.ports import ReportsUnitOfWorkFactory
from techstore.domain.reports.days import LocalPeriod, midnight
from techstore.domain.shared.clock import Clock

GRACE = timedelta(minutes=10)
CHUNK_DAYS = 31


def last_closed_day(now: datetime, zone: tzinfo) -> date:
    """The last local day that ended at least ``GRACE`` before ``now``."""
    today = now.astimezone(zone).date()
    return today - timedelta(days=1 if now - midnight(today, zone) >= GRACE else 2)


def chunks(days: Sequence[date], size: int = CHUNK_DAYS) -> Iterator[tuple[date, date]]:
    """Runs of consecutive days, at most ``size`` each, as (first, last)."""
    first = last = None
    for day in days:
        if first is not None and last is not None and (day - last).days == 1 and (day - first).days < size:
            last = day
            continue
        if first is not None and last is not None:
            yield first, last
        first = last = day
    if first is not None and last is not None:
        yield first, last


class RollUpReports:
    """Roll up every closed day not rolled up yet, or stale (all of them again with ``rebuild``); the number of
    days rolled up."""

    def __init__(self, uow: ReportsUnitOfWorkFactory, clock: Clock, zone: tzinfo) -> None:
        self._uow = uow
        self._clock = clock
        self._zone = zone

    def __call__(self, *, rebuild: bool = False) -> int:
        now = self._clock.now()
        with self._uow() as uow:
            if rebuild:
                uow.report_rollups.clear()
            uow.report_rollups.forget_other_zones(self._zone)
            days = uow.report_rollups.pending(self._zone, last_closed_day(now, self._zone))
            uow.report_rollups.prepare(days, self._zone)
            uow.commit()
        for first, last in chunks(days):
            with self._uow() as uow:
                uow.report_rollups.roll(LocalPeriod(first, last, self._zone), now)
                uow.commit()
        return len(days)
