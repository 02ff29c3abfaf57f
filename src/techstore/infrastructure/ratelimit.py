"""The API's rate limit, on the ``limits`` package: a fixed window per client.

``memory://`` counts in this process (``MemoryWindows``, below); ``redis://…``
counts in Redis (``limits``' storage, its keys and its fixed window), so every
process that names the same Redis (and the same database) enforces one limit.
Each process takes hits from Redis in batches (``Leases``) and asks again when
they are spent, so most requests count without a round trip; no window ever
admits more than its amount.
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
from limits.errors import StorageError
from limits.storage import Storage, storage_from_string
from sqlalchemy.engine import make_url
from sqlalchemy.util import await_

if TYPE_CHECKING:
    import redis.asyncio

log = structlog.get_logger("techstore.ratelimit")

# How long a request may wait on Redis before it is admitted unchecked.
REDIS_TIMEOUT_SECONDS = 0.25
RETRY_STORAGE_AFTER_SECONDS = 5.0
QUIET_SECONDS = 30.0
# A lease is at most this many hits, and at most this share of what the window has left.
LEASE_MOST = 64
LEASE_SHARES = 8


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


class Leases:
    """Hits this process took from Redis ahead of its requests, so most requests count without a round trip.

    A Redis round trip costs a request about 110 µs of wall time here, more than the rest of a read's
    path (docs/quality.md). So a process asks Redis for several hits at once (INCRBY, on the same key and
    the same fixed window as ``limits``) and spends them locally. No window ever admits more than its
    amount: every admitted request was counted in Redis first, and Redis hands out each count once. A
    lease is a share of what the window has left (``to_ask``): large far from the limit, one hit near it,
    so near the limit every request asks Redis and the count is exact. Hits leased and not spent when the
    window ends are lost, which only ever refuses early by at most what the last leases held."""

    def __init__(self, amount: int, seconds: int, clock: Callable[[], float] = time.time) -> None:
        self._amount = amount
        self._seconds = seconds
        self._clock = clock
        # client -> (the window's end, hits left in the lease, the window's count when last asked)
        self._held: dict[str, tuple[float, int, int]] = {}
        self._swept_at = clock()
        self._lock = threading.Lock()  # worker threads and the loop's greenlets both count here

    def answer_here(self, client: str) -> int | None:
        """Answer without Redis where this process can: 0 spends a hit of a lease held for the client's
        current window; n > 0 refuses (the window was spent, and a count only grows until it ends: wait
        n seconds); None means ask Redis."""
        now = self._clock()
        with self._lock:
            held = self._held.get(client)
            if held is None or now >= held[0]:
                return None
            ends, left, counted = held
            if left > 0:
                self._held[client] = (ends, left - 1, counted)
                return 0
        return max(1, math.ceil(ends - now)) if counted >= self._amount else None

    def to_ask(self, client: str) -> int:
        """How many hits to ask Redis for: a share of what the window had left when last asked."""
        held = self._held.get(client)
        counted = held[2] if held is not None and self._clock() < held[0] else 0
        return max(1, min(LEASE_MOST, (self._amount - counted) // LEASE_SHARES))

    def ends(self, client: str, asked: int, counted: int) -> float | None:
        """When the window ends, if known: it began at this count, or is the window already held."""
        now = self._clock()
        if counted == asked:
            return now + self._seconds
        held = self._held.get(client)
        return held[0] if held is not None and now < held[0] else None

    def settle(self, client: str, asked: int, counted: int, ends: float) -> int | None:
        """Redis counted ``asked`` hits, making ``counted``: keep what fits the window, and spend one.
        None when admitted, else the whole seconds to wait."""
        granted = min(asked, self._amount - (counted - asked))
        now = self._clock()
        with self._lock:
            if now - self._swept_at >= self._seconds:
                self._sweep(now)
            self._held[client] = (ends, max(0, granted - 1), counted)
        return None if granted > 0 else max(1, math.ceil(ends - now))

    def _sweep(self, now: float) -> None:
        self._held = {client: held for client, held in self._held.items() if now < held[0]}
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
        self.namespace = namespace
        self.leases = Leases(self.rule.amount, self.rule.get_expiry())
        self._skip_until = 0.0
        self._warned_at = -math.inf
        self._lock = threading.Lock()

    def on_loop(self) -> LoopRedisRateLimit:
        """The same limit for reads on the running event loop (call it on that loop)."""
        return LoopRedisRateLimit(self, self._storage_uri)

    def hit(self, client: str) -> int | None:
        if self.skipping():
            return None
        here = self.leases.answer_here(client)
        if here is not None:
            return here or None
        key = self.rule.key_for(self.namespace, client)
        asked = self.leases.to_ask(client)
        try:
            counted = self.storage.incr(key, self.rule.get_expiry(), amount=asked)
            ends = self.leases.ends(client, asked, counted) or self.storage.get_expiry(key)
        except StorageError as error:
            self.storage_failed(error)
            return None
        return self.leases.settle(client, asked, counted, ends)

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
    async Redis storages share the key prefix and the INCRBY+EXPIRE script), and shares the synchronous
    limit's leases and fail-open state, so both paths are one limit and one warning."""

    blocks = False  # awaits Redis on the loop: the greenlet waits, the loop does not

    def __init__(self, shared: RedisRateLimit, storage_uri: str) -> None:
        self._shared = shared
        self._storage = AsyncRedisStorage(
            "async+" + storage_uri, wrap_exceptions=True, implementation="redispy",
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS)

    def hit(self, client: str) -> int | None:
        """Counted from a greenlet on the loop (loop_reads.py): awaits Redis there only when no lease is held."""
        shared = self._shared
        if shared.skipping():
            return None
        here = shared.leases.answer_here(client)
        if here is not None:
            return here or None
        return await_(self.check(client))

    async def check(self, client: str) -> int | None:
        shared = self._shared
        key = shared.rule.key_for(shared.namespace, client)
        asked = shared.leases.to_ask(client)
        try:
            counted = await self._storage.incr(key, shared.rule.get_expiry(), amount=asked)
            ends = shared.leases.ends(client, asked, counted) or await self._storage.get_expiry(key)
        except StorageError as error:
            shared.storage_failed(error)
            return None
        return shared.leases.settle(client, asked, counted, ends)

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
