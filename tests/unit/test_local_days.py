"""Local days as UTC instants, and the segments of constant offset SQLite groups by."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from techstore.domain.reports.days import LocalPeriod, calendar_spans, coverage, midnight, months_and_years


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


def test_a_period_is_read_from_its_rolled_days_and_live_between_them() -> None:
    zone = ZoneInfo("UTC")
    period = LocalPeriod(date(2026, 1, 1), date(2026, 1, 10), zone)
    rolled = [date(2026, 1, d) for d in (1, 2, 3, 5, 6, 9)]
    cover = coverage(period, rolled)
    assert cover.rolled == [(date(2026, 1, 1), date(2026, 1, 3)), (date(2026, 1, 5), date(2026, 1, 6)),
                            (date(2026, 1, 9), date(2026, 1, 9))]
    assert [(p.first, p.last) for p in cover.live] == [(date(2026, 1, 4), date(2026, 1, 4)),
                                                       (date(2026, 1, 7), date(2026, 1, 8)),
                                                       (date(2026, 1, 10), date(2026, 1, 10))]
    # Past the most live periods allowed, the shortest rolled runs between two are read live instead.
    fewer = coverage(period, rolled, most_live=2)
    assert fewer.rolled == [(date(2026, 1, 1), date(2026, 1, 3)), (date(2026, 1, 5), date(2026, 1, 6))]
    assert [(p.first, p.last) for p in fewer.live] == [(date(2026, 1, 4), date(2026, 1, 4)),
                                                       (date(2026, 1, 7), date(2026, 1, 10))]
    # Nothing rolled up: the whole period live, whatever its length (the work is in the rolled days).
    long = LocalPeriod(date(1970, 1, 1), date(9999, 12, 30), zone)
    assert (coverage(long, []).rolled, [(p.first, p.last) for p in coverage(long, []).live]) == (
        [], [(long.first, long.last)])


def test_rolled_days_are_read_per_whole_year_and_month_and_per_day_at_the_edges() -> None:
    spans, days = calendar_spans(date(2021, 12, 7), date(2026, 3, 15))
    assert spans == [
        (date(2022, 1, 1), date(2022, 12, 31)), (date(2023, 1, 1), date(2023, 12, 31)),
        (date(2024, 1, 1), date(2024, 12, 31)), (date(2025, 1, 1), date(2025, 12, 31)),
        (date(2026, 1, 1), date(2026, 1, 31)), (date(2026, 2, 1), date(2026, 2, 28))]
    assert days == [(date(2021, 12, 7), date(2021, 12, 31)), (date(2026, 3, 1), date(2026, 3, 15))]
    assert months_and_years(date(2025, 12, 30), date(2026, 1, 2)) == [
        (date(2025, 12, 1), date(2025, 12, 31)), (date(2026, 1, 1), date(2026, 1, 31)),
        (date(2025, 1, 1), date(2025, 12, 31)), (date(2026, 1, 1), date(2026, 12, 31))]
