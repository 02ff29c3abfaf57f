"""The in-memory database: plain dicts guarded by one lock."""

from __future__ import annotations

import copy
import threading
from typing import Any

import attrs


@attrs.define
class IdentityTables:
    users: dict[int, Any] = attrs.Factory(dict)
    refresh_tokens: dict[int, Any] = attrs.Factory(dict)
    login_attempts: list[Any] = attrs.Factory(list)


@attrs.define
class MemoryStore:
    """Everything the in-memory adapters hold. Units of work take ``lock`` for
    their whole life, so transactions are serial, like SQLite's writers."""

    identity: IdentityTables = attrs.Factory(IdentityTables)
    sequences: dict[str, int] = attrs.Factory(dict)
    lock: threading.RLock = attrs.field(factory=threading.RLock, eq=False)

    def next_id(self, name: str) -> int:
        self.sequences[name] = self.sequences.get(name, 0) + 1
        return self.sequences[name]

    def snapshot(self) -> dict[str, Any]:
        return {
            "identity": copy.deepcopy(self.identity),
            "sequences": dict(self.sequences),
        }

    def restore(self, snapshot: dict[str, Any]) -> None:
        self.identity = snapshot["identity"]
        self.sequences = snapshot["sequences"]
