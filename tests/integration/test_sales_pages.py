"""The sales pages without JavaScript: the point of sale as plain form posts (scan, quantities,
customer, split payment, refusals shown next to their fields, a double submit sells once), the
list and a sale's page, voiding, the receipt and its PDF."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from starlette.testclient import TestClient

from techstore.application.catalog.commands import NewProduct
from techstore.application.customers.commands import NewCustomer
from techstore.container import Container
from techstore.domain.identity.users import Role
from tests.integration.test_web_session import csrf_from

pytestmark = pytest.mark.adapters("sqlite")
PASSWORD = "pages-password-1"


@pytest.fixture
def shop(container: Container) -> dict[str, Any]:
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN, full_name="Bo Boss")
    container.identity.provision_user()("sam", PASSWORD, role=Role.STAFF, full_name="Sam Seller")
    create = partial(container.catalog.create_product(), boss)
    case = create(NewProduct(sku="CASE", name="Phone case", price=Decimal("12.50"), stock=10,
                             barcode="5901234123457"))
    cable = create(NewProduct(sku="CABLE", name="USB-C cable", price=Decimal("9.99"), stock=5))
    ana = container.customers.register_customer()(boss, NewCustomer("Ana Silva", phone="+351 912 345 678",
                                                                    credit_limit=Decimal("100.00")))
    return {"case": case, "cable": cable, "ana": ana}


def _sign_in(client: TestClient, username: str) -> None:
    token = csrf_from(client.get("/login").text)
    client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})


def _fields(html: str) -> list[tuple[str, str]]:
    """The form's hidden and typed fields as a browser would post them (lines repeat their names)."""
    fields = []
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            fields.append((name.group(1), value.group(1) if value else ""))
    return fields


def _post(client: TestClient, html: str, action: str, **typed: str) -> Any:
    data = [(k, v) for k, v in _fields(html) if k not in typed] + list(typed.items()) + [("action", action)]
    return client.post("/sales/new", content="&".join(f"{k}={v}" for k, v in _encoded(data)),
                       headers={"Content-Type": "application/x-www-form-urlencoded"}, follow_redirects=False)


def _encoded(data: list[tuple[str, str]]) -> list[tuple[str, str]]:
    from urllib.parse import quote_plus

    return [(quote_plus(k), quote_plus(v)) for k, v in data]


def test_a_sale_rung_up_with_plain_form_posts(client: TestClient, container: Container,
                                              shop: dict[str, Any]) -> None:
    _sign_in(client, "sam")
    page = client.get("/sales/new")
    assert page.status_code == 200 and 'id="code"' in page.text and "autofocus" in page.text
    page = _post(client, page.text, "add", code="5901234123457")  # scanned: the barcode and Enter
    page = _post(client, page.text, "add", code="case")  # typed: the SKU in any case adds one more
    page = _post(client, page.text, "add", code="cable")
    assert page.status_code == 200 and "Phone case" in page.text and "USB-C cable" in page.text
    assert re.search(r'name="line_quantity"[^>]*value="2"', page.text)
    assert "34.99" in page.text  # the server's total: 2 × 12.50 + 9.99
    unknown = _post(client, page.text, "add", code="NOPE")
    assert "No product has the SKU or barcode" in unknown.text

    found = _post(client, page.text, "find_customer", customer_q="ana")
    assert "Ana Silva" in found.text
    with_customer = _post(client, found.text, f"customer:{shop['ana'].id}")
    assert 'name="customer_id"' in with_customer.text

    short = _post(client, with_customer.text, "sell", pay_cash="20.00", pay_card="10.00")
    assert short.status_code == 422 and "ust add up to the total" in short.text
    bad = _post(client, with_customer.text, "sell", pay_cash="20.001", pay_card="14.99")
    assert bad.status_code == 422 and "at most two decimals" in bad.text
    assert "No sale matches" in client.get("/sales").text  # nothing sold yet
    too_little = _post(client, with_customer.text, "sell", pay_cash="20.00", pay_card="14.99", tendered="19.99")
    assert too_little.status_code == 422 and 'id="tendered-error"' in too_little.text
    assert "at least the cash due, 20.00" in too_little.text
    typed = {"pay_cash": "20.00", "pay_card": "14.99", "tendered": "50.00"}
    sold = _post(client, with_customer.text, "sell", **typed)
    assert sold.status_code == 303 and sold.headers["location"].endswith("/receipt?new=1")  # the change is kept
    again = _post(client, with_customer.text, "sell", **typed)  # a double submit: the same key
    assert again.status_code == 303 and again.headers["location"] == sold.headers["location"]

    receipt = client.get(sold.headers["location"])
    assert receipt.status_code == 200
    for text in ("S-000001", "Phone case", "34.99", "Sam Seller", "Cash", "Card", "New sale", "Ana Silva"):
        assert text in receipt.text
    reprint = client.get(sold.headers["location"].split("?")[0]).text  # any later reprint: from the sale
    assert re.search(r"Cash tendered</td><td class=\"num\">50.00<", reprint)
    assert re.search(r"Change</td><td class=\"num\">30.00<", reprint)
    listed = client.get("/sales")
    assert listed.status_code == 200 and ">S-000001</a>" in listed.text and ">S-000002</a>" not in listed.text


def test_scanning_the_store_s_own_text_code_adds_its_product(client: TestClient, container: Container,
                                                             shop: dict[str, Any]) -> None:
    """A Code 128 label of the store's own text code reads back as that text (a space, / and . in it, upper-case
    as printed; typed in lower case too): the till finds the product by it, ahead of a SKU of the same text."""
    boss = container.identity.provision_user()("ada", PASSWORD, role=Role.ADMIN)
    container.catalog.create_product()(boss, NewProduct(sku="TAG", name="Shelf tag", price=Decimal("3.00"), stock=4,
                                                        barcode="ts-000123 a/b.7"))
    container.catalog.create_product()(boss, NewProduct(sku="CABLE-2", name="Spare cable", price=Decimal("1.00"),
                                                        stock=4, barcode="CABLE"))
    _sign_in(client, "sam")
    page = client.get("/sales/new")
    page = _post(client, page.text, "add", code="TS-000123 A/B.7")  # scanned
    page = _post(client, page.text, "add", code="ts-000123 a/b.7")  # typed
    assert page.status_code == 200 and "Shelf tag" in page.text, page.text
    assert re.search(r'name="line_quantity"[^>]*value="2"', page.text)
    page = _post(client, page.text, "add", code="cable")  # another product's barcode before this SKU
    assert "Spare cable" in page.text and "USB-C cable" not in page.text
    unknown = _post(client, page.text, "add", code="TS-000124")
    assert "No product has the SKU or barcode" in unknown.text


def test_quantities_edit_and_remove_lines_and_the_totals_block(client: TestClient, shop: dict[str, Any]) -> None:
    _sign_in(client, "sam")
    page = _post(client, client.get("/sales/new").text, "add", code="CASE")
    page = _post(client, page.text, "update", line_quantity="3")
    assert "37.50" in page.text
    totals = client.post("/sales/new/totals", data={
        "csrf_token": csrf_from(page.text), "line_product_id": str(shop["case"].id), "line_quantity": "2",
        "pay_cash": "20.00", "pay_card": "5.00", "tendered": "50.00"}, headers={"HX-Request": "true"})
    assert totals.status_code == 200 and 'id="pos-totals"' in totals.text
    assert "25.00" in totals.text and "30.00" in totals.text  # the total; the change for 50.00 tendered
    removed = _post(client, page.text, "remove:0")
    assert "Nothing yet" in removed.text
    products = client.get("/sales/new/products?code=cab", headers={"HX-Request": "true"})
    assert "USB-C cable" in products.text and f'value="add:{shop["cable"].id}"' in products.text


def test_voiding_from_the_sale_page(client: TestClient, container: Container, shop: dict[str, Any]) -> None:
    _sign_in(client, "sam")
    page = _post(client, client.get("/sales/new").text, "add", code="CASE")
    sold = _post(client, page.text, "sell", pay_cash="12.50")
    sale_id = int(re.search(r"/sales/(\d+)/", sold.headers["location"]).group(1))
    staff_view = client.get(f"/sales/{sale_id}")
    assert staff_view.status_code == 200 and "Void this sale" not in staff_view.text
    _sign_in(client, "boss")
    detail = client.get(f"/sales/{sale_id}")
    assert "Void this sale" in detail.text
    token = csrf_from(detail.text)
    refused = client.post(f"/sales/{sale_id}/void", data={"csrf_token": token, "reason": " "})
    assert refused.status_code == 422 and "Is required" in refused.text
    voided = client.post(f"/sales/{sale_id}/void", data={"csrf_token": token, "reason": "Rung up twice"})
    assert voided.status_code == 200 and "The sale was voided." in voided.text and "Rung up twice" in voided.text
    assert "VOIDED" in client.get(f"/sales/{sale_id}/receipt").text
    assert "voided" in client.get("/sales?status=voided").text.lower()


def test_the_receipt_as_pdf(client: TestClient, shop: dict[str, Any]) -> None:
    _sign_in(client, "sam")
    page = _post(client, client.get("/sales/new").text, "add", code="CASE")
    sold = _post(client, page.text, "sell", pay_card="12.50")
    pdf = client.get(sold.headers["location"].replace("/receipt?new=1", "/receipt.pdf"))
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and len(pdf.content) > 1000


def test_a_receipt_names_its_seller_whoever_reprints_it(client: TestClient, container: Container,
                                                        shop: dict[str, Any]) -> None:
    container.identity.provision_user()("rita", PASSWORD, role=Role.STAFF, full_name="Rita Repairs")
    _sign_in(client, "sam")
    page = _post(client, client.get("/sales/new").text, "add", code="CASE")
    receipt = _post(client, page.text, "sell", pay_cash="12.50").headers["location"].split("?")[0]
    for reader in ("sam", "rita", "boss"):  # the seller, a colleague (staff), an admin
        _sign_in(client, reader)
        assert "Sam Seller" in client.get(receipt).text, reader


def test_refusals_beside_their_cause_and_the_cash_keys(client: TestClient, shop: dict[str, Any]) -> None:
    """Issue 23, without JavaScript: over the credit limit beside the account payment, short of stock beside
    the line, everything typed kept; tendered alone is cash for the total; the cash keys; no change shown
    while the payments leave something to pay."""
    _sign_in(client, "sam")
    page = _post(client, client.get("/sales/new").text, "add", code="CASE")
    found = _post(client, page.text, "add", customer_q="ana")  # Enter in the customer field presses "Add"
    assert f'value="customer:{shop["ana"].id}"' in found.text
    chosen = _post(client, found.text, f"customer:{shop['ana'].id}")
    chosen = _post(client, chosen.text, "update", line_quantity="9")  # 112.50, over Ana's limit of 100.00
    over = _post(client, chosen.text, "sell", pay_account="112.50", notes="For the shop")
    assert over.status_code == 409 and 'id="pay_account-error"' in over.text and "credit limit" in over.text
    assert 'value="112.50"' in over.text and 'value="For the shop"' in over.text

    short = _post(client, chosen.text, "update", line_quantity="11")
    refused = _post(client, short.text, "sell", pay_card="137.50")
    assert refused.status_code == 409 and 'id="items[0].quantity-error"' in refused.text
    assert "asked 11, 10 in stock" in refused.text

    cash = _post(client, client.get("/sales/new").text, "add", code="CASE")
    partly = _post(client, cash.text, "update", pay_cash="10.00", tendered="20.00")
    assert re.search(r'id="pos-change">—<', partly.text) and re.search(r'id="pos-due">2.50<', partly.text)
    rest = _post(client, cash.text, "rest_cash", pay_cash="10.00", tendered="20.00")
    assert re.search(r'name="pay_cash"[^>]*value="12.50"', rest.text) and re.search(r'id="pos-change">7.50<', rest.text)
    exact = _post(client, cash.text, "exact_cash", pay_card="3.00")
    assert re.search(r'name="pay_cash"[^>]*value="12.50"', exact.text)
    assert not re.search(r'name="pay_card"[^>]*value="3.00"', exact.text)
    alone = _post(client, cash.text, "update", tendered="20.00")
    assert re.search(r'id="pos-change">7.50<', alone.text)
    sold = _post(client, cash.text, "sell", tendered="20.00")
    assert sold.status_code == 303
    receipt = client.get(sold.headers["location"].split("?")[0]).text
    assert re.search(r"Change</td><td class=\"num\">7.50<", receipt)
