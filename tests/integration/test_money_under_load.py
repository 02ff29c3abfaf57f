"""Money under load: 16 clients on two ``techstore serve`` processes, one PostgreSQL database, sell (cash and
card, on account), return, deliver repairs, take payments on accounts, pay in and out, void, and close their
drawers, all at once. Afterwards ``techstore check money``, ``check stock`` and ``check accounts`` find
nothing wrong: every document's journal entries add up to what it says was paid, every drawer's expected cash
is its float plus its cash entries, the reports equal the journal, stock equals its ledger and balances their
movements."""

from __future__ import annotations

import random
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest

from techstore.application.catalog.commands import NewProduct
from techstore.application.customers.commands import NewCustomer
from techstore.application.repairs.commands import NewRepair, RepairChanges, Transition
from techstore.container import build_container
from techstore.domain.identity.users import Role
from tests.servers import MIGRATE_COMMAND, Server, fresh_database, server_environment, techstore
from tests.support import fast_hashing, settings_for_tests

pytestmark = pytest.mark.timeout(240)
PASSWORD = "load-test-password"
CLIENTS = 16
ROUNDS = 4
PRICES = {"LD-CASE": Decimal("12.50"), "LD-CABLE": Decimal("7.99"), "LD-CHARGER": Decimal("24.90")}


@attrs.frozen
class Store:
    servers: list[str]
    env: dict[str, str]
    products: dict[str, int]
    customers: list[int]
    repairs: dict[str, list[int]]  # per seller, their repairs ready to deliver
    sellers: list[str]


@pytest.fixture(scope="module")
def store(postgres_server_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    var = tmp_path_factory.mktemp("load")
    with fresh_database(postgres_server_url, "money_load") as url:
        env = server_environment(var, url, TECHSTORE_RATE_LIMIT="0", TECHSTORE_REQUIRE_CASH_SESSION="true",
                                 TECHSTORE_WORKER_THREADS="4")
        migrated = techstore(env, *MIGRATE_COMMAND[1:])
        assert migrated.returncode == 0, migrated.stderr
        store = _seed(var, url)
        servers = [Server(env, var / "a.log").start(), Server(env, var / "b.log").start()]
        try:
            for server in servers:
                server.wait_until_up()
            yield attrs.evolve(store, servers=[s.url for s in servers], env=env)
        finally:
            for server in servers:
                server.stop()


def _seed(var: Path, url: str) -> Store:
    container = build_container(settings_for_tests(var, url), "sql")
    fast_hashing(container)
    try:
        boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
        products = {}
        for sku, price in PRICES.items():
            made = container.catalog.create_product()(boss, NewProduct(sku=sku, name=sku, price=price, stock=10_000))
            products[sku] = made.id
        customers = [container.customers.register_customer()(boss, NewCustomer(f"Load {n}", f"load{n}@example.com"))
                     .id for n in range(4)]
        sellers, repairs = [], {}
        for n in range(CLIENTS):
            username = f"seller{n}"
            seller = container.identity.provision_user()(username, PASSWORD, role=Role.STAFF)
            sellers.append(username)
            repairs[username] = []
            for _ in range(ROUNDS):
                repair = container.repairs.take_repair_in()(seller, NewRepair(customers[n % 4], "Phone", "Screen"))
                container.repairs.change_repair()(seller, repair.id, RepairChanges(
                    diagnosis="Screen replaced", price=Decimal("229.99")), ["diagnosis", "price"])
                for status in ("diagnosing", "ready"):
                    container.repairs.move_repair()(seller, repair.id, Transition(status))  # type: ignore[arg-type]
                repairs[username].append(repair.id)
        return Store([], {}, products, customers, repairs, sellers)
    finally:
        container.shutdown_resources()


def _ok(answer: httpx.Response, *codes: int) -> dict[str, Any]:
    assert answer.status_code in (codes or (200, 201)), (answer.status_code, answer.text)
    body: dict[str, Any] = answer.json() if answer.content else {}
    return body


def _work(store: Store, index: int) -> None:
    """One client's shift, its requests spread over both processes."""
    rng = random.Random(index)
    username = store.sellers[index]
    clients = [httpx.Client(base_url=url, timeout=60) for url in store.servers]
    try:
        def on() -> httpx.Client:
            return rng.choice(clients)

        token = _ok(on().post("/api/v1/auth/token", json={"username": username, "password": PASSWORD}))
        auth = {"Authorization": f"Bearer {token['access_token']}"}
        session = _ok(on().post("/api/v1/cash-sessions", headers=auth, json={"opening_float": "50.00"}))
        for round_ in range(ROUNDS):
            sku = rng.choice(list(PRICES))
            quantity = rng.randint(1, 3)
            total = PRICES[sku] * quantity
            cash = (total / 2).quantize(Decimal("0.01"))
            sale = _ok(on().post("/api/v1/sales", headers=auth, json={
                "items": [{"product_id": store.products[sku], "quantity": quantity}],
                "payments": [{"method": "cash", "amount": str(cash)}, {"method": "card", "amount": str(total - cash)}]
            }))
            if quantity > 1:  # one unit back, in cash
                _ok(on().post(f"/api/v1/sales/{sale['id']}/returns", headers=auth, json={
                    "items": [{"product_id": store.products[sku], "quantity": 1}],
                    "refunds": [{"method": "cash", "amount": str(PRICES[sku])}], "reason": "Changed their mind"}))
            customer = store.customers[(index + round_) % len(store.customers)]
            _ok(on().post("/api/v1/sales", headers=auth, json={
                "customer_id": customer, "items": [{"product_id": store.products["LD-CABLE"], "quantity": 1}],
                "payments": [{"method": "account", "amount": "7.99"}]}))
            _ok(on().post(f"/api/v1/repairs/{store.repairs[username][round_]}/deliver", headers=auth, json={
                "payments": [{"method": "card", "amount": "200.00"}, {"method": "cash", "amount": "29.99"}]}))
            _ok(on().post(f"/api/v1/customers/{customer}/payments", headers=auth,
                          json={"amount": "5.00", "method": "cash"}))
            _ok(on().post(f"/api/v1/cash-sessions/{session['id']}/movements", headers=auth,
                          json={"type": rng.choice(["pay_in", "pay_out"]), "amount": "1.00", "reason": "Change"}))
        if index % 2:
            current = _ok(on().get("/api/v1/cash-sessions/current", headers=auth))
            _ok(on().post(f"/api/v1/cash-sessions/{session['id']}/close", headers=auth,
                          json={"counted_cash": current["expected_cash"]}))
    finally:
        for client in clients:
            client.close()


def test_mixed_money_from_16_clients_on_two_processes_leaves_every_check_clean(store: Store) -> None:
    with ThreadPoolExecutor(CLIENTS) as pool:
        for done in [pool.submit(_work, store, n) for n in range(CLIENTS)]:
            done.result()
    for check in ("money", "stock", "accounts"):
        result = techstore(store.env, "check", check, timeout=120)
        assert result.returncode == 0, (check, result.stdout, result.stderr)
    with httpx.Client(base_url=store.servers[0], timeout=30) as client:
        token = _ok(client.post("/api/v1/auth/token", json={"username": "boss", "password": PASSWORD}))
        auth = {"Authorization": f"Bearer {token['access_token']}"}
        journal = _ok(client.get("/api/v1/journal", params={"kind": "repair_payment", "limit": 200}, headers=auth))
        # Every delivery took 200.00 by card and 29.99 in cash, each into its seller's drawer.
        assert journal["total"] == CLIENTS * ROUNDS * 2
        assert sum(Decimal(e["amount"]) for e in journal["items"]) == Decimal("229.99") * CLIENTS * ROUNDS
        assert all(e["cash_session_id"] is not None for e in journal["items"])
