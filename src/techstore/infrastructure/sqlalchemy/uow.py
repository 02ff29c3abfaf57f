"""The SQL unit of work: one connection, one transaction, every context's members on it.

A read-only unit of work (``read_only=True``, for queries) takes no write lock:
on PostgreSQL its statements run in autocommit (no BEGIN, no ROLLBACK: a query
of one statement costs one round trip), on SQLite in a deferred transaction
(a consistent snapshot that does not queue behind writers).

Inside ``SharedReads`` (one request: authentication, then the use case), the
read-only units of work share one connection, so a request that only reads
checks out one connection and sends only its queries. ``SharedReads`` on the
event loop (``on_loop``, see loop_reads.py) admits read-only units of work
only.
"""

from __future__ import annotations

from contextvars import ContextVar, Token
from types import TracebackType
from typing import Protocol, Self

from sqlalchemy import Connection, Engine, RootTransaction

from techstore.application.shared.unit_of_work import refuse_writes_here
from techstore.infrastructure.members import LazyMembers, Members
from techstore.infrastructure.sqlalchemy.engine import read_only_options


class HeldConnection(Protocol):
    """A connection kept open across requests by whoever serves them (see loop_reads.py)."""

    def connection(self) -> Connection: ...
    def request_ended(self, *, interrupted: bool) -> None: ...


class SharedReads:
    """Within this block, read-only units of work on ``engine`` share one connection,
    opened on first use and closed at the end of the block (or lent by ``held``, and
    handed back to it)."""

    def __init__(self, read_engine: Engine, *, on_loop: bool = False, held: HeldConnection | None = None) -> None:
        self.engine = read_engine
        self.on_loop = on_loop
        self._held = held
        self._options = read_only_options(read_engine)
        self._connection: Connection | None = None
        self._token: Token[SharedReads | None] | None = None

    def __enter__(self) -> Self:
        self._token = _shared_reads.set(self)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        assert self._token is not None
        _shared_reads.reset(self._token)
        if self._connection is not None:
            if self._held is not None:
                # Cancelled or interrupted (not an error the work raised): a statement may be half-read.
                self._held.request_ended(interrupted=exc is not None and not isinstance(exc, Exception))
            else:
                self._connection.close()  # rolls back the read transaction, if any
            self._connection = None

    def connection(self) -> Connection:
        if self._connection is None and self._held is not None:
            self._connection = self._held.connection()
        if self._connection is None:
            connection = self.engine.connect()
            self._connection = connection.execution_options(**self._options) if self._options else connection
            if self._options:  # SQLite: the snapshot; PostgreSQL's autocommit needs no BEGIN
                self._connection.begin()
        return self._connection

    def after_commit(self) -> None:
        """A write of this request committed: later reads must see it. (On SQLite the
        shared reads hold a snapshot from their first query; start a fresh one.)"""
        if self._connection is not None and self._options:
            self._connection.rollback()
            self._connection.begin()


_shared_reads: ContextVar[SharedReads | None] = ContextVar("techstore_shared_reads", default=None)


def on_event_loop() -> bool:
    """Whether this code runs in a read on the event loop (loop_reads.py), whose units of work all read on the
    loop's one connection."""
    shared = _shared_reads.get()
    return shared is not None and shared.on_loop


class SqlUnitOfWork(LazyMembers):
    """``read_engine`` serves read-only units of work (see ``build_read_engine``)."""

    def __init__(self, engine: Engine, members: Members, *, read_engine: Engine | None = None,
                 read_only: bool = False) -> None:
        self._read_engine = read_engine if read_engine is not None else engine
        self._engine = self._read_engine if read_only else engine
        self._members = members
        self._read_only = read_only
        self._handle: Connection | None = None
        self._transaction: RootTransaction | None = None

    def __enter__(self) -> Self:
        refuse_writes_here(self._read_only)
        shared = _shared_reads.get()
        if shared is not None and shared.on_loop:
            if not self._read_only:
                raise RuntimeError("a unit of work that writes cannot run on the event loop (a read-only request)")
            self._handle = shared.connection()  # the loop's engine stands in for the read engine
            return self
        if self._read_only and shared is not None and shared.engine is self._engine:
            self._handle = shared.connection()  # borrowed: the block that shares it ends it
            return self
        connection = self._engine.connect()
        if self._read_only and (options := read_only_options(self._engine)):
            connection = connection.execution_options(**options)
        self._handle = connection
        self._transaction = connection.begin()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._handle is not None
        try:
            if self._transaction is None:
                return  # a borrowed connection: its SharedReads block closes it
            if self._transaction.is_active:
                self._transaction.rollback()
            self._handle.close()
        finally:
            self._handle = None
            self._transaction = None
            self._forget_members()

    def commit(self) -> None:
        if self._read_only:
            raise RuntimeError("a read-only unit of work cannot commit")
        assert self._transaction is not None
        self._transaction.commit()
        shared = _shared_reads.get()
        if shared is not None and shared.engine is self._read_engine:
            shared.after_commit()
