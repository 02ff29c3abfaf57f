"""TECHSTORE_LOCALE on the pages (issue 23): under de_DE a form reads "1299,50" and every page and printed
document writes amounts with a comma; the API's JSON stays "1299.50"; under en_US "150,00" is refused next to
its field rather than read as 15000, and nothing is stored."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import pytest
from dependency_injector import providers
from starlette.testclient import TestClient

from techstore.application.cash.commands import OpenDrawer
from techstore.application.catalog.commands import NewProduct, ProductQuery
from techstore.application.repairs.commands import NewRepair, RepairChanges, Transition
from techstore.application.shared.pages import PageRequest
from techstore.container import Container
from techstore.domain.identity.users import Role
from techstore.entrypoints.app import create_app
from tests.integration.test_receipts import PASSWORD as RECEIPTS_PASSWORD
from tests.integration.test_receipts import _receipts, store
from tests.integration.test_sales_pages import _fields, _post
from tests.integration.test_web_session import csrf_from

__all__ = ["store"]  # fixtures: one of every money document
pytestmark = pytest.mark.adapters("sqlite")
PASSWORD = "locale-password-1"
# An amount written with a decimal point (a date such as 05.01.2026 is not one).
POINT = re.compile(r"(?<![\d.])\d+\.\d\d(?![\d.])")


def _signed_in(client: TestClient, password: str) -> TestClient:
    token = csrf_from(client.get("/login").text)
    client.post("/login", data={"username": "boss", "password": password, "csrf_token": token})
    return client


def _app(container: Container, locale: str) -> TestClient:
    """The app with TECHSTORE_LOCALE set to ``locale`` (the settings reach it through the container)."""
    container.settings.override(providers.Object(attrs.evolve(container.settings(), locale=locale)))
    return TestClient(create_app(container), raise_server_exceptions=False)


@attrs.define
class Shop:
    """The store's admin, and the app opened in the locale a test asks for, the admin signed in."""

    container: Container
    boss: Any
    clients: list[TestClient] = attrs.Factory(list)

    def open(self, locale: str) -> TestClient:
        client = _app(self.container, locale).__enter__()
        self.clients.append(client)
        return _signed_in(client, PASSWORD)


@pytest.fixture
def shop(container: Container) -> Iterator[Shop]:
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN, full_name="Bo Boss")
    shop = Shop(container, boss)
    yield shop
    for client in shop.clients:
        client.__exit__(None, None, None)
    container.settings.reset_override()


def _products(container: Container) -> list[Any]:
    with container.adapters.uow(read_only=True) as uow:
        return list(uow.products.search(ProductQuery(), PageRequest()).items)


def _new_product(client: TestClient, **typed: str) -> Any:
    token = csrf_from(client.get("/products/new").text)
    return client.post("/products/new", data={"csrf_token": token, "sku": "LAPTOP-1", "name": "Laptop 14",
                                              "stock": "3", "min_stock": "0", "is_active": "on", **typed},
                       follow_redirects=False)


def _token(client: TestClient) -> dict[str, str]:
    answer = client.post("/api/v1/auth/token", json={"username": "boss", "password": PASSWORD})
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _text(page: str) -> str:
    """What a page shows: its text without tags, scripts or attributes."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S))


def _printed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The HTML each PDF is laid out from, as the app hands it to WeasyPrint (the PDF's text is its glyphs)."""
    import weasyprint  # type: ignore[import-untyped]

    printed: list[str] = []

    class Capturing(weasyprint.HTML):  # type: ignore[misc]
        def __init__(self, *args: Any, string: str = "", **kwargs: Any) -> None:
            printed.append(string)
            super().__init__(*args, string=string, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", Capturing)
    return printed


def test_under_de_de_a_price_typed_with_a_comma_is_kept_and_shown_with_one(shop: Shop,
                                                                            container: Container) -> None:
    client = shop.open("de_DE")
    created = _new_product(client, price="1299,50", cost="1.000,00")
    assert created.status_code == 303, created.text
    [product] = _products(container)
    assert (product.price, product.cost) == (Decimal("1299.50"), Decimal("1000.00"))

    page = client.get(created.headers["location"])
    assert "1299,50" in _text(page.text) and "1299.50" not in page.text
    edit = client.get(f"/products/{product.id}/edit").text
    assert 'value="1299,50"' in edit and 'value="1000,00"' in edit  # the form shows what it reads back
    assert "Such as 12,50" in edit

    # The API keeps its JSON format whatever the locale: a point, never a comma, either way.
    headers = _token(client)
    answer = client.get(f"/api/v1/products/{product.id}", headers=headers)
    assert answer.json()["price"] == "1299.50" and answer.json()["cost"] == "1000.00"
    by_api = client.post("/api/v1/products", headers=headers,
                         json={"sku": "LAPTOP-2", "name": "Laptop 15", "price": "1299,50", "stock": 1})
    assert by_api.status_code == 422 and by_api.json()["errors"][0]["field"] == "price"


def test_under_de_de_a_point_is_refused_in_the_locales_words(shop: Shop, container: Container) -> None:
    client = shop.open("de_DE")
    refused = _new_product(client, price="1299.50")
    assert refused.status_code == 422
    assert re.search(r'id="price-error"[^>]*>\s*Must be an amount such as 12,50 \(at most two decimals, 0 or more\)',
                     refused.text), refused.text
    assert 'value="1299.50"' in refused.text  # what was typed, kept to correct
    assert _products(container) == []


def test_under_en_us_a_decimal_comma_is_refused_next_to_its_field_and_nothing_is_stored(
        shop: Shop, container: Container) -> None:
    client = shop.open("en_US")
    refused = _new_product(client, price="150,00")
    assert refused.status_code == 422
    assert re.search(r'id="price-error"[^>]*>\s*Must be an amount such as 12\.50 \(at most two decimals, 0 or more\)',
                     refused.text), refused.text
    assert 'value="150,00"' in refused.text
    assert _products(container) == []
    kept = _new_product(client, price="1,299.50")  # en_US groups thousands with a comma
    assert kept.status_code == 303
    [product] = _products(container)
    assert product.price == Decimal("1299.50")
    assert "1299.50" in client.get(kept.headers["location"]).text  # en_US pages are written as before


def test_under_de_de_the_till_the_receipt_and_its_pdf_write_commas(shop: Shop, container: Container,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    client = shop.open("de_DE")
    container.catalog.create_product()(shop.boss, NewProduct(sku="CASE", name="Phone case", price=Decimal("16.09"),
                                                             stock=5))
    container.cash.open_session()(shop.boss, OpenDrawer(Decimal("50.00")))
    till = client.get("/sales/new").text
    assert 'placeholder="0,00"' in till
    added = _post(client, till, "add", code="CASE")
    assert "16,09" in _text(added.text)
    exact = _post(client, added.text, "exact_cash")
    assert ("pay_cash", "16,09") in _fields(exact.text)  # the key fills the cash in the locale's way
    refused = _post(client, added.text, "sell", tendered="20.00")
    assert refused.status_code == 422 and "such as 12,50" in refused.text
    sold = _post(client, added.text, "sell", tendered="20,00")
    assert sold.status_code == 303, sold.text
    receipt_path = sold.headers["location"].split("?")[0]
    receipt = _text(client.get(receipt_path).text)
    for shown in ("16,09", "20,00", "3,91"):  # the total, the cash tendered, the change
        assert shown in receipt, (shown, receipt)
    assert not POINT.search(receipt), receipt

    printed = _printed(monkeypatch)
    pdf = client.get(receipt_path + ".pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    [sheet] = printed
    assert "3,91" in _text(sheet) and not POINT.search(_text(sheet))

    # The drawer closes in two steps: the count, then its confirmation, which carries the expected cash back.
    drawer = client.get("/cash").text
    counted = client.post("/cash/close", data={"csrf_token": csrf_from(drawer), "counted_cash": "66,00"})
    assert counted.status_code == 200
    assert "66,09" in _text(counted.text) and "short 0,09" in _text(counted.text)  # 50,00 float + 16,09
    confirm = dict(_fields(counted.text.split('id="confirm-close"')[1]))
    assert confirm["counted_cash"] == "66,00" and confirm["expected"] == "66.09"  # a machine's token
    closed = client.post("/cash/close", data=confirm, follow_redirects=False)
    assert closed.status_code == 303, closed.text


def test_under_de_de_no_page_or_printed_document_writes_an_amount_with_a_point(
        container: Container, store: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Every money document once (test_receipts' store), its page and PDF, and the pages that list them."""
    with _app(container, "de_DE") as client:
        _signed_in(client, RECEIPTS_PASSWORD)
        _walk_in_german(client, store, _printed(monkeypatch))


def _walk_in_german(client: TestClient, store: dict[str, Any], printed: list[str]) -> None:
    ana, sale = store["ana"], store["account_sale"]
    pages = [*_receipts(store).values(), "/", "/reports", "/sales", f"/sales/{sale.id}", f"/sales/{sale.id}/invoice",
             "/cash/sessions", "/customers", f"/customers/{ana.id}", f"/customers/{ana.id}/statement",
             f"/repairs/{store['repair'].id}", "/repairs", "/products", f"/products/{store['case'].id}",
             f"/sales/{store['cash_sale'].id}/returns/new"]
    for path in pages:
        page = client.get(path)
        assert page.status_code == 200, (path, page.status_code)
        assert not POINT.search(_text(page.text)), (path, POINT.findall(_text(page.text)))
        assert re.search(r"\d,\d\d\b", _text(page.text)) or path in ("/repairs",), path  # amounts are there
    for pdf in (f"/sales/{sale.id}/invoice.pdf", f"/returns/{store['return'].id}/receipt?format=pdf",
                f"/customers/{ana.id}/payments/{store['payment'].id}/receipt?format=pdf",
                f"/repairs/{store['repair'].id}/invoice?format=pdf", f"/cash/{store['session'].id}/report.pdf"):
        assert client.get(pdf).content.startswith(b"%PDF"), pdf
    assert len(printed) == 5
    for sheet in printed:
        assert re.search(r"\d,\d\d\b", _text(sheet)) and not POINT.search(_text(sheet)), _text(sheet)


def _form(page: str, action: str) -> dict[str, str]:
    """What a browser posts for the form of ``action`` left as shown: inputs (ticked boxes only), chosen
    options, text areas."""
    found = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', page, re.S)
    assert found, f"no form posts to {action}"
    body, fields = found.group(1), {}
    for tag in re.findall(r"<input[^>]*>", body):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and ('type="checkbox"' not in tag or " checked" in tag):
            fields[name.group(1)] = html.unescape(value.group(1)) if value else ""
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', body, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options) or re.search(r'value="([^"]*)"', options)
        fields[name] = chosen.group(1) if chosen else ""
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', body, re.S):
        fields[name] = html.unescape(text)
    return fields


def test_under_de_de_every_form_takes_back_the_amounts_it_shows(shop: Shop, container: Container) -> None:
    """A form's amounts are written as the locale writes them, and read back the same: saved unchanged, an
    edited product, a repair and its delivery keep their amounts, and the default credit limit is kept."""
    settings = attrs.evolve(container.settings(), default_credit_limit=Decimal("250.00"))
    container.settings.override(providers.Object(settings))
    container.customers.register_customer.reset()
    client = shop.open("de_DE")
    boss = shop.boss
    product = container.catalog.create_product()(boss, NewProduct(sku="SCREEN", name="Screen",
                                                                  price=Decimal("1299.50"), stock=5))
    edit = client.get(f"/products/{product.id}/edit").text
    saved = client.post(f"/products/{product.id}/edit", data=_form(edit, f"/products/{product.id}/edit"),
                        follow_redirects=False)
    assert saved.status_code == 303, saved.text
    [kept] = _products(container)
    assert kept.price == Decimal("1299.50")

    new_customer = client.get("/customers/new").text
    assert 'value="250,00"' in new_customer
    registered = client.post("/customers/new", data={**_form(new_customer, "/customers/new"), "name": "Ana Silva",
                                                     "phone": "912345678"}, follow_redirects=False)
    assert registered.status_code == 303, registered.text
    customer_id = int(registered.headers["location"].split("/customers/")[1].split("?")[0])
    assert container.customers.get_customer()(boss, customer_id).credit_limit == Decimal("250.00")

    repairs = container.repairs
    repair = repairs.take_repair_in()(boss, NewRepair(customer_id, "Phone X", "Cracked screen"))
    repairs.change_repair()(boss, repair.id, RepairChanges(diagnosis="Screen broken", price=Decimal("100.50")),
                            ("diagnosis", "price"))
    page = client.get(f"/repairs/{repair.id}").text
    changed = client.post(f"/repairs/{repair.id}/edit", data=_form(page, f"/repairs/{repair.id}/edit"),
                          follow_redirects=False)
    assert changed.status_code == 303, changed.text
    for to in ("diagnosing", "ready"):
        repairs.move_repair()(boss, repair.id, Transition(to))  # type: ignore[arg-type]
    container.cash.open_session()(boss, OpenDrawer(Decimal("0.00")))
    page = client.get(f"/repairs/{repair.id}").text
    assert "Deliver — price 100,50" in page
    delivered = client.post(f"/repairs/{repair.id}/deliver", data=_form(page, f"/repairs/{repair.id}/deliver"),
                            follow_redirects=False)
    assert delivered.status_code == 303, delivered.text
    done = repairs.get_repair()(boss, repair.id)
    assert done.price == Decimal("100.50") and done.delivered_at is not None


def test_under_de_de_a_refusal_worded_in_the_core_writes_its_amount_with_a_comma(shop: Shop,
                                                                                   container: Container) -> None:
    """The core words "at least the cash due, 16.09" knowing no locale; the page writes the amount as de_DE does."""
    client = shop.open("de_DE")
    container.catalog.create_product()(shop.boss, NewProduct(sku="CASE", name="Phone case", price=Decimal("16.09"),
                                                             stock=5))
    container.cash.open_session()(shop.boss, OpenDrawer(Decimal("50.00")))
    added = _post(client, client.get("/sales/new").text, "add", code="CASE")
    refused = _post(client, added.text, "sell", tendered="10,00")
    assert refused.status_code == 422
    assert re.search(r'id="tendered-error"[^>]*>\s*Must be at least the cash due, 16,09', refused.text), refused.text
    assert "16.09" not in _text(refused.text)


def test_amounts_in_a_message_are_written_in_the_locale_and_nothing_else_is() -> None:
    from techstore.entrypoints.web.store_locale import StoreLocale

    german = StoreLocale.of("de_DE")
    assert german.message("The drawer holds only 5.00: it cannot pay out 20.00.") == (
        "The drawer holds only 5,00: it cannot pay out 20,00.")
    assert german.message("must add up to the total, -12.50 (they add up to 1299.500)") == (
        "must add up to the total, \u221212,50 (they add up to 1299,500)"
        if german.minus_sign == "\u2212" else "must add up to the total, -12,50 (they add up to 1299,500)")
    for untouched in ("version 1.2.30", "SKU A1.00", "1.5", "12.5", "3.14159", "PO-000012", "TS-1.00X"):
        assert german.message(untouched) == untouched
    assert StoreLocale.of("en_US").message("at least the cash due, 20.00") == "at least the cash due, 20.00"
