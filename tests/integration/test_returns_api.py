"""Returns over HTTP (API.md, "Returns"): the answer's shape, the sale's ``refunded_total``, refusals as
problems, ``Idempotency-Key``, the lists' statement counts."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from starlette.testclient import TestClient

from techstore.application.catalog.commands import NewProduct
from techstore.container import Container
from techstore.domain.identity.users import Role
from tests.support import counting_statements

PASSWORD = "returns-password-1"


def _token(client: TestClient, username: str) -> dict[str, str]:
    answer = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


@pytest.fixture
def sold(container: Container, client: TestClient) -> dict[str, Any]:
    """A sale of 2 cases and 1 cable with a discount of 1.00, paid in cash."""
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    container.identity.provision_user()("sam", PASSWORD, role=Role.STAFF)
    create = partial(container.catalog.create_product(), boss)
    case = create(NewProduct(sku="CASE", name="Phone case", price=Decimal("12.50"), stock=10))
    cable = create(NewProduct(sku="CABLE", name="USB-C cable", price=Decimal("9.99"), stock=5))
    headers = _token(client, "sam")
    body = {"items": [{"product_id": case.id, "quantity": 2}, {"product_id": cable.id, "quantity": 1}],
            "discount": "1.00", "payments": [{"method": "cash", "amount": "33.99"}]}
    sale = client.post("/api/v1/sales", json=body, headers=headers).json()
    return {"sale": sale, "case": case, "cable": cable, "headers": headers}


def _return(sold: dict[str, Any], quantity: int = 1, amount: str = "12.15") -> dict[str, Any]:
    return {"items": [{"product_id": sold["case"].id, "quantity": quantity}],
            "refunds": [{"method": "cash", "amount": amount}], "reason": "Wrong colour"}


@pytest.mark.adapters("sqlite", "postgres")
def test_a_return_answers_201_and_the_sale_shows_it(client: TestClient, sold: dict[str, Any]) -> None:
    sale, headers = sold["sale"], sold["headers"]
    # The case line is 25.00 of 34.99: its share of the 1.00 discount is 0.71; one case of two refunds
    # half of 24.29, 12.15 (half-up).
    answer = client.post(f"/api/v1/sales/{sale['id']}/returns", json=_return(sold), headers=headers)
    assert answer.status_code == 201, answer.text
    ret = answer.json()
    assert answer.headers["location"] == f"/api/v1/returns/{ret['id']}"
    assert {k: ret[k] for k in ("number", "sale_id", "total", "reason")} == {
        "number": "RT-000001", "sale_id": sale["id"], "total": "12.15", "reason": "Wrong colour"}
    assert ret["items"] == [{"product_id": sold["case"].id, "sku": "CASE", "name": "Phone case", "quantity": 1,
                             "refund_amount": "12.15", "tax": "0.00", "restocked": True, "serials": []}]
    assert ret["refunds"] == [{"method": "cash", "amount": "12.15"}]
    assert client.get(f"/api/v1/sales/{sale['id']}", headers=headers).json()["refunded_total"] == "12.15"
    assert [r["number"] for r in client.get(f"/api/v1/sales/{sale['id']}/returns", headers=headers).json()] == [
        "RT-000001"]
    assert client.get(f"/api/v1/returns/{ret['id']}", headers=headers).json() == ret
    # The rest refunds exactly what is left of the total.
    rest = {"items": [{"product_id": sold["case"].id, "quantity": 1}, {"product_id": sold["cable"].id, "quantity": 1}],
            "refunds": [{"method": "card", "amount": "21.84"}], "reason": "All back"}
    answer = client.post(f"/api/v1/sales/{sale['id']}/returns", json=rest, headers=headers)
    assert answer.status_code == 201, answer.text
    assert client.get(f"/api/v1/sales/{sale['id']}", headers=headers).json()["refunded_total"] == "33.99"


@pytest.mark.adapters("sqlite")
def test_refusals_name_what_is_wrong(client: TestClient, sold: dict[str, Any], container: Container) -> None:
    sale, headers = sold["sale"], sold["headers"]
    path = f"/api/v1/sales/{sale['id']}/returns"
    answer = client.post(path, json=_return(sold, quantity=3, amount="36.42"), headers=headers)
    assert answer.status_code == 409 and "CASE" in answer.json()["detail"]
    answer = client.post(path, json=_return(sold, amount="12.00"), headers=headers)
    assert answer.status_code == 422 and [e["field"] for e in answer.json()["errors"]] == ["refunds"]
    answer = client.post(path, json={**_return(sold), "reason": " "}, headers=headers)
    assert answer.status_code == 422 and [e["field"] for e in answer.json()["errors"]] == ["reason"]
    assert client.post("/api/v1/sales/999999/returns", json=_return(sold), headers=headers).status_code == 404
    assert client.get("/api/v1/returns/999999", headers=headers).status_code == 404
    assert client.get("/api/v1/returns?from=2026-13-01", headers=headers).status_code == 422
    assert client.get("/api/v1/returns", headers=headers).json()["total"] == 0
    assert client.post(path, json=_return(sold)).status_code == 401


@pytest.mark.adapters("sqlite")
def test_a_sale_with_returns_cannot_be_voided(client: TestClient, sold: dict[str, Any]) -> None:
    sale, headers = sold["sale"], sold["headers"]
    assert client.post(f"/api/v1/sales/{sale['id']}/returns", json=_return(sold), headers=headers).status_code == 201
    answer = client.post(f"/api/v1/sales/{sale['id']}/void", json={"reason": "Mistake"},
                         headers=_token(client, "boss"))
    assert answer.status_code == 409, answer.text


@pytest.mark.adapters("sqlite")
def test_the_same_key_returns_once(client: TestClient, sold: dict[str, Any]) -> None:
    sale, headers = sold["sale"], sold["headers"]
    keyed = {**headers, "Idempotency-Key": "return-1"}
    path = f"/api/v1/sales/{sale['id']}/returns"
    first = client.post(path, json=_return(sold), headers=keyed)
    again = client.post(path, json=_return(sold), headers=keyed)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    other = client.post(path, json=_return(sold, quantity=2, amount="24.29"), headers=keyed)
    assert other.status_code == 422
    assert client.get("/api/v1/returns", headers=headers).json()["total"] == 1


@pytest.mark.adapters("sqlite", "postgres")
def test_the_returns_lists_take_a_fixed_number_of_statements(client: TestClient, sold: dict[str, Any],
                                                             container: Container) -> None:
    sale, headers = sold["sale"], sold["headers"]
    counts = []
    for amount in ("12.15", "12.14"):
        one = {"items": [{"product_id": sold["case"].id, "quantity": 1, "restock": False}],
               "refunds": [{"method": "cash", "amount": amount}], "reason": "x"}
        assert client.post(f"/api/v1/sales/{sale['id']}/returns", json=one, headers=headers).status_code == 201
        seen = []
        for path in ("/api/v1/returns", f"/api/v1/sales/{sale['id']}/returns"):
            with counting_statements(container) as statements:
                assert client.get(path, headers=headers).status_code == 200
            seen.append(len(statements))
        counts.append(seen)
    assert counts[0] == counts[1], counts
