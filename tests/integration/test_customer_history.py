"""Issue 23: the sales list's search (``?q=``: part of the number or of the customer's name) and the customer's
history (``GET /api/v1/customers/{id}/history`` and the customer's page), over HTTP: answers, refusals, the
OpenAPI document, the pages."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from starlette.testclient import TestClient

from techstore.application.catalog.commands import NewProduct
from techstore.application.customers.commands import NewCustomer, NewPayment
from techstore.application.repairs.commands import NewRepair
from techstore.application.sales.commands import NewReturn, NewSale, PaymentLine, ReturnLine, SaleLine
from techstore.container import Container
from techstore.domain.identity.users import Role
from techstore.infrastructure.clock import ManualClock
from tests.integration.test_web_session import csrf_from

pytestmark = pytest.mark.adapters("sqlite")
PASSWORD = "history-password-1"
D = Decimal


@pytest.fixture
def shop(container: Container, clock: ManualClock) -> dict[str, Any]:
    """Ana Silva bought, returned, brought a repair in and paid, an hour apart; Rui bought once; someone paid cash."""
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    container.identity.provision_user()("sam", PASSWORD, role=Role.STAFF)
    head = container.catalog.create_product()(boss, NewProduct("HEAD", "Headset", D("40.00"), stock=10))
    register = container.customers.register_customer()
    ana = register(boss, NewCustomer("Ana Silva", email="ana@example.com", credit_limit=D("500.00")))
    rui = register(boss, NewCustomer("Rui Costa", email="rui.silva@example.com", credit_limit=D("500.00")))
    sell = container.sales.place_sale()
    sale = sell(boss, NewSale([SaleLine(head.id, 2)], [PaymentLine("account", D("80.00"))], customer_id=ana.id))
    sell(boss, NewSale([SaleLine(head.id, 1)], [PaymentLine("account", D("40.00"))], customer_id=rui.id))
    sell(boss, NewSale([SaleLine(head.id, 1)], [PaymentLine("card", D("40.00"))]))
    clock.advance(timedelta(hours=1))
    returned = container.sales.make_return()(boss, sale.id, NewReturn([ReturnLine(head.id, 1)],
                                                                      [PaymentLine("account", D("40.00"))], "Big"))
    clock.advance(timedelta(hours=1))
    repair = container.repairs.take_repair_in()(boss, NewRepair(ana.id, "Tablet", "Cracked", price=D("55.00")))
    clock.advance(timedelta(hours=1))
    payment = container.customers.take_payment()(boss, ana.id, NewPayment(D("20.00"), "cash"))
    return {"boss": boss, "ana": ana, "rui": rui, "sale": sale, "return": returned, "repair": repair,
            "payment": payment}


def _token(client: TestClient, username: str = "sam") -> dict[str, str]:
    answer = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _sign_in(client: TestClient, username: str) -> None:
    token = csrf_from(client.get("/login").text)
    client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})


# The sales list's search

def test_q_finds_sales_by_part_of_the_customers_name_or_of_the_number(client: TestClient,
                                                                       shop: dict[str, Any]) -> None:
    headers = _token(client)

    def numbers(query: str) -> list[str]:
        answer = client.get(f"/api/v1/sales?{query}", headers=headers)
        assert answer.status_code == 200, answer.text
        return [sale["number"] for sale in answer.json()["items"]]

    assert numbers("q=SILVA") == ["S-000001"]  # Ana Silva's; Rui's email holds "silva", his name does not
    assert numbers("q=costa") == ["S-000002"]
    assert numbers("q=s-00000") == ["S-000003", "S-000002", "S-000001"]
    assert numbers("q=000002") == ["S-000002"]
    assert numbers("q=%25") == []  # a typed % is a percent sign, not "anything"
    assert numbers("q=_") == []
    assert numbers("q=nobody") == []
    assert numbers("q=") == ["S-000003", "S-000002", "S-000001"]  # empty: no search
    assert numbers(f"q=s-&customer_id={shop['rui'].id}") == ["S-000002"]
    assert numbers("q=s-&status=voided") == []


def test_a_search_too_long_or_with_control_characters_is_422_naming_q(client: TestClient,
                                                                        shop: dict[str, Any]) -> None:
    headers = _token(client)
    assert client.get("/api/v1/sales?q=" + "a" * 100, headers=headers).status_code == 200
    for bad in ("a" * 101, "ana%0Asilva"):
        answer = client.get(f"/api/v1/sales?q={bad}", headers=headers)
        assert answer.status_code == 422, bad
        assert [error["field"] for error in answer.json()["errors"]] == ["q"]
    assert client.get("/api/v1/sales?q=ana").status_code == 401


def test_the_sales_page_searches_by_number_or_customer(client: TestClient, shop: dict[str, Any]) -> None:
    _sign_in(client, "sam")
    page = client.get("/sales")
    assert 'for="q"' in page.text and "Number or customer" in page.text
    assert 'name="customer_id"' not in page.text and 'name="number"' not in page.text  # no bare id boxes
    found = client.get("/sales?q=ana+silva")
    assert found.status_code == 200
    assert re.findall(r">(S-\d{6})</a>", found.text) == ["S-000001"]
    assert 'value="ana silva"' in found.text
    # A link may still carry customer_id: the form keeps it, and offers the list of everyone's.
    theirs = client.get(f"/sales?customer_id={shop['rui'].id}&status=completed")
    assert re.findall(r">(S-\d{6})</a>", theirs.text) == ["S-000002"]
    assert f'<input type="hidden" name="customer_id" value="{shop["rui"].id}">' in theirs.text
    assert 'href="/sales?status=completed">Show every customer' in theirs.text
    # A search the list cannot read is shown next to its field, and the list is shown without it.
    refused = client.get("/sales?q=" + "x" * 101)
    assert refused.status_code == 200 and 'id="q-error"' in refused.text
    assert len(re.findall(r">(S-\d{6})</a>", refused.text)) == 3


def test_the_document_states_q_and_the_history(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    sales = {p["name"]: p["schema"] for p in paths["/api/v1/sales"]["get"]["parameters"]}
    assert sales["q"]["maxLength"] == 100 and sales["q"]["type"] == "string" and "not" in sales["q"]
    history = paths["/api/v1/customers/{customer_id}/history"]["get"]
    query = {p["name"]: p["schema"] for p in history["parameters"]}
    assert query["limit"] == {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}
    assert query["offset"]["minimum"] == 0
    assert query["customer_id"] == {"type": "integer", "minimum": 1, "maximum": 2147483647}
    assert {"200", "401", "404", "422"} <= set(history["responses"])
    assert history["security"] == [{"bearer": []}]
    assert "403" not in history["responses"]  # any signed-in user reads a customer


# The customer's history

def test_the_history_lists_sales_returns_repairs_and_payments_newest_first(
        client: TestClient, shop: dict[str, Any], clock: ManualClock) -> None:
    headers = _token(client)
    ana = shop["ana"]
    answer = client.get(f"/api/v1/customers/{ana.id}/history", headers=headers)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["total"], body["limit"], body["offset"]) == (4, 50, 0)
    assert [(i["kind"], i["id"], i["number"], i["total"]) for i in body["items"]] == [
        ("payment", shop["payment"].id, None, "20.00"),
        ("repair", shop["repair"].id, "R-000001", "55.00"),
        ("return", shop["return"].id, "RT-000001", "40.00"),
        ("sale", shop["sale"].id, "S-000001", "80.00"),
    ]
    assert body["items"][0]["created_at"] == clock.now().isoformat()
    paged = client.get(f"/api/v1/customers/{ana.id}/history?limit=2&offset=1", headers=headers).json()
    assert [i["kind"] for i in paged["items"]] == ["repair", "return"] and paged["total"] == 4
    past = client.get(f"/api/v1/customers/{ana.id}/history?offset=10", headers=headers).json()
    assert (past["items"], past["total"]) == ([], 4)
    theirs = client.get(f"/api/v1/customers/{shop['rui'].id}/history", headers=headers).json()
    assert [i["number"] for i in theirs["items"]] == ["S-000002"]


def test_the_history_refuses_what_reading_the_customer_refuses(client: TestClient, container: Container,
                                                               shop: dict[str, Any]) -> None:
    headers = _token(client)
    rui = shop["rui"].id
    assert client.get(f"/api/v1/customers/{rui}/history").status_code == 401
    assert client.get(f"/api/v1/customers/{rui}/history", headers={"Authorization": "Bearer x"}).status_code == 401
    unknown = client.get("/api/v1/customers/999999/history", headers=headers)
    assert unknown.status_code == 404 and unknown.headers["content-type"] == "application/problem+json"
    for query, field in (("limit=0", "limit"), ("limit=201", "limit"), ("offset=-1", "offset"),
                         ("limit=x", "limit"), ("offset=2147483648", "offset")):
        bad = client.get(f"/api/v1/customers/{rui}/history?{query}", headers=headers)
        assert bad.status_code == 422, query
        assert [e["field"] for e in bad.json()["errors"]] == [field], query
    # Rui owes 40.00: pay it, then delete him. As GET /customers/{id} has it, a deleted customer is not found.
    container.customers.take_payment()(shop["boss"], rui, NewPayment(D("40.00"), "card"))
    container.customers.delete_customer()(shop["boss"], rui)
    for reader in ("sam", "boss"):
        assert client.get(f"/api/v1/customers/{rui}", headers=_token(client, reader)).status_code == 404
        assert client.get(f"/api/v1/customers/{rui}/history", headers=_token(client, reader)).status_code == 404


def test_the_customers_page_lists_the_history_with_links_and_pages(client: TestClient, container: Container,
                                                                    shop: dict[str, Any]) -> None:
    _sign_in(client, "sam")
    ana = shop["ana"]
    page = client.get(f"/customers/{ana.id}")
    assert page.status_code == 200
    history = page.text.split('id="history"', 1)[1]
    rows = re.findall(r"<tr>\s*<td>(\w+)</td>\s*<td[^>]*>(.*?)</td>", history, re.S)
    assert [kind for kind, _ in rows] == ["Payment", "Repair", "Return", "Sale"]
    links = [re.search(r'href="([^"]+)">([^<]+)</a>', cell).groups() for _, cell in rows]  # type: ignore[union-attr]
    assert links == [
        (f"/customers/{ana.id}/payments/{shop['payment'].id}/receipt", "Receipt"),
        (f"/repairs/{shop['repair'].id}", "R-000001"),
        (f"/returns/{shop['return'].id}/receipt", "RT-000001"),
        (f"/sales/{shop['sale'].id}", "S-000001"),
    ]
    for path, _ in links:
        assert client.get(path).status_code == 200, path
    # Twenty lines a page: more payments bring the history's own pager, which keeps the statement's choices.
    for _ in range(20):
        container.customers.take_payment()(shop["boss"], ana.id, NewPayment(D("1.00"), "cash"))
    first = client.get(f"/customers/{ana.id}?from=2020-01-01&to=2099-12-31")
    assert 'aria-label="History pages"' in first.text
    assert f'href="/customers/{ana.id}?from=2020-01-01&amp;to=2099-12-31&amp;history_offset=20"' in first.text
    second = client.get(f"/customers/{ana.id}?history_offset=20")
    assert re.findall(r">(S-\d{6}|RT-\d{6}|R-\d{6})</a>", second.text.split('id="history"', 1)[1]) == [
        "R-000001", "RT-000001", "S-000001"]


def test_a_deleted_customers_page_shows_their_history_to_admins_only(client: TestClient, container: Container,
                                                                      shop: dict[str, Any]) -> None:
    rui = shop["rui"].id
    container.customers.take_payment()(shop["boss"], rui, NewPayment(D("40.00"), "card"))
    container.customers.delete_customer()(shop["boss"], rui)
    _sign_in(client, "sam")
    assert client.get(f"/customers/{rui}").status_code == 404
    _sign_in(client, "boss")
    page = client.get(f"/customers/{rui}")
    assert page.status_code == 200 and "Restore this customer" in page.text
    assert re.findall(r">(S-\d{6})</a>", page.text.split('id="history"', 1)[1]) == ["S-000002"]
