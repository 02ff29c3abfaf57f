"""The API's rate limit, on the ``limits`` package: a fixed window per client.

``memory://`` counts in this process; ``redis://…`` counts in Redis, so every
process that names the same Redis (and the same database) enforces one limit.
Keys are namespaced by the database the process serves, so two stores, or two
test databases, sharing one Redis never count each other's requests.

Redis unreachable: the request is admitted (fail open) and a warning logged at
most once per ``QUIET_SECONDS``; the store is not consulted again for
``RETRY_STORAGE_AFTER_SECONDS``, so an unreachable Redis costs requests nothing.
A rate limit protects the store; it must not take it down.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time

import structlog
from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.storage import Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy.engine import make_url

log = structlog.get_logger("techstore.ratelimit")

# How long a request may wait on Redis before it is admitted unchecked.
REDIS_TIMEOUT_SECONDS = 0.25
RETRY_STORAGE_AFTER_SECONDS = 5.0
QUIET_SECONDS = 30.0


def namespace_of(database_url: str) -> str:
    """Who shares counts: every process on the same database (the password left out)."""
    url = make_url(database_url)
    where = f"{url.get_backend_name()}://{url.host or ''}:{url.port or ''}/{url.database or ''}"
    return "techstore-" + hashlib.sha256(where.encode()).hexdigest()[:12]


class ApiRateLimit:
    """``hit(client)`` counts one request: None when admitted, else the whole seconds to wait."""

    def __init__(self, rule: str, storage_uri: str, namespace: str) -> None:
        self.rule: RateLimitItem = parse(rule)
        options: dict[str, float | str | bool] = {"wrap_exceptions": True}
        if not storage_uri.startswith("memory://"):
            options.update(socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS)
        storage = storage_from_string(storage_uri, **options)
        assert isinstance(storage, Storage)  # the synchronous kind: the scheme has no "async+"
        self.storage = storage
        self._limiter = FixedWindowRateLimiter(self.storage)
        self._namespace = namespace
        self._skip_until = 0.0
        self._warned_at = -math.inf
        self._lock = threading.Lock()

    def hit(self, client: str) -> int | None:
        if self._skip_until and time.monotonic() < self._skip_until:
            return None
        try:
            if self._limiter.hit(self.rule, self._namespace, client):
                return None
            reset_at, _remaining = self._limiter.get_window_stats(self.rule, self._namespace, client)
        except StorageError as error:
            self._storage_failed(error)
            return None
        return max(1, math.ceil(reset_at - time.time()))

    def _storage_failed(self, error: StorageError) -> None:
        now = time.monotonic()
        with self._lock:
            self._skip_until = now + RETRY_STORAGE_AFTER_SECONDS
            if now - self._warned_at < QUIET_SECONDS:
                return
            self._warned_at = now
        log.warning("rate limit storage unreachable: requests are admitted unchecked",
                    error=type(error.storage_error).__name__, retry_in_seconds=RETRY_STORAGE_AFTER_SECONDS)


class NoRateLimit:
    """TECHSTORE_RATE_LIMIT=0: every request is admitted."""

    def hit(self, client: str) -> int | None:
        return None


def build_rate_limit(rule: str, storage_uri: str, database_url: str) -> ApiRateLimit | NoRateLimit:
    if not rule:
        return NoRateLimit()
    return ApiRateLimit(rule, storage_uri, namespace_of(database_url))
