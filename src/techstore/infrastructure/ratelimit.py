"""The API's rate limit, on the ``limits`` package: a fixed window per client.

``memory://`` counts in this process (``MemoryWindows``, below); ``redis://…``
counts in Redis through ``limits``, so every process that names the same Redis
(and the same database) enforces one limit.
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
from collections.abc import Callable

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


class MemoryWindows:
    """Fixed windows counted in this process: the same rule as ``limits``' fixed window.

    Not ``limits``' own memory storage: it restarts a timer thread every 10 ms
    to expire keys, and on every request takes a lock and checks the timer; on
    the request path (issue 8) that thread churn cost about 100 µs a request.
    Here a window is a (start, count) pair per client; a client's stale window
    is replaced on its next hit, and windows of clients gone quiet are swept
    once a window has passed, so memory stays bounded by the active clients."""

    blocks = False  # never waits on I/O: safe on the event loop

    def __init__(self, rule: RateLimitItem, clock: Callable[[], float] = time.monotonic) -> None:
        self._amount = rule.amount
        self._seconds = rule.get_expiry()
        self._clock = clock
        self._windows: dict[str, tuple[float, int]] = {}
        self._swept_at = clock()
        self._lock = threading.Lock()  # use cases run on worker threads too

    def __len__(self) -> int:
        """Clients with a window in memory."""
        return len(self._windows)

    def hit(self, client: str) -> int | None:
        now = self._clock()
        with self._lock:
            if now - self._swept_at >= self._seconds:
                self._sweep(now)
            start, count = self._windows.get(client, (now, 0))
            if now - start >= self._seconds:
                start, count = now, 0
            if count >= self._amount:
                return max(1, math.ceil(start + self._seconds - now))
            self._windows[client] = (start, count + 1)
            return None

    def _sweep(self, now: float) -> None:
        self._windows = {client: window for client, window in self._windows.items()
                         if now - window[0] < self._seconds}
        self._swept_at = now


class RedisRateLimit:
    """``hit(client)`` counts one request: None when admitted, else the whole seconds to wait."""

    blocks = True  # a round trip to Redis: not on the event loop

    def __init__(self, rule: str, storage_uri: str, namespace: str) -> None:
        self.rule: RateLimitItem = parse(rule)
        storage = storage_from_string(storage_uri, wrap_exceptions=True, socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
                                      socket_timeout=REDIS_TIMEOUT_SECONDS)
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

    blocks = False

    def hit(self, client: str) -> int | None:
        return None


def build_rate_limit(rule: str, storage_uri: str, database_url: str) -> RedisRateLimit | MemoryWindows | NoRateLimit:
    if not rule:
        return NoRateLimit()
    if storage_uri.startswith("memory://"):
        return MemoryWindows(parse(rule))
    return RedisRateLimit(rule, storage_uri, namespace_of(database_url))
