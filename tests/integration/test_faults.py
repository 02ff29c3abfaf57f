"""Faults on PostgreSQL, with the real ``techstore serve`` process (docs/quality.md, "Faults").

1. The server is killed (SIGKILL) in the middle of a sale load from several clients and
   restarted; every client then retries each request that got no answer, or no 201, with its
   ``Idempotency-Key``, as a till would. Every sale that got a 201 is there, complete (lines,
   payments, stock moves, account movements), no key sells twice, and ``techstore check stock``
   and ``check accounts`` pass.
2. PostgreSQL itself stops mid-load (a private cluster of the test's own, so the machine's server
   is never touched): ``/health/ready`` answers 503 and API requests a 503 problem within seconds,
   none hangs and none answers 500; when PostgreSQL returns, the app recovers by itself.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from techstore.application.catalog.commands import NewProduct
from techstore.application.customers.commands import NewCustomer
from techstore.container import build_container
from techstore.domain.identity.users import Role
from tests.servers import MIGRATE_COMMAND, PrivateCluster, Server, fresh_database, server_environment, techstore
from tests.support import fast_hashing, settings_for_tests

pytestmark = [pytest.mark.timeout(180), pytest.mark.postgres]
PASSWORD = "fault-test-password"
THREADS = 4
SALES_PER_THREAD = 20
KILL_AFTER = 25  # sales answered 201 before the SIGKILL
PRICE = Decimal("2.00")
STOCK = 1000


def _seed(var: Path, url: str) -> dict[str, int]:
    """An admin, a seller per client thread, two products and a customer on credit."""
    container = build_container(settings_for_tests(var, url), "sql")
    fast_hashing(container)
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    for n in range(THREADS):
        container.identity.provision_user()(f"till{n}", PASSWORD, role=Role.STAFF)
    create = container.catalog.create_product()
    a = create(boss, NewProduct(sku="F-A", name="Charger", price=PRICE, stock=STOCK))
    b = create(boss, NewProduct(sku="F-B", name="Case", price=PRICE, stock=STOCK))
    ana = container.customers.register_customer()(boss, NewCustomer("Ana", email="ana@example.com",
                                                                    credit_limit=Decimal("100000.00")))
    container.shutdown_resources()
    assert a.id is not None and b.id is not None and ana.id is not None
    return {"a": a.id, "b": b.id, "customer": ana.id}


def _sale(ids: dict[str, int], n: int) -> dict[str, Any]:
    """Sale ``n``: one to three units over one or two products; every fourth on account."""
    lines = [(ids["a"], 1 + n % 2)] + ([(ids["b"], 1)] if n % 3 == 0 else [])
    total = sum((PRICE * q for _, q in lines), Decimal("0.00"))
    body: dict[str, Any] = {"items": [{"product_id": p, "quantity": q} for p, q in lines],
                            "payments": [{"method": "account" if n % 4 == 0 else "cash", "amount": str(total)}]}
    if n % 4 == 0:
        body["customer_id"] = ids["customer"]
    return body


def _tokens(url: str) -> list[dict[str, str]]:
    """Each till signed in, its drawer open (the store takes cash only from an open drawer)."""
    with httpx.Client(base_url=url, timeout=30) as http:
        pairs = [http.post("/api/v1/auth/token", json={"username": f"till{n}", "password": PASSWORD})
                 for n in range(THREADS)]
        headers = [{"Authorization": f"Bearer {pair.json()['access_token']}"} for pair in pairs]
        for signed_in in headers:
            opened = http.post("/api/v1/cash-sessions", json={"opening_float": "20.00"}, headers=signed_in)
            assert opened.status_code == 201, opened.text
    return headers


@pytest.fixture
def database(postgres_server_url: str, tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    with fresh_database(postgres_server_url, "faults") as url:
        env = server_environment(tmp_path, url, TECHSTORE_RATE_LIMIT="0")
        migrated = techstore(env, *MIGRATE_COMMAND[1:])
        assert migrated.returncode == 0, migrated.stderr
        yield url, env


def test_a_server_killed_mid_load_loses_no_answered_sale_and_sells_no_key_twice(
        database: tuple[str, dict[str, str]], tmp_path: Path) -> None:
    url, env = database
    ids = _seed(tmp_path, url)
    server = Server(env, tmp_path / "server.log").start().wait_until_up()
    tokens = _tokens(server.url)
    keys = {f"till{t}-{i:03d}": (t, _sale(ids, t * SALES_PER_THREAD + i))
            for t in range(THREADS) for i in range(SALES_PER_THREAD)}
    first: dict[str, tuple[int, Any] | None] = {}  # key -> (status, body), or None: no answer
    answered = threading.Semaphore(0)

    def till(t: int) -> None:
        with httpx.Client(base_url=server.url, timeout=10) as http:
            for key, (owner, body) in keys.items():
                if owner != t:
                    continue
                try:
                    answer = http.post("/api/v1/sales", json=body, headers={**tokens[t], "Idempotency-Key": key})
                    first[key] = (answer.status_code, answer.json())
                    if answer.status_code == 201:
                        answered.release()
                except httpx.TransportError:
                    first[key] = None

    try:
        with ThreadPoolExecutor(THREADS) as pool:
            running = [pool.submit(till, t) for t in range(THREADS)]
            for _ in range(KILL_AFTER):
                assert answered.acquire(timeout=60), "the load stalled before the kill"
            server.kill()
            for future in running:
                future.result()
        ok_before = {key for key, outcome in first.items() if outcome is not None and outcome[0] == 201}
        assert KILL_AFTER <= len(ok_before) < len(keys), "the kill did not land mid-load"
        assert all(outcome is None or outcome[0] == 201 for outcome in first.values()), \
            [o for o in first.values() if o is not None and o[0] != 201][:3]

        server = Server(env, tmp_path / "server.log", port=server.port).start().wait_until_up()
        # A claim the dead process held stays "in flight" for CLAIM_TIMEOUT (60 s) before a retry may
        # take it over: age those claims rather than wait a minute.
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("UPDATE idempotency_keys SET claimed_at = claimed_at - interval '61 seconds' "
                                    "WHERE state = 'in_flight'"))

        # Every client retries every request with its key: answered or not, nothing sells twice.
        def retry(key: str) -> tuple[str, int, Any, bool]:
            t, body = keys[key]
            answer = httpx.post(f"{server.url}/api/v1/sales", json=body, timeout=30,
                                headers={**tokens[t], "Idempotency-Key": key})
            return key, answer.status_code, answer.json(), answer.headers.get("idempotent-replayed") == "true"

        with ThreadPoolExecutor(THREADS) as pool:
            final = {key: (status, body, replayed) for key, status, body, replayed in pool.map(retry, keys)}
        assert {status for status, _, _ in final.values()} == {201}, \
            [v for v in final.values() if v[0] != 201][:3]
        for key in ok_before:
            status_body = first[key]
            assert status_body is not None
            assert final[key][2] and final[key][1] == status_body[1], key  # replayed, the same sale
        sale_ids = {body["id"] for _, body, _ in final.values()}
        assert len(sale_ids) == len(keys)

        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM sales")).scalar_one() == len(keys)
            incomplete = connection.execute(text("""
                SELECT s.id FROM sales s
                WHERE s.number IS NULL
                   OR (SELECT count(*) FROM sale_items i WHERE i.sale_id = s.id) = 0
                   OR (SELECT coalesce(sum(p.amount), 0) FROM sale_payments p WHERE p.sale_id = s.id) <> s.total
                   OR (SELECT count(*) FROM sale_items i WHERE i.sale_id = s.id)
                      <> (SELECT count(*) FROM stock_movements m WHERE m.sale_id = s.id)
                   OR (s.customer_id IS NOT NULL)
                      <> EXISTS (SELECT 1 FROM account_movements a WHERE a.sale_id = s.id)
            """)).scalars().all()
            assert incomplete == []
            sold = sum(item["quantity"] for _, body in keys.values() for item in body["items"]
                       if item["product_id"] == ids["a"])
            assert connection.execute(text("SELECT stock FROM products WHERE id = :id"),
                                      {"id": ids["a"]}).scalar_one() == STOCK - sold
        engine.dispose()
        for check in ("stock", "accounts", "money"):
            result = techstore(env, "check", check)
            assert result.returncode == 0, result.stdout + result.stderr
    finally:
        server.stop()


@pytest.fixture
def cluster() -> Iterator[PrivateCluster]:
    private = PrivateCluster().init()
    private.start()
    try:
        yield private
    finally:
        private.remove()


def test_postgres_stopped_mid_load_gives_quick_503s_and_the_app_recovers(cluster: PrivateCluster,
                                                                        tmp_path: Path) -> None:
    engine = create_engine(cluster.url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("CREATE DATABASE techstore"))
    engine.dispose()
    url = cluster.url.rsplit("/", 1)[0] + "/techstore"
    env = server_environment(tmp_path, url, TECHSTORE_RATE_LIMIT="0")
    assert techstore(env, *MIGRATE_COMMAND[1:]).returncode == 0
    ids = _seed(tmp_path, url)
    server = Server(env, tmp_path / "server.log").start().wait_until_up()
    try:
        headers = _tokens(server.url)[0]
        stop = threading.Event()
        seen: list[tuple[int, float]] = []  # (status or 0 for no answer, seconds)

        def load(n: int) -> None:
            with httpx.Client(base_url=server.url, timeout=20) as http:
                while not stop.is_set():
                    started = time.monotonic()
                    try:
                        if n % 2:
                            status = http.get("/api/v1/products", headers=headers).status_code
                        else:
                            status = http.post("/api/v1/sales", json=_sale(ids, 1), headers=headers).status_code
                    except httpx.TransportError:
                        status = 0
                    seen.append((status, time.monotonic() - started))
                    time.sleep(0.02)

        with ThreadPoolExecutor(THREADS) as pool:
            for n in range(THREADS):
                pool.submit(load, n)
            time.sleep(1.0)
            cluster.stop("immediate")
            time.sleep(0.5)
            with httpx.Client(base_url=server.url, timeout=20) as http:
                started = time.monotonic()
                ready = http.get("/health/ready")
                assert ready.status_code == 503 and ready.json()["database"] == "unreachable"
                products = http.get("/api/v1/products", headers=headers)
                assert products.status_code == 503, products.text
                assert products.headers["content-type"] == "application/problem+json"
                assert products.headers["retry-after"] == "5"
                sale = http.post("/api/v1/sales", json=_sale(ids, 1), headers=headers)
                assert sale.status_code == 503, sale.text
                page = http.get("/login")
                assert page.status_code in (200, 503)  # the sign-in page needs no database
                assert time.monotonic() - started < 6
                time.sleep(1.0)
                cluster.start()
                recovered = time.monotonic()
                while http.get("/health/ready").status_code != 200:
                    assert time.monotonic() - recovered < 15, "the app did not see PostgreSQL come back"
                    time.sleep(0.2)
                time.sleep(1.0)  # the load runs on the returned database a moment
                answers = [http.get("/api/v1/products", headers=headers).status_code for _ in range(10)]
                assert answers == [200] * 10
                assert http.post("/api/v1/sales", json=_sale(ids, 1), headers=headers).status_code == 201
            stop.set()
        statuses = {status for status, _ in seen}
        assert statuses <= {200, 201, 503}, statuses  # never a 500, never a dropped connection
        assert 503 in statuses and statuses & {200, 201}
        assert max(seconds for _, seconds in seen) < 6  # nothing hung
    finally:
        server.stop()
    assert techstore(env, "check", "stock").returncode == 0
