"""Repairs over HTTP (API.md, "Repairs"): the answer's shape, 409 naming the allowed targets, delivery on
account, parts, history, the public lookup (no personal data, identical 404s, 429 with Retry-After),
statement counts, and concurrent moves of one repair on PostgreSQL."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from starlette.testclient import TestClient

from techstore.application.catalog.commands import NewProduct
from techstore.application.customers.commands import NewCustomer
from techstore.application.repairs.commands import NewRepair, RepairChanges, Transition
from techstore.container import Container
from techstore.domain.identity.users import Role
from techstore.domain.shared.errors import Conflict
from tests.integration.test_concurrency_identity import run_together
from tests.support import counting_statements

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
                                                                 price=Decimal("80.00"), stock=2))
    return {"boss": boss, "ana": ana, "screen": screen}


def _take_in(client: TestClient, headers: dict[str, str], customer_id: int) -> dict[str, Any]:
    answer = client.post("/api/v1/repairs", headers=headers, json={
        "customer_id": customer_id, "equipment": "iPhone 12", "serial_number": "356789012345678",
        "reported_problem": "Cracked screen", "accessories": "Case, charger", "promised_date": "2026-02-01"})
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


@pytest.mark.adapters("sqlite", "postgres")
def test_a_repair_walks_from_intake_to_delivery_on_account(client: TestClient, shop: dict[str, Any]) -> None:
    headers = _token(client, "sam")
    repair = _take_in(client, headers, shop["ana"].id)
    assert (repair["number"], repair["status"], repair["allowed_transitions"]) == (
        "R-000001", "received", ["diagnosing", "cancelled"])
    path = f"/api/v1/repairs/{repair['id']}"

    refused = client.post(path + "/transitions", headers=headers, json={"to": "ready"})
    assert refused.status_code == 409 and refused.headers["content-type"] == "application/problem+json"
    assert "Allowed: diagnosing, cancelled." in refused.json()["detail"]

    assert client.post(path + "/transitions", headers=headers, json={"to": "diagnosing"}).status_code == 200
    patched = client.patch(path, headers=headers, json={"diagnosis": "Broken LCD", "price": "40.00"})
    assert patched.status_code == 200 and patched.json()["serial_number"] == "356789012345678"
    part = client.post(path + "/parts", headers=headers, json={"product_id": shop["screen"].id, "quantity": 1})
    assert part.status_code == 200 and part.json()["price"] == "120.00"
    short = client.post(path + "/parts", headers=headers, json={"product_id": shop["screen"].id, "quantity": 2})
    assert short.status_code == 409
    for to in ("awaiting_approval", "in_repair", "ready"):
        assert client.post(path + "/transitions", headers=headers, json={"to": to}).status_code == 200, to
    by_move = client.post(path + "/transitions", headers=headers, json={"to": "delivered"})
    assert by_move.status_code == 409
    unequal = client.post(path + "/deliver", headers=headers, json={"payments": [{"method": "cash", "amount": "1"}]})
    assert unequal.status_code == 422
    delivered = client.post(path + "/deliver", headers=headers,
                            json={"payments": [{"method": "account", "amount": "120.00"}]})
    assert delivered.status_code == 200, delivered.text
    assert delivered.json()["status"] == "delivered" and delivered.json()["delivered_at"] is not None
    assert client.patch(path, headers=headers, json={"notes": "late"}).status_code == 409
    history = client.get(path + "/history", headers=headers).json()["items"]
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        (None, "received"), ("received", "diagnosing"), ("diagnosing", "awaiting_approval"),
        ("awaiting_approval", "in_repair"), ("in_repair", "ready"), ("ready", "delivered")]
    movements = client.get(f"/api/v1/customers/{shop['ana'].id}/movements", headers=headers).json()["items"]
    assert [(m["type"], m["amount"], m["repair_id"]) for m in movements] == [("charge", "120.00", repair["id"])]


@pytest.mark.adapters("sqlite", "postgres")
def test_the_public_lookup_shows_no_personal_data_and_unknown_codes_look_alike(client: TestClient,
                                                                              shop: dict[str, Any]) -> None:
    repair = _take_in(client, _token(client, "sam"), shop["ana"].id)
    client.patch(f"/api/v1/repairs/{repair['id']}", headers=_token(client, "sam"), json={"price": "99.00"})
    answer = client.get(f"/api/v1/public/repairs/{repair['tracking_code']}")
    assert answer.status_code == 200
    assert set(answer.json()) == {"number", "equipment", "status", "promised_date", "updated_at", "quote"}
    assert answer.json()["quote"] is None  # shown only while the repair awaits approval
    shown = json.dumps({key: value for key, value in answer.json().items() if key != "updated_at"})  # any digits
    for secret in ("Ana", "ana@example.com", "912", "99.00", "356789012345678", "Case"):
        assert secret not in shown
    first = client.get("/api/v1/public/repairs/" + "x" * 22)
    second = client.get("/api/v1/public/repairs/a")
    assert first.status_code == second.status_code == 404
    assert first.content == second.content and first.headers.keys() == second.headers.keys()


@pytest.mark.adapters("sqlite")
def test_public_lookups_are_rate_limited_per_address(client: TestClient, container: Container,
                                                     shop: dict[str, Any]) -> None:
    limit = container.settings().tracking_lookups
    for _ in range(limit):
        assert client.get("/api/v1/public/repairs/unknown").status_code == 404
    refused = client.get("/api/v1/public/repairs/unknown")
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 60


@pytest.mark.adapters("sqlite", "postgres")
@pytest.mark.parametrize(("path", "expected"), [
    ("/api/v1/repairs?limit=200&status=received&q=ana", 2),  # who; the page (no per-row queries)
])
def test_the_repairs_list_statement_count_does_not_grow_with_rows(client: TestClient, container: Container,
                                                                  shop: dict[str, Any], path: str,
                                                                  expected: int) -> None:
    headers = _token(client, "sam")
    counts = []
    for batch in (2, 6):
        for _ in range(batch):
            _take_in(client, headers, shop["ana"].id)
        with counting_statements(container) as statements:
            answer = client.get(path, headers=headers)
            assert answer.status_code == 200 and answer.json()["total"] > 0
        counts.append(len(statements))
    assert counts == [expected, expected], counts


@pytest.mark.adapters("postgres")
@pytest.mark.timeout(120)
def test_concurrent_moves_of_one_repair_cannot_both_win(container: Container, shop: dict[str, Any]) -> None:
    boss, repairs = shop["boss"], container.repairs
    for _ in range(5):
        repair = repairs.take_repair_in()(boss, NewRepair(shop["ana"].id, "ThinkPad T14", "Does not boot"))
        repairs.change_repair()(boss, repair.id, RepairChanges(diagnosis="Dead board"), ["diagnosis"])
        repairs.move_repair()(boss, repair.id, Transition("diagnosing"))
        # Each move is allowed from diagnosing, none from where the others lead.
        outcomes = run_together([lambda to=to, rid=repair.id: repairs.move_repair()(boss, rid, Transition(to))
                                 for to in ("ready", "cancelled", "ready", "cancelled")])
        winners = [o for o in outcomes if not isinstance(o, Exception)]
        assert len(winners) == 1, outcomes
        assert all(isinstance(o, Conflict) for o in outcomes if o not in winners), outcomes
        history = repairs.repair_history()(boss, repair.id)
        assert [h.to_status.value for h in history][-2:] == ["diagnosing", winners[0].status.value]
        assert len(history) == 3
