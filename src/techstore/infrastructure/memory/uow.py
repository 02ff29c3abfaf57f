"""The in-memory unit of work: the store's tables put back unless ``commit()`` is called."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from techstore.application.shared.unit_of_work import refuse_writes_here
from techstore.infrastructure.members import LazyMembers, Members
from techstore.infrastructure.memory.store import MemoryStore


class MemoryUnitOfWork(LazyMembers):
    def __init__(self, store: MemoryStore, members: Members, *, read_only: bool = False) -> None:
        self._store = store
        self._members = members
        self._read_only = read_only
        self._handle: MemoryStore | None = None

    def __enter__(self) -> Self:
        refuse_writes_here(self._read_only)
        self._store.lock.acquire()
        self._store.begin()
        self._handle = self._store
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self._store.end()
        finally:
            self._handle = None
            self._forget_members()
            self._store.lock.release()

    def commit(self) -> None:
        if self._read_only:
            raise RuntimeError("a read-only unit of work cannot commit")
        self._store.commit()
