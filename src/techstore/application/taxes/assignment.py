"""The taxes context's port for other contexts (``uow.taxes``): which rates may be named, and the default."""

from __future__ import annotations

from typing import Protocol

from techstore.application.taxes.ports import TaxRateRepository
from techstore.domain.shared.errors import Conflict
from techstore.domain.taxes.rates import AppliedRate, TaxRate


class _Members(Protocol):
    tax_rates: TaxRateRepository


class TaxRateChoice:
    def __init__(self, uow: _Members) -> None:
        self._uow = uow

    def check_assignable(self, rate_id: int) -> None:
        self._assignable(rate_id)

    def _assignable(self, rate_id: int) -> TaxRate:
        # A conflict with the store's state, not malformed input (409, like a category that does not exist):
        # the same id was, or may become, acceptable.
        rate = self._uow.tax_rates.get_for_share(rate_id)
        if rate is None:
            raise Conflict(f"There is no tax rate {rate_id}.", field="tax_rate_id")
        if not rate.is_active:
            raise Conflict(f"The tax rate {rate.name!r} is inactive: choose an active rate.", field="tax_rate_id")
        return rate

    def line_rate(self, rate_id: int | None) -> AppliedRate:
        """The rate a document's line is taxed at: ``rate_id`` (an active rate, 409 otherwise), else the default."""
        if rate_id is None:
            return self.default_rate()
        return self._assignable(rate_id).applied()

    def default_rate(self) -> AppliedRate:
        return self._uow.tax_rates.default().applied()
