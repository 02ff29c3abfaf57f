"""Security events are structured log lines: one JSON object each, with the event's name, the actor,
the target and the request id of the request that caused it (PRODUCT.md, Operations; issue 15)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from techstore.entrypoints.app import create_app
from tests.security.harness import ADMIN, STAFF, App, build, csrf_from
from tests.security.seed import Seeded, seed


@pytest.fixture
def events_app(tmp_path: Path) -> Iterator[tuple[App, Seeded]]:
    container, clock, database = build(tmp_path)
    with TestClient(create_app(container), raise_server_exceptions=False, follow_redirects=False) as client:
        app = App(container, client, clock, database)
        yield app, seed(client, ADMIN)
    container.shutdown_resources()


def _security_lines(out: str) -> list[dict[str, Any]]:
    return [line for line in map(json.loads, filter(None, out.splitlines())) if line.get("security") is True]


def _only(lines: list[dict[str, Any]], event: str, request_id: str) -> dict[str, Any]:
    found = [line for line in lines if line["event"] == event and line.get("request_id") == request_id]
    assert len(found) == 1, f"{event} for request {request_id}: {found or lines}"
    return found[0]


def test_each_security_event_is_one_structured_line_with_actor_target_and_request(
    events_app: tuple[App, Seeded], capsys: pytest.CaptureFixture[str]
) -> None:
    app, seeded = events_app
    client = app.client
    ids = seeded.ids

    def send(request_id: str, method: str, path: str, token: str | None = None, **kw: Any) -> Any:
        headers = {"X-Request-ID": request_id, **({"Authorization": f"Bearer {token}"} if token else {})}
        return client.request(method, path, headers=headers, **kw)

    admin_pair = client.post("/api/v1/auth/token", json={"username": ADMIN[0], "password": ADMIN[1]}).json()
    admin = admin_pair["access_token"]
    admin_id = send("me", "GET", "/api/v1/me", admin).json()["id"]
    staff_pair = client.post("/api/v1/auth/token", json={"username": STAFF[0], "password": STAFF[1]}).json()
    staff_id = send("me2", "GET", "/api/v1/me", staff_pair["access_token"]).json()["id"]
    user = ids["user_id"]
    capsys.readouterr()

    for attempt in range(5):
        assert send(f"fail-{attempt}", "POST", "/api/v1/auth/token",
                    json={"username": STAFF[0], "password": "not-the-password"}).status_code == 401
    locked = send("locked", "POST", "/api/v1/auth/token", json={"username": STAFF[0], "password": STAFF[1]})
    assert locked.status_code == 429
    send("nobody", "POST", "/api/v1/auth/token", json={"username": "nobody-here", "password": "whatever-123"})
    send("promote", "PATCH", f"/api/v1/users/{user}", admin, json={"role": "admin"})
    send("deactivate", "PATCH", f"/api/v1/users/{user}", admin, json={"is_active": False})
    send("reactivate", "PATCH", f"/api/v1/users/{user}", admin, json={"is_active": True})
    send("reset", "PATCH", f"/api/v1/users/{user}", admin, json={"password": "a-reset-password-1"})
    send("create", "POST", "/api/v1/users", admin, json={"username": "evented", "full_name": "E", "role": "staff",
                                                          "password": "evented-password-1"})
    send("adjust-stock", "POST", f"/api/v1/products/{ids['product_id']}/stock-movements", admin,
         json={"type": "adjustment", "quantity": 3, "reason": "found in the back"})
    send("adjust-balance", "POST", f"/api/v1/customers/{ids['customer_id']}/adjustments", admin,
         json={"amount": "-2.50", "reason": "goodwill"})
    gone = send("register", "POST", "/api/v1/customers", admin, json={"name": "Gone", "phone": "+351 900 000 001"})
    assert send("delete", "DELETE", f"/api/v1/customers/{gone.json()['id']}", admin).status_code == 204
    assert send("restore", "POST", f"/api/v1/customers/{gone.json()['id']}/restore", admin).status_code == 200
    one = {"items": [{"product_id": ids["product_id"], "quantity": 1}],
           "payments": [{"method": "card", "amount": "10.00"}]}
    sale = send("sell", "POST", "/api/v1/sales", admin, json=one)
    assert send("void", "POST", f"/api/v1/sales/{sale.json()['id']}/void", admin,
                json={"reason": "rung twice"}).status_code == 200
    send("replay-1", "POST", "/api/v1/auth/refresh", json={"refresh_token": admin_pair["refresh_token"]})
    send("replay-2", "POST", "/api/v1/auth/refresh", json={"refresh_token": admin_pair["refresh_token"]})

    lines = _security_lines(capsys.readouterr().out)
    for attempt in range(5):
        failed = _only(lines, "sign_in_failed", f"fail-{attempt}")
        assert failed["target"] == f"user:{staff_id}" and failed["actor_id"] is None
        assert failed["reason"] == "wrong_password" and failed["level"] == "warning"
    assert _only(lines, "sign_in_locked", "locked")["target"] == f"user:{staff_id}"
    unknown = _only(lines, "sign_in_failed", "nobody")
    assert unknown["target"] is None and unknown["reason"] == "unknown_user"
    assert "nobody-here" not in json.dumps(unknown), "what was typed as a username is not logged (it may be a password)"
    promoted = _only(lines, "role_changed", "promote")
    assert (promoted["actor_id"], promoted["target"]) == (admin_id, f"user:{user}")
    assert (promoted["role_before"], promoted["role_after"]) == ("staff", "admin")
    for event, request_id in (("user_deactivated", "deactivate"), ("user_reactivated", "reactivate"),
                              ("password_reset", "reset")):
        line = _only(lines, event, request_id)
        assert (line["actor_id"], line["target"]) == (admin_id, f"user:{user}"), line
    assert _only(lines, "user_created", "create")["role"] == "staff"
    stock = _only(lines, "stock_adjusted", "adjust-stock")
    assert (stock["actor_id"], stock["target"], stock["quantity"]) == (admin_id, f"product:{ids['product_id']}", 3)
    balance = _only(lines, "balance_adjusted", "adjust-balance")
    assert (balance["actor_id"], balance["target"], balance["amount"]) == (admin_id, f"customer:{ids['customer_id']}",
                                                                         "-2.50")
    restored = _only(lines, "customer_restored", "restore")
    assert (restored["actor_id"], restored["target"]) == (admin_id, f"customer:{gone.json()['id']}")
    void = _only(lines, "sale_voided", "void")
    assert (void["actor_id"], void["target"]) == (admin_id, f"sale:{sale.json()['id']}")
    assert _only(lines, "refresh_token_replayed", "replay-2")["target"] == f"user:{admin_id}"
    plain_work = ("sell", "replay-1", "register", "delete")
    assert not [line for line in lines if line.get("request_id") in plain_work], "no event for plain work"
    for line in lines:
        assert line["logger"] == "techstore.security" and line["timestamp"] and "security" in line


def test_events_from_the_pages_and_password_checks(events_app: tuple[App, Seeded],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """The pages call the same use cases: a void from the sale's page and a wrong current password on the
    profile page are events too, and five wrong ones lock the password check."""
    app, seeded = events_app
    web = TestClient(app.client.app, raise_server_exceptions=False, follow_redirects=False)
    token = csrf_from(web.get("/login").text)
    web.post("/login", data={"username": ADMIN[0], "password": ADMIN[1], "csrf_token": token})
    form = csrf_from(web.get("/profile/password").text)
    pair = app.client.post("/api/v1/auth/token", json={"username": ADMIN[0], "password": ADMIN[1]}).json()
    sale = app.client.post("/api/v1/sales", headers={"Authorization": f"Bearer {pair['access_token']}"}, json={
        "items": [{"product_id": seeded.ids["product_id"], "quantity": 1}],
        "payments": [{"method": "card", "amount": "10.00"}]}).json()
    capsys.readouterr()
    web.post(f"/sales/{sale['id']}/void", data={"reason": "from the page", "csrf_token": form},
             headers={"X-Request-ID": "page-void"})
    for attempt in range(6):
        web.post("/profile/password", data={"current_password": "not-my-password", "new_password": "whatever-new-1",
                                            "new_password_repeat": "whatever-new-1", "csrf_token": form},
                 headers={"X-Request-ID": f"check-{attempt}"})
    lines = _security_lines(capsys.readouterr().out)
    kinds = [line["event"] for line in lines]
    assert _only(lines, "sale_voided", "page-void")["target"] == f"sale:{sale['id']}"
    assert kinds.count("password_check_failed") == 5 and kinds.count("password_check_locked") == 1
    assert _only(lines, "password_check_locked", "check-5")["target"].startswith("user:")
