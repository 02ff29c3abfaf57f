"""Taxes on printed documents (PRODUCT.md, "Taxes"): the store's tax id, a rate mark on each line (A for the
highest percent, B, …), the tax row of the totals and the summary per rate, on the 80 mm receipt, its PDF and
the A4 invoice; with prices that include tax, the tax is shown within the total."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import pytest
from dependency_injector import providers
from starlette.testclient import TestClient

from techstore.application.catalog.commands import NewProduct, ProductChanges
from techstore.application.customers.commands import NewCustomer
from techstore.application.sales.commands import NewReturn, NewSale, PaymentLine, ReturnLine, SaleLine
from techstore.application.taxes.commands import NewTaxRate
from techstore.container import Container
from techstore.domain.identity.users import Role
from techstore.entrypoints.app import create_app
from tests.integration.test_web_session import csrf_from
from tests.pdfs import RECEIPT_WIDTH, page_sizes

pytestmark = pytest.mark.adapters("sqlite")
PASSWORD = "receipt-taxes-password-1"
STORE_TAX_ID = "PT 500 100 200"


def _shop(container: Container, *, prices_include_tax: bool) -> Iterator[tuple[TestClient, dict[str, Any]]]:
    settings = attrs.evolve(container.settings(), store_tax_id=STORE_TAX_ID, prices_include_tax=prices_include_tax)
    container.settings.override(providers.Object(settings))
    container.sales.place_sale.reset()
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN, full_name="Bo Boss")
    rates = container.taxes.create_tax_rate()
    standard = rates(boss, NewTaxRate("Standard", Decimal("23")))
    exempt = rates(boss, NewTaxRate("Exempt", Decimal("0")))
    create, update = container.catalog.create_product(), container.catalog.update_product()
    case = create(boss, NewProduct(sku="CASE", name="Phone case", price=Decimal("19.99"), stock=10))
    card = create(boss, NewProduct(sku="GIFT", name="Gift card", price=Decimal("25.00"), stock=10))
    update(boss, case.id, ProductChanges(tax_rate_id=standard.id), frozenset({"tax_rate_id"}))
    update(boss, card.id, ProductChanges(tax_rate_id=exempt.id), frozenset({"tax_rate_id"}))
    ana = container.customers.register_customer()(boss, NewCustomer("Ana Silva", phone="912345678",
                                                                    credit_limit=None))
    # Before tax: 19.99 + 4.60 (23 %, half-up) + 25.00 exempt; with tax in the prices: 19.99 + 25.00.
    total = Decimal("44.99") if prices_include_tax else Decimal("49.59")
    sale = container.sales.place_sale()(boss, NewSale([SaleLine(case.id, 1), SaleLine(card.id, 1)],
                                                      [PaymentLine("account", total)],  # type: ignore[arg-type]
                                                      customer_id=ana.id))
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        token = csrf_from(client.get("/login").text)
        client.post("/login", data={"username": "boss", "password": PASSWORD, "csrf_token": token})
        yield client, {"sale": sale, "boss": boss}


@pytest.fixture
def added(container: Container) -> Iterator[tuple[TestClient, dict[str, Any]]]:
    yield from _shop(container, prices_include_tax=False)


@pytest.fixture
def included(container: Container) -> Iterator[tuple[TestClient, dict[str, Any]]]:
    yield from _shop(container, prices_include_tax=True)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_receipt_prints_the_tax_id_each_line_s_mark_and_the_summary(added: tuple[TestClient, Any]) -> None:
    client, shop = added
    sale = shop["sale"]
    for page in (f"/sales/{sale.id}/receipt", f"/sales/{sale.id}/invoice"):
        answer = client.get(page)
        assert answer.status_code == 200, page
        text = _text(answer.text)
        assert f"Tax id: {STORE_TAX_ID}" in text, page
        assert "19.99 A" in text and "25.00 B" in text, (page, text)  # the highest percent is A
        assert "Subtotal 44.99 Tax 4.60 Total 49.59" in text, (page, text)
        assert "A Standard 23% 19.99 4.60" in text and "B Exempt 0% 25.00 0.00" in text, (page, text)
    pdf = client.get(f"/sales/{sale.id}/receipt.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    ((width, _),) = page_sizes(pdf.content)
    assert width == pytest.approx(RECEIPT_WIDTH, abs=0.5)
    printed = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout
    assert STORE_TAX_ID.encode() in printed and b"Standard 23%" in printed


def test_a_return_receipt_says_the_tax_within_its_refund(added: tuple[TestClient, Any],
                                                         container: Container) -> None:
    client, shop = added
    sale = shop["sale"]
    refund = [PaymentLine("account", Decimal("24.59"))]  # type: ignore[arg-type]
    ret = container.sales.make_return()(shop["boss"], sale.id,
                                        NewReturn([ReturnLine(sale.items[0].product_id, 1)], refund, "Wrong model"))
    text = _text(client.get(f"/returns/{ret.id}/receipt").text)
    assert f"Tax id: {STORE_TAX_ID}" in text and "Refund 24.59 of which tax 4.60" in text, text


def test_prices_with_tax_show_the_tax_within_the_total(included: tuple[TestClient, Any]) -> None:
    client, shop = included
    text = _text(client.get(f"/sales/{shop['sale'].id}/receipt").text)
    # 19.99 with 23 % in it: net 16.25, tax 3.74; the gift card is exempt.
    assert re.search(r"Total 44\.99 of which tax 3\.74", text), text
    assert "A Standard 23% 16.25 3.74" in text and "B Exempt 0% 25.00 0.00" in text, text
    assert " Tax 3.74" not in text  # not added to the prices
