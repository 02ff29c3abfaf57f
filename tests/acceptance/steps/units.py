"""Serialized units in the catalog (features/catalog/serialized_units.feature): products by IMEI or serial, units
in and out with their serials, the lookup and the units invariant."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from pytest_bdd import given, then, when
from starlette.testclient import TestClient

from techstore.application.catalog.commands import NewProduct, StockChange
from techstore.application.shared.pages import PageRequest
from techstore.domain.catalog.stock import Line, MovementKind, Reference
from techstore.domain.catalog.units import UnitStatus
from tests.acceptance.steps.api import API, _access_token, _bearer
from tests.acceptance.steps.catalog import _catalog, _keeper, _product, _product_id
from tests.acceptance.steps.grammar import phrase
from tests.acceptance.steps.story import Story


def _serials(text: str) -> list[str]:
    return [s.strip() for s in text.split(",") if s.strip()]


def _serialized(story: Story, sku: str, kind: str, months: int, serials: list[str]) -> None:
    _catalog(story).create_product()(_keeper(story), NewProduct(
        sku=sku, name=f"Product {sku}", price=Decimal("299.00"), stock=len(serials), serial_kind=kind,  # type: ignore[arg-type]
        warranty_months=months, serials=serials))


@given(phrase('a phone "{sku:Q}" by IMEI with {months:d} months of warranty and the units {serials}'))
def _(story: Story, sku: str, months: int, serials: str) -> None:
    _serialized(story, sku, "imei", months, _serials(serials))


@given(phrase('a laptop "{sku:Q}" by serial with {months:d} months of warranty and no stock'))
def _(story: Story, sku: str, months: int) -> None:
    _serialized(story, sku, "serial", months, [])


@given(phrase('a unit {serial} of "{sku:Q}" slipped into stock without its movement'))
def _(story: Story, serial: str, sku: str) -> None:
    product_id = _product_id(story, sku)
    with story.container.adapters.uow() as uow:
        assert uow.units.receive(product_id, [serial], story.clock.now()) == []
        uow.commit()


@when(phrase('"{actor:Q}" receives {quantity:d} of "{sku:Q}" with the serials {serials}'))
def _(story: Story, actor: str, quantity: int, sku: str, serials: str) -> None:
    story.attempt(_catalog(story).record_stock_movement(), story.actor(actor), _product_id(story, sku),
                  StockChange("purchase", quantity, serials=_serials(serials)))


@when(phrase('"{actor:Q}" adjusts the stock of "{sku:Q}" by {quantity:d} naming {serials} because "{reason:Q}"'))
def _(story: Story, actor: str, sku: str, quantity: int, serials: str, reason: str) -> None:
    story.attempt(_catalog(story).record_stock_movement(), story.actor(actor), _product_id(story, sku),
                  StockChange("adjustment", quantity, reason, _serials(serials)))


@when(phrase('"{actor:Q}" creates the serialized product "{sku:Q}" by "{kind:Q}" with {stock:d} in stock and the '
             'serials {serials}'))
def _(story: Story, actor: str, sku: str, kind: str, stock: int, serials: str) -> None:
    story.attempt(_catalog(story).create_product(), story.actor(actor), NewProduct(
        sku=sku, name=sku, price=Decimal("99.00"), stock=stock, serial_kind=kind,  # type: ignore[arg-type]
        serials=_serials(serials)))


@when(phrase('"{actor:Q}" creates the serialized product "{sku:Q}" by "{kind:Q}" with {months:d} months of '
             'warranty'))
def _(story: Story, actor: str, sku: str, kind: str, months: int) -> None:
    story.attempt(_catalog(story).create_product(), story.actor(actor), NewProduct(
        sku=sku, name=sku, price=Decimal("99.00"), serial_kind=kind, warranty_months=months))  # type: ignore[arg-type]


@when(phrase('the stock port sells the unit {serial} of "{sku:Q}"'))
def _(story: Story, serial: str, sku: str) -> None:
    keeper, product_id = _keeper(story), _product_id(story, sku)  # before the write: SQLite has one writer
    with story.container.adapters.uow() as uow:
        uow.stock.take([Line(product_id, 1, (serial,))], MovementKind.SALE, Reference(), keeper.id,
                       story.clock.now())
        uow.commit()


@then(phrase('"{sku:Q}" has the units in stock {serials}'))
def _(story: Story, sku: str, serials: str) -> None:
    page = _catalog(story).list_units()(_keeper(story), _product_id(story, sku), UnitStatus.IN_STOCK,
                                        PageRequest(limit=100))
    assert [u.serial for u in page.items] == _serials(serials)


@then(phrase('the unit "{serial:Q}" of the catalog is {status}'))
def _(story: Story, serial: str, status: str) -> None:
    assert _catalog(story).find_unit()(_keeper(story), serial).unit.status.value == status.replace(" ", "_")


@then(phrase('the product "{sku:Q}" is serialized by "{kind:Q}"'))
def _(story: Story, sku: str, kind: str) -> None:
    product = _product(story, sku)
    assert product.serial_kind is not None and product.serial_kind.value == kind


@then("every serialized product's stock is its units in stock")
def _(story: Story) -> None:
    assert _catalog(story).find_stock_drift()() == []


@then(phrase('the stock check names "{sku:Q}" with {stock:d} in stock and {units:d} units in stock'))
def _(story: Story, sku: str, stock: int, units: int) -> None:
    drift = _catalog(story).find_stock_drift()()
    assert [(d.sku, d.stock, d.units_in_stock) for d in drift] == [(sku, stock, units)]


@then(phrase('"{actor:Q}" looks up {serial} through the API and reads:'))
def _(story: Story, client: TestClient, actor: str, serial: str, datatable: list[list[str]]) -> None:
    answer = client.get(f"{API}/units/{serial.lower()}", headers=_bearer(_access_token(story, client, actor)))
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    header, row = datatable
    for key, value in zip(header, row, strict=True):
        if value in ("null", "[]"):
            assert body[key] == json.loads(value), (key, body)
        else:  # a time as written to the second, whatever its zone's spelling
            assert str(body[key]).startswith(value), (key, body)
    assert body["serial"] == serial and body["sku"] == "PHONE"
