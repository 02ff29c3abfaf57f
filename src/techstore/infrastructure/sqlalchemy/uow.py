"""The SQL unit of work: one connection, one transaction, every repository on it."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine, RootTransaction

from techstore.infrastructure.sqlalchemy.repositories.identity import (
    SqlLoginAttemptRepository,
    SqlRefreshTokenRepository,
    SqlUserRepository,
)


class SqlUnitOfWork:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None
        self._transaction: RootTransaction | None = None

    def __enter__(self) -> Self:
        self._connection = self._engine.connect()
        self._transaction = self._connection.begin()
        self.users = SqlUserRepository(self._connection)
        self.refresh_tokens = SqlRefreshTokenRepository(self._connection)
        self.login_attempts = SqlLoginAttemptRepository(self._connection)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._connection is not None and self._transaction is not None
        try:
            if self._transaction.is_active:
                self._transaction.rollback()
        finally:
            self._connection.close()

    def commit(self) -> None:
        assert self._transaction is not None
        self._transaction.commit()
