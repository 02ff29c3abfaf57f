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
page faults on every request (seen with strace).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from greenlet import GreenletExit, getcurrent, greenlet
from sqlalchemy import Engine
from sqlalchemy.ext.asyncio import AsyncEngine

from techstore.infrastructure.sqlalchemy.engine import build_loop_read_engine
from techstore.infrastructure.sqlalchemy.uow import SharedReads

R = TypeVar("R")


class LoopReads:
    def __init__(self, engine: Engine) -> None:
        self._template = engine
        self._engine: AsyncEngine | None = None
        self._greenlets = _Greenlets()

    async def start(self) -> None:
        """Serve reads on the running loop from now on (the app's lifespan calls it)."""
        self._engine = build_loop_read_engine(self._template)

    async def stop(self) -> None:
        engine, self._engine = self._engine, None
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
            with SharedReads(engine, on_loop=True):
                return work()

        return await self._greenlets.run(shared)


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
    awaitables it yields awaited here (as SQLAlchemy's ``greenlet_spawn`` does)."""

    KEEP = 64  # idle greenlets kept for reuse; more are made when more requests run at once

    def __init__(self) -> None:
        self._idle: list[_Worker] = []

    async def run(self, work: Callable[[], R]) -> R:
        worker = self._idle.pop() if self._idle else _Worker()
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
        if len(self._idle) < self.KEEP:
            self._idle.append(worker)
        failure, result_value = value.error, value.result
        value.error = value.result = None  # the idle greenlet still holds the box: empty it
        if failure is not None:
            raise failure
        answer: R = result_value
        return answer
