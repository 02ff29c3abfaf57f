"""The in-memory unit of work: a snapshot restored unless ``commit()`` is called."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from techstore.infrastructure.memory.repositories.identity import (
    MemoryLoginAttemptRepository,
    MemoryRefreshTokenRepository,
    MemoryUserRepository,
)
from techstore.infrastructure.memory.store import MemoryStore


class MemoryUnitOfWork:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self._snapshot: dict[str, Any] | None = None

    def __enter__(self) -> Self:
        self._store.lock.acquire()
        self._snapshot = self._store.snapshot()
        self.users = MemoryUserRepository(self._store)
        self.refresh_tokens = MemoryRefreshTokenRepository(self._store)
        self.login_attempts = MemoryLoginAttemptRepository(self._store)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self._snapshot is not None:
                self._store.restore(self._snapshot)
        finally:
            self._snapshot = None
            self._store.lock.release()

    def commit(self) -> None:
        # What is committed stays; a later rollback in this block keeps it.
        self._snapshot = self._store.snapshot()
