"""Public tracking: a customer looks their repair up by the code on the intake ticket.

Only the number, equipment, status, promised date and last update are shown. An unknown code gets the
same 404 as any other unknown code, after the same single indexed lookup. Lookups are rate limited per
client address by a fixed-window counter kept in the database, so every app process shares it.
A code that cannot be one (codes are URL-safe base64) gets that same 404 without reaching the database,
which refuses some text outright (PostgreSQL: a NUL)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import attrs

from techstore.application.repairs.ports import RepairsUnitOfWorkFactory, Tracked
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import NotFound, TooManyAttempts

UNKNOWN_CODE = "No repair has this tracking code."
# What new_tracking_code makes (secrets.token_urlsafe), up to the column's 64 characters.
WELL_FORMED_CODE = re.compile(r"[A-Za-z0-9_-]{1,64}")


@attrs.frozen
class TrackingLimit:
    """At most ``lookups`` per client address in each window of ``window_seconds``."""

    lookups: int = 30
    window_seconds: int = 60


class TrackRepair:
    def __init__(self, uow: RepairsUnitOfWorkFactory, clock: Clock, limit: TrackingLimit) -> None:
        self._uow = uow
        self._clock = clock
        self._limit = limit

    def __call__(self, address: str, tracking_code: str) -> Tracked:
        now = self._clock.now()
        window = self._limit.window_seconds
        start = int(now.timestamp()) // window * window
        with self._uow() as uow:
            count = uow.tracking_hits.hit(f"track:{address}", datetime.fromtimestamp(start, UTC))
            uow.commit()
        if count > self._limit.lookups:
            wait = max(1, start + window - int(now.timestamp()))
            raise TooManyAttempts(f"Too many lookups. Try again in {wait} seconds.", retry_after=wait)
        if WELL_FORMED_CODE.fullmatch(tracking_code) is None:
            raise NotFound(UNKNOWN_CODE)
        with self._uow(read_only=True) as uow:
            found = uow.repairs.tracked(tracking_code)
        if found is None:
            raise NotFound(UNKNOWN_CODE)
        return found
