"""Repairs' pages: intake with a customer registered inline, the repair page's buttons (only what the status
machine allows), delivery on account, the ticket (QR to the public page) and its PDF, the public page
(nothing personal), and the list's statement count."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from starlette.testclient import TestClient

from techstore.application.customers.commands import NewCustomer
from techstore.application.repairs.commands import NewRepair
from techstore.container import Container
from techstore.domain.identity.users import Role
from tests.integration.test_web_session import csrf_from
from tests.support import counting_statements

PASSWORD = "repairs-pages-password-1"


@pytest.fixture
def boss(container: Container) -> Any:
    return container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)


def _sign_in(client: TestClient) -> str:
    token = csrf_from(client.get("/login").text)
    client.post("/login", data={"username": "boss", "password": PASSWORD, "csrf_token": token})
    return csrf_from(client.get("/repairs/new").text)


def _buttons(html: str) -> list[str]:
    return re.findall(r'name="to" value="([a-z_]+)"', html)


@pytest.mark.adapters("sqlite")
def test_a_repair_taken_in_with_a_new_customer_walks_to_delivery_on_account(client: TestClient, boss: Any) -> None:
    csrf = _sign_in(client)
    refused = client.post("/repairs/new", data={"csrf_token": csrf, "equipment": "", "reported_problem": ""})
    assert refused.status_code == 422 and "Choose a customer" in refused.text
    answer = client.post("/repairs/new", data={
        "csrf_token": csrf, "new_name": "Rui Lopes", "new_phone": "+351 912 000 111", "equipment": "Nintendo Switch",
        "serial_number": "XAW100200300", "reported_problem": "Joy-Con drift", "accessories": "Dock", "price": "45.00"})
    assert answer.status_code == 200 and "The repair was taken in." in answer.text
    page_path = str(answer.url.path)
    assert _buttons(answer.text) == ["diagnosing", "cancelled"]
    client.post(page_path + "/edit", data={"csrf_token": csrf, "equipment": "Nintendo Switch", "accessories": "Dock",
                                           "diagnosis": "Worn stick", "price": "45.00"})
    for to in ("diagnosing", "ready"):
        moved = client.post(page_path + "/transitions", data={"csrf_token": csrf, "to": to})
        assert moved.status_code == 200, moved.text
    assert _buttons(moved.text) == [] and "Deliver" in moved.text
    short = client.post(page_path + "/deliver", data={"csrf_token": csrf, "method_0": "account", "amount_0": "40"})
    assert short.status_code == 422 and "add up to the total" in short.text
    delivered = client.post(page_path + "/deliver", data={"csrf_token": csrf, "method_0": "account", "amount_0": "45"})
    assert "The repair was delivered." in delivered.text and "can no longer change" in delivered.text

    ticket = client.get(page_path + "/ticket")
    target = re.search(r'href="(http[^"]+/track/[A-Za-z0-9_-]+)" data-track-url', ticket.text)
    assert target is not None and "<svg" in ticket.text and "Dock" in ticket.text
    pdf = client.get(page_path + "/ticket.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    client.cookies.clear()
    public = client.get(target.group(1))
    assert public.status_code == 200 and "Delivered" in public.text
    for secret in ("Rui", "912", "45.00", "XAW100200300", "Dock"):
        assert secret not in public.text


@pytest.mark.adapters("sqlite")
def test_unknown_tracking_pages_look_alike(client: TestClient) -> None:
    first, second = client.get("/track/" + "z" * 22), client.get("/track/x")
    assert first.status_code == second.status_code == 404
    token = re.compile(r'[0-9a-f]{64}')  # each page carries a fresh CSRF token; nothing else differs
    assert token.sub("", first.text) == token.sub("", second.text)


@pytest.mark.adapters("sqlite", "postgres")
@pytest.mark.parametrize("path", ["/repairs?status=received&q=ana", "/repairs?view=board"])
def test_the_repairs_pages_statement_count_does_not_grow_with_rows(client: TestClient, container: Container,
                                                                   boss: Any, path: str) -> None:
    ana = container.customers.register_customer()(boss, NewCustomer("Ana", email="ana@example.com",
                                                                    credit_limit=Decimal("10")))
    _sign_in(client)
    counts = []
    for batch in (2, 6):
        for _ in range(batch):
            container.repairs.take_repair_in()(boss, NewRepair(ana.id, "iPad Air", "Battery"))
        with counting_statements(container) as statements:
            assert client.get(path).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 3, counts


@pytest.mark.adapters("sqlite")
def test_the_intake_names_the_chosen_customer_and_refusals_speak_words(client: TestClient, container: Container,
                                                                       boss: Any) -> None:
    ana = container.customers.register_customer()(boss, NewCustomer("Ana Reis", phone="+351 912 000 222"))
    csrf = _sign_in(client)
    chosen = client.get(f"/repairs/new?customer_id={ana.id}").text
    assert "Customer: <strong>Ana Reis</strong>" in chosen and f"Customer number {ana.id}" not in chosen
    repair = container.repairs.take_repair_in()(boss, NewRepair(ana.id, "iPad Air", "Battery", price=Decimal("9")))
    client.post(f"/repairs/{repair.id}/transitions", data={"csrf_token": csrf, "to": "diagnosing"})
    refused = client.post(f"/repairs/{repair.id}/transitions", data={"csrf_token": csrf, "to": "awaiting_approval"})
    assert refused.status_code == 409 and "Moving to awaiting approval needs a diagnosis." in refused.text
