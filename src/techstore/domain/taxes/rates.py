"""Tax rates: named percents, exactly one the default (the taxes context). A document's line copies the rate it
was taxed at (``domain.shared.taxes.AppliedRate``: its name and percent), so changing or deactivating a rate
never changes a document.

The rules of a rate live here: its name (1 to 60 characters, trimmed, unique whatever its letter case, which
the store checks on ``key``), its percent (0 to 100, at most three decimals, kept with three), and the
default's (it stays active, and stops being the default only when another rate becomes it).
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

import attrs

from techstore.domain.shared.errors import Conflict, FieldProblems
from techstore.domain.shared.taxes import UNTAXED as UNTAXED
from techstore.domain.shared.taxes import UNTAXED_NAME as UNTAXED_NAME
from techstore.domain.shared.taxes import AppliedRate as AppliedRate

NAME_MAX_LENGTH = 60
PLACES = Decimal("0.001")
HUNDRED = Decimal(100)
# 0 to 100 with at most three decimals, as text: what JSON Schema states for a rate's percent on input.
PERCENT_PATTERN = r"^(?:100(?:\.0{1,3})?|[0-9]{1,2}(?:\.[0-9]{1,3})?)$"
# What the API answers: always three decimals ("8.250").
PERCENT_OUT_PATTERN = r"^(?:100\.000|[0-9]{1,2}\.[0-9]{3})$"
NOT_A_PERCENT = "must be a percent from 0 to 100, such as 8.25 (at most three decimals)"
_PERCENT = re.compile(PERCENT_PATTERN)
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")

# The rate every store starts with (the migration that brought taxes inserts it, and the in-memory store
# starts with it): the default, at 0% so that no price changes until the owner sets the percent.
STARTING_RATE_NAME = "Sales tax"
STARTING_RATE_PERCENT = Decimal("0.000")

ANOTHER_DEFAULT_FIRST = "make another rate the default first"


class InvalidRatePercent(ValueError):
    """A percent that is not 0–100 with at most three decimals."""


def parse_rate_percent(value: object) -> Decimal:
    """A rate's percent read exactly, with three places: text such as ``"8.25"`` or a JSON number (int or
    ``Decimal``, never a float or a bool) from 0 to 100 with at most three decimals."""
    if isinstance(value, str):
        if _PERCENT.search(value) is None:
            raise InvalidRatePercent(NOT_A_PERCENT)
        return Decimal(value).quantize(PLACES)
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise InvalidRatePercent(NOT_A_PERCENT)
    percent = Decimal(value)
    if percent_problem(percent) is not None:
        raise InvalidRatePercent(NOT_A_PERCENT)
    return percent.quantize(PLACES)


def percent_problem(percent: Decimal) -> str | None:
    if not percent.is_finite() or not 0 <= percent <= HUNDRED or percent != percent.quantize(PLACES):
        return NOT_A_PERCENT
    return None


def format_percent(percent: Decimal) -> str:
    """The JSON form of a rate's percent: three decimals, ``"8.250"``."""
    return str(percent.quantize(PLACES))


def shown_percent(percent: Decimal) -> str:
    """As people read it: ``8.25%``, ``0%``, ``100%``."""
    return f"{percent.normalize():f}%"


def rate_key(name: str) -> str:
    """Rate names are unique case-insensitively (and whatever their spacing): compare on this key."""
    return " ".join(name.split()).casefold()


def name_problem(name: str) -> str | None:
    if not name.strip():
        return "is required"
    if _CONTROL_CHARACTERS.search(name):
        return "must be one line, without control characters"
    if len(name.strip()) > NAME_MAX_LENGTH:
        return f"must be at most {NAME_MAX_LENGTH} characters"
    return None




@attrs.define
class TaxRate:
    id: int | None
    name: str
    percent: Decimal
    is_default: bool = False
    is_active: bool = True
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @classmethod
    def create(cls, *, name: str, percent: Decimal, now: datetime, is_default: bool = False,
               is_active: bool = True) -> TaxRate:
        """A new rate (not yet the default: the store moves the default to it, ``becomes_default``)."""
        _check(name, percent)
        if is_default and not is_active:
            raise Conflict("The default rate must be active: an inactive rate cannot be the default.",
                           field="is_active")
        return cls(None, name.strip(), percent.quantize(PLACES), False, is_active, now, now)

    def change(self, *, now: datetime, name: str | None = None, percent: Decimal | None = None,
               is_default: bool | None = None, is_active: bool | None = None) -> bool:
        """Apply the changes given (``None``: unchanged); validates all first, so a refused change changes
        nothing. True when the rate is to become the default, which the store then moves to it.

        Rules: the default stays active, and stops being the default only when another rate becomes it."""
        _check(name, percent)
        if self.is_default and is_default is False:
            raise Conflict(f"{self.name!r} is the default rate and stays so until another rate becomes the "
                           f"default: {ANOTHER_DEFAULT_FIRST}.", field="is_default")
        active = self.is_active if is_active is None else is_active
        if self.is_default and not active:
            raise Conflict(f"{self.name!r} is the default rate and cannot be deactivated: "
                           f"{ANOTHER_DEFAULT_FIRST}.", field="is_active")
        becomes_default = bool(is_default) and not self.is_default
        if becomes_default and not active:
            raise Conflict(f"{self.name!r} is inactive and cannot become the default: reactivate it too.",
                           field="is_default")
        if name is not None:
            self.name = name.strip()
        if percent is not None:
            self.percent = percent.quantize(PLACES)
        self.is_active = active
        self.updated_at = now
        return becomes_default

    def check_deletable(self) -> None:
        """The default cannot be deleted (the store always has one)."""
        if self.is_default:
            raise Conflict(f"{self.name!r} is the default rate and cannot be deleted: {ANOTHER_DEFAULT_FIRST}.")

    @property
    def key(self) -> str:
        return rate_key(self.name)

    @property
    def shown_percent(self) -> str:
        return shown_percent(self.percent)

    @property
    def label(self) -> str:
        """As a choice of rate reads: ``Sales tax (8.25%)``."""
        return f"{self.name} ({self.shown_percent})"

    def applied(self) -> AppliedRate:
        return AppliedRate(self.name, self.percent)


@attrs.frozen
class RateUsage:
    """What names a rate: products and categories (not deleted)."""

    products: int
    categories: int

    @property
    def in_use(self) -> bool:
        return bool(self.products or self.categories)

    def __str__(self) -> str:
        """As a refusal says it: "3 products and 1 category"."""
        words = []
        if self.products:
            words.append(f"{self.products} product{'' if self.products == 1 else 's'}")
        if self.categories:
            words.append(f"{self.categories} {'category' if self.categories == 1 else 'categories'}")
        return " and ".join(words)


def in_use_refusal(rate: TaxRate, usage: RateUsage) -> Conflict:
    return Conflict(f"{rate.name!r} is still the rate of {usage}: deactivate it instead, so that it can no "
                    "longer be chosen while they keep it.")


def _check(name: str | None, percent: Decimal | None) -> None:
    problems = FieldProblems()
    if name is not None:
        problems.check("name", name_problem(name))
    if percent is not None:
        problems.check("percent", percent_problem(percent))
    problems.raise_if_any()
