"""Parked sales over HTTP (API.md, "Sales": ``/parked-sales``): 201 with the cart as given and its location,
the list newest first with who parked it and what is stale, 404 once resumed or dropped, 422 naming each bad
field, 401 without a token, and a fixed number of statements for the list whatever its length."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from starlette.testclient import TestClient

from techstore.application.catalog.commands import NewProduct, ProductChanges, ProductQuery
from techstore.application.customers.commands import NewCustomer
from techstore.application.shared.pages import PageRequest
from techstore.container import Container
from techstore.domain.identity.users import Role
from techstore.infrastructure.clock import ManualClock
from tests.support import counting_statements

PASSWORD = "parked-password-1"
API = "/api/v1/parked-sales"


def _token(client: TestClient, username: str) -> dict[str, str]:
    answer = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


@pytest.fixture
def shop(container: Container) -> dict[str, Any]:
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN, full_name="Bo Boss")
    container.identity.provision_user()("sam", PASSWORD, role=Role.STAFF, full_name="Sam Seller")
    create = partial(container.catalog.create_product(), boss)
    case = create(NewProduct(sku="CASE", name="Phone case", price=Decimal("12.50"), stock=10))
    cable = create(NewProduct(sku="CABLE", name="USB-C cable", price=Decimal("9.99"), stock=5))
    ana = container.customers.register_customer()(boss, NewCustomer(name="Ana Silva", phone="+351 912 345 678"))
    return {"boss": boss, "case": case, "cable": cable, "ana": ana}


@pytest.mark.adapters("sqlite", "postgres")
def test_parking_answers_201_with_the_cart_as_given_and_takes_no_stock(client: TestClient, container: Container,
                                                                      shop: dict[str, Any]) -> None:
    case, cable, ana = shop["case"], shop["cable"], shop["ana"]
    body = {"customer_id": ana.id, "notes": "Back after lunch", "discount": "5",
            "items": [{"product_id": case.id, "quantity": 2, "discount": {"percent": "12.5"}},
                      {"product_id": cable.id, "quantity": 1, "unit_price": "9.00", "serials": ["SN-1"]},
                      {"product_id": case.id, "quantity": 1, "discount": 1.5}]}
    answer = client.post(API, json=body, headers=_token(client, "sam"))
    assert answer.status_code == 201, answer.text
    parked = answer.json()
    assert answer.headers["location"] == f"{API}/{parked['id']}"
    assert {k: v for k, v in parked.items() if k not in ("id", "user_id", "created_at", "items")} == {
        "customer_id": ana.id, "customer_name": "Ana Silva", "user_name": "Sam Seller",
        "discount": {"amount": "5.00"}, "notes": "Back after lunch", "stale": False}
    # Lines as rung up (not merged), each discount as given; unit_price and serials are not kept.
    assert parked["items"] == [
        {"product_id": case.id, "sku": "CASE", "name": "Phone case", "quantity": 2, "discount": {"percent": "12.5"}},
        {"product_id": cable.id, "sku": "CABLE", "name": "USB-C cable", "quantity": 1, "discount": None},
        {"product_id": case.id, "sku": "CASE", "name": "Phone case", "quantity": 1, "discount": {"amount": "1.50"}}]
    assert client.get(answer.headers["location"], headers=_token(client, "boss")).json() == parked
    products = container.catalog.search_products()(shop["boss"], ProductQuery(), PageRequest()).items
    assert {p.sku: p.stock for p in products} == {"CASE": 10, "CABLE": 5}


@pytest.mark.adapters("memory", "sqlite")
def test_the_list_is_newest_first_and_marks_what_was_parked_more_than_a_day_ago(
        client: TestClient, clock: ManualClock, shop: dict[str, Any]) -> None:
    case = shop["case"]
    first = client.post(API, json={"items": [{"product_id": case.id, "quantity": 1}]},
                        headers=_token(client, "sam")).json()
    clock.advance(timedelta(days=1, minutes=1))
    sam, boss = _token(client, "sam"), _token(client, "boss")  # the first tokens have expired
    second = client.post(API, json={"items": [{"product_id": case.id, "quantity": 3}]}, headers=boss).json()
    listed = client.get(API, headers=sam).json()
    assert (listed["total"], listed["limit"], listed["offset"]) == (2, 50, 0)
    assert [(p["id"], p["user_name"], p["stale"]) for p in listed["items"]] == [
        (second["id"], "Bo Boss", False), (first["id"], "Sam Seller", True)]
    assert client.get(f"{API}/{first['id']}", headers=sam).json()["stale"] is True
    page = client.get(API, params={"limit": 1, "offset": 1}, headers=sam).json()
    assert ([p["id"] for p in page["items"]], page["total"]) == ([first["id"]], 2)
    assert client.get(API, params={"offset": 5}, headers=sam).json() == {
        "items": [], "total": 2, "limit": 50, "offset": 5}


@pytest.mark.adapters("sqlite")
def test_dropping_answers_204_then_the_parked_sale_is_gone(client: TestClient, shop: dict[str, Any]) -> None:
    headers = _token(client, "sam")
    parked = client.post(API, json={"items": [{"product_id": shop["case"].id, "quantity": 1}]},
                         headers=headers).json()
    dropped = client.delete(f"{API}/{parked['id']}", headers=_token(client, "boss"))
    assert dropped.status_code == 204 and dropped.content == b""
    for again in (client.get(f"{API}/{parked['id']}", headers=headers),
                  client.delete(f"{API}/{parked['id']}", headers=headers)):
        assert again.status_code == 404 and again.headers["content-type"] == "application/problem+json"
    assert client.get(API, headers=headers).json()["total"] == 0


@pytest.mark.adapters("sqlite")
def test_bad_input_is_422_naming_each_field(client: TestClient, container: Container, shop: dict[str, Any]) -> None:
    headers = _token(client, "sam")
    case = shop["case"]

    def fields(body: Any) -> list[str]:
        answer = client.post(API, json=body, headers=headers)
        assert answer.status_code == 422 and answer.headers["content-type"] == "application/problem+json", answer.text
        return sorted(error["field"] for error in answer.json()["errors"])

    assert fields({"items": []}) == ["items"]
    assert fields({"items": [{"product_id": 999_999, "quantity": 1}], "customer_id": 999_999}) == [
        "customer_id", "items[0].product_id"]
    assert fields({"items": [{"product_id": case.id, "quantity": 0}]}) == ["items[0].quantity"]
    assert fields({"items": [{"product_id": case.id, "quantity": 1, "discount": {"percent": "100.5"}}],
                   "discount": {"amount": "-1"}}) == ["discount", "items[0].discount"]
    assert fields({"items": [{"product_id": case.id, "quantity": 1, "discount": {"percent": "5", "amount": "1"}}],
                   "discount": "1.234"}) == ["discount", "items[0].discount"]
    assert fields({"items": [{"product_id": case.id, "quantity": 1}], "notes": "x" * 1001}) == ["notes"]
    assert fields({"items": [{"product_id": case.id, "quantity": 1}] * 201}) == ["items"]
    assert fields({"items": [{"product_id": case.id, "quantity": 1, "price": "1.00"}]}) == ["items[0]"]
    # A product that cannot be sold is refused as a sale would be: 409 naming it.
    container.catalog.update_product()(shop["boss"], case.id, ProductChanges(is_active=False))
    inactive = client.post(API, json={"items": [{"product_id": case.id, "quantity": 1}]}, headers=headers)
    assert inactive.status_code == 409 and "CASE" in inactive.json()["detail"]
    assert client.get(API, headers=headers).json()["total"] == 0


@pytest.mark.adapters("sqlite")
def test_without_a_token_every_operation_is_401(client: TestClient, shop: dict[str, Any]) -> None:
    for method, path in (("GET", API), ("POST", API), ("GET", f"{API}/1"), ("DELETE", f"{API}/1")):
        answer = client.request(method, path, json={} if method == "POST" else None)
        assert answer.status_code == 401, (method, path)


@pytest.mark.adapters("sqlite", "postgres")
def test_the_list_takes_the_same_statements_whatever_its_length(client: TestClient, container: Container,
                                                                shop: dict[str, Any]) -> None:
    """The caller's session, the page with its total, the lines of all of it, the names of who parked them."""
    headers = {"sam": _token(client, "sam"), "boss": _token(client, "boss")}

    def park(count: int) -> None:
        for n in range(count):
            body = {"items": [{"product_id": shop["case"].id, "quantity": 1},
                              {"product_id": shop["cable"].id, "quantity": 2}], "customer_id": shop["ana"].id}
            assert client.post(API, json=body, headers=headers["boss" if n % 2 else "sam"]).status_code == 201

    def counted() -> int:
        with counting_statements(container) as statements:
            assert client.get(API, headers=headers["sam"]).status_code == 200
        return len(statements)

    park(2)
    assert counted() == 4
    park(8)
    assert counted() == 4


def test_a_double_click_with_one_idempotency_key_parks_the_cart_once(client: TestClient, container: Container,
                                                                      shop: dict[str, Any]) -> None:
    """Every adapter set: the retry replays the first answer (Idempotent-Replayed), another body with the
    key is 422, another user's same key is theirs; once the cart is resumed, the key parks nothing (409)."""
    case, cable = shop["case"], shop["cable"]
    sam = {**_token(client, "sam"), "Idempotency-Key": "park-attempt-1"}
    body = {"items": [{"product_id": case.id, "quantity": 2}], "notes": "Back at noon"}
    first = client.post(API, json=body, headers=sam)
    assert first.status_code == 201 and "idempotent-replayed" not in first.headers
    again = client.post(API, json={"notes": "Back at noon", "items": [{"quantity": 2, "product_id": case.id}]},
                        headers=sam)  # the same body, written otherwise
    assert again.status_code == 201 and again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json() and again.headers["location"] == first.headers["location"]
    assert client.get(API, headers=sam).json()["total"] == 1
    other = client.post(API, json={"items": [{"product_id": cable.id, "quantity": 1}]}, headers=sam)
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "Idempotency-Key"
    boss = {**_token(client, "boss"), "Idempotency-Key": "park-attempt-1"}
    assert client.post(API, json=body, headers=boss).status_code == 201  # keys are per user
    assert client.get(API, headers=sam).json()["total"] == 2
    # The till resumes the first cart (it stops being parked): a late retry of its key parks nothing.
    container.sales.resume_parked_sale()(shop["boss"], first.json()["id"])
    late = client.post(API, json=body, headers=sam)
    assert late.status_code == 409 and "Idempotency-Key" in late.json()["detail"]
    assert client.get(API, headers=sam).json()["total"] == 1
    bad_key = client.post(API, json=body, headers={**sam, "Idempotency-Key": "k" * 201})
    assert bad_key.status_code == 422 and bad_key.json()["errors"][0]["field"] == "Idempotency-Key"
