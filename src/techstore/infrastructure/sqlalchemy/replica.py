"""Reads on a PostgreSQL streaming replica (``TECHSTORE_REPLICA_DATABASE_URL``; docs/adr/0018).

The reports and the dashboard read there while it is reachable and at most
``TECHSTORE_REPLICA_MAX_LAG`` seconds behind; otherwise on the primary. How far
behind is checked at most once every ``VERDICT_SECONDS`` (one cheap query on each
server, outside any request's own), so a report costs no extra round trip:

- caught up: the replica has replayed the primary's flushed WAL
  (``pg_last_wal_replay_lsn() >= pg_current_wal_flush_lsn()``). On an idle
  primary the last replayed transaction may be hours old though nothing is
  missing, so its timestamp alone would send every report to the primary.
  The replica then holds everything committed before the primary was asked:
  it is as of that time.
- behind: it is as of the later of its last replayed transaction's commit time
  and the last time it was seen caught up, and serves while that is within the
  allowed lag of the primary's clock (every time compared is the primary's).
- unreachable (a connection refused, or none within 2 s), or not a standby at
  all: the primary serves, and the replica is asked again a moment later.

Reads on the event loop (the API's cheap reads, loop_reads.py) stay on the
loop's connection to the primary: a synchronous replica connection would block
the loop.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from types import TracebackType

import structlog
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from techstore.application.reports.ports import ReportsUnitOfWork
from techstore.infrastructure.members import Members
from techstore.infrastructure.sqlalchemy.uow import SqlUnitOfWork, on_event_loop

log = structlog.get_logger("techstore.replica")

# How long a verdict on the replica holds: a second of staleness in "as of", and one check a second at most.
VERDICT_SECONDS = 1.0

_PRIMARY_POSITION = text("SELECT pg_current_wal_flush_lsn()::text, clock_timestamp()")
_REPLICA_POSITION = text(
    "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn() >= CAST(:flushed AS pg_lsn), pg_last_xact_replay_timestamp()"
)


class ReplicaLag:
    """Whether the replica may serve the reports now, and the time what it holds is as of."""

    def __init__(self, primary: Engine, replica: Engine, max_lag: float, *, every: float = VERDICT_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._primary = primary
        self._replica = replica
        self._max_lag = timedelta(seconds=max_lag)
        self._every = every
        self._clock = clock
        self._lock = threading.Lock()
        self._verdict: datetime | None = None
        self._until = float("-inf")
        self._caught_up_at: datetime | None = None
        self._serving = True  # what was last logged: warnings only when it changes

    def as_of(self) -> datetime | None:
        """The replica's time if it may serve, else None (read the primary). Checked once per ``every``
        seconds; while one thread checks, the others keep the last verdict rather than wait for it."""
        if self._clock() < self._until or not self._lock.acquire(blocking=False):
            return self._verdict
        try:
            if self._clock() < self._until:  # checked meanwhile
                return self._verdict
            self._verdict = self._check()
            self._until = self._clock() + self._every
            return self._verdict
        finally:
            self._lock.release()

    def forget(self) -> None:
        """A read on the replica failed: ask it again before the next report."""
        self._until = float("-inf")

    def _check(self) -> datetime | None:
        try:
            with self._primary.connect() as connection:
                flushed, primary_now = connection.execute(_PRIMARY_POSITION).one()
        except DBAPIError:
            return None  # the primary's own reads will answer 503; nothing to compare with
        try:
            with self._replica.connect() as connection:
                standby, caught_up, replayed = connection.execute(_REPLICA_POSITION, {"flushed": flushed}).one()
        except DBAPIError as error:
            self._replica.dispose()  # its pooled connections are as dead as this one
            self._passed_over(f"the replica is unreachable ({type(error.orig).__name__})")
            return None
        if not standby:
            self._passed_over("the replica is not a standby (pg_is_in_recovery() is false)")
            return None
        if caught_up:
            self._caught_up_at = primary_now
            return self._serves(primary_now)
        as_of = max((t for t in (replayed, self._caught_up_at) if t is not None), default=None)
        if as_of is None or primary_now - as_of > self._max_lag:
            self._passed_over(f"the replica lags more than {self._max_lag.total_seconds():g} s behind")
            return None
        return self._serves(as_of)

    def _serves(self, as_of: datetime) -> datetime:
        if not self._serving:
            log.warning("reports read the replica again")
            self._serving = True
        return as_of

    def _passed_over(self, why: str) -> None:
        if self._serving:
            log.warning("reports read the primary", reason=why)
            self._serving = False


class _ReplicaUnitOfWork(SqlUnitOfWork):
    """A read-only unit of work on the replica; a database error in it has the replica checked again."""

    def __init__(self, engine: Engine, members: Members, lag: ReplicaLag) -> None:
        super().__init__(engine, members, read_engine=engine, read_only=True)
        self._lag = lag

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if isinstance(exc, DBAPIError):
            self._lag.forget()
        super().__exit__(exc_type, exc, tb)


class SqlReplicaReads:
    """The reports' ``ReplicaReads`` (application/reports/ports.py) on a PostgreSQL streaming replica."""

    def __init__(self, engine: Engine, members: Members, lag: ReplicaLag) -> None:
        self._engine = engine
        self._members = members
        self._lag = lag

    def __call__(self) -> tuple[ReportsUnitOfWork, datetime] | None:
        if on_event_loop():
            return None
        as_of = self._lag.as_of()
        if as_of is None:
            return None
        return _ReplicaUnitOfWork(self._engine, self._members, self._lag), as_of
