"""Tax on a document's line, shared by every context that makes documents (sales, returns, repairs): the rate
a line copies (``AppliedRate``: its name and percent, so changing a rate never changes a document), the line's
tax, and a document's summary per rate. The store's rates themselves are the taxes context's
(``domain.taxes.rates``).

A line is taxed after its share of every discount, half-up to cents, at the line:
- prices before tax: ``tax = round(net × percent / 100)``, the line's total is net + tax;
- prices with tax: the discounted amount is the line's total, ``net = round(total / (1 + percent / 100))`` and
  the tax is the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import attrs

from techstore.domain.shared.money import round_cents

ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
# Documents made before taxes were set up: their lines are shown taxed at this, tax 0.00.
UNTAXED_NAME = "untaxed (before taxes were set up)"
PERCENT_PLACES = Decimal("0.001")


def _three_places(percent: Decimal) -> Decimal:
    """A percent as stored, ``8.250``: one value per rate whatever way it was written (8.25, 8.250)."""
    return percent.quantize(PERCENT_PLACES)


@attrs.frozen
class AppliedRate:
    """What a line copies of the rate it is taxed at."""

    name: str
    percent: Decimal = attrs.field(converter=_three_places)  # 0 to 100, up to three decimals


UNTAXED = AppliedRate(UNTAXED_NAME, Decimal("0"))


@attrs.frozen
class Taxed:
    net: Decimal
    tax: Decimal

    @property
    def total(self) -> Decimal:
        return self.net + self.tax


def taxed(amount: Decimal, rate: AppliedRate, *, prices_include_tax: bool) -> Taxed:
    """``amount`` (a line after its discounts) taxed at ``rate``."""
    if prices_include_tax:
        net = round_cents(amount * HUNDRED / (HUNDRED + rate.percent))
        return Taxed(net, amount - net)
    return Taxed(amount, round_cents(amount * rate.percent / HUNDRED))


@attrs.frozen
class RateSummary:
    """A document's lines taxed at one rate, added up."""

    name: str
    percent: Decimal
    net: Decimal
    tax: Decimal

    @property
    def rate(self) -> AppliedRate:
        return AppliedRate(self.name, self.percent)


def summary(lines: Iterable[tuple[AppliedRate, Decimal, Decimal]]) -> list[RateSummary]:
    """``(rate, net, tax)`` per line, added up per rate: the highest percent first (then by name), which is
    also the order of the rate marks printed on receipts (A, B, …)."""
    sums: dict[AppliedRate, tuple[Decimal, Decimal]] = {}
    for rate, net, tax in lines:
        before = sums.get(rate, (ZERO, ZERO))
        sums[rate] = (before[0] + net, before[1] + tax)
    ordered = sorted(sums.items(), key=lambda pair: (-pair[0].percent, pair[0].name))
    return [RateSummary(rate.name, rate.percent, net, tax) for rate, (net, tax) in ordered]


def marks(rates: Iterable[RateSummary]) -> dict[AppliedRate, str]:
    """The letter each rate is marked with on a printed document: A for the first of the summary, B, …"""
    return {rate.rate: chr(ord("A") + index) if index < 26 else str(index + 1)
            for index, rate in enumerate(rates)}
