"""Serialized products and their units over HTTP (API.md: product fields, stock movements with serials,
``/products/{id}/units``, ``/units/{serial}``) and on the pages (the product form and page, ``/units/{serial}``,
the lookup box)."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient
from stdnum import luhn

from techstore.container import Container
from techstore.domain.catalog.stock import Line, MovementKind, Reference
from techstore.domain.identity.users import Role
from tests.integration.test_web_session import csrf_from

pytestmark = pytest.mark.adapters("memory", "sqlite")
PASSWORD = "units-api-password-1"


def imei(n: int) -> str:
    body = f"35209900{n:06d}"
    return body + luhn.calc_check_digit(body)


@pytest.fixture
def auth(client: TestClient, container: Container) -> dict[str, str]:
    container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    token = client.post("/api/v1/auth/token", json={"username": "boss", "password": PASSWORD}).json()
    return {"Authorization": f"Bearer {token['access_token']}"}


def _phone(client: TestClient, auth: dict[str, str], serials: list[str]) -> dict[str, Any]:
    answer = client.post("/api/v1/products", headers=auth, json={
        "sku": "PHONE-1", "name": "Phone", "price": "199.00", "stock": len(serials), "serial_kind": "imei",
        "warranty_months": 24, "serials": serials})
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_a_serialized_product_in_and_out(client: TestClient, auth: dict[str, str]) -> None:
    phone = _phone(client, auth, [imei(1)])
    assert (phone["serial_kind"], phone["warranty_months"], phone["stock"]) == ("imei", 24, 1)
    received = client.post(f"/api/v1/products/{phone['id']}/stock-movements", headers=auth,
                           json={"type": "purchase", "quantity": 2, "serials": [imei(3), imei(2)]})
    assert received.status_code == 201 and received.json()["stock_after"] == 3
    units = client.get(f"/api/v1/products/{phone['id']}/units?status=in_stock", headers=auth).json()
    assert [u["serial"] for u in units["items"]] == [imei(1), imei(2), imei(3)] and units["total"] == 3
    assert units["items"][0] == {"serial": imei(1), "status": "in_stock", "sale_id": None, "sold_at": None,
                                 "warranty_until": None}
    assert client.get(f"/api/v1/products/{phone['id']}/units?status=sold", headers=auth).json()["total"] == 0
    found = client.get(f"/api/v1/units/{imei(2)}", headers=auth)
    assert found.status_code == 200
    assert {k: found.json()[k] for k in ("product_id", "serial", "status", "sale_id", "sale_number", "customer_id",
                                         "warranty_until", "repair_ids")} == {
        "product_id": phone["id"], "serial": imei(2), "status": "in_stock", "sale_id": None, "sale_number": None,
        "customer_id": None, "warranty_until": None, "repair_ids": []}


@pytest.mark.parametrize(("body", "status", "field"), [
    ({"type": "purchase", "quantity": 2, "serials": ["352099000000014"]}, 422, "serials"),
    ({"type": "purchase", "quantity": 1, "serials": ["352099000000015"]}, 422, "serials"),
    ({"type": "purchase", "quantity": 1, "serials": ["not a serial!"]}, 422, "serials[0]"),
    ({"type": "purchase", "quantity": 1, "serials": [imei(1)]}, 409, imei(1)),
    ({"type": "purchase", "quantity": 1}, 422, "serials"),
])
def test_units_in_are_refused_by_field(client: TestClient, auth: dict[str, str], body: dict[str, Any],
                                       status: int, field: str) -> None:
    phone = _phone(client, auth, [imei(1)])
    answer = client.post(f"/api/v1/products/{phone['id']}/stock-movements", headers=auth, json=body)
    assert answer.status_code == status, answer.text
    problem = answer.json()
    if status == 409:  # a conflict names the serials in its detail
        assert field in problem["detail"], problem
        return
    assert field in [e["field"] for e in problem["errors"]], problem


@pytest.mark.parametrize(("body", "field"), [
    ({"serial_kind": "barcode"}, "serial_kind"), ({"warranty_months": 121}, "warranty_months"),
    ({"warranty_months": -1}, "warranty_months"),
])
def test_product_flags_are_checked(client: TestClient, auth: dict[str, str], body: dict[str, Any],
                                   field: str) -> None:
    answer = client.post("/api/v1/products", headers=auth, json={"sku": "X", "name": "X", "price": "1.00", **body})
    assert answer.status_code == 422 and field in [e["field"] for e in answer.json()["errors"]], answer.text


def test_changing_the_serial_kind_with_stock_is_a_conflict(client: TestClient, auth: dict[str, str]) -> None:
    phone = _phone(client, auth, [imei(1)])
    answer = client.patch(f"/api/v1/products/{phone['id']}", headers=auth, json={"serial_kind": None})
    assert answer.status_code == 409, answer.text
    assert client.patch(f"/api/v1/products/{phone['id']}", headers=auth,
                        json={"warranty_months": 6}).json()["warranty_months"] == 6


def test_unknown_units_and_products_are_not_found(client: TestClient, auth: dict[str, str]) -> None:
    assert client.get(f"/api/v1/units/{imei(9)}", headers=auth).status_code == 404
    assert client.get("/api/v1/units/has%20space", headers=auth).status_code == 404
    assert client.get("/api/v1/products/999/units", headers=auth).status_code == 404
    phone = _phone(client, auth, [imei(1)])
    assert client.get(f"/api/v1/products/{phone['id']}/units?status=lost", headers=auth).status_code == 422
    assert client.get(f"/api/v1/units/{imei(1)}").status_code == 401


def test_the_pages_show_a_unit_and_look_it_up(client: TestClient, container: Container,
                                              auth: dict[str, str]) -> None:
    phone = _phone(client, auth, [imei(1), imei(2)])
    with container.adapters.uow() as uow:
        uow.stock.take([Line(phone["id"], 1, (imei(1),))], MovementKind.SALE, Reference(), 1,
                       container.clock().now())
        uow.commit()
    token = csrf_from(client.get("/login").text)
    client.post("/login", data={"username": "boss", "password": PASSWORD, "csrf_token": token})
    page = client.get(f"/units/{imei(1)}")
    assert page.status_code == 200 and "Sold" in page.text and "Under warranty until" in page.text
    product_page = client.get(f"/products/{phone['id']}").text
    assert imei(2) in product_page and f'href="/units/{imei(2)}"' in product_page
    looked_up = client.get(f"/units?serial=%20{imei(2)}%20", follow_redirects=False)
    assert looked_up.status_code == 303 and looked_up.headers["location"] == f"/units/{imei(2)}"
    assert client.get(f"/units/{imei(8)}").status_code == 404
    assert client.get("/units?serial=%3Cscript%3E").status_code == 422


def test_the_product_form_receives_serials_from_a_text_area(client: TestClient, auth: dict[str, str]) -> None:
    token = csrf_from(client.get("/login").text)
    client.post("/login", data={"username": "boss", "password": PASSWORD, "csrf_token": token})
    form = client.get("/products/new")
    assert 'name="serial_kind"' in form.text and 'name="serials"' in form.text
    made = client.post("/products/new", data={
        "csrf_token": csrf_from(form.text), "sku": "LAP-1", "name": "Laptop", "price": "900.00", "stock": "2",
        "min_stock": "0", "serial_kind": "serial", "warranty_months": "12", "serials": "pf4-1\nPF4-2"},
        follow_redirects=False)
    assert made.status_code == 303, made.text
    product = client.get("/api/v1/products?q=LAP-1", headers=auth).json()["items"][0]
    units = client.get(f"/api/v1/products/{product['id']}/units", headers=auth).json()
    assert [u["serial"] for u in units["items"]] == ["PF4-1", "PF4-2"]
    refused = client.post(f"/products/{product['id']}/receive", data={
        "csrf_token": csrf_from(form.text), "type": "purchase", "quantity": "2", "serials": "PF4-3"})
    assert refused.status_code == 422 and "exactly 2" in refused.text
