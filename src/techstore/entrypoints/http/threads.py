"""The worker threads every use case runs in, off the event loop.

A fixed set of threads (``settings.worker_threads``, the size the database
pool is built for) taking work from one queue. A hop costs about 10 µs of
CPU, against about 60 through Starlette's ``run_in_threadpool`` (anyio's
capacity limiter, cancel scope and idle-worker bookkeeping), and every
request makes at least one (bench: ``make bench``, issue 8).

One set per process, like anyio's default thread limiter it replaces: the app
sizes it (``size``) when it is built. Each call runs in a copy of the caller's
context, so the request id bound for logging is seen in the thread. The answer
goes back through the awaiting future's own loop, so the threads serve any
event loop (Starlette's test client makes one per request without its
lifespan). The threads are daemons waiting on the queue: idle, they cost
nothing, and they end with the process.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

R = TypeVar("R")
_Job = tuple["asyncio.Future[Any]", contextvars.Context, Callable[[], Any]]
_STOP = None


class WorkerThreads:
    def __init__(self, count: int) -> None:
        self._count = count
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def size(self, count: int) -> None:
        """Run ``count`` threads from now on (started on first use; extra ones end when idle)."""
        if count < 1:
            raise ValueError("at least one worker thread is needed")
        with self._lock:
            self._count = count
            while len(self._threads) > count:
                self._threads.pop()
                self._jobs.put(_STOP)

    async def run(self, function: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        """``function(*args, **kwargs)`` in a worker thread; its result or its exception."""
        if len(self._threads) < self._count:
            self._start()
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        work = functools.partial(function, *args, **kwargs) if args or kwargs else function
        self._jobs.put((future, contextvars.copy_context(), work))
        return await future

    def _start(self) -> None:
        with self._lock:
            for n in range(len(self._threads), self._count):
                thread = threading.Thread(target=self._serve, name=f"techstore-worker-{n}", daemon=True)
                thread.start()
                self._threads.append(thread)

    def _serve(self) -> None:
        while (job := self._jobs.get()) is not _STOP:
            future, context, work = job
            try:
                result = context.run(work)
            except BaseException as error:  # noqa: BLE001 - handed to the awaiting request, not swallowed
                _answer(future, None, error)
            else:
                _answer(future, result, None)
            del job, future, context, work


def _answer(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    try:
        future.get_loop().call_soon_threadsafe(_settle, future, result, error)
    except RuntimeError:  # the loop has closed: no one is waiting any more
        pass


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.cancelled():
        return
    if error is None:
        future.set_result(result)
    else:
        future.set_exception(error)


workers = WorkerThreads(2)  # create_app sizes it from settings.worker_threads
