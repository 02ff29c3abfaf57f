"""The in-memory database: named tables guarded by one lock.

Tables are plain Python containers created on first use, so a context adds
its own without editing this module. A transaction copies a table the first
time it touches it and puts the copy back on rollback.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_SEQUENCES = "_sequences"


class MemoryStore:
    """Everything the in-memory adapters hold. Units of work take ``lock`` for
    their whole life, so transactions are serial, like SQLite's writers."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._tables: dict[str, Any] = {}
        # Per open transaction (innermost last): the tables as they were when it began.
        self._saved: list[dict[str, Any]] = []

    def table(self, name: str, factory: Callable[[], T]) -> T:
        """The table ``name`` (made with ``factory`` the first time), inside the current transaction."""
        if name not in self._tables:
            self._tables[name] = factory()
        for saved in self._saved:
            if name not in saved:
                saved[name] = copy.deepcopy(self._tables[name])
        table: T = self._tables[name]
        return table

    def next_id(self, name: str) -> int:
        sequences: dict[str, int] = self.table(_SEQUENCES, dict)
        sequences[name] = sequences.get(name, 0) + 1
        return sequences[name]

    def begin(self) -> None:
        self._saved.append({})

    def commit(self) -> None:
        # What is committed stays; a later rollback in the same block keeps it.
        self._saved[-1] = {}

    def end(self) -> None:
        """Close the innermost transaction, putting back what it changed since its last commit."""
        self._tables.update(self._saved.pop())
