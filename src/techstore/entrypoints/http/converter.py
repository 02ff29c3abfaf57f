"""cattrs at the edge: strict structuring of input, plain JSON out.

By default cattrs coerces ``"2"`` and ``2.9`` to ``2`` and ``True`` to ``1``;
the hooks here refuse anything that is not already the declared type.
Amounts go through ``parse_amount``: exact, two places, never float.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, get_args, get_origin

from cattrs.cols import is_mutable_sequence, list_structure_factory
from cattrs.preconf.json import make_converter

from techstore.domain.shared.money import InvalidAmount, format_amount, parse_amount


def _strict(kind: type, name: str) -> Any:
    def structure(value: Any, _type: Any) -> Any:
        if type(value) is not kind:
            raise ValueError(f"must be {name}")
        return value

    return structure


def _structure_amount(value: Any, _type: Any) -> Decimal:
    try:
        return parse_amount(value)
    except InvalidAmount as error:
        raise ValueError(str(error)) from None


def _structure_date(value: Any, _type: Any) -> date:
    if not isinstance(value, str):
        raise ValueError("must be a date such as 2026-01-31")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError("must be a date such as 2026-01-31") from None


def _is_literal(kind: Any) -> bool:
    return get_origin(kind) is Literal


def _literal_hook(kind: Any) -> Any:
    allowed = get_args(kind)
    message = "must be one of: " + ", ".join(str(a) for a in allowed)

    def structure(value: Any, _type: Any) -> Any:
        if isinstance(value, bool) or value not in allowed:
            raise ValueError(message)
        return value

    return structure


def _strict_list_hook(kind: Any, converter: Any) -> Any:
    # A JSON string is iterable too: without this, "abc" would become ["a", "b", "c"].
    structure_items = list_structure_factory(kind, converter)

    def structure(value: Any, _type: Any) -> Any:
        if not isinstance(value, list):
            raise ValueError("must be a list")
        return structure_items(value, _type)

    return structure


def build_converter() -> Any:
    converter = make_converter(forbid_extra_keys=True)
    converter.register_structure_hook(str, _strict(str, "a string"))
    converter.register_structure_hook(bool, _strict(bool, "true or false"))
    converter.register_structure_hook(int, _strict(int, "a whole number"))
    converter.register_structure_hook(Decimal, _structure_amount)
    converter.register_structure_hook(date, _structure_date)
    converter.register_structure_hook_factory(_is_literal, _literal_hook)
    converter.register_structure_hook_factory(is_mutable_sequence, _strict_list_hook)
    converter.register_unstructure_hook(Decimal, format_amount)
    converter.register_unstructure_hook(datetime, lambda value: value.isoformat())
    converter.register_unstructure_hook(date, lambda value: value.isoformat())
    return converter


converter = build_converter()
