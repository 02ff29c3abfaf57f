"""Reports on a PostgreSQL streaming replica (PRODUCT.md, Operations; docs/adr/0018), on a real one: a private
primary cluster (initdb) and its standby (``pg_basebackup -R``), each a ``postgres`` on a free port of its own.

The app, configured with both (``TECHSTORE_REPLICA_MAX_LAG=1``), sells through the API on the primary; the sales
report reads the replica and says ``as_of`` (the report page and the dashboard say "As of"), and shows the sales
once replayed, also after the primary has been idle longer than the allowed lag. Replay paused on the replica
while the primary writes: past the lag the reports read the primary (no ``as_of``, the new sale counted), and
the replica again once it has caught up. The replica stopped: the primary serves; started again: the replica.
Nothing that writes reaches the replica: every statement it is sent is a query, and its engine's connections
are read-only even on a server that would take writes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from starlette.testclient import TestClient

from techstore.application.catalog.commands import NewProduct
from techstore.container import Container, build_container
from techstore.domain.identity.users import Role
from techstore.entrypoints.app import create_app
from techstore.infrastructure.sqlalchemy.engine import build_read_engine, build_replica_engine
from techstore.infrastructure.sqlalchemy.migrations.migrate import upgrade
from techstore.infrastructure.sqlalchemy.replica import ReplicaLag
from techstore.settings import load_settings
from tests.integration.test_web_session import csrf_from
from tests.servers import PrivateCluster
from tests.support import TEST_SECRET, prepare

pytestmark = [pytest.mark.timeout(120), pytest.mark.postgres]
PASSWORD = "replica-password-1"


def _database(cluster: PrivateCluster) -> str:
    return cluster.url.rsplit("/", 1)[0] + "/techstore"


@pytest.fixture(scope="module")
def clusters() -> Iterator[tuple[PrivateCluster, PrivateCluster]]:
    primary = PrivateCluster().init()
    standby: PrivateCluster | None = None
    try:
        primary.start()
        admin = create_engine(primary.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("CREATE DATABASE techstore"))
        admin.dispose()
        upgrade(_database(primary))
        standby = primary.standby()
        standby.start()
        yield primary, standby
    finally:
        if standby is not None:
            standby.remove()
        primary.remove()


@pytest.fixture(scope="module")
def replica_statements() -> list[str]:
    """Every statement the app sends the replica, for the last test to read."""
    return []


@pytest.fixture(scope="module")
def shop(clusters: tuple[PrivateCluster, PrivateCluster], tmp_path_factory: pytest.TempPathFactory,
         replica_statements: list[str]) -> Iterator[tuple[Container, TestClient, dict[str, str], int]]:
    primary, standby = clusters
    settings = load_settings({
        "TECHSTORE_ENV": "test", "TECHSTORE_VAR_DIR": str(tmp_path_factory.mktemp("replica")),
        "TECHSTORE_SECRET_KEY": TEST_SECRET, "TECHSTORE_RATE_LIMIT": "0", "TECHSTORE_REQUIRE_CASH_SESSION": "false",
        "TECHSTORE_DATABASE_URL": _database(primary), "TECHSTORE_REPLICA_DATABASE_URL": _database(standby),
        "TECHSTORE_REPLICA_MAX_LAG": "1",
    })
    container = prepare(build_container(settings, "sql"))
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    product = container.catalog.create_product()(boss, NewProduct("R-1", "Cable", Decimal("5.00"), stock=1000))
    assert product.id is not None

    def record(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        replica_statements.append(statement)

    event.listen(container.adapters.replica_engine(), "before_cursor_execute", record)
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        token = client.post("/api/v1/auth/token", json={"username": "boss", "password": PASSWORD}).json()
        yield container, client, {"Authorization": f"Bearer {token['access_token']}"}, product.id
    container.shutdown_resources()


def _sell(shop: tuple[Container, TestClient, dict[str, str], int]) -> None:
    _, client, headers, product_id = shop
    sold = client.post("/api/v1/sales", headers=headers, json={
        "items": [{"product_id": product_id, "quantity": 1}], "payments": [{"method": "card", "amount": "5.00"}]})
    assert sold.status_code == 201, sold.text


def _report(shop: tuple[Container, TestClient, dict[str, str], int]) -> dict[str, Any]:
    _, client, headers, _ = shop
    today = datetime.now(UTC).date()
    answer = client.get("/api/v1/reports/sales", headers=headers,
                        params={"from": (today - timedelta(days=1)).isoformat(),
                                "to": (today + timedelta(days=1)).isoformat()})
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


def _sold(primary: PrivateCluster) -> int:
    """The truth: sales on the primary."""
    engine = create_engine(_database(primary))
    with engine.connect() as connection:
        count = int(connection.execute(text("SELECT count(*) FROM sales")).scalar_one())
    engine.dispose()
    return count


def _until(shop: tuple[Container, TestClient, dict[str, str], int], wanted: Callable[[dict[str, Any]], bool],
           what: str, timeout: float = 10) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        report = _report(shop)
        if wanted(report):
            return report
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {timeout} s; last report: as_of={report['as_of']}, "
                        f"sales={report['totals']['sales_count']}")
        time.sleep(0.1)


def _on_replica(sales: int) -> Callable[[dict[str, Any]], bool]:
    return lambda report: report["as_of"] is not None and report["totals"]["sales_count"] == sales


def _on_primary(sales: int) -> Callable[[dict[str, Any]], bool]:
    return lambda report: report["as_of"] is None and report["totals"]["sales_count"] == sales


def _standby_engine(standby: PrivateCluster) -> Engine:
    """The test's own superuser connection to the standby (to pause its replay), not the app's."""
    return create_engine(_database(standby), isolation_level="AUTOCOMMIT")


def test_reports_read_the_replica_and_say_as_of_when(
        shop: tuple[Container, TestClient, dict[str, str], int], clusters: tuple[PrivateCluster, PrivateCluster],
        replica_statements: list[str]) -> None:
    _sell(shop)
    _sell(shop)
    report = _until(shop, _on_replica(2), "the sales replayed on the replica")
    as_of = datetime.fromisoformat(report["as_of"])
    assert abs(datetime.now(UTC) - as_of) < timedelta(seconds=5)

    # The report's queries went to the replica, none to the primary (asked at most where its WAL is).
    container, client, _, _ = shop
    primary_statements: list[str] = []
    primary_engines = [container.adapters.engine(), container.adapters.read_engine()]

    def record(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        primary_statements.append(statement)

    for engine in primary_engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        sent = len(replica_statements)
        assert _report(shop)["as_of"] is not None
    finally:
        for engine in primary_engines:
            event.remove(engine, "before_cursor_execute", record)
    assert len(replica_statements) > sent
    # (The primary authenticates the caller: users are not the reports' to read.)
    assert [s for s in primary_statements if "pg_current_wal_flush_lsn" not in s and "FROM users" not in s] == []

    # An idle primary: its last transaction grows older than the allowed lag (1 s), and nothing is missing.
    time.sleep(2.5)
    assert _on_replica(2)(_report(shop))

    # The pages say so too: the reports page and the dashboard, read there.
    client.post("/login", data={"username": "boss", "password": PASSWORD,
                                "csrf_token": csrf_from(client.get("/login").text)})
    page = client.get("/reports", params={"from": date.today().isoformat(), "to": date.today().isoformat()})
    assert page.status_code == 200
    assert 'data-testid="as-of">As of' in page.text
    dashboard = client.get("/")
    assert dashboard.status_code == 200
    assert 'data-testid="as-of">As of' in dashboard.text
    assert _sold(clusters[0]) == 2


def test_a_lagging_replica_is_passed_over_until_it_catches_up(
        shop: tuple[Container, TestClient, dict[str, str], int],
        clusters: tuple[PrivateCluster, PrivateCluster]) -> None:
    primary, standby = clusters
    sales = _sold(primary)
    _until(shop, _on_replica(sales), "the replica caught up")
    replica = _standby_engine(standby)
    try:
        with replica.connect() as connection:
            connection.execute(text("SELECT pg_wal_replay_pause()"))
        _sell(shop)
        # Within the allowed lag the replica still answers (without the new sale); past it, the primary.
        _until(shop, _on_primary(sales + 1), "the primary serving past the allowed lag")
        with replica.connect() as connection:
            connection.execute(text("SELECT pg_wal_replay_resume()"))
        _until(shop, _on_replica(sales + 1), "the replica serving again once caught up")
    finally:
        with replica.connect() as connection:
            connection.execute(text("SELECT pg_wal_replay_resume()"))
        replica.dispose()


def test_a_stopped_replica_is_passed_over_and_taken_back_when_it_returns(
        shop: tuple[Container, TestClient, dict[str, str], int],
        clusters: tuple[PrivateCluster, PrivateCluster]) -> None:
    primary, standby = clusters
    sales = _sold(primary)
    _until(shop, _on_replica(sales), "the replica caught up")
    standby.stop("immediate")
    try:
        _, client, headers, _ = shop
        # A report already on its way there may fail (503, never 500); the next ones read the primary.
        today = datetime.now(UTC).date().isoformat()
        first = client.get("/api/v1/reports/sales", headers=headers, params={"from": today, "to": today})
        assert first.status_code in (200, 503), first.text
        _sell(shop)
        started = time.monotonic()
        _until(shop, _on_primary(sales + 1), "the primary serving while the replica is down", timeout=5)
        assert time.monotonic() - started < 3  # a refused connection is passed over at once
    finally:
        standby.start()
    _until(shop, _on_replica(sales + 1), "the replica serving again once back", timeout=20)


def test_nothing_that_writes_reaches_the_replica(
        shop: tuple[Container, TestClient, dict[str, str], int], clusters: tuple[PrivateCluster, PrivateCluster],
        replica_statements: list[str]) -> None:
    primary, _ = clusters
    # Everything the app sent the replica in this module (reports, pages, lag checks) was a query.
    assert replica_statements
    assert all(statement.lstrip().upper().startswith(("SELECT", "WITH")) for statement in replica_statements), \
        sorted({s.split()[0] for s in replica_statements})

    # The replica's engine has the server refuse writes: even pointed at a server that takes them (the primary).
    container = shop[0]
    writable = build_replica_engine(_database(primary), threads=1)
    try:
        for engine in (container.adapters.replica_engine(), writable):
            with engine.connect() as connection:
                assert connection.execute(text("SHOW default_transaction_read_only")).scalar_one() == "on"
                assert connection.execute(text("SHOW transaction_read_only")).scalar_one() == "on"
        with writable.connect() as connection, pytest.raises(DBAPIError, match="read-only transaction"):
            connection.execute(text("CREATE TABLE replica_written (id integer)"))

        # And a "replica" that is a writable server is not used at all.
        primary_reads = build_read_engine(create_engine(_database(primary)), threads=1)
        try:
            assert ReplicaLag(primary_reads, writable, 30).as_of() is None
        finally:
            primary_reads.dispose()
    finally:
        writable.dispose()
