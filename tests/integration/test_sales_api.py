"""Sales over HTTP (API.md, "Sales"): the answer's shape, refusals as problems naming what is wrong,
``Idempotency-Key`` (replay, other body, in flight, concurrent retries), and statement counts."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from functools import partial
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from techstore.application.catalog.commands import NewProduct
from techstore.application.customers.commands import NewCustomer
from techstore.application.shared.idempotency import KeyedRequest
from techstore.container import Container
from techstore.domain.catalog.products import Product
from techstore.domain.identity.users import Role, User
from techstore.entrypoints.api.sales.keys import fingerprint
from techstore.entrypoints.app import create_app
from tests.integration.test_concurrency_identity import run_together
from tests.support import counting_statements, serving

PASSWORD = "sales-password-1"


def _token(client: TestClient, username: str) -> dict[str, str]:
    answer = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


@pytest.fixture
def shop(container: Container) -> dict[str, Any]:
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    container.identity.provision_user()("sam", PASSWORD, role=Role.STAFF)
    create = partial(container.catalog.create_product(), boss)
    case = create(NewProduct(sku="CASE", name="Phone case", price=Decimal("12.50"), stock=10))
    cable = create(NewProduct(sku="CABLE", name="USB-C cable", price=Decimal("9.99"), stock=5))
    return {"boss": boss, "case": case, "cable": cable}


def _body(case: Product, quantity: int = 2, **extra: Any) -> dict[str, Any]:
    total = case.price * quantity
    return {"items": [{"product_id": case.id, "quantity": quantity}],
            "payments": [{"method": "cash", "amount": str(total)}], **extra}


@pytest.mark.adapters("sqlite", "postgres")
def test_a_sale_answers_201_with_the_sale_and_its_location(client: TestClient, shop: dict[str, Any]) -> None:
    case, cable = shop["case"], shop["cable"]
    body = {"items": [{"product_id": case.id, "quantity": 2}, {"product_id": cable.id, "quantity": 1}],
            "discount": 4.99, "payments": [{"method": "cash", "amount": "10.00"}, {"method": "card", "amount": 20}],
            "notes": "Gift wrap", "tendered": 50}
    # Sold by the admin: 4.99 off 34.99 is above a staff member's limit (no approval asked of an admin).
    answer = client.post("/api/v1/sales", json=body, headers=_token(client, "boss"))
    assert answer.status_code == 201, answer.text
    sale = answer.json()
    assert answer.headers["location"] == f"/api/v1/sales/{sale['id']}"
    assert "idempotent-replayed" not in answer.headers
    assert {k: sale[k] for k in ("number", "status", "subtotal", "discount", "total", "customer_id", "notes",
                                 "void_reason", "approved_by")} == {
        "number": "S-000001", "status": "completed", "subtotal": "34.99", "discount": "4.99", "total": "30.00",
        "customer_id": None, "notes": "Gift wrap", "void_reason": None, "approved_by": None}
    # Each line after its share of the 4.99 discount (3.57 and 1.42), taxed (here at no rate): line_total = net + tax.
    assert [(i["sku"], i["quantity"], i["unit_price"], i["discount"], i["net"], i["tax"], i["line_total"])
            for i in sale["items"]] == [("CASE", 2, "12.50", "0.00", "21.43", "0.00", "21.43"),
                                        ("CABLE", 1, "9.99", "0.00", "8.57", "0.00", "8.57")]
    assert (sale["tax_total"], [t["net"] for t in sale["taxes"]]) == ("0.00", ["30.00"])
    assert sale["payments"] == [{"method": "cash", "amount": "10.00"}, {"method": "card", "amount": "20.00"}]
    assert (sale["tendered"], sale["change"]) == ("50.00", "40.00")  # the change is for the cash part
    assert client.get(answer.headers["location"], headers=_token(client, "sam")).json() == sale
    no_cash_given = client.post("/api/v1/sales", json=_body(case, 1), headers=_token(client, "sam")).json()
    assert (no_cash_given["tendered"], no_cash_given["change"]) == (None, None)


@pytest.mark.adapters("sqlite")
def test_refusals_are_problems_naming_what_is_wrong(client: TestClient, shop: dict[str, Any]) -> None:
    case, cable = shop["case"], shop["cable"]
    headers = _token(client, "sam")
    short = {"items": [{"product_id": case.id, "quantity": 11}, {"product_id": cable.id, "quantity": 6}],
             "payments": [{"method": "cash", "amount": "197.44"}]}
    answer = client.post("/api/v1/sales", json=short, headers=headers)
    assert answer.status_code == 409 and answer.headers["content-type"] == "application/problem+json"
    assert "CASE" in answer.json()["detail"] and "CABLE" in answer.json()["detail"]

    unequal = client.post("/api/v1/sales", json={**_body(case), "payments": [{"method": "cash", "amount": "1.00"}]},
                          headers=headers)
    assert unequal.status_code == 422 and [e["field"] for e in unequal.json()["errors"]] == ["payments"]
    account = client.post("/api/v1/sales", json={**_body(case), "payments": [{"method": "account", "amount": "25"}]},
                          headers=headers)
    assert account.status_code == 422 and [e["field"] for e in account.json()["errors"]] == ["payments[0].method"]
    float_like = client.post("/api/v1/sales", json={**_body(case), "discount": "1.001"}, headers=headers)
    assert float_like.status_code == 422 and [e["field"] for e in float_like.json()["errors"]] == ["discount"]
    card_only = [{"method": "card", "amount": "25.00"}]
    for tendered, payments in (("24.99", None), ("-1.00", None), ("30.001", None), ("30.00", card_only)):
        refused = client.post("/api/v1/sales", json={**_body(case, tendered=tendered),
                                                     **({"payments": payments} if payments else {})}, headers=headers)
        assert refused.status_code == 422, (tendered, refused.text)
        assert [e["field"] for e in refused.json()["errors"]] == ["tendered"], refused.text
    assert client.get("/api/v1/sales", headers=headers).json()["total"] == 0


@pytest.mark.adapters("sqlite")
def test_void_is_for_admins_once(client: TestClient, shop: dict[str, Any]) -> None:
    sale = client.post("/api/v1/sales", json=_body(shop["case"]), headers=_token(client, "sam")).json()
    path = f"/api/v1/sales/{sale['id']}/void"
    assert client.post(path, json={"reason": "Mistake"}, headers=_token(client, "sam")).status_code == 403
    assert client.post(path, json={"reason": ""}, headers=_token(client, "boss")).status_code == 422
    voided = client.post(path, json={"reason": "Mistake"}, headers=_token(client, "boss"))
    assert voided.status_code == 200 and voided.json()["status"] == "voided"
    assert voided.json()["void_reason"] == "Mistake"
    assert client.post(path, json={"reason": "Again"}, headers=_token(client, "boss")).status_code == 409
    assert client.post("/api/v1/sales/999999/void", json={"reason": "x"},
                       headers=_token(client, "boss")).status_code == 404


@pytest.mark.adapters("sqlite", "postgres")
def test_the_same_key_replays_the_first_answer(client: TestClient, container: Container,
                                               shop: dict[str, Any]) -> None:
    headers = {**_token(client, "sam"), "Idempotency-Key": "sale-attempt-1"}
    body = _body(shop["case"])
    first = client.post("/api/v1/sales", json=body, headers=headers)
    assert first.status_code == 201
    # The same body, written differently (key order), is the same request.
    again = client.post("/api/v1/sales", json=dict(reversed(list(body.items()))), headers=headers)
    assert again.status_code == 201 and again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json() and again.headers["location"] == first.headers["location"]
    other = client.post("/api/v1/sales", json=_body(shop["case"], 3), headers=headers)
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "Idempotency-Key"
    # Keys belong to their user: another user's same key is another request.
    other_user = {**_token(client, "boss"), "Idempotency-Key": "sale-attempt-1"}
    boss = client.post("/api/v1/sales", json=body, headers=other_user)
    assert boss.status_code == 201 and boss.json()["number"] == "S-000002"
    assert client.get(f"/api/v1/products/{shop['case'].id}", headers=headers).json()["stock"] == 6


@pytest.mark.adapters("sqlite")
def test_a_refused_sale_frees_its_key_and_a_bad_key_is_refused(client: TestClient, shop: dict[str, Any]) -> None:
    headers = {**_token(client, "sam"), "Idempotency-Key": "k-2"}
    too_many = client.post("/api/v1/sales", json=_body(shop["case"], 11), headers=headers)
    assert too_many.status_code == 409
    assert client.post("/api/v1/sales", json=_body(shop["case"], 1), headers=headers).status_code == 201
    long_key = {**headers, "Idempotency-Key": "k" * 201}
    refused = client.post("/api/v1/sales", json=_body(shop["case"], 1), headers=long_key)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "Idempotency-Key"


@pytest.mark.adapters("sqlite", "postgres")
def test_a_key_in_flight_is_409_until_its_claim_times_out(client: TestClient, container: Container,
                                                         shop: dict[str, Any], clock: Any) -> None:
    from datetime import timedelta

    sam = container.identity.authenticate()
    headers = {**_token(client, "sam"), "Idempotency-Key": "k-3"}
    user: User = sam(headers["Authorization"].split()[1])
    body = _body(shop["case"])
    raw = client.build_request("POST", "/", json=body).content
    # A process claimed the key, then died before answering.
    with container.adapters.uow() as uow:
        uow.idempotency_keys.claim(KeyedRequest(f"{user.id} POST /api/v1/sales", "k-3", fingerprint(raw)),
                                   clock.now())
        uow.commit()
    assert client.post("/api/v1/sales", json=body, headers=headers).status_code == 409
    clock.advance(timedelta(seconds=61))
    assert client.post("/api/v1/sales", json=body, headers=headers).status_code == 201


@pytest.mark.adapters("postgres")
def test_concurrent_retries_with_one_key_sell_once(container: Container, shop: dict[str, Any]) -> None:
    with serving(create_app(container)) as url, httpx.Client(base_url=url) as http:
        token = http.post("/api/v1/auth/token", json={"username": "sam", "password": PASSWORD}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}", "Idempotency-Key": "double-click"}
        answers = run_together([partial(http.post, "/api/v1/sales", json=_body(shop["case"]), headers=headers)
                                for _ in range(2)])
    statuses = sorted(a.status_code for a in answers)
    assert statuses in ([201, 201], [201, 409]), statuses
    numbers = {a.json()["number"] for a in answers if a.status_code == 201}
    assert numbers == {"S-000001"}
    with container.adapters.uow(read_only=True) as uow:
        assert list(uow.sales.numbers()) == ["S-000001"]
        assert uow.products.get(shop["case"].id).stock == 8


@pytest.mark.adapters("sqlite", "postgres")
@pytest.mark.parametrize(("path", "expected"), [
    ("/api/v1/sales?limit=200&status=completed&customer_id={customer}", 4),  # who; the page; items; payments
    ("/sales?status=completed&customer_id={customer}", 4),  # the same for the page
    # A search of the number or the customer's name matches the names in the same statement (issue 23).
    ("/api/v1/sales?limit=200&q=ana", 4),
    ("/sales?q=ana", 4),
])
def test_the_sales_list_statement_count_does_not_grow_with_rows(client: TestClient, container: Container,
                                                                shop: dict[str, Any], path: str,
                                                                expected: int) -> None:
    boss: User = shop["boss"]
    customer = container.customers.register_customer()(boss, NewCustomer("Ana", email="ana@example.com"))
    headers = _token(client, "sam")
    client.cookies.set("ts_access", headers["Authorization"].split()[1])
    counts = []
    for batch in (2, 6):
        for _ in range(batch):
            body = {**_body(shop["case"], 1), "customer_id": customer.id}
            assert client.post("/api/v1/sales", json=body, headers=headers).status_code == 201
        with counting_statements(container) as statements:
            answer = client.get(path.format(customer=customer.id), headers=headers)
            assert answer.status_code == 200
        counts.append(len(statements))
    assert counts == [expected, expected], counts


@pytest.mark.adapters("sqlite")
def test_list_filters_are_checked(client: TestClient, shop: dict[str, Any]) -> None:
    headers = _token(client, "sam")
    answer = client.get("/api/v1/sales?from=2026-13-01&status=lost&customer_id=x", headers=headers)
    assert answer.status_code == 422
    assert sorted(e["field"] for e in answer.json()["errors"]) == ["customer_id", "from", "status"]


@pytest.mark.adapters("sqlite", "postgres")
def test_a_sale_paid_two_ways_looks_the_drawer_up_once(
    container: Container, client: TestClient, shop: dict[str, Any]
) -> None:
    from techstore.application.cash.commands import OpenDrawer

    container.cash.open_session()(shop["boss"], OpenDrawer(Decimal("50.00")))
    body = {"items": [{"product_id": shop["case"].id, "quantity": 2}],
            "payments": [{"method": "cash", "amount": "5.00"}, {"method": "card", "amount": "20.00"}]}
    with counting_statements(container) as statements:
        assert client.post("/api/v1/sales", json=body, headers=_token(client, "boss")).status_code == 201
    drawer_reads = [s for s in statements if "FROM cash_sessions" in s]
    assert len(drawer_reads) == 1, drawer_reads
    session = container.cash.current_session()(shop["boss"])
    assert session is not None
    figures = client.get(f"/api/v1/cash-sessions/{session.id}", headers=_token(client, "boss")).json()
    assert figures["expected_cash"] == "55.00", figures


@pytest.mark.adapters("sqlite", "postgres")
def test_a_sale_of_counted_products_reads_them_once(container: Container, client: TestClient,
                                                     shop: dict[str, Any]) -> None:
    """The serials check reads the products again only when a line is serialized or names serials (issue 26
    had added that read to every sale)."""
    headers = _token(client, "sam")
    with counting_statements(container) as statements:
        assert client.post("/api/v1/sales", json=_body(shop["case"]), headers=headers).status_code == 201
    product_reads = [s for s in statements if s.lstrip().startswith("SELECT") and "FROM products" in s]
    assert len(product_reads) == 1, product_reads


@pytest.mark.adapters("sqlite", "postgres")
def test_an_approved_sale_is_replayed_whatever_password_the_retry_carries(client: TestClient, container: Container,
                                                                           shop: dict[str, Any]) -> None:
    """The idempotency fingerprint leaves the approver's password out: it is never stored, even hashed, and a
    retry of an approved sale replays it (a wrong password on the retry is never checked, nor counted)."""
    mia = container.identity.provision_user()("mia", PASSWORD, role=Role.MANAGER)
    body = _body(shop["case"], 2, discount={"percent": "20"}, approval={"username": "mia", "password": PASSWORD})
    body["payments"] = [{"method": "card", "amount": "20.00"}]
    headers = {**_token(client, "sam"), "Idempotency-Key": "approved-1"}
    first = client.post("/api/v1/sales", json=body, headers=headers)
    assert first.status_code == 201, first.text
    assert first.json()["approved_by"] == mia.id
    retry = client.post("/api/v1/sales", json={**body, "approval": {"username": "mia", "password": "wrong-one"}},
                        headers=headers)
    assert retry.status_code == 201, retry.text
    assert retry.headers["idempotent-replayed"] == "true"
    assert retry.json() == first.json()
    with container.adapters.uow(read_only=True) as uow:
        assert not uow.login_attempts.recent_failures("mia", "", datetime(2000, 1, 1, tzinfo=UTC)).everywhere
    refused = client.post("/api/v1/sales", json={**body, "approval": {"username": "mia", "password": "wrong-one"}},
                          headers=_token(client, "sam"))
    assert refused.status_code == 403, refused.text
    assert "wrong-one" not in refused.text
