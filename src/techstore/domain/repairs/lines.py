"""What a repair charges for: ``labour`` lines (a description and an amount) and ``part`` lines (a product from
stock, its price copied). Each line is taxed on its own, as a sale's line is (``domain.shared.taxes``); the
repair's price is the lines' total."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

import attrs

from techstore.domain.shared.money import round_cents
from techstore.domain.shared.taxes import AppliedRate, RateSummary, summary, taxed
from techstore.domain.shared.time import utc

ZERO = Decimal("0.00")
LEGACY_LABOUR = "Repair"  # the labour line the API's older ``price`` input sets


class LineKind(StrEnum):
    LABOUR = "labour"
    PART = "part"


@attrs.frozen
class RepairLine:
    """One line as the customer sees it on the quote and the invoice. ``line_total`` is what it costs them
    (tax included); ``unit_cost`` is what a part cost the store (reports' margins, warranty repairs)."""

    id: int | None
    kind: LineKind = attrs.field(converter=LineKind)
    description: str
    quantity: int
    unit_price: Decimal
    tax_rate: AppliedRate
    net: Decimal
    tax: Decimal
    added_by: int
    added_at: datetime = attrs.field(converter=utc)
    product_id: int | None = None
    sku: str | None = None
    unit_cost: Decimal | None = None
    serials: tuple[str, ...] = ()  # a serialized part's units used (exactly ``quantity``)

    @property
    def line_total(self) -> Decimal:
        return self.net + self.tax

    @property
    def is_part(self) -> bool:
        return self.kind is LineKind.PART

    @property
    def cost(self) -> Decimal:
        """What the line cost the store: a part's cost times its quantity; labour costs nothing to record."""
        return round_cents((self.unit_cost or ZERO) * self.quantity) if self.is_part else ZERO


def priced_line(kind: LineKind, description: str, quantity: int, unit_price: Decimal, rate: AppliedRate, *,
                prices_include_tax: bool, added_by: int, added_at: datetime, product_id: int | None = None,
                sku: str | None = None, unit_cost: Decimal | None = None, serials: tuple[str, ...] = ()) -> RepairLine:
    """A new line taxed at ``rate``: ``unit_price × quantity`` is before tax or with it, by the store's setting."""
    figures = taxed(round_cents(unit_price * quantity), rate, prices_include_tax=prices_include_tax)
    return RepairLine(None, kind, description, quantity, unit_price, rate, figures.net, figures.tax, added_by,
                      added_at, product_id, sku, unit_cost, serials)


def lines_total(lines: Sequence[RepairLine]) -> Decimal:
    return sum((line.line_total for line in lines), ZERO)


def tax_total(lines: Sequence[RepairLine]) -> Decimal:
    return sum((line.tax for line in lines), ZERO)


def tax_summary(lines: Sequence[RepairLine]) -> list[RateSummary]:
    return summary((line.tax_rate, line.net, line.tax) for line in lines)
