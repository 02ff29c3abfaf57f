"""The store's tax rates: named percents, exactly one the default (the taxes context). A document's line
copies the rate it was taxed at (``domain.shared.taxes.AppliedRate``), so changing or deactivating a rate
never changes a document."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import attrs

from techstore.domain.shared.taxes import UNTAXED as UNTAXED
from techstore.domain.shared.taxes import UNTAXED_NAME as UNTAXED_NAME
from techstore.domain.shared.taxes import AppliedRate as AppliedRate


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
