"""Tax rates, and the rate each product is taxed at, through the taxes and catalog use cases (and a few
through HTTP)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
from dependency_injector import providers
from pytest_bdd import given, then, when

from techstore.application.catalog.commands import CategoryChanges, NewProduct, ProductChanges
from techstore.application.sales.commands import SaleQuery
from techstore.application.shared.pages import MAX_LIMIT, PageRequest
from techstore.application.taxes.commands import NewTaxRate, TaxRateChanges
from techstore.domain.catalog.products import Product
from techstore.domain.shared.errors import Conflict
from techstore.domain.taxes.rates import TaxRate
from tests.acceptance.steps.catalog import _category_id, _keeper, _new_product, _product, _product_id
from tests.acceptance.steps.grammar import phrase
from tests.acceptance.steps.story import Story

YES_NO = {True: "yes", False: "no"}


def _taxes(story: Story) -> Any:
    return story.container.taxes


def _rates(story: Story) -> list[TaxRate]:
    with story.container.adapters.uow(read_only=True) as uow:
        return list(uow.tax_rates.all())


def _rate(story: Story, name: str) -> TaxRate | None:
    with story.container.adapters.uow(read_only=True) as uow:
        found: TaxRate | None = uow.tax_rates.get_by_name(name)
    return found


def _rate_id(story: Story, name: str) -> int:
    rate = _rate(story, name)
    return rate.id if rate is not None and rate.id is not None else 999_999  # a rate that does not exist


def _change(story: Story, actor: str, name: str, changes: TaxRateChanges) -> None:
    story.attempt(_taxes(story).update_tax_rate(), story.actor(actor), _rate_id(story, name), changes)


def _applied(story: Story, sku: str) -> tuple[str, Decimal]:
    product_id = _product_id(story, sku)
    with story.container.adapters.uow(read_only=True) as uow:
        rate = uow.stock.sellable([product_id])[product_id].tax_rate
    return rate.name, rate.percent


# ---------------------------------------------------------------- the stage

@given(phrase('the tax rate "{name:Q}" at {percent}%'))
def _(story: Story, name: str, percent: str) -> None:
    _taxes(story).create_tax_rate()(_keeper(story), NewTaxRate(name, Decimal(percent)))


@given(phrase('"{actor:Q}" has made the tax rate "{name:Q}" the default'))
def _(story: Story, actor: str, name: str) -> None:
    _taxes(story).update_tax_rate()(story.actor(actor), _rate_id(story, name), TaxRateChanges(is_default=True))


@given(phrase('"{actor:Q}" has deactivated the tax rate "{name:Q}"'))
def _(story: Story, actor: str, name: str) -> None:
    _taxes(story).update_tax_rate()(story.actor(actor), _rate_id(story, name), TaxRateChanges(is_active=False))


@given(phrase('the category "{category:Q}" is taxed at "{rate:Q}"'))
def _(story: Story, category: str, rate: str) -> None:
    story.container.catalog.update_category()(_keeper(story), _category_id(story, category),
                                              CategoryChanges(tax_rate_id=_rate_id(story, rate)))


@given(phrase('a product "{sku:Q}" in the category "{category:Q}" taxed at "{rate:Q}"'))
def _(story: Story, sku: str, category: str, rate: str) -> None:
    _new_product(story, sku=sku, category_id=_category_id(story, category), tax_rate_id=_rate_id(story, rate))


@given(phrase('a product "{sku:Q}" taxed at "{rate:Q}"'))
def _(story: Story, sku: str, rate: str) -> None:
    _new_product(story, sku=sku, tax_rate_id=_rate_id(story, rate))


# ---------------------------------------------------------------- managing rates

@when(phrase('"{actor:Q}" adds the tax rate "{name:Q}" at {percent}%'))
def _(story: Story, actor: str, name: str, percent: str) -> None:
    story.attempt(_taxes(story).create_tax_rate(), story.actor(actor), NewTaxRate(name, Decimal(percent)))


@when(phrase('"{actor:Q}" adds the tax rate "{name:Q}" at {percent}% as the default'))
def _(story: Story, actor: str, name: str, percent: str) -> None:
    story.attempt(_taxes(story).create_tax_rate(), story.actor(actor),
                  NewTaxRate(name, Decimal(percent), is_default=True))


@when(phrase('"{actor:Q}" makes the tax rate "{name:Q}" the default'))
def _(story: Story, actor: str, name: str) -> None:
    _change(story, actor, name, TaxRateChanges(is_default=True))


@when(phrase('"{actor:Q}" makes the tax rate "{name:Q}" no longer the default'))
def _(story: Story, actor: str, name: str) -> None:
    _change(story, actor, name, TaxRateChanges(is_default=False))


@when(phrase('"{actor:Q}" deactivates the tax rate "{name:Q}"'))
def _(story: Story, actor: str, name: str) -> None:
    _change(story, actor, name, TaxRateChanges(is_active=False))


@when(phrase('"{actor:Q}" renames the tax rate "{name:Q}" to "{new:Q}"'))
def _(story: Story, actor: str, name: str, new: str) -> None:
    _change(story, actor, name, TaxRateChanges(name=new))


@when(phrase('"{actor:Q}" deletes the tax rate "{name:Q}"'))
def _(story: Story, actor: str, name: str) -> None:
    story.attempt(_taxes(story).delete_tax_rate(), story.actor(actor), _rate_id(story, name))


@when(phrase('"{actor:Q}" lists the tax rates'))
def _(story: Story, actor: str) -> None:
    story.attempt(_taxes(story).list_tax_rates(), story.actor(actor), PageRequest(limit=MAX_LIMIT))


@then("the tax rates are:")
def _(story: Story, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    assert header == ["name", "percent", "default", "active"]
    shown = [[r.name, str(r.percent), YES_NO[r.is_default], YES_NO[r.is_active]] for r in _rates(story)]
    assert shown == rows


@then(phrase("the tax rate names are: {names}"))
def _(story: Story, names: str) -> None:
    assert [r.name for r in _rates(story)] == [name.strip() for name in names.split(",")]


@then(phrase('the default tax rate is "{name:Q}"'))
def _(story: Story, name: str) -> None:
    with story.container.adapters.uow(read_only=True) as uow:
        assert uow.tax_rates.default().name == name
    assert [r.name for r in _rates(story) if r.is_default] == [name]


@then("exactly one tax rate is the default")
def _(story: Story) -> None:
    assert sum(1 for r in _rates(story) if r.is_default) == 1


@then(phrase('the tax rate "{name:Q}" is active'))
def _(story: Story, name: str) -> None:
    rate = _rate(story, name)
    assert rate is not None and rate.is_active


@then(phrase('the tax rate "{name:Q}" is inactive'))
def _(story: Story, name: str) -> None:
    rate = _rate(story, name)
    assert rate is not None and not rate.is_active


@then(phrase('the refusal names the field "{field:Q}"'))
def _(story: Story, field: str) -> None:
    refusal = story.refused(Conflict)
    assert isinstance(refusal, Conflict) and refusal.field == field, refusal


@then(phrase('the API\'s answer is the rate "{name:Q}" at "{percent:Q}", the default'))
def _(story: Story, name: str, percent: str) -> None:
    answer = story.answer.json()
    assert (answer["name"], answer["percent"], answer["is_default"], answer["is_active"]) == (name, percent, True,
                                                                                              True)


@given(phrase('the product "{sku:Q}" is taxed at "{rate:Q}"'))
def _(story: Story, sku: str, rate: str) -> None:
    story.container.catalog.update_product()(_keeper(story), _product_id(story, sku),
                                             ProductChanges(tax_rate_id=_rate_id(story, rate)),
                                             frozenset({"tax_rate_id"}))


@given("the store's prices include tax")
def _(story: Story) -> None:
    """TECHSTORE_PRICES_INCLUDE_TAX=true, as the container builds the sales use cases from the settings."""
    container = story.container
    container.settings.override(providers.Object(attrs.evolve(container.settings(), prices_include_tax=True)))
    container.sales.place_sale.reset()
    container.sales.quote_sale.reset()


# ---------------------------------------------------------------- the rate of a product

@when(phrase('"{actor:Q}" gives the product "{sku:Q}" the tax rate "{rate:Q}"'))
def _(story: Story, actor: str, sku: str, rate: str) -> None:
    story.attempt(story.container.catalog.update_product(), story.actor(actor), _product_id(story, sku),
                  ProductChanges(tax_rate_id=_rate_id(story, rate)), frozenset({"tax_rate_id"}))


@when(phrase('"{actor:Q}" clears the tax rate of the product "{sku:Q}"'))
def _(story: Story, actor: str, sku: str) -> None:
    story.attempt(story.container.catalog.update_product(), story.actor(actor), _product_id(story, sku),
                  ProductChanges(tax_rate_id=None), frozenset({"tax_rate_id"}))


@when(phrase('"{actor:Q}" renames the product "{sku:Q}" to "{name:Q}"'))
def _(story: Story, actor: str, sku: str, name: str) -> None:
    # As the product's form does: every field sent again, its rate too.
    product: Product = _product(story, sku)
    story.attempt(story.container.catalog.update_product(), story.actor(actor), _product_id(story, sku),
                  ProductChanges(name=name, tax_rate_id=product.tax_rate_id), frozenset({"name", "tax_rate_id"}))


@when(phrase('"{actor:Q}" gives the category "{category:Q}" the tax rate "{rate:Q}"'))
def _(story: Story, actor: str, category: str, rate: str) -> None:
    story.attempt(story.container.catalog.update_category(), story.actor(actor), _category_id(story, category),
                  CategoryChanges(tax_rate_id=_rate_id(story, rate)))


@when(phrase('"{actor:Q}" clears the tax rate of the category "{category:Q}"'))
def _(story: Story, actor: str, category: str) -> None:
    story.attempt(story.container.catalog.update_category(), story.actor(actor), _category_id(story, category),
                  CategoryChanges(), frozenset({"tax_rate_id"}))


@when(phrase('"{actor:Q}" creates a product "{sku:Q}" taxed at "{rate:Q}"'))
def _(story: Story, actor: str, sku: str, rate: str) -> None:
    story.attempt(story.container.catalog.create_product(), story.actor(actor),
                  NewProduct(sku=sku, name=sku, price=Decimal("1.00"), tax_rate_id=_rate_id(story, rate)))


@then("the products are taxed at:")
def _(story: Story, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    assert header == ["sku", "rate", "percent"]
    shown = [[sku, *(str(part) for part in _applied(story, sku))] for sku, _, _ in rows]
    assert shown == rows


@then(phrase('the product "{sku:Q}" is taxed at "{rate:Q}"'))
def _(story: Story, sku: str, rate: str) -> None:
    assert _applied(story, sku)[0] == rate


@then(phrase('the product "{sku:Q}" found by its code at the counter is taxed at "{rate:Q}"'))
def _(story: Story, sku: str, rate: str) -> None:
    with story.container.adapters.uow(read_only=True) as uow:
        found = uow.stock.by_code(sku.lower())
    assert found is not None and found.tax_rate.name == rate


# ---------------------------------------------------------------- taxes on documents

@then("the sale's taxes are:")
def _(story: Story, datatable: list[list[str]]) -> None:
    """The last sale's summary per rate: ``rate | percent | net | tax``, in its order (highest percent first)."""
    sales = story.container.sales.list_sales()(story.actor("sam"), SaleQuery(), PageRequest(limit=1))
    (sale,) = sales.items
    header, *rows = datatable
    assert header == ["rate", "percent", "net", "tax"]
    assert [[t.name, str(t.percent), str(t.net), str(t.tax)] for t in sale.taxes] == rows
    assert sale.tax_total == sum((t.tax for t in sale.taxes), Decimal("0.00"))
    assert sale.total == sum((t.net + t.tax for t in sale.taxes), Decimal("0.00"))


@then(phrase("the return's tax is {tax}"))
def _(story: Story, tax: str) -> None:
    ret = story.accepted()
    assert ret.tax_total == Decimal(tax)


@then("today's tax by rate is:")
def _(story: Story, datatable: list[list[str]]) -> None:
    today = story.container.clock().now().date()
    report = story.container.reports.sales_report()(story.actor("sam"), today, today)
    header, *rows = datatable
    assert header == ["rate", "net", "tax"]
    assert [[t.name, str(t.net), str(t.tax)] for t in report.taxes] == rows
