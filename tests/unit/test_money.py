"""Money is exact: two decimals, never float, half-up rounding at the line."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from techstore.domain.shared.errors import ValidationFailed
from techstore.domain.shared.money import (
    MAX_AMOUNT,
    InvalidAmount,
    Sign,
    format_amount,
    out_of_range,
    parse_money,
    round_cents,
    within_range,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12.5", "12.50"), ("0.10", "0.10"), (3, "3.00"), (Decimal("1299.90"), "1299.90"), (Decimal("1.000"), "1.00"),
     ("9999999999.99", "9999999999.99"), ("-4.20", "-4.20")],
)
def test_exact_amounts_are_read(raw: object, expected: str) -> None:
    assert format_amount(parse_money(raw)) == expected


@pytest.mark.parametrize(
    "raw",
    ["1.234", "0.001", Decimal("1.001"), 1.5, True, None, "abc", "", " 7 ", "1e2", "+5", "05", ".5", "NaN",
     "Infinity", "1e400", Decimal("NaN"), Decimal("1e400"), "10000000000.00", [1]],
)
def test_inexact_or_malformed_amounts_are_refused(raw: object) -> None:
    with pytest.raises(InvalidAmount):
        parse_money(raw)


@pytest.mark.parametrize(
    ("raw", "sign", "message"),
    [("-1.00", Sign.NOT_NEGATIVE, "must be an amount such as 12.50 (at most two decimals, 0 or more)"),
     (-1, Sign.NOT_NEGATIVE, "must be 0 or more"), (0, Sign.POSITIVE, "must be more than 0"),
     ("0.00", Sign.NOT_ZERO, "must be an amount such as 12.50 (at most two decimals, not 0)"),
     (Decimal("0.001"), Sign.ANY, "must have at most two decimal places"),
     (Decimal("1E+11"), Sign.ANY, "must be at most 9999999999.99")],
)
def test_a_refusal_says_what_an_amount_must_be(raw: object, sign: Sign, message: str) -> None:
    with pytest.raises(InvalidAmount, match=r"^" + re.escape(message) + "$"):
        parse_money(raw, sign)


def test_rounding_is_half_up_at_the_cent() -> None:
    assert round_cents(Decimal("0.125")) == Decimal("0.13")
    assert round_cents(Decimal("0.135")) == Decimal("0.14")
    assert round_cents(Decimal("-0.125")) == Decimal("-0.13")

cents = st.integers(min_value=-999_999_999_999, max_value=999_999_999_999)


@given(cents)
def test_any_amount_in_cents_round_trips_through_its_json_form(value: int) -> None:
    amount = Decimal(value).scaleb(-2)
    assert parse_money(format_amount(amount)) == amount
    assert parse_money(str(amount)) == amount


@given(cents, st.integers(min_value=1, max_value=9))
def test_a_third_decimal_is_always_refused(value: int, extra: int) -> None:
    with pytest.raises(InvalidAmount):
        parse_money(str(Decimal(value * 10 + extra).scaleb(-3)))


@pytest.mark.parametrize("amount", ["9999999999.99", "-9999999999.99", "0.00", "12.50"])
def test_a_computed_figure_within_the_range_is_kept(amount: str) -> None:
    assert out_of_range(Decimal(amount), "the total") is None
    assert within_range(Decimal(amount), "items", "the total") == Decimal(amount)


@pytest.mark.parametrize("amount", ["10000000000.00", "-10000000000.00", "19999999999.98"])
def test_a_computed_figure_past_the_range_is_refused_on_the_field_named(amount: str) -> None:
    message = out_of_range(Decimal(amount), "the total")
    assert message == f"the total would be {amount}, beyond the largest amount the store keeps ({MAX_AMOUNT})"
    with pytest.raises(ValidationFailed) as refused:
        within_range(Decimal(amount), "items", "the total")
    assert [(e.field, e.message) for e in refused.value.errors] == [("items", message)]
