"""The API's rate limit, on the ``limits`` package: a fixed window per client.

``memory://`` counts in this process (``MemoryWindows``, below); ``redis://…``
counts in Redis through ``limits``, so every process that names the same Redis
(and the same database) enforces one limit.
Keys are namespaced by the database the process serves, so two stores, or two
test databases, sharing one Redis never count each other's requests.

Reads on the event loop (loop_reads.py) count through ``LoopRedisRateLimit``:
the same keys and rule, on an asyncio Redis client made on that loop by the
app's lifespan, awaited from the read's greenlet, so a Redis round trip no
longer sends the read to a worker thread. Everything else (writes, and every
request without the lifespan) counts through the synchronous client.

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
from typing import TYPE_CHECKING, cast

import structlog
from limits import RateLimitItem, parse
from limits.aio.storage import RedisStorage as AsyncRedisStorage
from limits.aio.storage.redis.redispy import RedispyBridge
from limits.aio.strategies import FixedWindowRateLimiter as AsyncFixedWindowRateLimiter
from limits.errors import StorageError
from limits.storage import Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy.engine import make_url
from sqlalchemy.util import await_

if TYPE_CHECKING:
    import redis.asyncio

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

    def on_loop(self) -> None:
        """Nothing else to make for the event loop: this one is used there as it is."""
        return None

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
        self._storage_uri = storage_uri
        self._limiter = FixedWindowRateLimiter(self.storage)
        self.namespace = namespace
        self._skip_until = 0.0
        self._warned_at = -math.inf
        self._lock = threading.Lock()

    def on_loop(self) -> LoopRedisRateLimit:
        """The same limit for reads on the running event loop (call it on that loop)."""
        return LoopRedisRateLimit(self, self._storage_uri)

    def hit(self, client: str) -> int | None:
        if self.skipping():
            return None
        try:
            if self._limiter.hit(self.rule, self.namespace, client):
                return None
            reset_at, _remaining = self._limiter.get_window_stats(self.rule, self.namespace, client)
        except StorageError as error:
            self.storage_failed(error)
            return None
        return max(1, math.ceil(reset_at - time.time()))

    def skipping(self) -> bool:
        """Redis failed a moment ago: admit without asking it."""
        return bool(self._skip_until) and time.monotonic() < self._skip_until

    def storage_failed(self, error: StorageError) -> None:
        now = time.monotonic()
        with self._lock:
            self._skip_until = now + RETRY_STORAGE_AFTER_SECONDS
            if now - self._warned_at < QUIET_SECONDS:
                return
            self._warned_at = now
        log.warning("rate limit storage unreachable: requests are admitted unchecked",
                    error=type(error.storage_error).__name__, retry_in_seconds=RETRY_STORAGE_AFTER_SECONDS)


class LoopRedisRateLimit:
    """``RedisRateLimit`` for the reads that run on the event loop (``hit`` from their greenlet).

    Bound to the loop it is made on (an asyncio client's connections belong to one loop): the app's
    lifespan makes it and closes it. It counts the same keys with the same rule (``limits``' sync and
    async Redis storages share the key prefix and the INCR+EXPIRE script), and shares the synchronous
    limit's fail-open state, so both paths are one limit and one warning."""

    blocks = False  # awaits Redis on the loop: the greenlet waits, the loop does not

    def __init__(self, shared: RedisRateLimit, storage_uri: str) -> None:
        self._shared = shared
        self._storage = AsyncRedisStorage(
            "async+" + storage_uri, wrap_exceptions=True, implementation="redispy",
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS)
        self._limiter = AsyncFixedWindowRateLimiter(self._storage)

    def hit(self, client: str) -> int | None:
        """Counted from a greenlet on the loop (loop_reads.py): awaits Redis there."""
        return await_(self.check(client))

    async def check(self, client: str) -> int | None:
        shared = self._shared
        if shared.skipping():
            return None
        try:
            if await self._limiter.hit(shared.rule, shared.namespace, client):
                return None
            reset_at, _remaining = await self._limiter.get_window_stats(shared.rule, shared.namespace, client)
        except StorageError as error:
            shared.storage_failed(error)
            return None
        return max(1, math.ceil(reset_at - time.time()))

    async def close(self) -> None:
        bridge = self._storage.bridge
        assert isinstance(bridge, RedispyBridge)  # implementation="redispy"
        await cast("redis.asyncio.Redis", bridge.get_connection()).aclose()


class NoRateLimit:
    """TECHSTORE_RATE_LIMIT=0: every request is admitted."""

    blocks = False

    def on_loop(self) -> None:
        return None

    def hit(self, client: str) -> int | None:
        return None


def build_rate_limit(rule: str, storage_uri: str, database_url: str) -> RedisRateLimit | MemoryWindows | NoRateLimit:
    if not rule:
        return NoRateLimit()
    if storage_uri.startswith("memory://"):
        return MemoryWindows(parse(rule))
    return RedisRateLimit(rule, storage_uri, namespace_of(database_url))
