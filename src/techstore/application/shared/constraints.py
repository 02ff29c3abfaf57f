"""Constraints on input, declared once where the input is declared.

Command classes annotate their fields with these markers, e.g.
``Annotated[str, Text(min_length=2, max_length=64, pattern=..., message=...)]``.
They are plain Python (no framework): the entrypoints read them twice, to
validate a request (the converter's hooks call ``problem``/``parse``) and to
describe it (the OpenAPI document states the same limits as JSON Schema), so
the document and the code cannot disagree.

Fields without a marker still get the defaults: every string is single-line
``Text()``, every whole number ``Number()`` (the database's INTEGER range) and
every ``Decimal`` ``Money()``.

Patterns follow JSON Schema: they are searched for (anchor them with ``^...$``)
and must keep to the syntax Python's ``re`` and ECMA-262 read alike (ASCII
classes, ``\\xHH``/``\\uHHHH`` escapes, no lookaround, no ``\\d``/``\\w``/``\\s``).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import attrs

# ``Sign`` is re-exported: commands declare ``Money(Sign.POSITIVE)`` from here.
from techstore.domain.sales.discounts import Discount, parse_percent
from techstore.domain.shared.money import MONEY_PATTERNS, parse_money
from techstore.domain.shared.money import Sign as Sign
from techstore.domain.taxes.rates import parse_rate_percent

# Unicode's control characters (category Cc): C0, DEL and C1.
CONTROL_CHARACTERS = r"[\x00-\x1f\x7f-\x9f]"
# The same, less the tab and the line breaks multi-line text may hold.
CONTROL_CHARACTERS_BUT_LINE_BREAKS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
# A character that is not white space as ``str.strip()`` sees it: text holding one is not blank.
NOT_BLANK = r"[^\x09-\x0d\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"

# PostgreSQL INTEGER (SQLite stores the same ids; both databases get the same limits).
INTEGER_MIN = -(2**31)
INTEGER_MAX = 2**31 - 1

NOT_UNICODE = "must be valid Unicode text"
HAS_CONTROL_CHARACTERS = "must be one line, without control characters"
HAS_CONTROL_CHARACTERS_MULTILINE = "must not contain control characters other than tabs and line breaks"
REQUIRED = "is required"

_SURROGATE = "[\ud800-\udfff]"
_SINGLE_LINE_REFUSED = re.compile(f"{_SURROGATE}|{CONTROL_CHARACTERS}")
_MULTILINE_REFUSED = re.compile(f"{_SURROGATE}|{CONTROL_CHARACTERS_BUT_LINE_BREAKS}")


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """What every string must be: Unicode scalar values (no lone surrogate, which JSON's
    ``\\ud800`` can smuggle in) without control characters (``\\t \\n \\r`` allowed when multi-line)."""
    refused = (_MULTILINE_REFUSED if multiline else _SINGLE_LINE_REFUSED).search(value)
    if refused is None:
        return None
    if "\ud800" <= refused.group() <= "\udfff":
        return NOT_UNICODE
    return HAS_CONTROL_CHARACTERS_MULTILINE if multiline else HAS_CONTROL_CHARACTERS


@attrs.frozen
class Text:
    """A string. ``message`` (required with a ``pattern``) replaces the default message of a
    length or pattern breach; ``blank=False`` refuses text that is only white space ("is required");
    ``multiline`` allows tabs and line breaks (notes, descriptions)."""

    min_length: int = 0
    max_length: int | None = None
    pattern: str | None = None
    message: str | None = None
    blank: bool = True
    multiline: bool = False
    # A named rule the pattern cannot state (the OpenAPI ``format``), e.g. "barcode": an EAN/UPC check digit.
    format: str | None = None
    # What the schema's ``description`` says of it (the rule a ``format`` names, in words).
    description: str | None = None
    _compiled: re.Pattern[str] | None = attrs.field(init=False, eq=False, repr=False, default=None)

    def __attrs_post_init__(self) -> None:
        if self.pattern is not None:
            if self.message is None:
                raise ValueError("a Text pattern needs a message people can act on")
            if self.multiline and "$" in self.pattern:
                # Python's ``$`` also matches before a final line break, ECMA-262's does not.
                raise ValueError("a multi-line Text pattern cannot use $")
            object.__setattr__(self, "_compiled", re.compile(self.pattern))
        if self.max_length is not None and self.max_length < max(self.min_length, 1):
            raise ValueError("max_length must allow at least one character")

    @property
    def effective_min_length(self) -> int:
        return self.min_length if self.blank else max(self.min_length, 1)

    def problem(self, value: str) -> str | None:
        problem = text_problem(value, multiline=self.multiline)
        if problem is not None:
            return problem
        if len(value) < self.effective_min_length:
            return self.message or (REQUIRED if self.effective_min_length == 1
                                    else f"must be at least {self.min_length} characters")
        if self.max_length is not None and len(value) > self.max_length:
            return self.message or f"must be at most {self.max_length} characters"
        if not self.blank and not value.strip():
            return REQUIRED
        if self._compiled is not None and self._compiled.search(value) is None:
            return self.message
        return None


DEFAULT_TEXT = Text()


@attrs.frozen
class Number:
    """A whole number within ``minimum``..``maximum`` (inclusive; by default PostgreSQL INTEGER's range)."""

    minimum: int = INTEGER_MIN
    maximum: int = INTEGER_MAX
    message: str | None = None

    def __attrs_post_init__(self) -> None:
        if not INTEGER_MIN <= self.minimum <= self.maximum <= INTEGER_MAX:
            raise ValueError("a Number's range must lie within the database's INTEGER range")

    def problem(self, value: int) -> str | None:
        if self.minimum <= value <= self.maximum:
            return None
        return self.message or f"must be between {self.minimum} and {self.maximum}"


DEFAULT_NUMBER = Number()


@attrs.frozen
class Money:
    """An amount: a JSON string such as ``"12.50"`` (at most two decimals, no exponent, no
    spaces) or a JSON number whose value has at most two decimals; never more than
    ``MAX_AMOUNT`` either way. ``sign`` narrows it to zero or more, or more than zero.
    The reading itself is ``parse_money``'s, the one money parser."""

    sign: Sign = Sign.ANY

    @property
    def pattern(self) -> str:
        return MONEY_PATTERNS[self.sign]

    def parse(self, value: Any) -> Decimal:
        """The amount as an exact ``Decimal`` with two places; ``ValueError`` with the message otherwise."""
        return parse_money(value, self.sign)


DEFAULT_MONEY = Money()


@attrs.frozen
class Off:
    """A discount (``Annotated[Discount, Off()]``): a bare amount (``"5.00"`` or ``5``, 0 or more),
    ``{"amount": "5.00"}``, or ``{"percent": "10"}`` (0 to 100, at most two decimals)."""

    def parse(self, value: Any) -> Discount:
        """The discount; ``ValueError`` with the message otherwise."""
        if not isinstance(value, dict):
            return Discount.off(parse_money(value, Sign.NOT_NEGATIVE))
        if set(value) == {"amount"}:
            return Discount.off(parse_money(value["amount"], Sign.NOT_NEGATIVE))
        if set(value) == {"percent"}:
            return Discount.percent_of(parse_percent(value["percent"]))
        raise ValueError(DISCOUNT_SHAPE)


DISCOUNT_SHAPE = 'must be an amount such as "5.00", {"amount": "5.00"} or {"percent": "10"}'


@attrs.frozen
class RatePercent:
    """A tax rate's percent (``Annotated[Decimal, RatePercent()]``): text such as ``"8.25"`` or a JSON number,
    0 to 100 with at most three decimals; kept with three. On output it is text with three decimals
    (``"8.250"``), never money's two."""

    def parse(self, value: Any) -> Decimal:
        """The percent, with three places; ``ValueError`` with the message otherwise."""
        return parse_rate_percent(value)


Marker = Text | Number | Money | Off | RatePercent


def markers(metadata: tuple[Any, ...]) -> list[Marker]:
    """The constraint markers among an ``Annotated`` type's metadata."""
    return [m for m in metadata if isinstance(m, Text | Number | Money | Off | RatePercent)]
