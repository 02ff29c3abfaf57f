"""JSON input is read exactly: numbers as Decimal, strict types, fields named as API.md names them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

import attrs
import pytest

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
