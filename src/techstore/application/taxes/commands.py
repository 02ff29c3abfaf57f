"""Inputs of the tax-rate use cases; the API reads its bodies straight into them (API.md, "Tax rates")."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import attrs

from techstore.application.shared.constraints import INTEGER_MAX, Number, RatePercent, Text
from techstore.domain.taxes import rates

RateName = Annotated[str, Text(max_length=rates.NAME_MAX_LENGTH, blank=False)]
Percent = Annotated[Decimal, RatePercent()]
# What a category or a product names: a rate's id (the catalog's commands declare it).
TaxRateId = Annotated[int, Number(1, INTEGER_MAX, message="must be the id of a tax rate")]


@attrs.frozen
class NewTaxRate:
    """``POST /tax-rates``, the tax rates page. ``is_default: true`` moves the default to the new rate."""

    name: RateName
    percent: Percent
    is_default: bool = False
    is_active: bool = True


@attrs.frozen
class TaxRateChanges:
    """``PATCH /tax-rates/{id}``, the rate's form; fields left ``None`` stay as they are. ``is_default: true``
    moves the default here; the default stays active, and stays the default until another rate becomes it."""

    name: RateName | None = None
    percent: Percent | None = None
    is_default: bool | None = None
    is_active: bool | None = None
