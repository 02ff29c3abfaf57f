"""A discount as the counter gives it: an amount off, or a percent of what it applies to (a line's
total, or the sale's subtotal), worked out half-up to cents at that line or sale."""

from __future__ import annotations

import re
from decimal import Decimal

import attrs

from techstore.domain.shared.money import CENT, round_cents

HUNDRED = Decimal(100)
# 0 to 100, at most two decimals: what JSON Schema states for a percent given as text.
PERCENT_PATTERN = r"^(?:100(?:\.0{1,2})?|[0-9]{1,2}(?:\.[0-9]{1,2})?)$"
_PERCENT = re.compile(PERCENT_PATTERN)
NOT_A_PERCENT = "must be a percent from 0 to 100, such as 10 or 12.5 (at most two decimals)"


class InvalidPercent(ValueError):
    """A percent that is not 0–100 with at most two decimals."""


def parse_percent(value: object) -> Decimal:
    """A percent read exactly: text such as ``"12.5"`` or a JSON number (int or ``Decimal``, never a
    float or a bool) from 0 to 100 with at most two decimals."""
    if isinstance(value, str):
        if _PERCENT.search(value) is None:
            raise InvalidPercent(NOT_A_PERCENT)
        return Decimal(value)
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise InvalidPercent(NOT_A_PERCENT)
    percent = Decimal(value)
    if not percent.is_finite() or not 0 <= percent <= HUNDRED or percent != percent.quantize(CENT):
        raise InvalidPercent(NOT_A_PERCENT)
    return percent


@attrs.frozen
class Discount:
    """Exactly one of ``amount`` (0 or more, exact money) and ``percent`` (0–100)."""

    amount: Decimal | None = None
    percent: Decimal | None = None

    def __attrs_post_init__(self) -> None:
        if (self.amount is None) == (self.percent is None):
            raise ValueError("a discount is an amount or a percent")
        if self.amount is not None and self.amount < 0:
            raise ValueError("a discount's amount is 0 or more")
        if self.percent is not None and not 0 <= self.percent <= HUNDRED:
            raise ValueError("a discount's percent is from 0 to 100")

    @classmethod
    def off(cls, amount: Decimal) -> Discount:
        return cls(amount=amount)

    @classmethod
    def percent_of(cls, percent: Decimal) -> Discount:
        return cls(percent=percent)

    def of(self, base: Decimal) -> Decimal:
        """The amount taken off ``base``."""
        if self.percent is not None:
            return round_cents(base * self.percent / HUNDRED)
        assert self.amount is not None
        return self.amount

    def __str__(self) -> str:
        """As the counter types it: ``5.00`` or ``10%``."""
        return f"{self.percent.normalize():f}%" if self.percent is not None else str(self.amount)
