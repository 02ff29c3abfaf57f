"""JSON input is read exactly: numbers as Decimal, strict types, fields named as API.md names them."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

import attrs
import pytest

from techstore.application.shared.constraints import Money, Sign, Text
from techstore.domain.shared.errors import ValidationFailed
from techstore.entrypoints.http.json_body import parse_json, structure


@attrs.frozen
class Line:
    product_id: int
    quantity: int


@attrs.frozen
class Order:
    items: list[Line]
    discount: Decimal
    method: Literal["cash", "card"]
    due: date | None = None


def _errors(data: object) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as raised:
        structure(data, Order)
    return {e.field: e.message for e in raised.value.errors}


def test_numbers_never_pass_through_float() -> None:
    data = parse_json(b'{"a": 0.1, "b": 1299.90, "c": 3}')
    assert data == {"a": Decimal("0.1"), "b": Decimal("1299.90"), "c": 3}
    assert type(data["a"]) is Decimal


def test_a_valid_body_is_structured_exactly() -> None:
    order = structure(parse_json(b'{"items": [{"product_id": 1, "quantity": 2}], "discount": 0.10,'
                                 b' "method": "cash", "due": "2026-12-01"}'), Order)
    assert order.discount == Decimal("0.10") and str(order.discount) == "0.10"
    assert order.items == [Line(1, 2)] and order.due == date(2026, 12, 1)


def test_amounts_as_strings_are_accepted() -> None:
    order = structure({"items": [], "discount": "5", "method": "card"}, Order)
    assert str(order.discount) == "5.00"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"items": [{"product_id": 1, "quantity": "2"}], "discount": "0", "method": "cash"}, "items[0].quantity"),
        ({"items": [{"product_id": 1, "quantity": Decimal("2.9")}], "discount": "0", "method": "cash"},
         "items[0].quantity"),
        ({"items": [{"product_id": True, "quantity": 1}], "discount": "0", "method": "cash"}, "items[0].product_id"),
        ({"items": [], "discount": Decimal("1.005"), "method": "cash"}, "discount"),
        ({"items": [], "discount": "abc", "method": "cash"}, "discount"),
        ({"items": [], "discount": "1", "method": "bitcoin"}, "method"),
        ({"items": [], "discount": "1", "method": "cash", "due": "tomorrow"}, "due"),
        ({"items": [], "method": "cash"}, "discount"),
        ({"items": "none", "discount": "1", "method": "cash"}, "items"),
    ],
)
def test_bad_values_are_refused_with_the_field_path(data: dict, field: str) -> None:
    assert field in _errors(data)


def test_unknown_fields_are_refused() -> None:
    assert _errors({"items": [], "discount": "1", "method": "cash", "price": 1}) == {"body": "unknown field: price"}


@attrs.frozen
class Note:
    title: str
    body: Annotated[str, Text(max_length=500, multiline=True)] = ""
    count: int = 0
    price: Annotated[Decimal, Money(Sign.POSITIVE)] = Decimal("1.00")


def _note_errors(data: object) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as raised:
        structure(data, Note)
    return {e.field: e.message for e in raised.value.errors}


@pytest.mark.parametrize("title", ["\ud800", "a\udfffb", "\udc00\ud800"])  # the last: a pair the wrong way round
def test_text_that_is_not_unicode_scalar_values_is_refused(title: str) -> None:
    assert _note_errors(parse_json(json.dumps({"title": title}).encode())) == {"title": "must be valid Unicode text"}


def test_text_with_a_real_astral_character_is_accepted() -> None:
    note = structure(parse_json(b'{"title": "\\ud83d\\ude00 ok"}'), Note)
    assert note.title == "\U0001f600 ok"


@pytest.mark.parametrize("title", ["a\x00b", "tab\there", "two\nlines", "cr\r", "del\x7f", "c1\x9b"])
def test_every_string_is_single_line_text_by_default(title: str) -> None:
    assert _note_errors({"title": title}) == {"title": "must be one line, without control characters"}


def test_multiline_text_allows_tabs_and_line_breaks_only() -> None:
    assert structure({"title": "t", "body": "one\r\ntwo\tthree\n"}, Note).body == "one\r\ntwo\tthree\n"
    assert _note_errors({"title": "t", "body": "nul\x00"}) == {
        "body": "must not contain control characters other than tabs and line breaks"}
    assert _note_errors({"title": "t", "body": "x" * 501}) == {"body": "must be at most 500 characters"}


@pytest.mark.parametrize("count", [2**31, -(2**31) - 1, 10**30])
def test_whole_numbers_must_fit_the_integer_column(count: int) -> None:
    assert _note_errors({"title": "t", "count": count}) == {"count": "must be between -2147483648 and 2147483647"}


@pytest.mark.parametrize(("price", "message"), [
    ("0.00", "must be an amount such as 12.50 (at most two decimals, more than 0)"),
    (" 5", "must be an amount such as 12.50 (at most two decimals, more than 0)"),
    ("1e2", "must be an amount such as 12.50 (at most two decimals, more than 0)"),
    (0, "must be more than 0"),
    (Decimal("0.001"), "must have at most two decimal places"),
    (Decimal("1E+11"), "must be at most 9999999999.99"),
])
def test_money_states_its_form(price: object, message: str) -> None:
    assert _note_errors({"title": "t", "price": price}) == {"price": message}


def test_money_as_a_number_is_read_by_value() -> None:
    assert structure({"title": "t", "price": Decimal("1.500")}, Note).price == Decimal("1.50")
    assert str(structure({"title": "t", "price": 3}, Note).price) == "3.00"


@pytest.mark.parametrize("due", ["20261201", "2026-W48-1", "2026-12-01T00:00", "2026-02-30"])
def test_dates_are_written_yyyy_mm_dd(due: str) -> None:
    assert "due" in _errors({"items": [], "discount": "1", "method": "cash", "due": due})


def test_unknown_field_names_are_echoed_escaped() -> None:
    errors = _errors(parse_json(b'{"items": [], "discount": "1", "method": "cash", "\\ud800": 1, "a\\u0000": 2}'))
    assert errors == {"body": 'unknown field: "a\\u0000", "\\ud800"'}
    json.dumps(errors, ensure_ascii=False).encode("utf-8")  # the answer can be encoded


def test_forms_share_the_converter() -> None:
    # The web forms call ``structure`` with the same command classes.
    from techstore.application.identity.commands import NewUser

    with pytest.raises(ValidationFailed) as raised:
        structure({"username": "sa\x00m", "full_name": "Sam\x00", "role": "staff", "password": "x" * 9}, NewUser)
    assert {e.field: e.message for e in raised.value.errors} == {
        "username": "must be one line, without control characters",
        "full_name": "must be one line, without control characters",
        "password": "must be at least 10 characters",
    }


def test_a_json_number_with_a_zero_fraction_is_a_whole_number() -> None:
    """JSON Schema calls 3.0 an integer; the parser reads it as Decimal("3.0")."""
    body = parse_json(b'{"items": [{"product_id": 1e0, "quantity": 3.0}], "discount": "0", "method": "cash"}')
    assert structure(body, Order).items == [Line(1, 3)]
    bad = parse_json(b'{"items": [{"product_id": 1, "quantity": 2.5}], "discount": "0", "method": "cash"}')
    assert _errors(bad) == {"items[0].quantity": "must be a whole number"}
    huge = parse_json(b'{"items": [{"product_id": 1, "quantity": 1e999999}], "discount": "0", "method": "cash"}')
    assert _errors(huge) == {"items[0].quantity": "must be between -2147483648 and 2147483647"}
