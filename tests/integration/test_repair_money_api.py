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
def test_the_quote_with_the_customer_is_frozen_and_asking_again_freezes_the_new_total(
        client: TestClient, shop: dict[str, Any]) -> None:
    """While awaiting approval every line change is refused (409) and nothing moves: not the quote the customer
    sees, nor the stock; once approved, a line past the quote added with ``requote`` sends the repair back for
    approval with the new total as its quote and a new message."""
    staff = _token(client, "sam")
    repair = client.post("/api/v1/repairs", headers=staff, json={
        "customer_id": shop["ana"].id, "equipment": "iPhone 12", "reported_problem": "Cracked screen"}).json()
    path, product = f"/api/v1/repairs/{repair['id']}", f"/api/v1/products/{shop['screen'].id}"
    client.post(path + "/lines", headers=staff, json={"kind": "labour", "description": "Screen fitting",
                                                     "amount": "49.00"})
    part = client.post(path + "/lines", headers=staff, json={"kind": "part", "product_id": shop["screen"].id,
                                                            "quantity": 1}).json()
    client.patch(path, headers=staff, json={"diagnosis": "Broken LCD"})
    for to in ("diagnosing", "awaiting_approval"):
        assert client.post(path + "/transitions", headers=staff, json={"to": to}).status_code == 200
    public = f"/api/v1/public/repairs/{repair['tracking_code']}"
    assert client.get(public).json()["quote"]["total"] == "129.00"

    frozen = (f"{repair['number']}'s quote of 129.00 is with the customer: record their answer first (approved, "
              "then add work up to the quote; declined, then ready)")
    refused = [
        client.post(path + "/lines", headers=staff, json={"kind": "labour", "description": "Battery",
                                                          "amount": "100.00"}),
        client.post(path + "/lines", headers=staff, json={"kind": "part", "product_id": shop["screen"].id,
                                                          "quantity": 1}),
        client.post(path + "/lines", headers=staff, json={"kind": "labour", "description": "Battery",
                                                          "amount": "100.00", "requote": True}),
        client.post(path + "/parts", headers=staff, json={"product_id": shop["screen"].id, "quantity": 1}),
        client.delete(f"{path}/lines/{part['id']}", headers=staff),
        client.patch(path, headers=staff, json={"price": "10.00"}),
    ]
    for answer in refused:
        assert answer.status_code == 409, answer.text
        assert frozen in answer.text
    now = client.get(path, headers=staff).json()
    assert (now["status"], now["quote_total"], now["price"], len(now["lines"])) == ("awaiting_approval", "129.00",
                                                                                   "129.00", 2)
    assert client.get(public).json()["quote"]["total"] == "129.00"
    assert client.get(product, headers=staff).json()["stock"] == 1
    assert client.post(path + "/lines", headers=staff, json={"kind": "labour", "description": "Battery",
                                                            "amount": "1.00", "requote": "yes"}).status_code == 422

    assert client.post(public + "/answer", json={"approved": True, "confirm": "5678"}).status_code == 200
    beyond = client.post(path + "/lines", headers=staff, json={"kind": "labour", "description": "Battery",
                                                              "amount": "30.00"})
    assert beyond.status_code == 409 and "ask the customer again (requote)" in beyond.text
    again = client.post(path + "/lines", headers=staff, json={"kind": "labour", "description": "Battery",
                                                             "amount": "30.00", "requote": True})
    assert again.status_code == 201, again.text
    now = client.get(path, headers=staff).json()
    assert (now["status"], now["quote_total"], now["price"]) == ("awaiting_approval", "159.00", "159.00")
    assert client.get(public).json()["quote"]["total"] == "159.00"
    history = client.get(path + "/history", headers=staff).json()["items"]
    assert any(h["to_status"] == "awaiting_approval" and h["note"] == "The quote grows: Battery" for h in history)
    subjects = [m["subject"] for m in client.get(path + "/messages", headers=staff).json()]
    assert subjects == [f"Your repair {repair['number']}: please approve the quote"] * 2


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
