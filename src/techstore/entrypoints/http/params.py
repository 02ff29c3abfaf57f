"""Whole numbers in paths and query strings: one parser, declared once.

Dates in query strings are ``DateQuery`` declarations (``2026-01-31``).
Ids in paths use the ``id`` convertor (``/users/{user_id:id}``; routes turn
``:int`` into ``:id``): ASCII digits whose value fits the database's INTEGER
column, else the path matches no route (404). Query integers are
``IntQuery`` declarations: ASCII digits within the declared range, else 422
naming the parameter. Both state the same limits in the OpenAPI document.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import attrs
from starlette.convertors import Convertor, register_url_convertor
from starlette.requests import Request

from techstore.application.shared.constraints import INTEGER_MAX
from techstore.domain.shared.errors import FieldError

ID_MAX = INTEGER_MAX


def digits_at_most(limit: int) -> str:
    """A regex for ASCII digit strings (leading zeros allowed) whose value is at most ``limit``."""
    if limit < 0:
        raise ValueError("limit must be 0 or more")
    digits = str(limit)
    alternatives = []
    if len(digits) > 1:
        alternatives.append(f"[0-9]{{1,{len(digits) - 1}}}")
    for i, digit in enumerate(digits):
        if digit != "0":
            rest = len(digits) - i - 1
            lower = "0" if digit == "1" else f"[0-{int(digit) - 1}]"
            alternatives.append(digits[:i] + lower + (f"[0-9]{{{rest}}}" if rest else ""))
    alternatives.append(digits)
    return "0*(?:" + "|".join(alternatives) + ")"


class IdConvertor(Convertor[int]):
    regex = digits_at_most(ID_MAX)

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        if not 0 <= value <= ID_MAX:
            raise ValueError(f"an id is between 0 and {ID_MAX}")
        return str(value)


register_url_convertor("id", IdConvertor())

# A unit's serial or IMEI in a path (``/units/{serial:serial}``): what a serial may hold, nothing else.
SERIAL_PATTERN = "[A-Za-z0-9-]{1,40}"


class SerialConvertor(Convertor[str]):
    regex = SERIAL_PATTERN

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("serial", SerialConvertor())
SERIAL_SCHEMA: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": 40, "pattern": f"^{SERIAL_PATTERN}$",
                                 "description": "An IMEI (15 digits) or a serial: letters, digits and -, any case"}

ID_SCHEMA: dict[str, Any] = {"type": "integer", "minimum": 1, "maximum": ID_MAX}
_DIGITS = re.compile(r"[0-9]+")


@attrs.frozen
class IntQuery:
    """``?name=`` as a whole number from ``minimum`` to ``maximum``; absent means ``default``.
    Present but empty (``?offset=``), signed, or not ASCII digits is refused."""

    name: str
    minimum: int
    maximum: int
    default: int
    description: str = ""

    @property
    def schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum, "default": self.default}

    def read(self, request: Request, errors: list[FieldError]) -> int:
        """The value, or the default after adding a ``FieldError`` to ``errors``."""
        raw = request.query_params.get(self.name)
        if raw is None:
            return self.default
        value = parse_int(raw, self.minimum, self.maximum)
        if value is None:
            errors.append(FieldError(self.name, self.message))
            return self.default
        return value

    @property
    def message(self) -> str:
        return f"must be a whole number from {self.minimum} to {self.maximum}"


def parse_int(raw: str, minimum: int, maximum: int) -> int | None:
    """ASCII digits (``-`` first for a negative range) within ``minimum``..``maximum``, else ``None``."""
    negative = raw.startswith("-") and minimum < 0
    digits = raw[1:] if negative else raw
    if not _DIGITS.fullmatch(digits):
        return None
    digits = digits.lstrip("0") or "0"
    if len(digits) > len(str(max(abs(minimum), abs(maximum)))):
        return None  # out of range, and never a huge int() conversion
    value = -int(digits) if negative else int(digits)
    return value if minimum <= value <= maximum else None


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@attrs.frozen
class DateQuery:
    """``?name=`` as a calendar date written ``2026-01-31``; absent means none, empty is refused."""

    name: str
    description: str = ""
    required: bool = False

    @property
    def schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}

    def read(self, request: Request, errors: list[FieldError]) -> date | None:
        raw = request.query_params.get(self.name)
        if raw is None:
            return None
        try:
            if _ISO_DATE.fullmatch(raw):
                return date.fromisoformat(raw)
        except ValueError:
            pass
        errors.append(FieldError(self.name, "must be a date such as 2026-01-31"))
        return None
