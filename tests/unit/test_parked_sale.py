"""The parked sale's own rules: when a parked sale is stale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from techstore.domain.sales.parked import STALE_AFTER, ParkedSale


def test_a_parked_sale_is_stale_once_parked_more_than_a_day_ago() -> None:
    parked_at = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    parked = ParkedSale(1, None, None, 1, [], None, None, parked_at)
    assert not parked.is_stale(parked_at + STALE_AFTER)
    assert parked.is_stale(parked_at + STALE_AFTER + timedelta(microseconds=1))
    assert STALE_AFTER == timedelta(days=1)
