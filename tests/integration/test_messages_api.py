"""The outbox over HTTP: admins list it (by status) and retry failed messages, staff read a repair's messages;
the admin page lists them with a Retry button that works without JavaScript."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from starlette.testclient import TestClient

from techstore.application.customers.commands import NewCustomer
from techstore.application.repairs.commands import NewRepair
from techstore.container import Container
from techstore.domain.identity.users import Role
from techstore.domain.notifications.messages import Channel, Message
from tests.integration.test_web_session import csrf_from

PASSWORD = "correct-horse-battery"


@pytest.fixture
def outbox(container: Container) -> dict[str, Any]:
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    container.identity.provision_user()("sam", PASSWORD, role=Role.STAFF)
    ana = container.customers.register_customer()(boss, NewCustomer("Ana Silva", email="ana@example.com"))
    repair = container.repairs.take_repair_in()(boss, NewRepair(ana.id, "iPhone 12", "Cracked screen"))
    now = container.clock().now()
    with container.adapters.uow() as uow:
        ids = [uow.outbox.add(Message(None, Channel.EMAIL, "ana@example.com", f"<b>Repair</b> {n}", "repair_ready",
                                      {"number": repair.number}, now, repair_id=repair.id)).id for n in range(3)]
        claimed = uow.outbox.claim_due(now, now + timedelta(minutes=5), 1)
        uow.outbox.mark_failed(claimed[0].id, "550 <no such user>")
        uow.commit()
    return {"repair": repair, "ids": ids, "failed": claimed[0].id}


def _headers(client: TestClient, username: str) -> dict[str, str]:
    answer = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


@pytest.mark.adapters("memory", "sqlite")
def test_admins_list_the_outbox_by_status_and_retry_a_failed_message(client: TestClient,
                                                                     outbox: dict[str, Any]) -> None:
    boss, sam = _headers(client, "boss"), _headers(client, "sam")
    everything = client.get("/api/v1/messages", headers=boss).json()
    assert ([m["id"] for m in everything["items"]], everything["total"]) == (outbox["ids"][::-1], 3)
    failed = client.get("/api/v1/messages?status=failed", headers=boss).json()
    assert [(m["id"], m["status"], m["attempts"], m["last_error"]) for m in failed["items"]] == \
        [(outbox["failed"], "failed", 1, "550 <no such user>")]
    wrong = client.get("/api/v1/messages?status=lost", headers=boss)
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "status"
    assert client.get("/api/v1/messages", headers=sam).status_code == 403

    unsent = next(i for i in outbox["ids"] if i != outbox["failed"])
    assert client.post(f"/api/v1/messages/{unsent}/retry", headers=boss).status_code == 409
    assert client.post("/api/v1/messages/999/retry", headers=boss).status_code == 404
    assert client.post(f"/api/v1/messages/{outbox['failed']}/retry", headers=sam).status_code == 403
    retried = client.post(f"/api/v1/messages/{outbox['failed']}/retry", headers=boss)
    assert retried.status_code == 200 and retried.json()["status"] == "unsent"
    assert client.get("/api/v1/messages?status=failed", headers=boss).json()["total"] == 0


@pytest.mark.adapters("memory", "sqlite")
def test_staff_read_a_repairs_messages(client: TestClient, outbox: dict[str, Any]) -> None:
    sam = _headers(client, "sam")
    answer = client.get(f"/api/v1/repairs/{outbox['repair'].id}/messages", headers=sam)
    assert answer.status_code == 200
    first = answer.json()[0]
    assert set(first) == {"id", "channel", "to", "subject", "status", "attempts", "sent_at"}
    assert [m["id"] for m in answer.json()] == outbox["ids"]
    assert client.get("/api/v1/repairs/999/messages", headers=sam).status_code == 404


@pytest.mark.adapters("memory", "sqlite")
def test_the_admin_page_lists_messages_escaped_and_retries_without_javascript(client: TestClient,
                                                                               outbox: dict[str, Any]) -> None:
    client.post("/login", data={"username": "boss", "password": PASSWORD,
                                "csrf_token": csrf_from(client.get("/login").text)})
    page = client.get("/messages?status=failed")
    assert page.status_code == 200
    assert "&lt;b&gt;Repair&lt;/b&gt;" in page.text and "<b>Repair" not in page.text
    assert "550 &lt;no such user&gt;" in page.text and page.text.count(">Retry</button>") == 1
    assert 'href="/messages"' in client.get("/users").text  # linked from the admin's Users page
    token = csrf_from(page.text)
    unsent = next(i for i in outbox["ids"] if i != outbox["failed"])
    refused = client.post(f"/messages/{unsent}/retry", data={"csrf_token": token})
    assert refused.status_code == 409 and "only a failed message" in refused.text
    done = client.post(f"/messages/{outbox['failed']}/retry", data={"csrf_token": token, "status": "failed"},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/messages?status=failed&done=retried"
    assert "No messages failed" in client.get(done.headers["location"]).text
    assert client.post(f"/messages/{outbox['failed']}/retry", data={}).status_code == 403  # no CSRF token
