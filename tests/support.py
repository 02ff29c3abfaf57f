"""Building containers for tests: one per adapter set, swapped through the container only."""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import threading
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
import uvicorn
from dependency_injector import providers
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from techstore.container import Container, build_container
from techstore.domain.taxes.rates import STARTING_RATE_NAME, STARTING_RATE_PERCENT, rate_key
from techstore.infrastructure.clock import ManualClock
from techstore.infrastructure.security.passwords import Argon2PasswordHasher
from techstore.infrastructure.sqlalchemy.metadata import metadata
from techstore.infrastructure.sqlalchemy.tables.taxes import tax_rates
from techstore.settings import Settings, load_settings

T = TypeVar("T")

ADAPTER_SETS = ("memory", "sqlite", "postgres")
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
# High enough that no test trips it by accident, so every API request still runs the check.
TEST_RATE_LIMIT = "1000000/minute"
TEST_SECRET = "test-secret-key-" + "x" * 32


def require(flag: str) -> bool:
    return os.environ.get(flag, "") not in ("", "0", "false", "no")


def settings_for_tests(var_dir: Path, database_url: str | None = None) -> Settings:
    environ = {
        "TECHSTORE_ENV": "test",
        "TECHSTORE_VAR_DIR": str(var_dir),
        "TECHSTORE_SECRET_KEY": TEST_SECRET,
        "TECHSTORE_RATE_LIMIT": TEST_RATE_LIMIT,
        # Most tests sell for something else than the drawer; the drawer's own scenarios, the journal's and the
        # two-process test turn the store's default (a session required for cash) back on.
        "TECHSTORE_REQUIRE_CASH_SESSION": "false",
        # Likewise most tests sell on account to customers they register without a limit: no default limit
        # (empty). The default's own scenarios and tests set it (0 in a store as shipped).
        "TECHSTORE_DEFAULT_CREDIT_LIMIT": "",
    }
    if database_url:
        environ["TECHSTORE_DATABASE_URL"] = database_url
    return load_settings(environ)


def fast_hashing(container: Container) -> None:
    """Argon2id still, with tiny costs: the suite hashes hundreds of passwords."""
    container.hasher.override(providers.Singleton(Argon2PasswordHasher, time_cost=1, memory_cost=1024))


def prepare(container: Container, clock: ManualClock | None = None) -> Container:
    fast_hashing(container)
    if clock is not None:
        container.clock.override(providers.Object(clock))
    return container


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped afterwards."""
    server = os.environ.get("TECHSTORE_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    name = f"techstore_test_{os.getpid()}_{secrets.token_hex(3)}"
    try:
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - any failure means "no server here"
        if require("TECHSTORE_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required (TECHSTORE_REQUIRE_POSTGRES=1) but unreachable: {error}")
        pytest.skip(f"PostgreSQL not reachable at {server}: {type(error).__name__}")
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    from techstore.infrastructure.sqlalchemy.migrations.migrate import upgrade

    upgrade(url)
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def redis_server_url() -> str:
    """The Redis of ``TECHSTORE_TEST_REDIS_URL``. Tests share it: the rate limit's keys are
    namespaced by database (see ``namespace_of``), and every test has a database of its own."""
    url = os.environ.get("TECHSTORE_TEST_REDIS_URL", DEFAULT_REDIS_URL)
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as error:  # noqa: BLE001 - any failure means "no server here"
        if require("TECHSTORE_REQUIRE_REDIS"):
            pytest.fail(f"Redis is required (TECHSTORE_REQUIRE_REDIS=1) but unreachable: {error}")
        pytest.skip(f"Redis not reachable at {url}: {type(error).__name__}")
    return url


def empty_postgres(url: str) -> None:
    """The database as migrations leave it: every table empty but ``tax_rates``, which holds the rate a store
    starts with (migration 0015; the in-memory store starts with it too)."""
    engine = create_engine(url)
    names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    now = datetime.now(UTC)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        connection.execute(tax_rates.insert().values(
            name=STARTING_RATE_NAME, name_key=rate_key(STARTING_RATE_NAME), percent=STARTING_RATE_PERCENT,
            is_default=True, is_active=True, created_at=now, updated_at=now))
    engine.dispose()


def container_for(adapter_set: str, tmp_path: Path, request: pytest.FixtureRequest,
                  clock: ManualClock | None = None) -> Iterator[Container]:
    """A container on a fresh, empty store of the given adapter set."""
    if adapter_set == "memory":
        container = build_container(settings_for_tests(tmp_path), "memory")
    elif adapter_set == "sqlite":
        from techstore.infrastructure.sqlalchemy.migrations.migrate import upgrade

        url = f"sqlite:///{tmp_path / 'techstore.sqlite3'}"
        upgrade(url)
        container = build_container(settings_for_tests(tmp_path, url), "sql")
    elif adapter_set == "postgres":
        url = request.getfixturevalue("postgres_server_url")
        empty_postgres(url)
        container = build_container(settings_for_tests(tmp_path, url), "sql")
    else:
        raise ValueError(adapter_set)
    prepare(container, clock)
    yield container
    container.shutdown_resources()  # disposes the engine's pool


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn on a free loopback port, in a thread; yields its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def listening(container: Container, name: str, listener: Any) -> Iterator[None]:
    """``listener`` on the SQL engine event ``name`` of every engine of the container (``sql_engines``:
    writes, reads, and reads on the event loop have a pool each on PostgreSQL)."""
    from sqlalchemy import event

    from techstore.container.adapters import sql_engines

    engines = sql_engines(container.adapters)
    for engine in engines:
        event.listen(engine, name, listener)
    try:
        yield
    finally:
        for engine in engines:
            event.remove(engine, name, listener)


@contextmanager
def counting_statements(container: Container) -> Iterator[list[str]]:
    """The statements sent while the block runs (transaction control left out)."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE")):
            statements.append(statement)

    with listening(container, "before_cursor_execute", record):
        yield statements


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` on a thread of its own: the browser tests' driver may hold a loop on this one."""
    with ThreadPoolExecutor(1) as runner:
        return runner.submit(asyncio.run, coroutine).result()
