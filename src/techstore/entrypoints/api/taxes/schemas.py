"""Bodies of the tax-rate endpoints that are not use-case inputs (API.md, "Tax rates")."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import attrs

from techstore.application.shared.constraints import RatePercent
from techstore.domain.taxes.rates import TaxRate


@attrs.frozen
class TaxRateOut:
    id: int
    name: str
    percent: Annotated[Decimal, RatePercent()]  # "8.250": three decimals, as stored
    is_default: bool
    is_active: bool

    @classmethod
    def of(cls, rate: TaxRate) -> TaxRateOut:
        assert rate.id is not None
        return cls(rate.id, rate.name, rate.percent, rate.is_default, rate.is_active)


@attrs.frozen
class TaxRatePageOut:
    items: list[TaxRateOut]
    total: int
    limit: int
    offset: int
