"""The SQL unit of work: one connection, one transaction, every context's members on it."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine, RootTransaction

from techstore.infrastructure.members import LazyMembers, Members


class SqlUnitOfWork(LazyMembers):
    def __init__(self, engine: Engine, members: Members) -> None:
        self._engine = engine
        self._members = members
        self._handle: Connection | None = None
        self._transaction: RootTransaction | None = None

    def __enter__(self) -> Self:
        self._handle = self._engine.connect()
        self._transaction = self._handle.begin()
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
        self._transaction.commit()
