"""Tax rates: anyone signed in reads them; admins create, change and delete them.

Rules (the domain's ``TaxRate`` holds them; these use cases load, call, save): names are unique whatever their
letter case (409); exactly one rate is the default at every instant, and making a rate the default moves it
in one transaction; the default stays active and cannot be deleted; a rate that products or categories name
is deactivated, not deleted (409).
"""

from __future__ import annotations

from collections.abc import Sequence

from techstore.application.shared.errors import DuplicateKey
from techstore.application.shared.pages import Page, PageRequest
from techstore.application.taxes.commands import NewTaxRate, TaxRateChanges
from techstore.application.taxes.ports import TaxesUnitOfWork, TaxesUnitOfWorkFactory
from techstore.domain.identity.users import User, require_admin
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import Conflict, NotFound
from techstore.domain.taxes.rates import TaxRate, in_use_refusal


def name_taken(name: str) -> Conflict:
    return Conflict(f"A tax rate named {name!r} already exists.", field="name")


def rate_not_found(rate_id: int) -> NotFound:
    return NotFound(f"Tax rate {rate_id} does not exist.")


def _unique_name(uow: TaxesUnitOfWork, rate: TaxRate) -> None:
    other = uow.tax_rates.get_by_name(rate.name)
    if other is not None and other.id != rate.id:
        raise name_taken(rate.name)


class ListTaxRates:
    """Any signed-in user: the rates, by name."""

    def __init__(self, uow: TaxesUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, page: PageRequest) -> Page[TaxRate]:
        with self._uow(read_only=True) as uow:
            return uow.tax_rates.list(page)


class AllTaxRates:
    """Every rate, by name: for a form's choice of rate."""

    def __init__(self, uow: TaxesUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User) -> Sequence[TaxRate]:
        with self._uow(read_only=True) as uow:
            return uow.tax_rates.all()


class GetTaxRate:
    """Admins only (API.md: the rate by id is an admin's)."""

    def __init__(self, uow: TaxesUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, rate_id: int) -> TaxRate:
        require_admin(actor)
        with self._uow(read_only=True) as uow:
            rate = uow.tax_rates.get(rate_id)
        if rate is None:
            raise rate_not_found(rate_id)
        return rate


class CreateTaxRate:
    """Admins only. Rules: a unique name (409); ``is_default`` moves the default to the new rate."""

    def __init__(self, uow: TaxesUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, command: NewTaxRate) -> TaxRate:
        require_admin(actor)
        now = self._clock.now()
        rate = TaxRate.create(name=command.name, percent=command.percent, is_default=command.is_default,
                              is_active=command.is_active, now=now)
        with self._uow() as uow:
            uow.tax_rates.lock()
            _unique_name(uow, rate)
            try:
                rate = uow.tax_rates.add(rate)
            except DuplicateKey:
                raise name_taken(rate.name) from None
            assert rate.id is not None
            if command.is_default:
                uow.tax_rates.make_default(rate.id, now)
                rate.is_default = True
            uow.commit()
        return rate


class UpdateTaxRate:
    """Admins only. Rules: a unique name (409); ``is_default: true`` moves the default here; the default cannot
    be deactivated or stop being the default by itself (409: make another rate the default first)."""

    def __init__(self, uow: TaxesUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, rate_id: int, changes: TaxRateChanges) -> TaxRate:
        require_admin(actor)
        now = self._clock.now()
        with self._uow() as uow:
            uow.tax_rates.lock()
            rate = uow.tax_rates.get_for_update(rate_id)
            if rate is None:
                raise rate_not_found(rate_id)
            becomes_default = rate.change(now=now, name=changes.name, percent=changes.percent,
                                          is_default=changes.is_default, is_active=changes.is_active)
            _unique_name(uow, rate)
            try:
                uow.tax_rates.update(rate)
            except DuplicateKey:
                raise name_taken(rate.name) from None
            if becomes_default:
                uow.tax_rates.make_default(rate_id, now)
                rate.is_default = True
            uow.commit()
        return rate


class DeleteTaxRate:
    """Admins only. Rules: the default cannot be deleted, nor a rate a product or a category names (409:
    deactivate it instead)."""

    def __init__(self, uow: TaxesUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, rate_id: int) -> None:
        require_admin(actor)
        with self._uow() as uow:
            uow.tax_rates.lock()
            # Locked: no product or category can come to name it between the check and the delete.
            rate = uow.tax_rates.get_for_update(rate_id)
            if rate is None:
                raise rate_not_found(rate_id)
            rate.check_deletable()
            usage = uow.tax_rates.usage(rate_id)
            if usage.in_use:
                raise in_use_refusal(rate, usage)
            uow.tax_rates.delete(rate_id)
            uow.commit()
