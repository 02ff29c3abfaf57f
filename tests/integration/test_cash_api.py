"""The cash drawer over HTTP (API.md, "Cash drawer"): the session's shape and figures, refusals, who sees
what, the list's statement count; two opens at once on PostgreSQL leave one open session."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from starlette.testclient import TestClient

from techstore.application.cash.commands import OpenDrawer
from techstore.application.catalog.commands import NewProduct
from techstore.container import Container
from techstore.domain.cash.sessions import CashSession
from techstore.domain.identity.users import Role
from techstore.domain.shared.errors import Conflict
from tests.integration.test_concurrency_identity import run_together
from tests.support import counting_statements

PASSWORD = "cash-password-1"


def _token(client: TestClient, username: str) -> dict[str, str]:
    answer = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


@pytest.fixture
def staff(container: Container) -> dict[str, Any]:
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    container.identity.provision_user()("sam", PASSWORD, role=Role.STAFF)
    container.identity.provision_user()("rita", PASSWORD, role=Role.STAFF)
    case = container.catalog.create_product()(boss, NewProduct(sku="CASE", name="Case", price=Decimal("12.50"),
                                                               stock=10))
    return {"case": case}


@pytest.mark.adapters("sqlite", "postgres")
def test_a_day_at_the_drawer(client: TestClient, staff: dict[str, Any]) -> None:
    sam = _token(client, "sam")
    assert client.get("/api/v1/cash-sessions/current", headers=sam).status_code == 404
    opened = client.post("/api/v1/cash-sessions", json={"opening_float": "100.00"}, headers=sam)
    assert opened.status_code == 201, opened.text
    session = opened.json()
    assert opened.headers["location"] == f"/api/v1/cash-sessions/{session['id']}"
    assert (session["status"], session["counted_cash"], session["difference"]) == ("open", None, None)
    sale = {"items": [{"product_id": staff["case"].id, "quantity": 2}],
            "payments": [{"method": "cash", "amount": "20.00"}, {"method": "card", "amount": "5.00"}]}
    assert client.post("/api/v1/sales", json=sale, headers=sam).status_code == 201
    out = client.post(f"/api/v1/cash-sessions/{session['id']}/movements",
                      json={"type": "pay_out", "amount": "5.00", "reason": "Window cleaner"}, headers=sam)
    assert out.status_code == 201, out.text
    now = client.get("/api/v1/cash-sessions/current", headers=sam).json()
    assert {k: now[k] for k in ("cash_sales", "pay_outs", "expected_cash")} == {
        "cash_sales": "20.00", "pay_outs": "5.00", "expected_cash": "115.00"}
    assert now["totals_by_method"]["card"] == {"count": 1, "amount": "5.00"}
    assert [m["type"] for m in now["movements"]] == ["pay_out"]
    assert client.get(f"/api/v1/cash-sessions/{session['id']}", headers=_token(client, "rita")).status_code == 403
    closed = client.post(f"/api/v1/cash-sessions/{session['id']}/close", json={"counted_cash": "114.00"},
                         headers=sam)
    assert closed.status_code == 200, closed.text
    assert {k: closed.json()[k] for k in ("status", "expected_cash", "counted_cash", "difference")} == {
        "status": "closed", "expected_cash": "115.00", "counted_cash": "114.00", "difference": "-1.00"}
    again = client.post(f"/api/v1/cash-sessions/{session['id']}/close", json={"counted_cash": "115.00"},
                        headers=sam)
    assert again.status_code == 409


@pytest.mark.adapters("sqlite")
def test_refusals(client: TestClient, staff: dict[str, Any]) -> None:
    sam = _token(client, "sam")
    assert client.post("/api/v1/cash-sessions", json={"opening_float": "-1.00"}, headers=sam).status_code == 422
    assert client.post("/api/v1/cash-sessions", json={"opening_float": "10.00"}, headers=sam).status_code == 201
    assert client.post("/api/v1/cash-sessions", json={"opening_float": "10.00"}, headers=sam).status_code == 409
    session_id = client.get("/api/v1/cash-sessions/current", headers=sam).json()["id"]
    bad = client.post(f"/api/v1/cash-sessions/{session_id}/movements",
                      json={"type": "lunch", "amount": "0", "reason": ""}, headers=sam)
    assert bad.status_code == 422
    assert client.get("/api/v1/cash-sessions?status=lost", headers=sam).status_code == 422
    assert client.get("/api/v1/cash-sessions/999999", headers=sam).status_code == 404
    assert client.get("/api/v1/cash-sessions?user_id=1", headers=sam).status_code == 403


@pytest.mark.adapters("sqlite", "postgres")
def test_the_sessions_list_takes_a_fixed_number_of_statements(client: TestClient, staff: dict[str, Any],
                                                              container: Container) -> None:
    boss = _token(client, "boss")
    counts = []
    for name in ("sam", "rita"):
        headers = _token(client, name)
        session = client.post("/api/v1/cash-sessions", json={"opening_float": "10.00"}, headers=headers).json()
        client.post(f"/api/v1/cash-sessions/{session['id']}/movements",
                    json={"type": "pay_in", "amount": "1.00", "reason": "Coins"}, headers=headers)
        with counting_statements(container) as statements:
            answer = client.get("/api/v1/cash-sessions", headers=boss)
            assert answer.status_code == 200
        counts.append(len(statements))
    assert answer.json()["total"] == 2
    assert counts[0] == counts[1], counts


@pytest.mark.timeout(60)
@pytest.mark.adapters("postgres")
def test_two_opens_at_once_leave_one_open_session(container: Container) -> None:
    sam = container.identity.provision_user()("sam", PASSWORD, role=Role.STAFF)
    open_session = container.cash.open_session()
    outcomes = run_together([lambda: open_session(sam, OpenDrawer(Decimal("10.00"))) for _ in range(6)])
    assert sum(isinstance(o, CashSession) for o in outcomes) == 1, outcomes
    assert all(isinstance(o, Conflict) for o in outcomes if not isinstance(o, CashSession)), outcomes
