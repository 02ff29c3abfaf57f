"""Engines for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

SQLITE_BUSY_TIMEOUT_SECONDS = 30
# PostgreSQL away: a request fails in seconds (503), it never hangs. A new connection gives up after
# CONNECT_TIMEOUT; a statement after STATEMENT_TIMEOUT (far above any request's work); a dead peer that
# sends nothing (a cut network) is noticed by TCP keepalives within about 20 s instead of hours.
CONNECT_TIMEOUT_SECONDS = 3
STATEMENT_TIMEOUT_MS = 30_000
POSTGRES_CONNECT_ARGS = {
    "connect_timeout": CONNECT_TIMEOUT_SECONDS,
    "options": f"-c statement_timeout={STATEMENT_TIMEOUT_MS}",
    "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 3, "keepalives_count": 3,
}
# A request waits this long for a pooled connection before answering 503 (the pool is sized so
# that it never waits while the database is up; see build_engine).
POOL_TIMEOUT_SECONDS = 10
# A connection idle this long is pinged before use; a busy pool is never pinged.
PING_AFTER_IDLE_SECONDS = 10.0


def build_engine(url: str, *, echo: bool = False, threads: int = 20) -> Engine:
    """An engine whose errors never carry statement parameters (``hide_parameters``):
    they hold password hashes and customers' data, and errors reach the log.

    ``threads`` is how many use cases run at once (the app sets AnyIO's thread
    limiter to it). Each holds at most two connections (a request's shared reads
    and a writer), so the pool never makes a thread wait, nor opens a connection
    per request in steady state."""
    if make_url(url).get_backend_name() == "sqlite":
        return _sqlite_engine(url, echo)
    engine = create_engine(url, echo=echo, hide_parameters=True, pool_size=threads, max_overflow=threads,
                           pool_timeout=POOL_TIMEOUT_SECONDS, connect_args=_connect_args(url))
    _ping_when_idle(engine)
    return engine


def build_read_engine(engine: Engine, *, threads: int = 20) -> Engine:
    """The engine of read-only units of work.

    On PostgreSQL a pool of its own whose connections are in autocommit from
    birth: a query is one round trip (no BEGIN, no ROLLBACK), and a checkout
    does not switch the connection's isolation level there and back (switching
    costs as much as the query). On SQLite, ``engine`` itself: reads there are
    deferred transactions on the same file (see ``_begin``)."""
    if engine.dialect.name == "sqlite":
        return engine
    reads = create_engine(
        engine.url, echo=engine.echo, hide_parameters=True, pool_size=threads, max_overflow=threads,
        isolation_level="AUTOCOMMIT",
        pool_reset_on_return=None,  # nothing to roll back: no transaction is ever open
        pool_timeout=POOL_TIMEOUT_SECONDS, connect_args=_connect_args(engine.url),
    )
    _ping_when_idle(reads)
    return reads


# A replica that does not answer at once is passed over (the reports read the primary): it must not hold a
# request up as long as the primary may.
REPLICA_CONNECT_TIMEOUT_SECONDS = 2


def build_replica_engine(url: str, *, threads: int = 20) -> Engine:
    """The engine of reads on a PostgreSQL streaming replica (see replica.py): as ``build_read_engine``'s, in
    autocommit, and read-only from birth (``default_transaction_read_only``): even a bug that sent it a write
    would have it refused by the server, besides the standby's own refusal."""
    options = f"-c statement_timeout={STATEMENT_TIMEOUT_MS} -c default_transaction_read_only=on"
    reads = create_engine(
        url, hide_parameters=True, pool_size=threads, max_overflow=threads, isolation_level="AUTOCOMMIT",
        pool_reset_on_return=None, pool_timeout=POOL_TIMEOUT_SECONDS,
        connect_args={**POSTGRES_CONNECT_ARGS, "connect_timeout": REPLICA_CONNECT_TIMEOUT_SECONDS, "options": options},
    )
    _ping_when_idle(reads)
    return reads


# Reads on the event loop (see loop_reads.py) are not held to the worker-thread count: their pool is sized like
# the baseline's (bench/), and has no overflow: past it a request waits for a connection (cheap on the loop)
# rather than opening and closing one of its own.
LOOP_POOL_SIZE = 10


def build_loop_read_engine(engine: Engine) -> AsyncEngine:
    """The engine of read-only units of work run on the event loop (PostgreSQL only): psycopg's
    async connections, in autocommit like ``build_read_engine``'s, behind SQLAlchemy's async
    pool. Code in ``greenlet_spawn`` uses its ``sync_engine`` like any engine."""
    reads = create_async_engine(
        engine.url, echo=engine.echo, hide_parameters=True, pool_size=LOOP_POOL_SIZE, max_overflow=0,
        isolation_level="AUTOCOMMIT", pool_reset_on_return=None,
        pool_timeout=POOL_TIMEOUT_SECONDS, connect_args=_connect_args(engine.url),
    )
    _ping_when_idle(reads.sync_engine)
    return reads


def _connect_args(url: str | URL) -> dict[str, Any]:
    return dict(POSTGRES_CONNECT_ARGS) if make_url(url).get_backend_name() == "postgresql" else {}


def _ping_when_idle(engine: Engine) -> None:
    event.listen(engine, "checkin", _note_checkin)
    event.listen(engine, "checkout", _pinger(engine.dialect))


def _note_checkin(_dbapi_connection: Any, record: Any) -> None:
    record.info["checked_in_at"] = time.monotonic()


def _pinger(dialect: Any) -> Any:
    def ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        """SQLAlchemy's pre-ping costs a round trip on every checkout; a connection in
        steady use cannot have gone stale, so only one that sat idle is pinged. A dead
        one is replaced by the pool (DisconnectionError), unseen by the request."""
        idle_since = record.info.get("checked_in_at")
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            alive = dialect.do_ping(dbapi_connection)
        except Exception as error:  # noqa: BLE001 - any failure means "dead"
            raise exc.DisconnectionError() from error
        if not alive:
            raise exc.DisconnectionError()

    return ping_if_idle


def _sqlite_engine(url: str, echo: bool) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        echo=echo,
        hide_parameters=True,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
    )
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # Hand transaction control to SQLAlchemy so that "begin" below decides how to start.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_SECONDS * 1000}")
    cursor.close()


READ_ONLY = "techstore_read_only"


def read_only_options(read_engine: Engine) -> dict[str, Any]:
    """Execution options of a read-only unit of work's connection (none on PostgreSQL,
    whose read engine is in autocommit already)."""
    if read_engine.dialect.name == "sqlite":
        return {READ_ONLY: True}  # see _begin: a deferred transaction
    return {}


def _begin(connection: Any) -> None:
    # SQLite serialises writers; taking the write lock up front makes concurrent
    # requests wait (busy timeout) instead of failing halfway with "database is locked".
    # Reads take no lock: a deferred transaction is a snapshot that never waits.
    read_only = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
