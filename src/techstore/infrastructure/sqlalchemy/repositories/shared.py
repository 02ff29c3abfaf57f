"""SQL adapters every context may use: gap-free number sequences and idempotency keys."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, and_, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from techstore.application.shared.idempotency import (
    CLAIM_TIMEOUT,
    KEY_LIFETIME,
    Claim,
    ClaimState,
    KeyedRequest,
)
from techstore.infrastructure.sqlalchemy import executor as sql
from techstore.infrastructure.sqlalchemy.tables.shared import counters as c
from techstore.infrastructure.sqlalchemy.tables.shared import idempotency_keys as k

_NEXT = c.update().where(c.c.name == bindparam("counter")).values(value=c.c.value + 1).returning(c.c.value)
_FIRST = c.insert().values(name=bindparam("counter"), value=1)


class SqlNumberSequences:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def next(self, name: str) -> int:
        # One guarded statement: the row is locked until commit, and a rollback gives the number back.
        value = sql.scalar(self._db, _NEXT, counter=name)
        if value is not None:
            return int(value)
        try:  # the sequence's first number: two first sales may race to create the row
            with self._db.begin_nested():
                sql.run(self._db, _FIRST, counter=name)
            return 1
        except IntegrityError:
            value = sql.scalar(self._db, _NEXT, counter=name)
            assert value is not None, "the row another transaction just created"
            return int(value)


# A key is claimed (in flight), then made (its operation committed, with the id of what it made).
IN_FLIGHT, MADE = "in_flight", "made"
_THIS_KEY = and_(k.c.scope == bindparam("k_scope"), k.c.key == bindparam("k_key"))
_CLAIM_VALUES = {"scope": bindparam("k_scope"), "key": bindparam("k_key"), "fingerprint": bindparam("k_fingerprint"),
                 "state": IN_FLIGHT, "created_at": bindparam("k_now"), "claimed_at": bindparam("k_now")}
# ON CONFLICT DO NOTHING: a key already there inserts nothing (after waiting for its claim's transaction, as a
# unique violation would), with no savepoint to take and release around an error on every request. RETURNING
# says whether it inserted: an INSERT's row count is -1 through SQLAlchemy's psycopg cursor.
_CLAIM = {
    "postgresql": postgresql.insert(k).values(_CLAIM_VALUES).on_conflict_do_nothing().returning(k.c.key),
    "sqlite": sqlite.insert(k).values(_CLAIM_VALUES).on_conflict_do_nothing().returning(k.c.key),
}
_KEY_FOR_UPDATE = select(k.c.fingerprint, k.c.state, k.c.made, k.c.created_at,
                         k.c.claimed_at).where(_THIS_KEY).with_for_update()
_TAKE_OVER = k.update().where(_THIS_KEY).values(
    fingerprint=bindparam("k_fingerprint"), state=IN_FLIGHT, made=None, claimed_at=bindparam("k_now"),
    created_at=bindparam("k_created_at"))
_OURS = and_(_THIS_KEY, k.c.state == IN_FLIGHT, k.c.claimed_at == bindparam("k_claimed_at"))
_COMPLETE = k.update().where(_OURS).values(state=MADE, made=bindparam("k_made"))
_RELEASE = k.delete().where(_OURS)


class SqlIdempotencyKeys:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def claim(self, request: KeyedRequest, now: datetime) -> Claim:
        ids = {"k_scope": request.scope, "k_key": request.key}
        # A key in use makes the insert wait for its claim's transaction to end, then insert nothing.
        claimed = sql.scalar(self._db, _CLAIM[self._db.dialect.name], **ids, k_fingerprint=request.fingerprint,
                             k_now=now)
        if claimed is not None:
            return Claim(ClaimState.CLAIMED, claimed_at=now)
        row = sql.first(self._db, _KEY_FOR_UPDATE, **ids)
        if row is None:  # released between our insert and this read: claim it afresh
            return self.claim(request, now)
        fingerprint, state, made, created_at, claimed_at = row
        expired = created_at <= now - KEY_LIFETIME
        if not expired:
            if fingerprint != request.fingerprint:
                return Claim(ClaimState.OTHER_REQUEST)
            if state == MADE:
                return Claim(ClaimState.DONE, made=made)
            if claimed_at > now - CLAIM_TIMEOUT:
                return Claim(ClaimState.IN_FLIGHT)
        # Expired, or left in flight by an attempt that never finished: ours now.
        sql.run(self._db, _TAKE_OVER, **ids, k_fingerprint=request.fingerprint, k_now=now,
                k_created_at=now if expired else created_at)
        return Claim(ClaimState.CLAIMED, claimed_at=now)

    def complete(self, request: KeyedRequest, claimed_at: datetime, made: int) -> bool:
        done = sql.run(self._db, _COMPLETE, k_scope=request.scope, k_key=request.key, k_claimed_at=claimed_at,
                       k_made=made)
        return done == 1

    def release(self, request: KeyedRequest, claimed_at: datetime) -> None:
        sql.run(self._db, _RELEASE, k_scope=request.scope, k_key=request.key, k_claimed_at=claimed_at)


REPOSITORIES = {
    "numbers": SqlNumberSequences,
    "idempotency_keys": SqlIdempotencyKeys,
}
