"""A repair's money over HTTP (API.md, "Repairs"): lines taxed per line, the quote, a deposit at intake, the
customer's answer on the tracking page, delivery for what is left to pay, warranty and cancelling with refunds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from starlette.testclient import TestClient

from techstore.application.catalog.commands import NewProduct
from techstore.application.customers.commands import NewCustomer
from techstore.application.taxes.commands import NewTaxRate
from techstore.container import Container
from techstore.domain.identity.users import Role

PASSWORD = "repairs-password-1"


def _token(client: TestClient, username: str) -> dict[str, str]:
    answer = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


@pytest.fixture
def shop(container: Container) -> dict[str, Any]:
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    container.identity.provision_user()("sam", PASSWORD, role=Role.STAFF)
    ana = container.customers.register_customer()(boss, NewCustomer("Ana Silva", email="ana@example.com",
                                                                    phone="+351 912 345 678",
                                                                    credit_limit=Decimal("500.00")))
    screen = container.catalog.create_product()(boss, NewProduct(sku="SCREEN", name="iPhone 12 screen",
                                                                 price=Decimal("80.00"), stock=2,
                                                                 cost=Decimal("50.00")))
    return {"boss": boss, "ana": ana, "screen": screen}


@pytest.mark.adapters("sqlite", "postgres")
def test_a_repair_with_a_deposit_an_approved_quote_and_delivery(client: TestClient, shop: dict[str, Any]) -> None:
    staff = _token(client, "sam")
    client.post("/api/v1/cash-sessions", headers=staff, json={"opening_float": "100.00"})
    taken = client.post("/api/v1/repairs", headers=staff, json={
        "customer_id": shop["ana"].id, "equipment": "iPhone 12", "serial_number": "356789012345678",
        "reported_problem": "Cracked screen", "condition": {"notes": "Scratched back", "screen": "damaged"},
        "deposits": [{"method": "cash", "amount": "20.00"}]})
    assert taken.status_code == 201, taken.text
    repair = taken.json()
    assert repair["condition"]["screen"] == "damaged" and repair["deposits"] == "20.00"
    path = f"/api/v1/repairs/{repair['id']}"
    labour = client.post(path + "/lines", headers=staff, json={"kind": "labour", "description": "Screen fitting",
                                                              "amount": "49.00"})
    assert labour.status_code == 201, labour.text
    part = client.post(path + "/lines", headers=staff, json={"kind": "part", "product_id": shop["screen"].id,
                                                            "quantity": 1})
    assert part.status_code == 201, part.text
    for to in ("diagnosing",):
        assert client.post(path + "/transitions", headers=staff, json={"to": to}).status_code == 200
    client.patch(path, headers=staff, json={"diagnosis": "Broken LCD"})
    moved = client.post(path + "/transitions", headers=staff, json={"to": "awaiting_approval"})
    assert moved.status_code == 200, moved.text
    assert moved.json()["quote_total"] == "129.00"

    public = f"/api/v1/public/repairs/{repair['tracking_code']}"
    seen = client.get(public).json()
    assert seen["quote"] == {"lines": [{"description": "Screen fitting", "line_total": "49.00"},
                                       {"description": "iPhone 12 screen", "line_total": "80.00"}],
                             "total": "129.00"}
    assert "Ana" not in str(seen)
    wrong = client.post(public + "/answer", json={"approved": True, "confirm": "0000"})
    assert wrong.status_code == 403, wrong.text
    right = client.post(public + "/answer", json={"approved": True, "confirm": "5678"})
    assert right.status_code == 200, right.text
    assert right.json()["status"] == "in_repair"

    beyond = client.post(path + "/lines", headers=staff, json={"kind": "labour", "description": "Battery",
                                                              "amount": "30.00"})
    assert beyond.status_code == 409, beyond.text
    assert client.post(path + "/transitions", headers=staff, json={"to": "ready"}).status_code == 200
    ready = client.get(path, headers=staff).json()
    assert (ready["price"], ready["to_pay"]) == ("129.00", "109.00")
    delivered = client.post(path + "/deliver", headers=staff, json={"payments": [{"method": "card",
                                                                                  "amount": "109.00"}]})
    assert delivered.status_code == 200, delivered.text
    assert delivered.json()["warranty_until"] is not None
    history = client.get(path + "/history", headers=staff).json()["items"]
    assert any(x["by_customer"] and x["created_by_name"] == "customer, through the tracking page"
               for x in history)
    invoice = client.get(f"/repairs/{repair['id']}/invoice.pdf", headers=staff)
    assert invoice.status_code in (200, 303)

    again = client.post("/api/v1/repairs", headers=staff, json={
        "customer_id": shop["ana"].id, "equipment": "iPhone 12", "serial_number": "356789012345678",
        "reported_problem": "Screen flickers", "warranty": True})
    assert again.status_code == 201, again.text
    assert again.json()["related_repair_id"] == repair["id"] and again.json()["to_pay"] == "0.00"


@pytest.mark.adapters("sqlite", "postgres")
def test_cancelling_refunds_exactly_the_deposits(client: TestClient, shop: dict[str, Any]) -> None:
    staff = _token(client, "sam")
    client.post("/api/v1/cash-sessions", headers=staff, json={"opening_float": "100.00"})
    taken = client.post("/api/v1/repairs", headers=staff, json={
        "customer_id": shop["ana"].id, "equipment": "Laptop", "reported_problem": "No power"}).json()
    path = f"/api/v1/repairs/{taken['id']}"
    deposit = client.post(path + "/deposits", headers=staff, json={"payments": [{"method": "cash",
                                                                                 "amount": "30.00"}]})
    assert deposit.status_code == 201, deposit.text
    plain = client.post(path + "/transitions", headers=staff, json={"to": "cancelled"})
    assert plain.status_code == 409
    short = client.post(path + "/cancel", headers=staff, json={"refunds": [{"method": "cash", "amount": "10.00"}]})
    assert short.status_code == 422
    done = client.post(path + "/cancel", headers=staff, json={"note": "Not worth it",
                                                             "refunds": [{"method": "cash", "amount": "30.00"}]})
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "cancelled"


@pytest.mark.adapters("sqlite")
def test_a_price_whose_tax_takes_the_total_beyond_the_money_range_is_refused_on_price(
        client: TestClient, shop: dict[str, Any], container: Container) -> None:
    boss = shop["boss"]
    rate = container.taxes.create_tax_rate()(boss, NewTaxRate("Sales tax 2", Decimal("8.25"), is_default=True))
    assert rate.id is not None
    staff = _token(client, "sam")
    taken = client.post("/api/v1/repairs", headers=staff, json={
        "customer_id": shop["ana"].id, "equipment": "Laptop", "reported_problem": "No power"}).json()
    refused = client.patch(f"/api/v1/repairs/{taken['id']}", headers=staff, json={"price": "9999999999.98"})
    assert refused.status_code == 422, refused.text
    assert {e["field"] for e in refused.json()["errors"]} == {"price"}
    assert client.get(f"/api/v1/repairs/{taken['id']}", headers=staff).json()["lines"] == []


@pytest.mark.adapters("sqlite", "postgres")
def test_deposits_beyond_the_money_range_are_refused_on_payments(client: TestClient, shop: dict[str, Any]) -> None:
    """A deposit's payments are each within range, and so must their sum be, and the repair's deposits together
    (what a cancellation refunds): the drawer's cash and the repair's figures are amounts the store keeps."""
    staff = _token(client, "sam")
    client.post("/api/v1/cash-sessions", headers=staff, json={"opening_float": "100.00"})
    taken = client.post("/api/v1/repairs", headers=staff, json={
        "customer_id": shop["ana"].id, "equipment": "Laptop", "reported_problem": "No power"}).json()
    path = f"/api/v1/repairs/{taken['id']}"
    largest = "9999999999.99"
    both = client.post(path + "/deposits", headers=staff, json={"payments": [{"method": "card", "amount": largest},
                                                                             {"method": "card", "amount": "0.01"}]})
    assert both.status_code == 422, both.text
    assert [e["field"] for e in both.json()["errors"]] == ["payments"]
    first = client.post(path + "/deposits", headers=staff, json={"payments": [{"method": "card", "amount": largest}]})
    assert first.status_code == 201, first.text
    beyond = client.post(path + "/deposits", headers=staff, json={"payments": [{"method": "card", "amount": "0.01"}]})
    assert beyond.status_code == 422, beyond.text
    assert [e["field"] for e in beyond.json()["errors"]] == ["payments"]
    assert client.get(path, headers=staff).json()["deposits"] == largest
