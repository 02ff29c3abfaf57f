"""The tax rates' repository on every adapter set: every store starts with the same default rate, percents
round-trip exactly with three decimals, the default moves, and usage counts what is not deleted."""

from __future__ import annotations

from decimal import Decimal

import pytest

from techstore.application.catalog.commands import NewCategory, NewProduct
from techstore.application.taxes.commands import NewTaxRate
from techstore.container import Container
from techstore.domain.identity.users import Role, User
from techstore.domain.taxes.rates import RateUsage, TaxRate
from tests.contract.conftest import T0


@pytest.fixture
def admin(container: Container) -> User:
    return container.identity.provision_user()("boss", "boss-password-1", role=Role.ADMIN)


def test_every_store_starts_with_the_default_sales_tax_at_zero(container: Container) -> None:
    with container.adapters.uow(read_only=True) as uow:
        rates = [(r.id, r.name, str(r.percent), r.is_default, r.is_active) for r in uow.tax_rates.all()]
        default = uow.tax_rates.default()
    assert rates == [(1, "Sales tax", "0.000", True, True)]
    assert default.id == 1 and default.created_at is not None


@pytest.mark.parametrize("percent", ["0.001", "8.25", "99.999", "100", "0"])
def test_a_percent_round_trips_exactly_with_three_decimals(container: Container, percent: str) -> None:
    with container.adapters.uow() as uow:
        added = uow.tax_rates.add(TaxRate(None, "Odd", Decimal(percent).quantize(Decimal("0.001")), False, True,
                                          T0, T0))
        uow.commit()
    with container.adapters.uow(read_only=True) as uow:
        stored = uow.tax_rates.get(added.id)
    assert stored is not None and str(stored.percent) == str(Decimal(percent).quantize(Decimal("0.001")))
    assert (stored.created_at, stored.is_default) == (T0, False)


def test_the_default_moves_and_a_rollback_keeps_it_where_it_was(container: Container) -> None:
    with container.adapters.uow() as uow:
        other = uow.tax_rates.add(TaxRate(None, "Other", Decimal("5.000"), True, True, T0, T0))
        uow.commit()
    assert other.id != 1  # the starting rate's id is not reused
    with container.adapters.uow() as uow:
        uow.tax_rates.make_default(other.id, T0)
        assert uow.tax_rates.default().id == other.id
        # not committed: rolled back
    with container.adapters.uow() as uow:
        assert uow.tax_rates.default().id == 1
        uow.tax_rates.make_default(other.id, T0)
        uow.commit()
    with container.adapters.uow(read_only=True) as uow:
        assert [r.name for r in uow.tax_rates.all() if r.is_default] == ["Other"]


def test_usage_counts_products_and_categories_that_are_not_deleted(container: Container, admin: User) -> None:
    rate = container.taxes.create_tax_rate()(admin, NewTaxRate("Reduced", Decimal(6)))
    catalog = container.catalog
    category = catalog.create_category()(admin, NewCategory("Books", tax_rate_id=rate.id))
    kept = catalog.create_product()(admin, NewProduct(sku="A", name="A", price=Decimal(1), tax_rate_id=rate.id))
    gone = catalog.create_product()(admin, NewProduct(sku="B", name="B", price=Decimal(1), tax_rate_id=rate.id))
    catalog.delete_product()(admin, gone.id)
    with container.adapters.uow(read_only=True) as uow:
        assert uow.tax_rates.usage(rate.id) == RateUsage(products=1, categories=1)
    catalog.delete_product()(admin, kept.id)
    catalog.delete_category()(admin, category.id)
    container.taxes.delete_tax_rate()(admin, rate.id)
    with container.adapters.uow(read_only=True) as uow:
        assert uow.tax_rates.get(rate.id) is None
        assert uow.products.get(gone.id).tax_rate_id is None  # the deleted product forgot it
