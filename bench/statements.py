"""What one request sends to PostgreSQL, counted in-process for TechStore and the baseline.

pg_stat_statements needs ``shared_preload_libraries``, which a shared server
rarely has, so the count is taken on the client side instead, two ways:

* libpq's protocol trace (``PQtrace``) of every connection the app opens:
  each statement as sent and each round trip (one ``ReadyForQuery``),
  including what no SQLAlchemy event sees (BEGIN, ROLLBACK, the pool's
  pre-ping). Both apps are measured this way.
* SQLAlchemy events on TechStore's engine: ``before_cursor_execute``, and
  the pool's ``checkout`` and ``connect``.

Each app runs under Starlette's TestClient on the benchmark's database; every
path is requested once to warm the pools, then ``REPEAT`` times counted.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import IO, Any

import attrs
from psycopg import pq
from sqlalchemy import Engine, event
from starlette.applications import Starlette
from starlette.testclient import TestClient

from techstore.container import build_container
from techstore.entrypoints.app import create_app
from techstore.settings import load_settings

REPEAT = 5

_MESSAGE = re.compile(r"^([FB])\t\d+\t(\w+)\t?(.*)$")
_PARSE = re.compile(r'^"(?P<name>[^"]*)" "(?P<text>.*)" \d+(?: \S+)*$')


@attrs.frozen
class Traffic:
    statements: tuple[str, ...]  # SQL, whitespace collapsed, in the order sent
    round_trips: int


@attrs.frozen
class StatementCount:
    """One endpoint, per request (averaged over ``REPEAT``)."""

    statements: float  # on the wire: BEGIN, ROLLBACK and the pre-ping included
    round_trips: float
    sequence: tuple[str, ...]  # the last request's statements
    cursor_executes: float | None = None  # SQLAlchemy's before_cursor_execute (TechStore only)
    checkouts: float | None = None
    connects: float | None = None


class WireTrace:
    """libpq's protocol trace of each connection it is attached to, one temporary file each."""

    def __init__(self) -> None:
        self._traced: list[tuple[pq.abc.PGconn, IO[bytes]]] = []
        self._read_up_to: dict[int, int] = {}
        self._prepared: dict[str, str] = {}  # psycopg prepares a query after its 5th run

    def attach(self, pgconn: pq.abc.PGconn) -> None:
        file = tempfile.TemporaryFile()
        self._traced.append((pgconn, file))
        self._read_up_to[file.fileno()] = 0
        _start_trace(pgconn, file)

    def traffic(self) -> Traffic:
        """Everything sent since the last call.

        libpq writes through a stdio buffer that only stopping the trace
        flushes, so call this only while no connection is in use.
        """
        messages = []
        for pgconn, file in self._traced:
            if pgconn.status == pq.ConnStatus.OK:
                pgconn.untrace()
                _start_trace(pgconn, file)
            messages += _parse_trace(self._unread(file))
        return Traffic(statements=self._statements(messages), round_trips=_round_trips(messages))

    def close(self) -> None:
        for _pgconn, file in self._traced:
            file.close()

    def _unread(self, file: IO[bytes]) -> str:
        # pread leaves alone the offset libpq writes at.
        start = self._read_up_to[file.fileno()]
        end = os.fstat(file.fileno()).st_size
        self._read_up_to[file.fileno()] = end
        return os.pread(file.fileno(), end - start, start).decode("utf-8", "replace")

    def _statements(self, messages: list[tuple[str, str, str]]) -> tuple[str, ...]:
        sent = []
        unnamed = ""
        for direction, kind, body in messages:
            if direction != "F":
                continue
            if kind == "Query":  # simple protocol: a statement without parameters
                sent.append(_normal(body.strip().removeprefix('"').removesuffix('"')))
            elif kind == "Parse":
                name, text = _parse_message(body)
                if name:
                    self._prepared[name] = text
                else:
                    unnamed = text
            elif kind == "Bind":  # Bind "portal" "statement" ...: one execution
                name = body.split('"')[3]
                sent.append(_normal(self._prepared.get(name, "?") if name else unnamed))
        return tuple(sent)


def _start_trace(pgconn: pq.abc.PGconn, file: IO[bytes]) -> None:
    pgconn.trace(file.fileno())
    pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)


def _parse_trace(text: str) -> list[tuple[str, str, str]]:
    """(direction, message type, rest) per message; SQL text may run over several lines."""
    messages: list[tuple[str, str, str]] = []
    for line in text.splitlines():
        match = _MESSAGE.match(line)
        if match:
            messages.append((match[1], match[2], match[3]))
        elif messages:
            direction, kind, body = messages[-1]
            messages[-1] = (direction, kind, f"{body} {line}")
    return messages


def _parse_message(body: str) -> tuple[str, str]:
    """(statement name, SQL text) of a Parse message: ``"name" "text" nparams types...``."""
    match = _PARSE.match(body.strip())
    if match is None:
        raise ValueError(f"unexpected Parse message in the libpq trace: {body[:200]}")
    return match["name"], match["text"]


def _round_trips(messages: list[tuple[str, str, str]]) -> int:
    """Waits for the server: each simple Query, and each Sync that closes at least one Execute.

    psycopg prepares a statement after its 5th run on a connection, with a
    Parse and a Sync of their own: a one-off per connection, not counted.
    """
    trips, executing = 0, False
    for direction, kind, _body in messages:
        if direction != "F":
            continue
        if kind == "Query":
            trips += 1
        elif kind == "Execute":
            executing = True
        elif kind == "Sync" and executing:
            trips, executing = trips + 1, False
    return trips


def _normal(sql: str) -> str:
    return " ".join(sql.split())


TRANSACTION_CONTROL = {";", "BEGIN", "COMMIT", "ROLLBACK"}
_CAST = re.compile(r"(\$\d+)::(?:TIMESTAMP WITH(?:OUT)? TIME ZONE|[A-Z]+)")


def data_statements(sequence: Sequence[str]) -> list[str]:
    """The statements that read or write data, without parameter casts (psycopg's and SQLAlchemy's differ)."""
    return [_CAST.sub(r"\1", sql) for sql in sequence if sql not in TRANSACTION_CONTROL]


def short(sql: str) -> str:
    """A statement shortened for the report."""
    if sql == ";":
        return "; (pre-ping)"
    if sql.startswith("SELECT users.id,"):
        return "SELECT users.* FROM users " + sql.split("FROM users", 1)[1].strip()
    return sql


def count_requests(
    client: TestClient,
    trace: WireTrace,
    paths: Sequence[str],
    headers: dict[str, str],
    engine_events: Callable[[], Counter[str]] | None = None,
) -> dict[str, StatementCount]:
    """Warm every path once, then count ``REPEAT`` requests of each."""
    for path in paths:
        client.get(path, headers=headers).raise_for_status()
    counts = {}
    for path in paths:
        trace.traffic()
        events_before = engine_events() if engine_events else Counter()
        traffic = []
        for _ in range(REPEAT):
            client.get(path, headers=headers).raise_for_status()
            traffic.append(trace.traffic())
        count = _average(traffic)
        if engine_events:
            count = _with_events(count, engine_events(), events_before)
        counts[path] = count
    return counts


def _average(traffic: list[Traffic]) -> StatementCount:
    return StatementCount(
        statements=sum(len(t.statements) for t in traffic) / len(traffic),
        round_trips=sum(t.round_trips for t in traffic) / len(traffic),
        sequence=traffic[-1].statements,
    )


def _with_events(count: StatementCount, after: Counter[str], before: Counter[str]) -> StatementCount:
    def per_request(name: str) -> float:
        return (after[name] - before[name]) / REPEAT

    return attrs.evolve(
        count,
        cursor_executes=per_request("execute"),
        checkouts=per_request("checkout"),
        connects=per_request("connect"),
    )


def _client(app: Starlette) -> TestClient:
    return TestClient(app, base_url="http://127.0.0.1")


def count_techstore(
    environ: Mapping[str, str], paths: Sequence[str], headers: dict[str, str]
) -> dict[str, StatementCount]:
    """TechStore's app built as ``techstore.main`` builds it, on the database ``environ`` names."""
    container = build_container(load_settings(environ))
    # Writes and reads have a pool each on PostgreSQL (build_read_engine).
    engines = {id(e): e for e in (container.adapters.engine(), container.adapters.read_engine())}.values()
    trace = WireTrace()
    seen: Counter[str] = Counter()

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        seen["connect"] += 1
        # psycopg's own connection: the synchronous one, or the one behind the async adapter.
        trace.attach(getattr(dbapi_connection, "driver_connection", dbapi_connection).pgconn)

    def listen(engine: Engine) -> None:
        event.listen(engine, "connect", on_connect)
        event.listen(engine, "checkout", lambda *_: seen.update(["checkout"]))
        event.listen(engine, "before_cursor_execute", lambda *_: seen.update(["execute"]))
        engine.dispose()  # a connection opened before the listeners would go untraced

    for engine in engines:
        listen(engine)
    try:
        with _client(create_app(container)) as client:
            # Read-only requests run on the event loop, on an engine the lifespan has just made.
            loop_reads = container.adapters.loop_reads()
            if loop_reads is not None and loop_reads.started:
                listen(loop_reads.sync_engine)
            return count_requests(client, trace, paths, headers, lambda: Counter(seen))
    finally:
        trace.close()
        container.shutdown_resources()


def count_baseline(
    conninfo: str, secret_key: str, paths: Sequence[str], headers: dict[str, str]
) -> dict[str, StatementCount]:
    from bench import baseline_app  # imported here: it needs psycopg_pool, which main() checks for first

    trace = WireTrace()

    async def configure(connection: Any) -> None:
        trace.attach(connection.pgconn)

    try:
        with _client(baseline_app.create_app(conninfo, secret_key, configure=configure)) as client:
            return count_requests(client, trace, paths, headers)
    finally:
        trace.close()
