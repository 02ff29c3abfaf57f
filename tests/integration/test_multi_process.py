"""Two ``techstore serve`` processes on one PostgreSQL database and one Redis, as compose.yaml
runs them (without the containers: no Docker daemon here): the rules that hold in one process
hold across both. A request to the other process sees what the first did:

- the rate limit is one limit (its counts live in Redis);
- an ``Idempotency-Key`` retried on the other process replays the first answer (one sale, stock taken once);
- refresh-token rotation: reusing a rotated token on the other process revokes the whole family;
- logout and deactivation on one process are honoured on the other, the session's access token included;
- the cash drawer: a second open session is refused on the other process, and with
  ``TECHSTORE_REQUIRE_CASH_SESSION`` a cash sale without one is refused on either.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import httpx
import pytest

from techstore.application.catalog.commands import NewProduct
from techstore.container import build_container
from techstore.domain.identity.users import Role
from tests.servers import MIGRATE_COMMAND, Server, fresh_database, server_environment, techstore
from tests.support import fast_hashing, settings_for_tests

pytestmark = pytest.mark.timeout(120)
PASSWORD = "multi-process-password"
LIMIT = 30  # per minute; every other user here makes fewer requests, the sign-ins from 127.0.0.1 too


@attrs.frozen
class Pair:
    a: httpx.Client
    b: httpx.Client
    product_id: int
    usernames: Iterator[str]

    def sign_in(self, via: httpx.Client, role: Role = Role.STAFF) -> dict[str, Any]:
        """A new user (made by the admin through ``via``), signed in through ``via``."""
        username = next(self.usernames)
        admin = _bearer(via.post("/api/v1/auth/token", json={"username": "boss", "password": PASSWORD}).json())
        made = via.post("/api/v1/users", headers=admin, json={"username": username, "full_name": username.title(),
                                                                "role": role.value, "password": PASSWORD})
        assert made.status_code == 201, made.text
        pair = via.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
        assert pair.status_code == 200, pair.text
        return {**pair.json(), "user_id": made.json()["id"], "admin": admin}


def _bearer(pair: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {pair['access_token']}"}


@pytest.fixture(scope="module")
def pair(postgres_server_url: str, redis_server_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    var = tmp_path_factory.mktemp("multi")
    with fresh_database(postgres_server_url, "multi") as url:
        env = server_environment(var, url, TECHSTORE_RATE_LIMIT=f"{LIMIT}/minute",
                                 TECHSTORE_RATE_LIMIT_STORAGE=redis_server_url,
                                 TECHSTORE_REQUIRE_CASH_SESSION="true")
        migrated = techstore(env, *MIGRATE_COMMAND[1:])
        assert migrated.returncode == 0, migrated.stderr
        seeding = build_container(settings_for_tests(var, url), "sql")
        fast_hashing(seeding)
        boss = seeding.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
        product = seeding.catalog.create_product()(boss, NewProduct(sku="MP-1", name="Cable", price=Decimal("5.00"),
                                                                     stock=50))
        seeding.shutdown_resources()
        servers = [Server(env, var / "a.log").start(), Server(env, var / "b.log").start()]
        try:
            for server in servers:
                server.wait_until_up()
            with httpx.Client(base_url=servers[0].url, timeout=10) as a, \
                    httpx.Client(base_url=servers[1].url, timeout=10) as b:
                assert product.id is not None
                yield Pair(a, b, product.id, (f"user{n}" for n in itertools.count()))
        finally:
            for server in servers:
                server.stop()


def test_the_rate_limit_is_one_limit_across_both(pair: Pair) -> None:
    headers = _bearer(pair.sign_in(pair.a))
    answers = [(pair.a if n % 2 else pair.b).get("/api/v1/me", headers=headers).status_code for n in range(LIMIT)]
    assert answers == [200] * LIMIT
    for other in (pair.a, pair.b):
        refused = other.get("/api/v1/me", headers=headers)
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1


def test_an_idempotent_sale_retried_on_the_other_process_replays(pair: Pair) -> None:
    seller = pair.sign_in(pair.a)
    headers = _bearer(seller)
    assert pair.a.post("/api/v1/cash-sessions", headers=headers, json={"opening_float": "0.00"}).status_code == 201
    stock = pair.b.get(f"/api/v1/products/{pair.product_id}", headers=headers).json()["stock"]
    sale = {"items": [{"product_id": pair.product_id, "quantity": 2}],
            "payments": [{"method": "cash", "amount": "10.00"}]}
    keyed = {**headers, "Idempotency-Key": "till-1-sale-0001"}
    first = pair.a.post("/api/v1/sales", headers=keyed, json=sale)
    again = pair.b.post("/api/v1/sales", headers=keyed, json=sale)
    assert first.status_code == again.status_code == 201, (first.text, again.text)
    assert again.headers["idempotent-replayed"] == "true" and again.json() == first.json()
    assert pair.b.get(f"/api/v1/products/{pair.product_id}", headers=headers).json()["stock"] == stock - 2
    mine = pair.a.get("/api/v1/sales", headers=headers).json()["items"]
    assert [s["id"] for s in mine if s["user_id"] == seller["user_id"]] == [first.json()["id"]]
    # The same key with another body is refused on either process.
    other = {**sale, "items": [{"product_id": pair.product_id, "quantity": 1}],
             "payments": [{"method": "cash", "amount": "5.00"}]}
    assert pair.a.post("/api/v1/sales", headers=keyed, json=other).status_code == 422


def test_reusing_a_rotated_refresh_token_on_the_other_process_revokes_the_family(pair: Pair) -> None:
    first = pair.sign_in(pair.a)
    second = pair.a.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert second.status_code == 200
    # The stolen, already rotated token, presented to the other process: refused, and the family dies.
    assert pair.b.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}).status_code == 401
    assert pair.a.post("/api/v1/auth/refresh",
                       json={"refresh_token": second.json()["refresh_token"]}).status_code == 401


def test_logout_and_deactivation_on_one_process_are_honoured_on_the_other(pair: Pair) -> None:
    session = pair.sign_in(pair.b)
    assert pair.a.post("/api/v1/auth/logout", json={"refresh_token": session["refresh_token"]}).status_code == 204
    assert pair.b.post("/api/v1/auth/refresh", json={"refresh_token": session["refresh_token"]}).status_code == 401

    worker = pair.sign_in(pair.b)
    assert pair.b.get("/api/v1/me", headers=_bearer(worker)).status_code == 200
    assert pair.a.patch(f"/api/v1/users/{worker['user_id']}", headers=worker["admin"],
                        json={"is_active": False}).status_code == 200
    assert pair.b.get("/api/v1/me", headers=_bearer(worker)).status_code == 401


def test_a_session_ended_on_one_process_ends_its_access_token_on_the_other(pair: Pair) -> None:
    """F7 (issue 21): logout, and a family revoked as theft, end the access token at once, everywhere."""
    session = pair.sign_in(pair.b)
    assert pair.b.get("/api/v1/me", headers=_bearer(session)).status_code == 200
    assert pair.a.post("/api/v1/auth/logout", json={"refresh_token": session["refresh_token"]}).status_code == 204
    assert pair.b.get("/api/v1/me", headers=_bearer(session)).status_code == 401

    stolen = pair.sign_in(pair.a)
    newest = pair.a.post("/api/v1/auth/refresh", json={"refresh_token": stolen["refresh_token"]}).json()
    assert pair.b.get("/api/v1/me", headers=_bearer(newest)).status_code == 200
    assert pair.a.post("/api/v1/auth/refresh", json={"refresh_token": stolen["refresh_token"]}).status_code == 401
    assert pair.b.get("/api/v1/me", headers=_bearer(newest)).status_code == 401


def test_cash_session_rules_hold_across_both(pair: Pair) -> None:
    headers = _bearer(pair.sign_in(pair.a))
    sale = {"items": [{"product_id": pair.product_id, "quantity": 1}],
            "payments": [{"method": "cash", "amount": "5.00"}]}
    # TECHSTORE_REQUIRE_CASH_SESSION: no open drawer, no cash sale, on either process.
    assert pair.b.post("/api/v1/sales", headers=headers, json=sale).status_code == 409
    opened = pair.a.post("/api/v1/cash-sessions", headers=headers, json={"opening_float": "20.00"})
    assert opened.status_code == 201
    assert pair.b.post("/api/v1/cash-sessions", headers=headers, json={"opening_float": "0.00"}).status_code == 409
    assert pair.b.post("/api/v1/sales", headers=headers, json=sale).status_code == 201
    drawer = pair.a.get("/api/v1/cash-sessions/current", headers=headers).json()
    assert drawer["id"] == opened.json()["id"] and Decimal(drawer["cash_sales"]) == Decimal("5.00")
