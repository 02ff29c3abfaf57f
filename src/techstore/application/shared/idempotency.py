"""``Idempotency-Key``: a retried operation never runs twice (API.md, "Sales").

A key is claimed in its own short transaction before the operation runs:

- a new key (or one older than ``KEY_LIFETIME``, or a claim left in flight
  longer than ``CLAIM_TIMEOUT`` by a process that died) is claimed;
- the same key with another request fingerprint is refused (422);
- a key still being processed is refused (409);
- a key whose operation finished replays: the id of what it made.

The operation then runs in its own unit of work and writes what it made (the
sale's id) onto the key in the same transaction, so a sale never exists
without its key. A retry is answered with what was made, as it was made
(``Sale.as_placed``): the first answer byte for byte, though the sale was
voided since, and no use case renders an HTTP answer. A refusal (any error)
releases the key: a corrected retry with the same key is a fresh attempt.
Keys are kept in the database, so every app process sees the same ones.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Generic, Protocol, TypeVar

import attrs

from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import Conflict, ValidationFailed

T = TypeVar("T")
KEY_LIFETIME = timedelta(hours=24)
CLAIM_TIMEOUT = timedelta(seconds=60)
KEY_MAX_LENGTH = 200
KEY_FIELD = "Idempotency-Key"
Finish = Callable[[Any, int], None]


@attrs.frozen
class KeyedRequest:
    """One attempt: ``scope`` (who asked what: user, method, path), the client's key, and the
    fingerprint of the request (a hash of its canonical body)."""

    scope: str
    key: str
    fingerprint: str


class ClaimState(StrEnum):
    CLAIMED = "claimed"  # ours to run
    DONE = "done"  # run before: replay its answer
    IN_FLIGHT = "in_flight"  # another attempt is running it
    OTHER_REQUEST = "other_request"  # the key was used for a different request


@attrs.frozen
class Claim:
    state: ClaimState
    claimed_at: datetime | None = None  # identifies our claim (CLAIMED)
    made: int | None = None  # the id of what the first attempt made (DONE)


class IdempotencyKeys(Protocol):
    def claim(self, request: KeyedRequest, now: datetime) -> Claim:
        """Claim the key for ``request`` (see the module's rules), in the caller's transaction."""
        ...

    def complete(self, request: KeyedRequest, claimed_at: datetime, made: int) -> bool:
        """Store what was made on our claim; False when the claim is no longer ours (taken over)."""
        ...

    def release(self, request: KeyedRequest, claimed_at: datetime) -> None:
        """Forget our claim (the attempt was refused), so the key may be used again."""
        ...


class KeysUnitOfWork(Protocol):
    idempotency_keys: IdempotencyKeys

    def __enter__(self) -> Any: ...
    def __exit__(self, *args: Any) -> None: ...
    def commit(self) -> None: ...


@attrs.frozen
class Outcome(Generic[T]):
    """What an idempotent attempt gave: the id of what was made, and the value when it was made now
    (a replay has only the id)."""

    made: int
    value: T | None = None
    replayed: bool = False


def key_problem(key: str) -> str | None:
    if not 1 <= len(key) <= KEY_MAX_LENGTH or not all(" " <= ch <= "~" for ch in key):
        return f"must be 1 to {KEY_MAX_LENGTH} printable ASCII characters"
    return None


class Idempotent:
    """Runs an operation at most once per key: claim, run (its answer written in its own
    transaction through ``finish``), or replay."""

    def __init__(self, uow: Callable[[], KeysUnitOfWork], clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def check(self, request: KeyedRequest) -> None:
        problem = key_problem(request.key)
        if problem is not None:
            raise ValidationFailed.single(KEY_FIELD, problem)

    def run(self, request: KeyedRequest, operation: Callable[[Finish], tuple[T, int]]) -> Outcome[T]:
        """``operation(finish)`` runs the work in its own unit of work and calls ``finish(uow, made)``
        before committing it; it returns the value and the id of what it made."""
        self.check(request)
        with self._uow() as uow:
            claim = uow.idempotency_keys.claim(request, self._clock.now())
            uow.commit()
        if claim.state is ClaimState.DONE:
            assert claim.made is not None
            return Outcome(claim.made, replayed=True)
        if claim.state is ClaimState.OTHER_REQUEST:
            raise ValidationFailed.single(KEY_FIELD, "was already used for a different request: use a new key")
        if claim.state is ClaimState.IN_FLIGHT:
            raise Conflict("A request with this Idempotency-Key is still being processed; try again shortly.",
                           field=KEY_FIELD)
        claimed_at = claim.claimed_at
        assert claimed_at is not None

        def finish(work_uow: Any, made: int) -> None:
            if not work_uow.idempotency_keys.complete(request, claimed_at, made):
                raise Conflict("This Idempotency-Key was taken over by a later attempt.", field=KEY_FIELD)

        try:
            value, made = operation(finish)
        except BaseException:
            with self._uow() as uow:
                uow.idempotency_keys.release(request, claimed_at)
                uow.commit()
            raise
        return Outcome(made, value)
