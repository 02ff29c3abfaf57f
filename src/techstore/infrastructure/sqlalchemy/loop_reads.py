"""Read-only requests on the event loop: the synchronous core over awaited I/O.

A request that only reads (an API GET) need not leave the event loop for a
worker thread. Its work (authentication, then the use case: the same
synchronous code as everywhere) runs in a greenlet through SQLAlchemy's
asyncio bridge, over psycopg's async connections: each statement suspends
the greenlet while PostgreSQL answers, and the loop serves other requests
meanwhile. On the 2-core bench machine the thread hop cost about 300 µs of
CPU per request in GIL hand-offs between the loop and the worker, more than
the baseline's whole request (issue 8; docs/architecture.md, "The request
path").

Bound to the event loop it is started on (the app's lifespan): psycopg's
async connections belong to one loop. The lifespan hands it to the requests
of that loop only (in their state), so a request on another loop (Starlette's
test client without its lifespan) takes the worker threads instead.

Only reads: inside ``run`` the read-only units of work share one connection
of this engine, and a unit of work that could write refuses to start (it
would block the loop on the synchronous engine; see ``SqlUnitOfWork``).

The greenlets are kept and reused (``_Greenlets``) rather than made per call
as SQLAlchemy's ``greenlet_spawn`` does: a new greenlet maps a fresh 16 KB
stack for its Python frames and unmaps it when it ends, two system calls and
page faults on every request (seen with strace). There are at most as many as
the pool holds connections, and each keeps one connection open from request
to request (``_KeptConnection``): a checkout and a checkin through the pool
cost about 40 µs of CPU a request (/me went from 2,065 to 2,245 requests/s on
one process). Past that many requests at once, a request waits for a
greenlet, as the baseline's wait for a connection.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from greenlet import GreenletExit, getcurrent, greenlet
from sqlalchemy import Connection, Engine
from sqlalchemy.ext.asyncio import AsyncEngine

from techstore.infrastructure.sqlalchemy.engine import LOOP_POOL_SIZE, PING_AFTER_IDLE_SECONDS, build_loop_read_engine
from techstore.infrastructure.sqlalchemy.uow import SharedReads

R = TypeVar("R")


class LoopReads:
    def __init__(self, engine: Engine) -> None:
        self._template = engine
        self._engine: AsyncEngine | None = None
        self._greenlets = _Greenlets(LOOP_POOL_SIZE)

    async def start(self) -> None:
        """Serve reads on the running loop from now on (the app's lifespan calls it)."""
        self._engine = build_loop_read_engine(self._template)

    async def stop(self) -> None:
        """Close the kept connections and the pool (no request is running any more)."""
        engine, self._engine = self._engine, None
        await self._greenlets.close(lambda worker: worker.kept.close() if worker.kept else None)
        if engine is not None:
            await engine.dispose()

    @property
    def started(self) -> bool:
        return self._engine is not None

    @property
    def sync_engine(self) -> Engine:
        """What statement counters listen to (the engine the greenlet's code sees)."""
        assert self._engine is not None, "not started"
        return self._engine.sync_engine

    async def run(self, work: Callable[[], R]) -> R:
        """``work()`` in a greenlet on this loop, its reads on one connection."""
        engine = self.sync_engine

        def shared() -> R:
            worker: _Worker = getcurrent()
            if worker.kept is None:
                worker.kept = _KeptConnection(engine)
            with SharedReads(engine, on_loop=True, held=worker.kept):
                return work()

        return await self._greenlets.run(shared)


class _KeptConnection:
    """One worker's connection, open from one request to the next.

    As the pool would on checkout, it is checked before use when it sat idle
    for ``PING_AFTER_IDLE_SECONDS`` (a dead one is replaced, unseen by the
    request), and replaced when it was invalidated (the database dropped it)
    or a request was interrupted halfway through a statement."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None
        self._used_at = 0.0

    def connection(self) -> Connection:
        connection = self._connection
        if connection is not None and not self._usable(connection):
            self.close()
            connection = None
        if connection is None:
            connection = self._connection = self._engine.connect()
        return connection

    def request_ended(self, *, interrupted: bool) -> None:
        connection = self._connection
        if connection is None:
            return
        if interrupted:
            connection.invalidate()
            self.close()
            return
        if connection.in_transaction():  # Connection.execute begins one (a no-op in autocommit)
            connection.rollback()
        self._used_at = time.monotonic()

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()

    def _usable(self, connection: Connection) -> bool:
        if connection.invalidated or connection.closed:
            return False
        if time.monotonic() - self._used_at < PING_AFTER_IDLE_SECONDS:
            return True
        driver = connection.connection.dbapi_connection
        try:
            return driver is not None and bool(self._engine.dialect.do_ping(driver))
        except Exception:  # noqa: BLE001 - any failure means "dead"
            connection.invalidate()
            return False


class _Done:
    """What a worker greenlet hands back when its work has ended (anything else is an awaitable)."""

    __slots__ = ("error", "result")

    def __init__(self, result: Any, error: BaseException | None) -> None:
        self.result = result
        self.error = error


class _Worker(greenlet):  # type: ignore[misc]  # greenlet's class is not typed for subclassing
    """Runs one piece of work after another; SQLAlchemy's ``await_`` (called by the async driver's
    adapter) recognises it by the attribute below and switches to its parent with an awaitable."""

    __sqlalchemy_greenlet_provider__ = True

    def __init__(self) -> None:
        super().__init__(self._serve, getcurrent())
        self.kept: _KeptConnection | None = None
        self.switch()  # started without arguments: greenlet would hold a first call's arguments for good

    def _serve(self) -> None:
        work: Any = self.parent.switch()  # ready: wait for the first piece of work (a callable)
        while True:
            try:
                done = _Done(work(), None)
            except GreenletExit:
                raise  # the greenlet is being discarded
            except BaseException as error:  # noqa: BLE001 - handed to the awaiting request
                done = _Done(None, error)
            work = None  # an idle greenlet holds on to nothing of the last request
            work = self.parent.switch(done)


class _Greenlets:
    """``await run(work)``: ``work()`` in a worker greenlet of the running loop's thread, the
    awaitables it yields awaited here (as SQLAlchemy's ``greenlet_spawn`` does). At most ``limit``
    greenlets; a call that finds them all busy waits for one."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._made: list[_Worker] = []
        self._idle: list[_Worker] = []
        self._waiting: deque[asyncio.Future[None]] = deque()

    async def run(self, work: Callable[[], R]) -> R:
        worker = await self._take()
        try:
            return await self._run_on(worker, work)
        finally:
            self._idle.append(worker)
            self._wake_one()

    async def close(self, each: Callable[[_Worker], None]) -> None:
        """``each(worker)`` in every greenlet, then forget them all."""
        workers, self._made, self._idle = self._made, [], []
        for worker in workers:
            await self._run_on(worker, functools.partial(each, worker))

    async def _take(self) -> _Worker:
        while not self._idle and len(self._made) >= self._limit:
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiting.append(waiter)
            try:
                await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():
                    self._wake_one()  # woken, then cancelled: pass the turn on
                raise
        if self._idle:
            return self._idle.pop()
        worker = _Worker()
        self._made.append(worker)
        return worker

    def _wake_one(self) -> None:
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return

    async def _run_on(self, worker: _Worker, work: Callable[[], R]) -> R:
        worker.gr_context = getcurrent().gr_context  # the request's context (its request id, its reads)
        value: Any = worker.switch(work)
        while not isinstance(value, _Done):
            awaitable: Awaitable[Any] = value
            try:
                result = await awaitable
            except BaseException as error:  # noqa: BLE001 - raised inside the work, where it belongs
                value = worker.throw(error)
            else:
                value = worker.switch(result)
        failure, result_value = value.error, value.result
        value.error = value.result = None  # the idle greenlet still holds the box: empty it
        if failure is not None:
            raise failure
        answer: R = result_value
        return answer
