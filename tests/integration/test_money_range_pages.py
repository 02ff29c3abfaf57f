"""The pages show every refusal of the money range (422), a pay-out beyond the drawer's cash (409) and a void
of a deleted customer's sale (409) next to the form that caused it, never as a server error; a deleted
customer's page is an admin's, with the form that restores them. On SQLite and PostgreSQL: PostgreSQL is
where an amount past NUMERIC(12,2) used to fail as a 500."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from starlette.testclient import TestClient

from techstore.application.catalog.commands import NewProduct
from techstore.application.customers.commands import NewCustomer, NewPayment
from techstore.application.repairs.commands import NewRepair
from techstore.application.sales.commands import NewSale, PaymentLine, SaleLine, SaleQuery
from techstore.application.shared.pages import PageRequest
from techstore.container import Container
from techstore.domain.identity.users import Role
from tests.integration.test_sales_pages import _post
from tests.integration.test_web_session import csrf_from

pytestmark = pytest.mark.adapters("sqlite", "postgres")
PASSWORD = "range-password-1"
MAX = Decimal("9999999999.99")


@pytest.fixture
def shop(container: Container) -> dict[str, Any]:
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN, full_name="Bo Boss")
    container.identity.provision_user()("sam", PASSWORD, role=Role.STAFF, full_name="Sam Seller")
    create = partial(container.catalog.create_product(), boss)
    vault = create(NewProduct(sku="VAULT", name="Bank vault", price=MAX, stock=10))
    case = create(NewProduct(sku="CASE", name="Phone case", price=Decimal("12.50"), stock=10))
    ana = container.customers.register_customer()(boss, NewCustomer("Ana Silva", email="ana@example.com"))
    return {"boss": boss, "vault": vault, "case": case, "ana": ana}


def _sign_in(client: TestClient, username: str) -> None:
    client.cookies.clear()
    token = csrf_from(client.get("/login").text)
    client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})


def _sales(container: Container, boss: Any) -> int:
    return int(container.sales.list_sales()(boss, SaleQuery(), PageRequest()).total)


def test_the_point_of_sale_shows_a_total_past_the_range_beside_the_items(
        client: TestClient, container: Container, shop: dict[str, Any]) -> None:
    _sign_in(client, "sam")
    page = _post(client, client.get("/sales/new").text, "add", code="VAULT")
    page = _post(client, page.text, "add", code="CASE")
    refused = _post(client, page.text, "sell", pay_card=str(MAX), pay_cash="12.50")
    assert refused.status_code == 422, refused.text
    assert 'id="items-error"' in refused.text and "beyond the largest amount" in refused.text
    page = _post(client, client.get("/sales/new").text, "add", code="VAULT")
    page = _post(client, page.text, "update", line_quantity="2")
    refused = _post(client, page.text, "sell", pay_card=str(MAX), pay_transfer=str(MAX))
    assert refused.status_code == 422 and 'id="items[0].quantity-error"' in refused.text, refused.text
    assert _sales(container, shop["boss"]) == 0


def test_the_drawer_page_refuses_a_pay_in_past_the_range_and_a_pay_out_beyond_the_cash(
        client: TestClient, shop: dict[str, Any]) -> None:
    _sign_in(client, "sam")
    token = csrf_from(client.get("/cash").text)
    assert client.post("/cash/open", data={"csrf_token": token, "opening_float": "20.00"},
                       follow_redirects=False).status_code == 303
    beyond = client.post("/cash/movements", data={"csrf_token": token, "type": "pay_out", "amount": "20.01",
                                                  "reason": "Courier"})
    assert beyond.status_code == 409 and 'id="amount-error"' in beyond.text
    assert "The drawer holds only 20.00" in beyond.text
    assert client.post("/cash/movements", data={"csrf_token": token, "type": "pay_in", "amount": str(MAX),
                                                "reason": "The bank"}).status_code == 422
    past = client.post("/cash/movements", data={"csrf_token": token, "type": "pay_in", "amount": "9999999979.99",
                                                "reason": "The bank"}, follow_redirects=False)
    assert past.status_code == 303  # exactly the most the range holds
    over = client.post("/cash/movements", data={"csrf_token": token, "type": "pay_in", "amount": "0.01",
                                                "reason": "Change"})
    assert over.status_code == 422 and 'id="amount-error"' in over.text and "expected cash" in over.text
    closed = client.post("/cash/close", data={"csrf_token": token, "counted_cash": str(MAX), "confirm": "yes",
                                              "expected": str(MAX)}, follow_redirects=False)
    assert closed.status_code == 303, closed.text
    assert "exact" in client.get(closed.headers["location"]).text


def test_the_customer_page_refuses_a_balance_past_the_range(client: TestClient, shop: dict[str, Any]) -> None:
    _sign_in(client, "boss")
    ana = shop["ana"]
    page = client.get(f"/customers/{ana.id}").text
    token = csrf_from(page)
    first = client.post(f"/customers/{ana.id}/adjustments", data={"csrf_token": token, "amount": str(MAX),
                                                                  "reason": "Migrated"}, follow_redirects=False)
    assert first.status_code == 303
    refused = client.post(f"/customers/{ana.id}/adjustments", data={"csrf_token": token, "amount": "0.01",
                                                                    "reason": "Interest"})
    assert refused.status_code == 422 and 'id="adjustment-amount-error"' in refused.text
    assert "the balance would be 10000000000.00" in refused.text.lower()


def test_a_part_past_the_range_is_refused_on_the_repair_page(client: TestClient, container: Container,
                                                             shop: dict[str, Any]) -> None:
    repair = container.repairs.take_repair_in()(shop["boss"], NewRepair(shop["ana"].id, "Safe", "Stuck door"))
    _sign_in(client, "sam")
    token = csrf_from(client.get(f"/repairs/{repair.id}").text)
    refused = client.post(f"/repairs/{repair.id}/parts", data={"csrf_token": token, "code": "VAULT",
                                                               "quantity": "2"})
    assert refused.status_code == 422 and 'id="quantity-error"' in refused.text, refused.text


def test_voiding_a_deleted_customers_sale_is_refused_on_the_page_until_an_admin_restores_them(
        client: TestClient, container: Container, shop: dict[str, Any]) -> None:
    boss, ana, case = shop["boss"], shop["ana"], shop["case"]
    sale = container.sales.place_sale()(boss, NewSale([SaleLine(case.id, 1)],
                                                      [PaymentLine("account", Decimal("12.50"))], ana.id))
    container.customers.take_payment()(boss, ana.id, NewPayment(Decimal("12.50"), "card"))
    container.customers.delete_customer()(boss, ana.id)

    _sign_in(client, "sam")
    assert client.get(f"/customers/{ana.id}").status_code == 404  # staff never see a deleted customer
    _sign_in(client, "boss")
    detail = client.get(f"/sales/{sale.id}").text
    assert f'href="/customers/{ana.id}"' in detail  # an admin reaches the deleted customer from the sale
    refused = client.post(f"/sales/{sale.id}/void", data={"csrf_token": csrf_from(detail), "reason": "Twice"})
    assert refused.status_code == 409 and "was deleted" in refused.text and "restores" in refused.text
    assert container.customers.get_customer().even_deleted(boss, ana.id).balance == Decimal("0.00")

    page = client.get(f"/customers/{ana.id}")
    assert page.status_code == 200 and "Deleted" in page.text and "Restore" in page.text
    no_token = client.post(f"/customers/{ana.id}/restore", data={})
    assert no_token.status_code == 403  # CSRF: the form's token is required
    other = container.customers.register_customer()(boss, NewCustomer("Ana Costa", email="ANA@example.com"))
    taken = client.post(f"/customers/{ana.id}/restore", data={"csrf_token": csrf_from(page.text)})
    assert taken.status_code == 409 and "already has the email" in taken.text
    container.customers.delete_customer()(boss, other.id)
    restored = client.post(f"/customers/{ana.id}/restore", data={"csrf_token": csrf_from(page.text)},
                           follow_redirects=False)
    assert restored.status_code == 303 and restored.headers["location"] == f"/customers/{ana.id}?done=restored"
    assert "The customer was restored." in client.get(restored.headers["location"]).text
    voided = client.post(f"/sales/{sale.id}/void", data={"csrf_token": csrf_from(detail), "reason": "Twice"})
    assert voided.status_code == 200 and "The sale was voided." in voided.text
    assert container.customers.get_customer()(boss, ana.id).balance == Decimal("-12.50")


def test_staff_may_not_restore_from_the_page(client: TestClient, container: Container,
                                             shop: dict[str, Any]) -> None:
    container.customers.delete_customer()(shop["boss"], shop["ana"].id)
    _sign_in(client, "sam")
    token = csrf_from(client.get("/customers").text)
    refused = client.post(f"/customers/{shop['ana'].id}/restore", data={"csrf_token": token})
    assert refused.status_code == 403
    with pytest.raises(Exception, match="does not exist"):
        container.customers.get_customer()(shop["boss"], shop["ana"].id)

