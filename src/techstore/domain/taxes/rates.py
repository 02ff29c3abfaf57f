"""Tax rates: named percents, exactly one the default. A document's line copies the rate it was taxed at
(``AppliedRate``: its name and percent), so changing or deactivating a rate never changes a document."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import attrs

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


@attrs.define
class TaxRate:
    id: int | None
    name: str
    percent: Decimal
    is_default: bool = False
    is_active: bool = True
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def applied(self) -> AppliedRate:
        return AppliedRate(self.name, self.percent)
