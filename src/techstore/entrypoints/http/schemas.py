"""JSON Schemas of the declared request and response classes, limits included.

msgspec reads the attrs classes and emits JSON Schema 2020-12. It knows
nothing of the constraint markers (``application.shared.constraints``), so
each request class is first mirrored with its fields' markers, and the
markers' defaults for unmarked ``str``, ``int`` and ``Decimal``, turned into
the JSON Schema the converter enforces. Request objects also get
``additionalProperties: false``: the converter refuses unknown fields.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

import attrs
import msgspec

from techstore.application.shared.constraints import (
    CONTROL_CHARACTERS,
    CONTROL_CHARACTERS_BUT_LINE_BREAKS,
    DEFAULT_MONEY,
    DEFAULT_NUMBER,
    DEFAULT_TEXT,
    NOT_BLANK,
    Marker,
    Money,
    Number,
    Off,
    RatePercent,
    Sign,
    Text,
    markers,
)
from techstore.domain.sales.discounts import PERCENT_PATTERN, Discount
from techstore.domain.shared.money import MAX_AMOUNT
from techstore.domain.taxes import rates

REF = "#/components/schemas/{name}"
Mode = Literal["input", "output"]
# What ``format_amount`` writes: two decimals, always.
MONEY_OUT_PATTERN = r"^-?[0-9]+\.[0-9]{2}$"


def text_schema(marker: Text) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    if marker.effective_min_length:
        schema["minLength"] = marker.effective_min_length
    if marker.max_length is not None:
        schema["maxLength"] = marker.max_length
    patterns = [p for p in (marker.pattern, None if marker.blank else NOT_BLANK) if p is not None]
    if patterns:
        schema["pattern"] = patterns[0]
    if len(patterns) > 1:
        schema["allOf"] = [{"pattern": p} for p in patterns[1:]]
    schema["not"] = {"pattern": CONTROL_CHARACTERS_BUT_LINE_BREAKS if marker.multiline else CONTROL_CHARACTERS}
    if marker.format is not None:
        schema["format"] = marker.format
    if marker.description is not None:
        schema["description"] = marker.description
    return schema


def number_schema(marker: Number) -> dict[str, Any]:
    return {"type": "integer", "minimum": marker.minimum, "maximum": marker.maximum}


def money_schema(marker: Money) -> dict[str, Any]:
    number: dict[str, Any] = {"type": "number", "multipleOf": 0.01, "maximum": float(MAX_AMOUNT)}
    if marker.sign is Sign.ANY:
        number["minimum"] = -float(MAX_AMOUNT)
    elif marker.sign is Sign.NOT_NEGATIVE:
        number["minimum"] = 0
    elif marker.sign is Sign.NOT_ZERO:
        number["minimum"] = -float(MAX_AMOUNT)
        number["not"] = {"const": 0}
    else:
        number["exclusiveMinimum"] = 0
    return {
        "anyOf": [{"type": "string", "pattern": marker.pattern}, number],
        "description": "An amount with at most two decimals: a string such as \"12.50\", or a JSON number.",
    }


def discount_schema() -> dict[str, Any]:
    amount = money_schema(Money(Sign.NOT_NEGATIVE))
    percent = {"anyOf": [{"type": "string", "pattern": PERCENT_PATTERN},
                         {"type": "number", "minimum": 0, "maximum": 100, "multipleOf": 0.01}],
               "description": "A percent from 0 to 100 with at most two decimals."}
    return {
        "anyOf": [
            amount,
            {"type": "object", "properties": {"amount": amount}, "required": ["amount"],
             "additionalProperties": False},
            {"type": "object", "properties": {"percent": percent}, "required": ["percent"],
             "additionalProperties": False},
        ],
        "description": 'A discount: an amount ("5.00", or {"amount": "5.00"}) or a percent ({"percent": "10"}).',
    }


def rate_percent_schema() -> dict[str, Any]:
    return {
        "anyOf": [{"type": "string", "pattern": rates.PERCENT_PATTERN},
                  {"type": "number", "minimum": 0, "maximum": 100, "multipleOf": 0.001}],
        "description": 'A percent from 0 to 100 with at most three decimals: a string such as "8.25", or a JSON '
                       "number.",
    }


# What a rate's percent is on output: text with three decimals.
RATE_PERCENT_OUT = {"type": "string", "pattern": rates.PERCENT_OUT_PATTERN,
                    "description": 'A percent from 0 to 100 with three decimals, such as "8.250".'}


def marker_schema(marker: Marker) -> dict[str, Any]:
    if isinstance(marker, Text):
        return text_schema(marker)
    if isinstance(marker, Number):
        return number_schema(marker)
    if isinstance(marker, Off):
        return discount_schema()
    if isinstance(marker, RatePercent):
        return rate_percent_schema()
    return money_schema(marker)


def discount_output_schema() -> dict[str, Any]:
    """A discount as written back: ``{"amount": "5.00"}`` or ``{"percent": "12.5"}``."""
    return {"anyOf": [
        {"type": "object", "properties": {"amount": {"type": "string", "pattern": MONEY_OUT_PATTERN}},
         "required": ["amount"], "additionalProperties": False},
        {"type": "object", "properties": {"percent": {"type": "string", "pattern": PERCENT_PATTERN}},
         "required": ["percent"], "additionalProperties": False},
    ], "description": "A discount as it was given: an amount, or a percent."}


def components(request_types: Iterable[type], response_types: Iterable[type]) -> dict[str, Any]:
    """``components.schemas`` for these classes and every class they nest, by class name."""
    requests = _components(request_types, "input")
    responses = _components(response_types, "output")
    for name in requests.keys() & responses.keys():
        if requests[name] != responses[name]:
            raise ValueError(f"{name} is both a request and a response class; declare one of each")
    return {**responses, **requests}


def _components(kinds: Iterable[type], mode: Mode) -> dict[str, Any]:
    translator = _Translator(mode)
    mirrors = [translator.translate(kind) for kind in sorted(set(kinds), key=lambda k: k.__name__)]
    if not mirrors:
        return {}
    _, found = msgspec.json.schema_components(mirrors, schema_hook=_schema_hook, ref_template=REF)
    if mode == "input":
        for schema in found.values():
            if schema.get("type") == "object":
                schema["additionalProperties"] = False
    for kind in kinds:  # rules across fields, which a class states as ``json_schema_extra``
        extra = getattr(kind, "json_schema_extra", None)
        if extra and kind.__name__ in found:
            found[kind.__name__].update(json.loads(json.dumps(extra)))
    return found


class _Schema:
    """Stands for a JSON Schema msgspec cannot derive: ``_schema_hook`` hands it over."""

    json_schema: dict[str, Any]


def _schema_hook(kind: type) -> dict[str, Any]:
    if isinstance(kind, type) and issubclass(kind, _Schema):
        copy: dict[str, Any] = json.loads(json.dumps(kind.json_schema))  # msgspec may annotate it
        return copy
    raise NotImplementedError


class _Translator:
    def __init__(self, mode: Mode) -> None:
        self.mode = mode
        self.mirrors: dict[type, type] = {}
        self.schemas: dict[str, type] = {}

    def translate(self, hint: Any) -> Any:
        origin = get_origin(hint)
        if origin is Literal or (isinstance(hint, type) and issubclass(hint, StrEnum)):
            # An enum (or some of its members) is described by its names, as a Literal of strings is.
            names = get_args(hint) if origin is Literal else tuple(hint)
            return Literal[tuple(n.value if isinstance(n, StrEnum) else n for n in names)]
        if origin is Annotated:
            base, *metadata = get_args(hint)
            found = markers(tuple(metadata))
            if found and self.mode == "input":
                return self.schema(marker_schema(found[0]))
            if found and isinstance(found[0], RatePercent):  # answered as text, three decimals
                return self.schema(RATE_PERCENT_OUT)
            return self.translate(base)
        if hint is Discount:  # read through its ``Off`` marker; written as ``_unstructure_discount`` writes it
            return self.schema(discount_output_schema())
        if origin in (Union, UnionType):
            return Union[tuple(self.translate(arg) for arg in get_args(hint))]  # noqa: UP007 - built at run time
        if origin is list:
            (item,) = get_args(hint)
            return list.__class_getitem__(self.translate(item))  # list[X] with X known only at run time
        if isinstance(hint, type) and attrs.has(hint):
            return self.mirror(hint)
        if self.mode == "input":
            return self.input_default(hint)
        if hint is Decimal:
            return self.schema({"type": "string", "pattern": MONEY_OUT_PATTERN})
        if hint is datetime:  # always with its offset (``utc``): RFC 3339, unlike a naive one
            return self.schema({"type": "string", "format": "date-time"})
        return hint

    def input_default(self, hint: Any) -> Any:
        if hint is str:
            return self.schema(text_schema(DEFAULT_TEXT))
        if hint is int:
            return self.schema(number_schema(DEFAULT_NUMBER))
        if hint is Decimal:
            return self.schema(money_schema(DEFAULT_MONEY))
        return hint

    def schema(self, schema: dict[str, Any]) -> type:
        key = json.dumps(schema, sort_keys=True)
        if key not in self.schemas:
            self.schemas[key] = type("_Schema", (_Schema,), {"json_schema": schema})
        return self.schemas[key]

    def mirror(self, kind: type) -> type:
        """The same attrs class (name, docstring, fields, defaults) with translated field types."""
        if kind not in self.mirrors:
            hints = get_type_hints(kind, include_extras=True)
            fields = {
                field.name: attrs.field(type=self.translate(hints[field.name]), default=field.default,
                                        kw_only=field.kw_only)
                for field in attrs.fields(kind)
            }
            mirror = attrs.make_class(kind.__name__, fields, frozen=True)
            mirror.__doc__ = kind.__doc__
            self.mirrors[kind] = mirror
        return self.mirrors[kind]
