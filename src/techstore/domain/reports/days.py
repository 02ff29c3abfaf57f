"""The store's local days, as UTC instants.

A report asks for local dates (``first`` to ``last``, both included) in the store's time zone. The
database stores UTC instants, so the period becomes ``[start, end)`` in UTC (an index-friendly range), and a
row's local day is its instant shifted by the zone's offset at that instant. The offset changes only at DST
transitions, so a period splits into a few *segments* of constant offset (``segments``): an adapter without a
time-zone database (SQLite) shifts each row by its segment's offset, exactly, across DST changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import attrs

# A report may cover years (closed days are read from daily rollups), but every day of its range is listed, zeros
# included: a century bounds the answer's size (36,525 days), not the work of the query, so a range across
# millennia cannot keep a server busy building and sending millions of empty days.
MAX_DAYS = 36_525

def midnight(day: date, zone: tzinfo) -> datetime:
    """The UTC instant at which ``day`` starts in ``zone`` (the first instant of the day; a day that starts
    inside a DST gap starts at the gap's end)."""
    local = datetime.combine(day, time(0), tzinfo=zone)
    instant = local.astimezone(UTC)
    # A nonexistent local midnight (a gap at 00:00) maps forward; make sure it is still that day locally.
    if instant.astimezone(zone).date() < day:
        instant += timedelta(hours=1)
    return instant


def offset_at(instant: datetime, zone: tzinfo) -> int:
    offset = instant.astimezone(zone).utcoffset()
    assert offset is not None
    return int(offset.total_seconds())


@attrs.frozen
class Segment:
    """From ``start`` (UTC, included) to ``end`` (excluded), local time is UTC + ``offset`` seconds."""

    start: datetime
    end: datetime
    offset: int


@attrs.frozen
class LocalPeriod:
    first: date
    last: date
    zone: tzinfo

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    @property
    def start(self) -> datetime:
        return midnight(self.first, self.zone)

    @property
    def end(self) -> datetime:
        return midnight(self.last + timedelta(days=1), self.zone)

    @property
    def zone_name(self) -> str:
        return str(self.zone)

    def day_of(self, instant: datetime) -> date:
        return instant.astimezone(self.zone).date()

    def segments(self) -> Sequence[Segment]:
        """The period cut at every change of the zone's UTC offset (found to the second)."""
        bounds = [midnight(day, self.zone) for day in self.days] + [self.end]
        cuts: list[datetime] = []
        for before, after in zip(bounds, bounds[1:], strict=False):
            if offset_at(before, self.zone) != offset_at(after - timedelta(seconds=1), self.zone):
                cuts.extend(_changes(before, after - timedelta(seconds=1), self.zone))
        edges = [self.start, *cuts, self.end]
        return [Segment(a, b, offset_at(a, self.zone)) for a, b in zip(edges, edges[1:], strict=False) if a < b]


@attrs.frozen
class Coverage:
    """How a period is read when closed days are rolled up (``rolled`` runs of local days, first and last
    included, read from the rollups) and the rest is read live from the documents (``live`` periods)."""

    rolled: Sequence[tuple[date, date]]
    live: Sequence[LocalPeriod]


def coverage(period: LocalPeriod, rolled_days: Sequence[date], most_live: int = 8) -> Coverage:
    """Split ``period`` into runs of ``rolled_days`` (sorted, within the period) and the gaps between them, read
    live. Past ``most_live`` gaps, the shortest rolled runs between two gaps are read live instead (one query
    stays short whatever marks days stale); work is in the number of rolled days, not the period's length."""
    runs: list[list[date]] = []
    for day in rolled_days:
        if runs and (day - runs[-1][1]).days == 1:
            runs[-1][1] = day
        else:
            runs.append([day, day])

    def gaps(kept: list[list[date]]) -> list[tuple[date, date]]:
        found, cursor = [], period.first
        for first, last in kept:
            if first > cursor:
                found.append((cursor, first - timedelta(days=1)))
            cursor = last + timedelta(days=1)
        if cursor <= period.last:
            found.append((cursor, period.last))
        return found

    while len(gaps(runs)) > most_live:
        inner = [run for run in runs if run[0] > period.first and run[1] < period.last]
        runs.remove(min(inner, key=lambda run: (run[1] - run[0]).days))
    return Coverage([(first, last) for first, last in runs],
                    [LocalPeriod(first, last, period.zone) for first, last in gaps(runs)])


def _month_after(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def calendar_spans(first: date, last: date) -> tuple[list[tuple[date, date]], list[tuple[date, date]]]:
    """``first``..``last`` cut into the whole years and whole months within it, and the runs of days left over
    (each as first and last day): a report over years reads a row per product and year or month there."""
    spans: list[tuple[date, date]] = []
    days: list[tuple[date, date]] = []
    cursor = first
    while cursor <= last:
        year_end, month_end = date(cursor.year, 12, 31), _month_after(cursor) - timedelta(days=1)
        if (cursor.month, cursor.day) == (1, 1) and year_end <= last:
            spans.append((cursor, year_end))
            cursor = year_end + timedelta(days=1)
        elif cursor.day == 1 and month_end <= last:
            spans.append((cursor, month_end))
            cursor = month_end + timedelta(days=1)
        else:
            end = min(last, month_end)
            if days and (cursor - days[-1][1]).days == 1:
                days[-1] = (days[-1][0], end)
            else:
                days.append((cursor, end))
            cursor = end + timedelta(days=1)
    return spans, days


def months_and_years(first: date, last: date) -> list[tuple[date, date]]:
    """The calendar months and years that ``first``..``last`` touches, each as its first and last day."""
    found = []
    month = date(first.year, first.month, 1)
    while month <= last:
        found.append((month, _month_after(month) - timedelta(days=1)))
        month = _month_after(month)
    return found + [(date(year, 1, 1), date(year, 12, 31)) for year in range(first.year, last.year + 1)]


def _changes(low: datetime, high: datetime, zone: tzinfo) -> list[datetime]:
    """The instants in (low, high] at which the offset changes (at most a few in a day)."""
    found: list[datetime] = []
    while offset_at(low, zone) != offset_at(high, zone):
        a, b = low, high  # offset(a) differs from offset(b): find the first second with b's... a's successor
        while (b - a) > timedelta(seconds=1):
            mid = a + timedelta(seconds=int((b - a).total_seconds()) // 2)
            if offset_at(mid, zone) == offset_at(low, zone):
                a = mid
            else:
                b = mid
        found.append(b)
        low = b
    return found
