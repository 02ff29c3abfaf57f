"""A store that takes cash only from an open drawer (the default), seen from the pages without JavaScript:
the point of sale says the drawer is closed and links to opening it; a cash sale is refused next to the cash
typed, with everything kept; a cash payment on an account and a cash refund are refused on their forms; and
nothing of any of them is recorded."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pytest
from dependency_injector import providers
from starlette.testclient import TestClient

from techstore.application.cash.commands import JournalQuery
from techstore.application.catalog.commands import NewProduct
from techstore.application.customers.commands import NewCustomer
from techstore.application.sales.commands import NewSale, PaymentLine, SaleLine
from techstore.application.shared.pages import PageRequest
from techstore.container import Container
from techstore.container.root import members
from techstore.domain.identity.users import Role
from techstore.entrypoints.app import create_app
from tests.integration.test_web_session import csrf_from

pytestmark = pytest.mark.adapters("sqlite")
PASSWORD = "pages-password-1"
REFUSED = "Open a cash session first"


@pytest.fixture
def store(container: Container) -> dict[str, Any]:
    settings = attrs.evolve(container.settings(), require_cash_session=True)
    container.settings.override(providers.Object(settings))
    container.adapters.members.last_overriding.override(providers.Object(members("sql", settings)))
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    container.identity.provision_user()("sam", PASSWORD, role=Role.STAFF)
    case = container.catalog.create_product()(boss, NewProduct(sku="CASE", name="Phone case",
                                                               price=Decimal("12.50"), stock=10))
    ana = container.customers.register_customer()(boss, NewCustomer("Ana", email="ana@example.com"))
    sale = container.sales.place_sale()(boss, NewSale([SaleLine(case.id, 2)], [PaymentLine("card", Decimal("25.00"))]))
    return {"case": case, "ana": ana, "sale": sale, "boss": boss}


@pytest.fixture
def sam(container: Container, store: dict[str, Any]) -> TestClient:
    client = TestClient(create_app(container))
    token = csrf_from(client.get("/login").text)
    client.post("/login", data={"username": "sam", "password": PASSWORD, "csrf_token": token})
    return client


def _journal(container: Container, store: dict[str, Any]) -> list[str]:
    entries = container.cash.list_journal()(store["boss"], JournalQuery(), PageRequest()).items
    return [f"{e.kind.value} {e.method.value} {e.amount}" for e in entries]


def test_a_cash_sale_is_refused_next_to_the_cash_and_keeps_the_cart(
        container: Container, store: dict[str, Any], sam: TestClient) -> None:
    page = sam.get("/sales/new").text
    assert "Your cash drawer is closed." in page and 'href="/cash">Open your drawer' in page
    case = store["case"]
    refused = sam.post("/sales/new", data={"csrf_token": csrf_from(page), "key": "k1",
                                           "line_product_id": str(case.id), "line_quantity": "1",
                                           "pay_cash": "12.50", "action": "sell"})
    assert refused.status_code == 409
    assert 'id="pay_cash-error"' in refused.text and REFUSED in refused.text
    assert 'value="12.50"' in refused.text and "Phone case" in refused.text  # what was typed stays
    assert _journal(container, store) == ["sale card 25.00"]
    assert container.catalog.get_product()(store["boss"], case.id).stock == 8


def test_a_cash_payment_on_account_and_a_cash_refund_are_refused_on_their_forms(
        container: Container, store: dict[str, Any], sam: TestClient) -> None:
    ana, sale, case = store["ana"], store["sale"], store["case"]
    page = sam.get(f"/customers/{ana.id}").text
    paid = sam.post(f"/customers/{ana.id}/payments", data={"csrf_token": csrf_from(page), "amount": "5.00",
                                                           "method": "cash"})
    assert paid.status_code == 409 and REFUSED in paid.text and 'value="5.00"' in paid.text
    form = sam.get(f"/sales/{sale.id}/returns/new").text
    refund = sam.post(f"/sales/{sale.id}/returns/new", data={
        "csrf_token": csrf_from(form), "key": "r1", f"qty_{case.id}": "1", f"restock_{case.id}": "on",
        "reason": "Wrong", "refund_cash": "12.50", "action": "return"})
    assert refund.status_code == 409 and REFUSED in refund.text
    assert _journal(container, store) == ["sale card 25.00"]
    assert container.customers.get_customer()(store["boss"], ana.id).balance == Decimal("0.00")
