"""The constraint markers: what they refuse, and that the JSON Schema stated from them
agrees with the code, value for value (checked with a JSON Schema validator whose regex
engine is not Python's, as the document's readers' are not)."""

from __future__ import annotations

import re
import sys
from decimal import Decimal
from typing import Any, get_args

import jsonschema_rs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from techstore.application.identity.commands import FullName, NewPassword, Username
from techstore.application.shared.constraints import (
    DEFAULT_TEXT,
    INTEGER_MAX,
    INTEGER_MIN,
    NOT_BLANK,
    Money,
    Number,
    Sign,
    Text,
)
from techstore.domain.identity.rules import USERNAME_MESSAGE, username_problem
from techstore.entrypoints.http.client import parse_address
from techstore.entrypoints.http.params import IdConvertor, digits_at_most, parse_int
from techstore.entrypoints.http.schemas import money_schema, number_schema, text_schema

MARKERS = {
    "username": get_args(Username)[1],
    "full_name": get_args(FullName)[1],
    "password": get_args(NewPassword)[1],
    "any text": DEFAULT_TEXT,
    "notes": Text(max_length=40, multiline=True),
}
# Every code point but the surrogates (JSON Schema has no word for those; the converter refuses them).
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=140)
TRICKY = st.text(st.sampled_from("aZ09._@-  \t\n\r\x00\x1f\x7f\x85\x9f\xa0\u2028\u3000\ufeff"), max_size=70)


def _validator(schema: dict[str, Any]) -> Any:
    return jsonschema_rs.validator_for(schema)


@pytest.mark.parametrize("name", MARKERS)
@settings(max_examples=300, deadline=None)
@given(value=st.one_of(ANY_TEXT, TRICKY))
@example(value="")
@example(value=" ")
@example(value="\ufeff")
@example(value="ab\n")
@example(value="a" * 64)
@example(value="a" * 65)
def test_the_schema_of_text_accepts_exactly_what_the_code_accepts(name: str, value: str) -> None:
    marker = MARKERS[name]
    assert _validator(text_schema(marker)).is_valid(value) == (marker.problem(value) is None), repr(value)


def test_not_blank_names_every_character_str_strip_keeps() -> None:
    pattern = re.compile(NOT_BLANK)
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        character = chr(code)
        assert (pattern.search(character) is not None) == (not character.isspace()), hex(code)


def test_the_username_marker_is_the_domain_rule() -> None:
    marker = MARKERS["username"]
    for value in ["ok", "a", "a" * 64, "a" * 65, "_ab", "ab_", "boss@shop.example", "sa m", "<b>"]:
        assert marker.problem(value) == username_problem(value)
    assert marker.problem("a") == USERNAME_MESSAGE


@pytest.mark.parametrize(("value", "message"), [
    ("", "is required"), (" \u3000", "is required"), ("x" * 121, "must be at most 120 characters"),
])
def test_full_name_messages(value: str, message: str) -> None:
    assert MARKERS["full_name"].problem(value) == message


def test_password_messages() -> None:
    assert MARKERS["password"].problem("short") == "must be at least 10 characters"
    assert MARKERS["password"].problem("p" * 257) == "must be at most 256 characters"


def test_markers_refuse_declarations_that_would_disagree() -> None:
    with pytest.raises(ValueError, match="message"):
        Text(pattern="^a$")
    with pytest.raises(ValueError, match=r"\$"):
        Text(pattern="^a$", message="must be a", multiline=True)
    with pytest.raises(ValueError, match="INTEGER"):
        Number(maximum=2**31)


@settings(max_examples=300, deadline=None)
@given(value=st.integers(min_value=-(2**40), max_value=2**40))
def test_the_schema_of_numbers_accepts_exactly_what_the_code_accepts(value: int) -> None:
    for marker in (Number(), Number(minimum=1, maximum=200)):
        assert _validator(number_schema(marker)).is_valid(value) == (marker.problem(value) is None)


MONEY_TEXT = st.from_regex(r"\A[-+ ]?[0-9]{0,12}(\.[0-9]{0,3})?(e[0-9])?\Z") | st.text("0123456789.-", max_size=14)
MONEY_NUMBER = st.decimals(min_value=-(10**11), max_value=10**11, places=3, allow_nan=False) | st.integers(
    min_value=-(10**11), max_value=10**11)


@pytest.mark.parametrize("sign", list(Sign))
@settings(max_examples=300, deadline=None)
@given(value=MONEY_TEXT | MONEY_NUMBER)
@example(value="0")
@example(value="-0.00")
@example(value="9999999999.99")
@example(value="10000000000")
@example(value=Decimal("0.570"))
@example(value=Decimal("-0.01"))
def test_the_schema_of_money_accepts_exactly_what_the_code_accepts(sign: Sign, value: str | Decimal | int) -> None:
    marker = Money(sign)
    try:
        marker.parse(value)
        accepted = True
    except ValueError:
        accepted = False
    assert _validator(money_schema(marker)).is_valid(value) == accepted, repr(value)


@pytest.mark.parametrize("limit", [0, 1, 9, 10, 99, 100, 200, 1009, INTEGER_MAX])
@settings(max_examples=200, deadline=None)
@given(value=st.integers(min_value=0, max_value=10**12), zeros=st.integers(min_value=0, max_value=3))
def test_digits_at_most_matches_exactly_the_numbers_up_to_the_limit(limit: int, value: int, zeros: int) -> None:
    text = "0" * zeros + str(value)
    assert (re.fullmatch(digits_at_most(limit), text) is not None) == (value <= limit)


def test_the_id_convertor_stops_at_the_integer_column() -> None:
    regex = re.compile(IdConvertor.regex)
    assert regex.fullmatch("2147483647") and regex.fullmatch("0002147483647") and regex.fullmatch("1")
    for text in ["2147483648", "9223372036854775808", "-1", "\u0663", "\u00b2", "1.0", ""]:
        assert regex.fullmatch(text) is None, text


@pytest.mark.parametrize(("raw", "expected"), [
    ("5", 5), ("005", 5), ("0", 0), ("200", 200), ("--5", None), ("-1", None), ("+5", None), ("\u00b2", None),
    ("\u0663", None), ("", None), (" 5", None), ("5 ", None), ("1e3", None), ("201", None), ("9" * 5000, None),
])
def test_query_integers_are_ascii_digits_in_range(raw: str, expected: int | None) -> None:
    assert parse_int(raw, 0, 200) == expected


def test_query_integers_may_be_negative_when_the_range_is() -> None:
    assert parse_int("-5", -10, 10) == -5 and parse_int("--5", -10, 10) is None
    assert parse_int(str(INTEGER_MIN), INTEGER_MIN, INTEGER_MAX) == INTEGER_MIN


@pytest.mark.parametrize(("text", "expected"), [
    ("203.0.113.9", "203.0.113.9"), ("2001:DB8::1", "2001:db8::1"), ("::ffff:192.0.2.1", "192.0.2.1"),
    ("fe80::1%eth0", "fe80::1"), ("fe80::1%" + "e" * 80, None), ("1" * 200, None), ("unknown", None),
    ("testclient", None), ("", None), (None, None), ("203.0.113.9, 10.0.0.1", None),
])
def test_client_addresses_are_parsed_ip_addresses(text: str | None, expected: str | None) -> None:
    assert parse_address(text) == expected
