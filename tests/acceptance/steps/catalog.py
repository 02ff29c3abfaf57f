"""Categories, products, stock and CSV, through the catalog's use cases (and a few through HTTP)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when
from starlette.testclient import TestClient

from techstore.application.catalog.commands import (
    CategoryChanges,
    NewCategory,
    NewProduct,
    ProductChanges,
    ProductQuery,
    StockChange,
)
from techstore.application.catalog.imports import ImportResult
from techstore.application.shared.pages import MAX_LIMIT, Page, PageRequest
from techstore.domain.catalog.products import Product
from techstore.domain.catalog.stock import Line, MovementKind, Reference, ShortOfStock, StockMovement
from techstore.domain.identity.users import Role, User
from techstore.domain.shared.errors import ValidationFailed
from tests.acceptance.steps.api import API, _access_token, _bearer
from tests.acceptance.steps.grammar import phrase
from tests.acceptance.steps.story import Story

KEEPER = "catalog-keeper"  # an admin behind the scenes, who sets the stage in Given steps
BOOLEANS = {"yes": True, "no": False, "true": True, "false": False}


def _keeper(story: Story) -> User:
    if KEEPER not in story.passwords:
        story.identity.provision_user()(KEEPER, "keeper-password-1", full_name="Catalog Keeper", role=Role.ADMIN)
        story.passwords[KEEPER] = "keeper-password-1"
    return story.actor(KEEPER)


def _catalog(story: Story) -> Any:
    return story.container.catalog


def _category_id(story: Story, name: str) -> int:
    with story.container.adapters.uow(read_only=True) as uow:
        category = uow.categories.get_by_name(name)
    return category.id if category else 999_999  # a category that does not exist


def _product(story: Story, sku: str) -> Product:
    with story.container.adapters.uow(read_only=True) as uow:
        product: Product | None = uow.products.get_by_sku(sku)
    assert product is not None, f"no product {sku!r}"
    return product


def _product_id(story: Story, sku: str) -> int:
    product_id = _product(story, sku).id
    assert product_id is not None
    return product_id


def _ledger(story: Story, sku: str) -> list[StockMovement]:
    with story.container.adapters.uow(read_only=True) as uow:
        page = uow.stock_movements.for_product(_product_id(story, sku), PageRequest(limit=MAX_LIMIT))
    return list(reversed(page.items))


def _fields(story: Story, rows: list[list[str]]) -> dict[str, Any]:
    """A two-column table of field | value, as the use case's input wants it ("" is "not given")."""
    values: dict[str, Any] = {}
    for field, value in rows:
        if value == "":
            values[field] = None
        elif field == "category":
            values["category_id"] = _category_id(story, value)
        elif field in ("price", "cost"):
            values[field] = Decimal(value)
        elif field in ("stock", "min_stock"):
            values[field] = int(value)
        elif field == "is_active":
            values[field] = BOOLEANS[value]
        else:
            values[field] = value
    return values


def _new_product(story: Story, **fields: Any) -> Product:
    values = {"name": f"Product {fields['sku']}", "price": Decimal("10.00"), **fields}
    product: Product = _catalog(story).create_product()(_keeper(story), NewProduct(**values))
    return product


def _names(listed: str) -> list[str]:
    return [] if listed.strip() == "none" else [name.strip() for name in listed.split(",")]


# ---------------------------------------------------------------- the stage

@given(phrase('a category "{name:Q}"'))
def _(story: Story, name: str) -> None:
    _catalog(story).create_category()(_keeper(story), NewCategory(name))


@given(phrase('a product "{sku:Q}"'))
def _(story: Story, sku: str) -> None:
    _new_product(story, sku=sku)


@given(phrase('a product "{sku:Q}" with {stock:d} in stock'))
def _(story: Story, sku: str, stock: int) -> None:
    _new_product(story, sku=sku, stock=stock)


@given(phrase('a product "{sku:Q}" with the barcode "{barcode:Q}"'))
def _(story: Story, sku: str, barcode: str) -> None:
    _new_product(story, sku=sku, barcode=barcode)


@given(phrase('a product "{sku:Q}" in the category "{category:Q}"'))
def _(story: Story, sku: str, category: str) -> None:
    _new_product(story, sku=sku, category_id=_category_id(story, category))


@given(phrase('a product "{sku:Q}" named "{name:Q}" in the category "{category:Q}"'))
def _(story: Story, sku: str, name: str, category: str) -> None:
    _new_product(story, sku=sku, name=name, description="=HYPERLINK(\"x\")\nsecond line",
                 category_id=_category_id(story, category))


@given("these products:")
def _(story: Story, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    for row in rows:
        _new_product(story, **_fields(story, list(zip(header, row, strict=True))))


@given(phrase('the product "{sku:Q}" is inactive'))
def _(story: Story, sku: str) -> None:
    _catalog(story).update_product()(_keeper(story), _product_id(story, sku), ProductChanges(is_active=False))


@given(phrase('"{actor:Q}" has deleted the product "{sku:Q}"'))
def _(story: Story, actor: str, sku: str) -> None:
    _catalog(story).delete_product()(story.actor(actor), _product_id(story, sku))


# ---------------------------------------------------------------- categories

@when(phrase('"{actor:Q}" creates the category "{name:Q}"'))
def _(story: Story, actor: str, name: str) -> None:
    story.attempt(_catalog(story).create_category(), story.actor(actor), NewCategory(name))


@when(phrase('"{actor:Q}" renames the category "{old:Q}" to "{new:Q}"'))
def _(story: Story, actor: str, old: str, new: str) -> None:
    story.attempt(_catalog(story).update_category(), story.actor(actor), _category_id(story, old),
                  CategoryChanges(name=new))


@when(phrase('"{actor:Q}" deletes the category "{name:Q}"'))
def _(story: Story, actor: str, name: str) -> None:
    story.attempt(_catalog(story).delete_category(), story.actor(actor), _category_id(story, name))


@then(phrase("the categories are: {names}"))
def _(story: Story, names: str) -> None:
    with story.container.adapters.uow(read_only=True) as uow:
        stored = [c.name for c in uow.categories.all()]
    assert stored == _names(names)


# ---------------------------------------------------------------- products

@when(phrase('"{actor:Q}" creates a product with:'))
def _(story: Story, actor: str, datatable: list[list[str]]) -> None:
    values = {k: v for k, v in _fields(story, datatable).items() if v is not None}
    values.setdefault("sku", "")
    values.setdefault("name", "")
    story.attempt(_catalog(story).create_product(), story.actor(actor), NewProduct(**values))


@when(phrase('"{actor:Q}" changes the product "{sku:Q}" with:'))
def _(story: Story, actor: str, sku: str, datatable: list[list[str]]) -> None:
    values = _fields(story, datatable)
    story.attempt(_catalog(story).update_product(), story.actor(actor), _product_id(story, sku),
                  ProductChanges(**values), frozenset(values))


@when(phrase('"{actor:Q}" deletes the product "{sku:Q}"'))
def _(story: Story, actor: str, sku: str) -> None:
    story.attempt(_catalog(story).delete_product(), story.actor(actor), _product_id(story, sku))


@when(phrase('"{actor:Q}" looks up product number {product_id:d}'))
def _(story: Story, actor: str, product_id: int) -> None:
    story.attempt(_catalog(story).get_product(), story.actor(actor), product_id)


@then(phrase("the products are: {skus}"))
def _(story: Story, skus: str) -> None:
    page = _catalog(story).search_products()(_keeper(story), ProductQuery(), PageRequest(limit=MAX_LIMIT))
    assert [p.sku for p in page.items] == _names(skus)


@then(phrase('the product "{sku:Q}" has {stock:d} in stock'))
def _(story: Story, sku: str, stock: int) -> None:
    assert _product(story, sku).stock == stock


@then(phrase('the product "{sku:Q}" is named "{name:Q}" and priced {price}'))
def _(story: Story, sku: str, name: str, price: str) -> None:
    product = _product(story, sku)
    assert (product.name, product.price) == (name, Decimal(price))


@then(phrase('the product "{sku:Q}" has the barcode "{barcode:Q}"'))
def _(story: Story, sku: str, barcode: str) -> None:
    assert _product(story, sku).barcode == barcode


def _sellable(story: Story, sku: str) -> bool:
    product_id = _product_id(story, sku)
    with story.container.adapters.uow(read_only=True) as uow:
        return bool(uow.stock.sellable([product_id])[product_id].is_sellable)


@then(phrase('the product "{sku:Q}" cannot be sold'))
def _(story: Story, sku: str) -> None:
    assert not _sellable(story, sku)


@then(phrase('the product "{sku:Q}" can be sold'))
def _(story: Story, sku: str) -> None:
    assert _sellable(story, sku)


# ---------------------------------------------------------------- stock

def _move(story: Story, actor: str, sku: str, change: StockChange) -> None:
    story.attempt(_catalog(story).record_stock_movement(), story.actor(actor), _product_id(story, sku), change)


@when(phrase('"{actor:Q}" receives {quantity:d} of "{sku:Q}"'))
def _(story: Story, actor: str, quantity: int, sku: str) -> None:
    _move(story, actor, sku, StockChange("purchase", quantity))


@when(phrase('"{actor:Q}" adjusts the stock of "{sku:Q}" by {quantity:d} because "{reason:Q}"'))
def _(story: Story, actor: str, sku: str, quantity: int, reason: str) -> None:
    _move(story, actor, sku, StockChange("adjustment", quantity, reason))


@when(phrase('"{actor:Q}" adjusts the stock of "{sku:Q}" by {quantity:d} without a reason'))
def _(story: Story, actor: str, sku: str, quantity: int) -> None:
    _move(story, actor, sku, StockChange("adjustment", quantity))


@then(phrase('the ledger of "{sku:Q}" is:'))
def _(story: Story, sku: str, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    shown = [[m.kind.value, str(m.quantity), str(m.stock_before), str(m.stock_after), m.reason]
             for m in _ledger(story, sku)]
    assert header == ["type", "quantity", "before", "after", "reason"]
    assert shown == rows


@then(phrase('the ledger of "{sku:Q}" is empty'))
def _(story: Story, sku: str) -> None:
    assert _ledger(story, sku) == []


@then(phrase('the ledger of "{sku:Q}" still has {count:d} movement'))
@then(phrase('the ledger of "{sku:Q}" still has {count:d} movements'))
def _(story: Story, sku: str, count: int) -> None:
    assert len(_ledger(story, sku)) == count


@then(parsers.re(r'the newest movement of "(?P<sku>[^"]*)" is an? (?P<kind>[a-z_]+) of (?P<quantity>-?\d+)'
                 r'(?: for sale (?P<sale>\d+))?(?: because "(?P<reason>[^"]*)")?$'))
def _(story: Story, sku: str, kind: str, quantity: str, sale: str | None, reason: str | None) -> None:
    newest = _ledger(story, sku)[-1]
    assert (newest.kind.value, newest.quantity) == (kind, int(quantity))
    if sale is not None:
        assert newest.reference.sale_id == int(sale)
    if reason is not None:
        assert newest.reason == reason
    assert newest.stock_after == newest.stock_before + newest.quantity


@then("every product's stock is the sum of its movements")
def _(story: Story) -> None:
    assert _catalog(story).find_stock_drift()() == []


# ---------------------------------------------------------------- the port, as other contexts use it

def _lines(story: Story, datatable: list[list[str]]) -> list[Line]:
    _, *rows = datatable
    return [Line(_product_id(story, sku), int(quantity)) for sku, quantity in rows]


def _take(story: Story, sale_id: int, actor: str, lines: list[Line]) -> list[StockMovement]:
    user = story.actor(actor)
    with story.container.adapters.uow() as uow:
        taken = list(uow.stock.take(lines, MovementKind.SALE, Reference(sale_id=sale_id), user.id, story.clock.now()))
        uow.commit()
    return taken


@when(phrase('sale {sale_id:d} by "{actor:Q}" takes from stock:'))
def _(story: Story, sale_id: int, actor: str, datatable: list[list[str]]) -> None:
    story.attempt(_take, story, sale_id, actor, _lines(story, datatable))


@given(phrase('sale {sale_id:d} by "{actor:Q}" has taken {quantity:d} of "{sku:Q}"'))
def _(story: Story, sale_id: int, actor: str, quantity: int, sku: str) -> None:
    _take(story, sale_id, actor, [Line(_product_id(story, sku), quantity)])


@when(phrase('sale {sale_id:d} is voided by "{actor:Q}", putting back {quantity:d} of "{sku:Q}"'))
def _(story: Story, sale_id: int, actor: str, quantity: int, sku: str) -> None:
    user = story.actor(actor)
    with story.container.adapters.uow() as uow:
        uow.stock.put_back([Line(_product_id(story, sku), quantity)], MovementKind.SALE_VOID,
                           Reference(sale_id=sale_id), user.id, story.clock.now())
        uow.commit()


@then(phrase("the refusal names the short products {skus}"))
def _(story: Story, skus: str) -> None:
    refusal = story.outcome
    assert isinstance(refusal, ShortOfStock)
    assert [s.sku for s in refusal.shortages] == _names(skus)
    for sku in _names(skus):
        assert sku in refusal.detail


# ---------------------------------------------------------------- searching

def _search(story: Story, actor: str, query: ProductQuery, page: PageRequest | None = None) -> None:
    story.attempt(_catalog(story).search_products(), story.actor(actor), query, page or PageRequest())


@when(phrase('"{actor:Q}" searches the products for "{text:Q}"'))
def _(story: Story, actor: str, text: str) -> None:
    _search(story, actor, ProductQuery(q=text))


@when(phrase('"{actor:Q}" lists the products in the category "{category:Q}"'))
def _(story: Story, actor: str, category: str) -> None:
    _search(story, actor, ProductQuery(category_id=_category_id(story, category)))


@when(phrase('"{actor:Q}" lists the products low on stock'))
def _(story: Story, actor: str) -> None:
    _search(story, actor, ProductQuery(low_stock=True))


@when(phrase('"{actor:Q}" searches the products for "{text:Q}" low on stock in the category "{category:Q}"'))
def _(story: Story, actor: str, text: str, category: str) -> None:
    _search(story, actor, ProductQuery(q=text, low_stock=True, category_id=_category_id(story, category)))


@when(parsers.re(r'"(?P<actor>[^"]*)" lists the products (?P<limit>\d+) at a time, from the (?P<first>\d+)\w\w$'))
def _(story: Story, actor: str, limit: str, first: str) -> None:
    _search(story, actor, ProductQuery(), PageRequest(limit=int(limit), offset=int(first) - 1))


@then(phrase("the products found are: {skus}"))
def _(story: Story, skus: str) -> None:
    page = story.accepted()
    assert isinstance(page, Page)
    assert [p.sku for p in page.items] == _names(skus)


@then(phrase("{total:d} products match in all"))
def _(story: Story, total: int) -> None:
    assert story.accepted().total == total


# ---------------------------------------------------------------- CSV

@pytest.fixture
def exported() -> dict[str, str]:
    return {}


def _import(story: Story, actor: str, data: bytes) -> None:
    story.attempt(_catalog(story).import_products(), story.actor(actor), data)


@when(phrase('"{actor:Q}" imports the CSV:'))
def _(story: Story, actor: str, docstring: str) -> None:
    _import(story, actor, docstring.encode())


@when(phrase('"{actor:Q}" imports the CSV with a byte-order mark:'))
def _(story: Story, actor: str, docstring: str) -> None:
    _import(story, actor, b"\xef\xbb\xbf" + docstring.encode())


@when(phrase('"{actor:Q}" imports a file in Latin-1'))
def _(story: Story, actor: str) -> None:
    _import(story, actor, "sku,name,price\nCAFÉ-1,Café crème,2.50\n".encode("latin-1"))


@when(phrase('"{actor:Q}" exports the catalogue'))
def _(story: Story, actor: str, exported: dict[str, str]) -> None:
    exported["csv"] = _catalog(story).export_products()(story.actor(actor))


@when(phrase('"{actor:Q}" imports the export'))
def _(story: Story, actor: str, exported: dict[str, str]) -> None:
    _import(story, actor, exported["csv"].encode())


@then(phrase("the import created {created:d} and updated {updated:d} products"))
def _(story: Story, created: int, updated: int) -> None:
    result = story.accepted()
    assert isinstance(result, ImportResult)
    assert (result.created, result.updated) == (created, updated)


@then("the import refusal names:")
def _(story: Story, datatable: list[list[str]]) -> None:
    refusal = story.refused(ValidationFailed)
    assert isinstance(refusal, ValidationFailed)
    _, *rows = datatable
    # An empty column: the whole row (one whose cells cannot be told apart).
    assert [e.field for e in refusal.errors] == [f"line {line}, {column}" if column else f"line {line}"
                                                 for line, column in rows]


@then(phrase('the import refusal says "{field:Q}" has {cells:d} cells against the header\'s {width:d}'))
def _(story: Story, field: str, cells: int, width: int) -> None:
    refusal = story.refused(ValidationFailed)
    assert isinstance(refusal, ValidationFailed)
    messages = [e.message for e in refusal.errors if e.field == field]
    assert len(messages) == 1 and f"has {cells} cells" in messages[0] and f"header has {width}" in messages[0], messages


# ---------------------------------------------------------------- over HTTP

@when(phrase('"{actor:Q}" posts to the API "{path:Q}":'))
def _(story: Story, client: TestClient, actor: str, path: str, docstring: str) -> None:
    headers = {**_bearer(_access_token(story, client, actor)), "Content-Type": "application/json"}
    story.answered(client.post(f"{API}{path}", content=docstring, headers=headers))


@when(phrase('"{actor:Q}" asks the API for "{path:Q}"'))
def _(story: Story, client: TestClient, actor: str, path: str) -> None:
    story.answered(client.get(f"{API}{path}", headers=_bearer(_access_token(story, client, actor))))


@when(phrase('"{actor:Q}" patches the product "{sku:Q}" through the API with {body}'))
def _(story: Story, client: TestClient, actor: str, sku: str, body: str) -> None:
    story.answered(client.patch(f"{API}/products/{_product_id(story, sku)}", json=json.loads(body),
                                headers=_bearer(_access_token(story, client, actor))))


@when(phrase('"{actor:Q}" posts to the product "{sku:Q}"\'s stock movements {body}'))
def _(story: Story, client: TestClient, actor: str, sku: str, body: str) -> None:
    story.answered(client.post(f"{API}/products/{_product_id(story, sku)}/stock-movements", json=json.loads(body),
                               headers=_bearer(_access_token(story, client, actor))))


@when(phrase('"{actor:Q}" deletes the category "{name:Q}" through the API'))
def _(story: Story, client: TestClient, actor: str, name: str) -> None:
    story.answered(client.delete(f"{API}/categories/{_category_id(story, name)}",
                                 headers=_bearer(_access_token(story, client, actor))))


@when(phrase('"{actor:Q}" posts the CSV to the API:'))
def _(story: Story, client: TestClient, actor: str, docstring: str) -> None:
    headers = {**_bearer(_access_token(story, client, actor)), "Content-Type": "text/csv"}
    story.answered(client.post(f"{API}/products/import", content=docstring.encode(), headers=headers))


@then(phrase('the API answers {status:d} naming the field "{field:Q}"'))
def _(story: Story, status: int, field: str) -> None:
    assert story.answer.status_code == status, story.answer.text
    assert field in [e["field"] for e in story.answer.json()["errors"]], story.answer.text


@then(phrase('the answer has "{key:Q}" "{text:Q}" and "{other:Q}" {number:d}'))
def _(story: Story, key: str, text: str, other: str, number: int) -> None:
    answer = story.answer.json()
    assert (answer[key], answer[other]) == (text, number)


@then(phrase('"{actor:Q}" can read the new product back at the address in the Location header'))
def _(story: Story, client: TestClient, actor: str) -> None:
    created = story.answer.json()
    location = story.answer.headers["Location"]
    assert location.endswith(f"{API}/products/{created['id']}")
    read_back = client.get(location, headers=_bearer(_access_token(story, client, actor)))
    assert read_back.status_code == 200 and read_back.json() == created


@then("the answer is CSV whose first line names the columns")
def _(story: Story) -> None:
    assert story.answer.headers["content-type"].startswith("text/csv")
    assert story.answer.text.splitlines()[0].startswith("sku,barcode,name")
