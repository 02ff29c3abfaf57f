"""The worker threads use cases run in: answers, errors, the request's context, the limit."""

from __future__ import annotations

import asyncio
import contextvars
import threading
import time

import pytest

from techstore.entrypoints.http.threads import WorkerThreads
from tests.support import run_async

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="none")


run = run_async


def test_the_answer_comes_back_from_another_thread() -> None:
    workers = WorkerThreads(2)

    async def main() -> tuple[int, str]:
        return await workers.run(lambda a, b: (a + b, threading.current_thread().name), 2, b=3)

    total, thread = run(main())
    assert total == 5
    assert thread.startswith("techstore-worker-")


def test_an_error_reaches_the_awaiting_request() -> None:
    workers = WorkerThreads(1)

    def fails() -> None:
        raise LookupError("no such sale")

    with pytest.raises(LookupError, match="no such sale"):
        run(workers.run(fails))


def test_the_work_sees_the_callers_context() -> None:
    workers = WorkerThreads(1)

    async def main() -> str:
        request_id.set("r-42")
        return await workers.run(request_id.get)

    assert run(main()) == "r-42"


@pytest.mark.parametrize("count", [1, 3])
def test_no_more_run_at_once_than_the_threads_it_is_sized_for(count: int) -> None:
    workers = WorkerThreads(8)
    workers.size(count)
    running, most = 0, 0
    lock = threading.Lock()

    def work() -> None:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.01)
        with lock:
            running -= 1

    async def main() -> None:
        await asyncio.gather(*(workers.run(work) for _ in range(12)))

    run(main())
    assert most == count


def test_threads_serve_each_event_loop_in_turn() -> None:
    workers = WorkerThreads(2)
    assert [run(workers.run(lambda n=n: n * n)) for n in range(4)] == [0, 1, 4, 9]
