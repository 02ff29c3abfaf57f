"""A sale's money rules: the discount spread over the lines, the payments, the change."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from techstore.domain.sales.discounts import Discount
from techstore.domain.sales.sales import (
    Payment,
    PricedProduct,
    change_due,
    payment_problems,
    priced,
    spread_discount,
    tendered_change,
    totals,
)
from techstore.domain.shared.errors import ValidationFailed
from techstore.domain.shared.payments import PaymentMethod

CENTS = st.integers(min_value=1, max_value=10_000_000).map(lambda c: Decimal(c).scaleb(-2))


def _items(prices: list[Decimal], quantities: list[int]):  # type: ignore[no-untyped-def]
    return [priced(PricedProduct(n, f"P{n}", f"P {n}", price), quantity)
            for n, (price, quantity) in enumerate(zip(prices, quantities, strict=False), start=1)]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(CENTS, st.integers(1, 50)), min_size=1, max_size=8), st.integers(0, 100))
def test_discount_shares_add_up_to_the_discount_and_follow_the_line_totals(lines, percent) -> None:  # type: ignore[no-untyped-def]
    items = _items([p for p, _ in lines], [q for _, q in lines])
    subtotal = sum(i.line_total for i in items)
    discount = (subtotal * percent / 100).quantize(Decimal("0.01"))
    shared = spread_discount(items, discount)
    assert sum(i.discount_share for i in shared) == discount
    assert all(i.discount_share.as_tuple().exponent == -2 for i in shared)
    for item in shared[:-1]:  # each share is its line's proportion, rounded half-up to cents
        assert abs(item.discount_share - discount * item.line_total / subtotal) <= Decimal("0.005")
    assert sum(i.line_total - i.discount_share for i in shared) == subtotal - discount


def test_the_remainder_goes_on_the_last_line() -> None:
    items = _items([Decimal("10.00")] * 3, [1, 1, 1])
    assert [i.discount_share for i in spread_discount(items, Decimal("1.00"))] == [
        Decimal("0.33"), Decimal("0.33"), Decimal("0.34")]


def test_a_discount_above_the_subtotal_is_refused() -> None:
    items = _items([Decimal("10.00")], [2])
    assert totals(items, Discount.off(Decimal("20.00"))).total == Decimal("0.00")
    try:
        totals(items, Discount.off(Decimal("20.01")))
    except ValidationFailed as refused:
        assert [e.field for e in refused.errors] == ["discount"]
    else:
        raise AssertionError("a discount above the subtotal was accepted")


def test_payments_must_add_up_exactly_and_account_needs_a_customer() -> None:
    total = Decimal("30.00")
    cash, card = Payment(PaymentMethod.CASH, Decimal("10.00")), Payment(PaymentMethod.CARD, Decimal("20.00"))
    account = Payment(PaymentMethod.ACCOUNT, Decimal("20.00"))

    def fields(payments: list[Payment], customer: int | None = None) -> list[str]:
        try:
            payment_problems(total, payments, customer).raise_if_any()
        except ValidationFailed as refused:
            return [e.field for e in refused.errors]
        return []

    assert fields([cash, card]) == []
    assert fields([card]) == ["payments"]
    assert fields([cash, account]) == ["payments[1].method"]
    assert fields([cash, account], customer=1) == []
    assert fields([]) == ["payments"]


def test_change_is_what_was_tendered_less_the_cash_part() -> None:
    payments = [Payment(PaymentMethod.CASH, Decimal("12.49")), Payment(PaymentMethod.CARD, Decimal("30.00"))]
    assert change_due(Decimal("42.49"), payments, Decimal("20.00")) == Decimal("7.51")
    assert change_due(Decimal("42.49"), payments, Decimal("10.00")) is None
    assert change_due(Decimal("42.49"), payments, None) is None


def test_tendered_cash_must_cover_the_cash_part_and_only_goes_with_cash() -> None:
    cash, card = Payment(PaymentMethod.CASH, Decimal("12.49")), Payment(PaymentMethod.CARD, Decimal("30.00"))
    assert tendered_change([cash, card], Decimal("20.00")) == Decimal("7.51")
    assert tendered_change([cash, card], Decimal("12.49")) == Decimal("0.00")
    assert tendered_change([cash, card], None) is None
    assert tendered_change([card], None) is None
    for payments, tendered, message in (([cash, card], Decimal("12.48"), "at least the cash due, 12.49"),
                                        ([card], Decimal("40.00"), "only for cash")):
        with pytest.raises(ValidationFailed) as refused:
            tendered_change(payments, tendered)
        assert [(e.field, message in e.message) for e in refused.value.errors] == [("tendered", True)]
