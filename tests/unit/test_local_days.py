"""Local days as UTC instants, and the segments of constant offset SQLite groups by."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from techstore.domain.reports.days import LocalPeriod, midnight


def test_a_year_in_new_york_has_three_segments_cut_at_the_dst_changes() -> None:
    period = LocalPeriod(date(2026, 1, 1), date(2026, 12, 31), ZoneInfo("America/New_York"))
    assert (period.start, period.end) == (datetime(2026, 1, 1, 5, tzinfo=UTC), datetime(2027, 1, 1, 5, tzinfo=UTC))
    assert [(s.start, s.offset) for s in period.segments()] == [
        (datetime(2026, 1, 1, 5, tzinfo=UTC), -5 * 3600),
        (datetime(2026, 3, 8, 7, tzinfo=UTC), -4 * 3600),  # 02:00 EST becomes 03:00 EDT
        (datetime(2026, 11, 1, 6, tzinfo=UTC), -5 * 3600),  # 02:00 EDT becomes 01:00 EST
    ]


def test_every_instant_shifted_by_its_segment_s_offset_lands_on_its_local_day() -> None:
    zone = ZoneInfo("Europe/Lisbon")
    period = LocalPeriod(date(2026, 3, 27), date(2026, 3, 31), zone)
    segments = period.segments()
    instant = period.start
    while instant < period.end:
        offset = next(s.offset for s in segments if s.start <= instant < s.end)
        assert (instant + timedelta(seconds=offset)).date() == instant.astimezone(zone).date()
        instant += timedelta(minutes=17)


def test_a_day_that_starts_in_a_gap_starts_when_the_gap_ends() -> None:
    zone = ZoneInfo("America/Santiago")  # clocks went from 00:00 to 01:00 on 2022-09-11
    start = midnight(date(2022, 9, 11), zone)
    assert start.astimezone(zone).date() == date(2022, 9, 11)
    assert midnight(date(2022, 9, 10), zone) < start
