"""In-memory number sequences and idempotency keys (the unit of work holds the store's lock: serial)."""

from __future__ import annotations

from datetime import datetime

import attrs

from techstore.application.shared.idempotency import (
    CLAIM_TIMEOUT,
    KEY_LIFETIME,
    Claim,
    ClaimState,
    KeyedRequest,
)
from techstore.infrastructure.memory.store import MemoryStore


class MemoryNumberSequences:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def next(self, name: str) -> int:
        values: dict[str, int] = self._store.table("counters", dict)
        values[name] = values.get(name, 0) + 1
        return values[name]


@attrs.frozen
class _Key:
    fingerprint: str
    created_at: datetime
    claimed_at: datetime
    made: int | None = None  # set when done


class MemoryIdempotencyKeys:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    @property
    def _rows(self) -> dict[tuple[str, str], _Key]:
        return self._store.table("idempotency_keys", dict)

    def claim(self, request: KeyedRequest, now: datetime) -> Claim:
        found = self._rows.get((request.scope, request.key))
        if found is not None and found.created_at > now - KEY_LIFETIME:
            if found.fingerprint != request.fingerprint:
                return Claim(ClaimState.OTHER_REQUEST)
            if found.made is not None:
                return Claim(ClaimState.DONE, made=found.made)
            if found.claimed_at > now - CLAIM_TIMEOUT:
                return Claim(ClaimState.IN_FLIGHT)
            created_at = found.created_at
        else:
            created_at = now
        self._rows[(request.scope, request.key)] = _Key(request.fingerprint, created_at, now)
        return Claim(ClaimState.CLAIMED, claimed_at=now)

    def complete(self, request: KeyedRequest, claimed_at: datetime, made: int) -> bool:
        found = self._rows.get((request.scope, request.key))
        if found is None or found.made is not None or found.claimed_at != claimed_at:
            return False
        self._rows[(request.scope, request.key)] = attrs.evolve(found, made=made)
        return True

    def release(self, request: KeyedRequest, claimed_at: datetime) -> None:
        found = self._rows.get((request.scope, request.key))
        if found is not None and found.made is None and found.claimed_at == claimed_at:
            del self._rows[(request.scope, request.key)]


REPOSITORIES = {
    "numbers": MemoryNumberSequences,
    "idempotency_keys": MemoryIdempotencyKeys,
}
