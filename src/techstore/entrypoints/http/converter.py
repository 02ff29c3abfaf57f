"""cattrs at the edge: strict structuring of input, plain JSON out.

By default cattrs coerces ``"2"`` and ``2.9`` to ``2`` and ``True`` to ``1``;
the hooks here refuse anything that is not already the declared type. They
also enforce the constraint markers of ``application.shared.constraints``,
and the markers' defaults where a field declares none: every string is
valid, single-line Unicode text, every whole number fits the database's
INTEGER, every amount is exact money (two places, never float). The OpenAPI
document states the same rules (``entrypoints.http.schemas``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, Literal, get_args, get_origin

from cattrs import Converter
from cattrs.cols import is_mutable_sequence, list_structure_factory
from cattrs.preconf.json import make_converter

from techstore.application.shared.constraints import (
    DEFAULT_MONEY,
    DEFAULT_NUMBER,
    DEFAULT_TEXT,
    Money,
    Number,
    Off,
    RatePercent,
    Text,
    markers,
)
from techstore.domain.sales.discounts import Discount
from techstore.domain.shared.money import format_amount
from techstore.domain.taxes.rates import format_percent

Hook = Callable[[Any, Any], Any]
NOT_A_STRING = "must be a string"
NOT_A_WHOLE_NUMBER = "must be a whole number"
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _checked_hook(kind: type[Any], wrong_type: str, marker: Text | Number) -> Hook:
    """Exactly ``kind`` (no coercion), then the marker's rule."""

    def structure(value: Any, _type: Any) -> Any:
        if kind is int and _is_whole_decimal(value):
            value = _whole(value, marker)
        if type(value) is not kind:
            raise ValueError(wrong_type)
        problem = marker.problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    return structure


def _is_whole_decimal(value: Any) -> bool:
    """JSON's ``2.0`` is the integer 2 (JSON Schema says so); ``2.5`` is not. (The body parser reads
    every JSON number with a point or an exponent as a ``Decimal``.)"""
    return type(value) is Decimal and value.is_finite() and value == value.to_integral_value()


def _whole(value: Decimal, marker: Number | Text) -> Any:
    if isinstance(marker, Number) and not marker.minimum <= value <= marker.maximum:
        raise ValueError(marker.message or f"must be between {marker.minimum} and {marker.maximum}")
    return int(value)  # within INTEGER now: never a huge conversion


def _money_hook(marker: Money) -> Hook:
    def structure(value: Any, _type: Any) -> Decimal:
        return marker.parse(value)  # ValueError carries the message

    return structure


def _discount_hook(marker: Off) -> Hook:
    def structure(value: Any, _type: Any) -> Discount:
        return marker.parse(value)  # ValueError carries the message

    return structure


def _rate_percent_hook(marker: RatePercent) -> Hook:
    def structure(value: Any, _type: Any) -> Decimal:
        return marker.parse(value)  # ValueError carries the message

    return structure


def _is_rate_percent(kind: Any) -> bool:
    return get_origin(kind) is Annotated and any(isinstance(m, RatePercent) for m in get_args(kind)[1:])


def _unstructure_rate_percent(kind: Any) -> Callable[[Decimal], str]:
    return format_percent  # "8.250": three decimals, not money's two


def _structure_bool(value: Any, _type: Any) -> bool:
    if type(value) is not bool:
        raise ValueError("must be true or false")
    return value


def _structure_date(value: Any, _type: Any) -> date:
    # Only the form JSON Schema's "date" format names: 2026-01-31 (fromisoformat also reads 20260131).
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError("must be a date such as 2026-01-31")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError("must be a date such as 2026-01-31") from None


def _is_constrained(kind: Any) -> bool:
    return get_origin(kind) is Annotated and bool(markers(get_args(kind)[1:]))


def _constrained_hook(kind: Any) -> Hook:
    base, *metadata = get_args(kind)
    found = markers(tuple(metadata))
    if len(found) != 1:
        raise TypeError(f"{kind!r}: one constraint marker per field")
    (marker,) = found
    if isinstance(marker, Text) and base is str:
        return _checked_hook(str, NOT_A_STRING, marker)
    if isinstance(marker, Number) and base is int:
        return _checked_hook(int, NOT_A_WHOLE_NUMBER, marker)
    if isinstance(marker, Money) and base is Decimal:
        return _money_hook(marker)
    if isinstance(marker, Off) and base is Discount:
        return _discount_hook(marker)
    if isinstance(marker, RatePercent) and base is Decimal:
        return _rate_percent_hook(marker)
    raise TypeError(f"{marker!r} does not apply to {base!r}")


def _is_literal(kind: Any) -> bool:
    return get_origin(kind) is Literal


def _literal_hook(kind: Any) -> Hook:
    allowed = get_args(kind)
    message = "must be one of: " + ", ".join(str(a) for a in allowed)

    def structure(value: Any, _type: Any) -> Any:
        if isinstance(value, bool) or value not in allowed:
            raise ValueError(message)
        return allowed[allowed.index(value)]  # an enum's member for its name

    return structure


@cache
def _str_enum_hook(kind: type[StrEnum]) -> Hook:
    return _literal_hook(Literal[tuple(kind)])  # read by name, worded like a Literal


def _structure_str_enum(value: Any, kind: type[StrEnum]) -> Any:
    return _str_enum_hook(kind)(value, kind)


def _strict_list_hook(kind: Any, converter: Converter) -> Hook:
    # A JSON string is iterable too: without this, "abc" would become ["a", "b", "c"].
    structure_items = list_structure_factory(kind, converter)

    def structure(value: Any, _type: Any) -> Any:
        if not isinstance(value, list):
            raise ValueError("must be a list")
        return structure_items(value, _type)

    return structure


def _unstructure_discount(discount: Discount) -> dict[str, str]:
    """A discount as it was given: ``{"amount": "5.00"}`` or ``{"percent": "12.5"}`` (what ``Off`` reads)."""
    if discount.percent is not None:
        return {"percent": f"{discount.percent.normalize():f}"}
    assert discount.amount is not None
    return {"amount": format_amount(discount.amount)}


def build_converter() -> Converter:
    converter = make_converter(forbid_extra_keys=True)
    converter.register_structure_hook(str, _checked_hook(str, NOT_A_STRING, DEFAULT_TEXT))
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(int, _checked_hook(int, NOT_A_WHOLE_NUMBER, DEFAULT_NUMBER))
    converter.register_structure_hook(Decimal, _money_hook(DEFAULT_MONEY))
    converter.register_structure_hook(date, _structure_date)
    converter.register_structure_hook_factory(_is_literal, _literal_hook)
    converter.register_structure_hook(StrEnum, _structure_str_enum)  # before ``str``'s: a StrEnum is a str
    converter.register_structure_hook_factory(is_mutable_sequence, _strict_list_hook)
    converter.register_structure_hook_factory(_is_constrained, _constrained_hook)
    converter.register_unstructure_hook(Discount, _unstructure_discount)
    converter.register_unstructure_hook(Decimal, format_amount)
    converter.register_unstructure_hook_factory(_is_rate_percent, _unstructure_rate_percent)
    converter.register_unstructure_hook(datetime, lambda value: value.isoformat())
    converter.register_unstructure_hook(date, lambda value: value.isoformat())
    return converter


converter = build_converter()
