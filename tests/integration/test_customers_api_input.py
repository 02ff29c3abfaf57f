"""Customers over HTTP: bad input at every field is a 422 naming it and changes nothing;
refusals by a rule are 409 naming the field; a NUL byte or a lone surrogate never reaches
the database (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from starlette.testclient import TestClient

from techstore.container import Container
from techstore.domain.identity.users import Role

PASSWORD = "input-password-1"
API = "/api/v1/customers"
GOOD = {"name": "Ana Silva", "email": "ana@example.com", "phone": "+351 912 345 678", "credit_limit": "100.00"}
pytestmark = pytest.mark.adapters("memory", "sqlite", "postgres")


@pytest.fixture
def headers(container: Container, client: TestClient) -> dict[str, str]:
    container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    container.identity.provision_user()("clerk", PASSWORD, role=Role.STAFF)
    tokens = {name: client.post("/api/v1/auth/token", json={"username": name, "password": PASSWORD}).json()
              for name in ("boss", "clerk")}
    return {name: f"Bearer {pair['access_token']}" for name, pair in tokens.items()}


def _admin(headers: dict[str, str]) -> dict[str, str]:
    return {"Authorization": headers["boss"]}


def _fields(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def _customer(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    response = client.post(API, headers=_admin(headers), json=GOOD)
    assert response.status_code == 201, response.text
    assert response.headers["location"] == f"{API}/{response.json()['id']}"
    return dict(response.json())


@pytest.mark.parametrize(("changes", "field"), [
    ({"name": " "}, "name"),
    ({"name": "x" * 121}, "name"),
    ({"name": "Ana\x00Silva"}, "name"),
    ({"name": "Ana\ud800"}, "name"),
    ({"email": "not-an-email"}, "email"),
    ({"email": "ana@exa mple.com"}, "email"),
    ({"email": "a" * 250 + "@x.io"}, "email"),
    ({"phone": "call me"}, "phone"),
    ({"phone": "12345"}, "phone"),
    ({"phone": "+351 912\x00345"}, "phone"),
    ({"address": "x" * 501}, "address"),
    ({"tax_id": "<b>1</b>"}, "tax_id"),
    ({"tax_id": "1" * 33}, "tax_id"),
    ({"tax_id": "PT\n123"}, "tax_id"),
    ({"notes": "bell\x07"}, "notes"),
    ({"credit_limit": "-1.00"}, "credit_limit"),
    ({"credit_limit": "1.005"}, "credit_limit"),
    ({"credit_limit": 1.505}, "credit_limit"),
    ({"balance": "0.00"}, "body"),
    ({"email": None, "phone": None}, "email"),
])
def test_bad_customer_input_names_the_field_and_stores_nothing(client: TestClient, headers: dict[str, str],
                                                               changes: dict[str, Any], field: str) -> None:
    # Sent as JSON writes it: a lone surrogate as the escape \ud800.
    body = json.dumps({**GOOD, **changes})
    sent = client.post(API, headers={**_admin(headers), "Content-Type": "application/json"}, content=body)
    assert field in _fields(sent)
    assert client.get(API, headers=_admin(headers)).json()["total"] == 0


def test_a_tax_id_is_kept_trimmed_and_cleared_with_null(client: TestClient, headers: dict[str, str]) -> None:
    made = client.post(API, headers=_admin(headers), json={**GOOD, "tax_id": " PT 123 456 789 "})
    assert made.status_code == 201 and made.json()["tax_id"] == "PT 123 456 789"
    path = f"{API}/{made.json()['id']}"
    assert client.patch(path, headers=_admin(headers), json={"tax_id": None}).json()["tax_id"] is None


def test_a_bad_change_changes_nothing(client: TestClient, headers: dict[str, str]) -> None:
    customer = _customer(client, headers)
    path = f"{API}/{customer['id']}"
    assert "email" in _fields(client.patch(path, headers=_admin(headers), json={"name": "New", "email": "bad"}))
    refused = client.patch(path, headers=_admin(headers), json={"email": None, "phone": None})
    assert refused.status_code == 409 and "email or a phone" in refused.json()["detail"]
    assert client.get(path, headers=_admin(headers)).json() == customer


def test_a_duplicate_is_409_naming_the_field(client: TestClient, headers: dict[str, str]) -> None:
    _customer(client, headers)
    email = client.post(API, headers=_admin(headers), json={"name": "Other", "email": "ANA@example.com"})
    phone = client.post(API, headers=_admin(headers), json={"name": "Other", "phone": "+351912345678"})
    assert (email.status_code, phone.status_code) == (409, 409)
    assert "email" in email.json()["detail"] and "phone" in phone.json()["detail"]


@pytest.mark.parametrize(("body", "field"), [
    ({"amount": "0", "method": "cash"}, "amount"),
    ({"amount": "-5.00", "method": "cash"}, "amount"),
    ({"amount": "5.001", "method": "cash"}, "amount"),
    ({"amount": "5.00", "method": "cheque"}, "method"),
    ({"amount": "5.00"}, "method"),
    ({"amount": "5.00", "method": "cash", "description": "x" * 201}, "description"),
])
def test_a_bad_payment_names_the_field_and_records_nothing(client: TestClient, headers: dict[str, str],
                                                           body: dict[str, Any], field: str) -> None:
    customer = _customer(client, headers)
    assert field in _fields(client.post(f"{API}/{customer['id']}/payments", headers=_admin(headers), json=body))
    movements = client.get(f"{API}/{customer['id']}/movements", headers=_admin(headers)).json()
    assert movements["total"] == 0 and movements["closing_balance"] == "0.00"


@pytest.mark.parametrize(("body", "field"), [
    ({"amount": "0.00", "reason": "Fix"}, "amount"),
    ({"amount": "5.00", "reason": " "}, "reason"),
    ({"amount": "5.00"}, "reason"),
])
def test_a_bad_adjustment_names_the_field(client: TestClient, headers: dict[str, str], body: dict[str, Any],
                                          field: str) -> None:
    customer = _customer(client, headers)
    assert field in _fields(client.post(f"{API}/{customer['id']}/adjustments", headers=_admin(headers), json=body))


def test_staff_may_take_payments_but_not_adjust(client: TestClient, headers: dict[str, str]) -> None:
    customer = _customer(client, headers)
    staff = {"Authorization": headers["clerk"]}
    adjusted = client.post(f"{API}/{customer['id']}/adjustments", headers=staff, json={"amount": "5", "reason": "x"})
    assert adjusted.status_code == 403
    paid = client.post(f"{API}/{customer['id']}/payments", headers=staff, json={"amount": "5", "method": "card"})
    assert paid.status_code == 201
    assert paid.headers["location"] == f"{API}/{customer['id']}/movements/{paid.json()['id']}"
    assert client.get(paid.headers["location"], headers=staff).json() == paid.json()


@pytest.mark.parametrize("query", ["q=%00", "q=" + "x" * 101, "from=2026-02-30", "to=", "from=yesterday"])
def test_bad_queries_are_refused(client: TestClient, headers: dict[str, str], query: str) -> None:
    path = f"{API}?{query}" if query.startswith("q=") else f"{API}/{_customer(client, headers)['id']}/movements?{query}"
    assert _fields(client.get(path, headers=_admin(headers)))


def test_deleted_customers_are_gone_from_the_api(client: TestClient, headers: dict[str, str]) -> None:
    customer = _customer(client, headers)
    path = f"{API}/{customer['id']}"
    assert client.delete(path, headers=_admin(headers)).status_code == 204
    for method, target in [("GET", path), ("PATCH", path), ("DELETE", path), ("GET", path + "/movements")]:
        body = {"name": "x"} if method == "PATCH" else None
        assert client.request(method, target, headers=_admin(headers), json=body).status_code == 404
    # Their email and phone are free again.
    assert client.post(API, headers=_admin(headers), json=GOOD).status_code == 201
