"""The parked sale's own rules: what a discount kept as given may be, and when a parked sale is stale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from techstore.domain.sales.parked import STALE_AFTER, DiscountKind, ParkedSale, TypedDiscount

AMOUNT, PERCENT = DiscountKind.AMOUNT, DiscountKind.PERCENT


@pytest.mark.parametrize(("kind", "value", "shown"), [
    (AMOUNT, "0", "0.00"), (AMOUNT, "5", "5.00"), (AMOUNT, "9999999999.99", "9999999999.99"),
    (PERCENT, "0", "0"), (PERCENT, "12.5", "12.5"), (PERCENT, "100.00", "100.00"),
])
def test_a_discount_within_its_bounds_is_kept_and_shown_as_given(kind: DiscountKind, value: str, shown: str) -> None:
    discount = TypedDiscount(kind, Decimal(value))
    assert discount.problem() is None
    assert discount.shown == shown


@pytest.mark.parametrize(("kind", "value", "problem"), [
    (AMOUNT, "-0.01", "amount must be from 0"), (AMOUNT, "10000000000.00", "amount must be from 0"),
    (AMOUNT, "1.005", "at most two decimals"), (PERCENT, "100.01", "percent must be from 0 to 100"),
    (PERCENT, "-1", "percent must be from 0 to 100"), (PERCENT, "1.125", "at most two decimals"),
    (PERCENT, "NaN", "at most two decimals"),
])
def test_a_discount_beyond_its_bounds_is_refused(kind: DiscountKind, value: str, problem: str) -> None:
    found = TypedDiscount(kind, Decimal(value)).problem()
    assert found is not None and problem in found


def test_a_parked_sale_is_stale_once_parked_more_than_a_day_ago() -> None:
    parked_at = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    parked = ParkedSale(1, None, None, 1, [], None, None, parked_at)
    assert not parked.is_stale(parked_at + STALE_AFTER)
    assert parked.is_stale(parked_at + STALE_AFTER + timedelta(microseconds=1))
    assert STALE_AFTER == timedelta(days=1)
