"""The purchasing API end to end (API.md, "Suppliers and purchase orders"): a supplier, a draft changed while
draft, placed, received in two parts (409 beyond outstanding), its PDF and its email to the supplier, the
reorder suggestions and the drafts made from them; staff receive but do not buy."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from techstore.container import Container
from techstore.domain.identity.users import Role

pytestmark = pytest.mark.adapters("sqlite", "postgres")
API = "/api/v1"
PASSWORD = "buy-api-password-1"


@pytest.fixture
def heads(container: Container, client: TestClient) -> dict[str, dict[str, str]]:
    found = {}
    for name, role in (("boss", Role.ADMIN), ("clerk", Role.STAFF)):
        container.identity.provision_user()(name, PASSWORD, role=role)
        token = client.post(f"{API}/auth/token", json={"username": name, "password": PASSWORD}).json()
        found[name] = {"Authorization": f"Bearer {token['access_token']}"}
    return found


def _ok(answer: Any, status: int = 200) -> Any:
    assert answer.status_code == status, answer.text
    return answer.json() if answer.content and answer.headers["content-type"].startswith("application/") \
        and "json" in answer.headers["content-type"] else answer


def test_an_order_from_draft_to_received_through_the_api(client: TestClient,
                                                         heads: dict[str, dict[str, str]]) -> None:
    boss, clerk = heads["boss"], heads["clerk"]
    supplier = _ok(client.post(f"{API}/suppliers", json={"name": "Acme", "email": "orders@acme.test"},
                               headers=boss), 201)
    assert _ok(client.post(f"{API}/suppliers", json={"name": "acme"}, headers=boss), 409)
    assert client.post(f"{API}/suppliers", json={"name": "Bolt"}, headers=clerk).status_code == 403
    assert client.get(f"{API}/suppliers/{supplier['id']}", headers=clerk).status_code == 403
    assert [s["name"] for s in _ok(client.get(f"{API}/suppliers", headers=clerk))["items"]] == ["Acme"]
    product = _ok(client.post(f"{API}/products", json={
        "sku": "CAB-1", "name": "Cable", "price": "9.00", "cost": "5.00", "stock": 10, "min_stock": 12,
        "supplier_id": supplier["id"], "supplier_sku": "AC-CAB", "reorder_quantity": 5}, headers=boss), 201)
    assert (product["supplier_id"], product["supplier_sku"], product["reorder_quantity"]) == (
        supplier["id"], "AC-CAB", 5)

    groups = _ok(client.get(f"{API}/reorder-suggestions", headers=clerk))["groups"]  # staff read them
    assert [[s["sku"], s["quantity"], s["on_order"]] for g in groups for s in g["items"]] == [["CAB-1", 7, 0]]
    draft = _ok(client.post(f"{API}/purchase-orders", json={
        "supplier_id": supplier["id"], "lines": [{"product_id": product["id"], "quantity": 3, "unit_cost": "7.00"}]},
        headers=boss), 201)
    groups = _ok(client.get(f"{API}/reorder-suggestions", headers=clerk))["groups"]
    assert [[s["sku"], s["quantity"], s["on_order"]] for g in groups for s in g["items"]] == [["CAB-1", 7, 3]]
    assert (draft["number"], draft["status"], draft["total"]) == ("PO-000001", "draft", "21.00")
    order_path = f"{API}/purchase-orders/{draft['id']}"
    changed = _ok(client.patch(order_path, json={
        "lines": [{"product_id": product["id"], "quantity": 5, "unit_cost": "8.00"}], "notes": "By Friday"},
        headers=boss))
    assert (changed["total"], changed["notes"]) == ("40.00", "By Friday")
    assert client.post(f"{order_path}/order", headers=clerk).status_code == 403
    placed = _ok(client.post(f"{order_path}/order", headers=boss))
    assert placed["status"] == "ordered" and placed["ordered_at"]
    assert client.patch(order_path, json={"notes": "x"}, headers=boss).status_code == 409
    line_id = placed["lines"][0]["id"]
    assert client.post(f"{order_path}/receipts", json={"lines": [{"line_id": line_id, "quantity": 6}]},
                       headers=clerk).status_code == 409
    _ok(client.post(f"{order_path}/receipts", json={"lines": [{"line_id": line_id, "quantity": 2}]},
                    headers=clerk), 201)
    assert _ok(client.get(order_path, headers=clerk))["status"] == "partially_received"
    assert client.post(f"{order_path}/cancel", headers=boss).status_code == 409
    _ok(client.post(f"{order_path}/receipts", json={"lines": [{"line_id": line_id, "quantity": 3}]},
                    headers=clerk), 201)
    received = _ok(client.get(order_path, headers=clerk))
    assert received["status"] == "received" and received["lines"][0]["quantity_received"] == 5
    got = _ok(client.get(f"{API}/products/{product['id']}", headers=boss))
    assert (got["stock"], got["cost"]) == (15, "6.00")  # (10 × 5.00 + 5 × 8.00) / 15

    pdf = client.get(f"{order_path}/pdf", headers=clerk)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    queued = _ok(client.post(f"{order_path}/email", headers=boss), 202)
    assert queued["to"] == "orders@acme.test"

    assert _ok(client.get(f"{API}/purchase-orders?status=received", headers=clerk))["total"] == 1
    assert _ok(client.get(f"{API}/reorder-suggestions", headers=clerk)) == {"groups": []}  # 15 > 12 now
    client.post(f"{API}/products/{product['id']}/stock-movements", json={
        "type": "adjustment", "quantity": -10, "reason": "stocktake"}, headers=boss)
    suggested = _ok(client.get(f"{API}/reorder-suggestions", headers=clerk))["groups"]
    assert [[g["supplier_name"], s["sku"], s["quantity"]] for g in suggested for s in g["items"]] == [
        ["Acme", "CAB-1", 12]]
    made = client.post(f"{API}/reorder-suggestions", headers=boss)
    assert made.status_code == 201 and made.headers["location"] == f"{API}/purchase-orders?status=draft"
    (new,) = made.json()["items"]
    assert (new["number"], new["lines"][0]["quantity"], new["lines"][0]["unit_cost"]) == ("PO-000002", 12, "8.00")
    again = client.post(f"{API}/reorder-suggestions", headers=boss)  # on order now: nothing is drafted twice
    assert again.status_code == 201 and again.json() == {"items": []}
    suggested = _ok(client.get(f"{API}/reorder-suggestions", headers=clerk))["groups"]
    assert [[s["sku"], s["quantity"], s["on_order"]] for g in suggested for s in g["items"]] == [["CAB-1", 12, 12]]
