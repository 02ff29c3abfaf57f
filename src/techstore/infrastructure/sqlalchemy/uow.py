"""The SQL unit of work: one connection, one transaction, every context's members on it.

A read-only unit of work (``read_only=True``, for queries) takes no write lock:
on PostgreSQL its statements run in autocommit (no BEGIN, no ROLLBACK: a query
of one statement costs one round trip), on SQLite in a deferred transaction
(a consistent snapshot that does not queue behind writers).
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine, RootTransaction

from techstore.infrastructure.members import LazyMembers, Members
from techstore.infrastructure.sqlalchemy.engine import read_only_options


class SqlUnitOfWork(LazyMembers):
    def __init__(self, engine: Engine, members: Members, *, read_only: bool = False) -> None:
        self._engine = engine
        self._members = members
        self._read_only = read_only
        self._handle: Connection | None = None
        self._transaction: RootTransaction | None = None

    def __enter__(self) -> Self:
        connection = self._engine.connect()
        if self._read_only:
            connection = connection.execution_options(**read_only_options(self._engine))
        self._handle = connection
        self._transaction = connection.begin()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._handle is not None and self._transaction is not None
        try:
            if self._transaction.is_active:
                self._transaction.rollback()
        finally:
            self._handle.close()
            self._handle = None
            self._forget_members()

    def commit(self) -> None:
        assert self._transaction is not None
        if self._read_only:
            raise RuntimeError("a read-only unit of work cannot commit")
        self._transaction.commit()
