"""Read-only API requests on the event loop (infrastructure/sqlalchemy/loop_reads.py).

On PostgreSQL, under the app's lifespan, a GET runs its authentication and
its use case in a greenlet on the event loop over psycopg's async driver; a
write never runs there. Without the lifespan (another loop), on SQLite and in
memory, requests take the worker threads as before.
"""

from __future__ import annotations

import asyncio
import gc
import re
import weakref
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, redirect_stdout
from io import StringIO
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.util import await_
from starlette.testclient import TestClient

from techstore.container import Container
from techstore.domain.identity.users import Role
from techstore.entrypoints.app import create_app
from techstore.entrypoints.cli.demo import DEMO_USERS, seed_demo
from techstore.entrypoints.http.openapi import api_routes
from techstore.infrastructure.sqlalchemy.engine import LOOP_POOL_SIZE
from techstore.infrastructure.sqlalchemy.loop_reads import LoopReads, _Greenlets
from tests.support import run_async

PASSWORD = "loop-reads-password"
pytestmark = pytest.mark.adapters("postgres")


@contextmanager
def counting(engine: Engine, name: str = "before_cursor_execute") -> Iterator[list[Any]]:
    seen: list[Any] = []

    def record(*args: Any) -> None:
        seen.append(args)

    event.listen(engine, name, record)
    try:
        yield seen
    finally:
        event.remove(engine, name, record)


def _sign_in(container: Container, client: TestClient, role: Role = Role.ADMIN) -> dict[str, str]:
    container.identity.provision_user()("loopy", PASSWORD, role=role)
    token = client.post("/api/v1/auth/token", json={"username": "loopy", "password": PASSWORD}).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def test_a_read_runs_on_the_loop_engine_under_the_lifespan(container: Container) -> None:
    loop_reads = container.adapters.loop_reads()
    assert isinstance(loop_reads, LoopReads)
    threads_engine = container.adapters.read_engine()
    with TestClient(create_app(container)) as client:
        headers = _sign_in(container, client)
        with counting(loop_reads.sync_engine) as on_loop, counting(threads_engine) as on_threads:
            assert client.get("/api/v1/me", headers=headers).json()["username"] == "loopy"
        assert (len(on_loop), len(on_threads)) == (1, 0)
        # A write (and any route that is not a plain read) stays on the worker threads.
        with counting(loop_reads.sync_engine) as on_loop:
            created = client.post("/api/v1/categories", headers=headers, json={"name": "Cables"})
        assert created.status_code == 201 and on_loop == []
    assert not loop_reads.started  # the lifespan stopped it, and closed its pool


def test_without_the_lifespan_reads_take_the_worker_threads(container: Container) -> None:
    client = TestClient(create_app(container))  # no lifespan: each request on a loop of its own
    headers = _sign_in(container, client)
    with counting(container.adapters.read_engine()) as on_threads:
        assert client.get("/api/v1/me", headers=headers).status_code == 200
    assert len(on_threads) == 1


def test_refusals_from_the_loop_keep_their_status(container: Container) -> None:
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        assert client.get("/api/v1/me", headers={"Authorization": "Bearer forged"}).status_code == 401
        staff = _sign_in(container, client, role=Role.STAFF)
        assert client.get("/api/v1/users", headers=staff).status_code == 403
        assert client.get("/api/v1/customers/999999", headers=staff).status_code == 404


def test_a_unit_of_work_that_writes_is_refused_on_the_loop(container: Container) -> None:
    loop_reads = container.adapters.loop_reads()
    assert isinstance(loop_reads, LoopReads)
    uow = container.adapters.uow

    def write() -> None:
        with uow() as unit:
            unit.users.get(1)

    async def attempt() -> None:
        await loop_reads.start()
        try:
            with pytest.raises(RuntimeError, match="cannot run on the event loop"):
                await loop_reads.run(write)
            # The worker greenlet survives the refusal and serves the next read.
            assert await loop_reads.run(lambda: _user(uow, 1)) is None
        finally:
            await loop_reads.stop()

    run_async(attempt())


def _user(uow: Any, user_id: int) -> Any:
    with uow(read_only=True) as unit:
        return unit.users.get(user_id)


def test_concurrent_reads_share_a_fixed_pool(container: Container) -> None:
    """Sixteen requests at once on one loop: no connection is opened per request, and no more
    than the pool holds are opened at all."""
    loop_reads = container.adapters.loop_reads()
    assert isinstance(loop_reads, LoopReads)
    with TestClient(create_app(container)) as client:
        headers = _sign_in(container, client)
        with counting(loop_reads.sync_engine, "connect") as opened, ThreadPoolExecutor(16) as pool:
            answers = list(pool.map(lambda _: client.get("/api/v1/users?limit=5", headers=headers).status_code,
                                    range(160)))
        assert answers == [200] * 160
        assert 1 <= len(opened) <= LOOP_POOL_SIZE


def test_every_route_that_reads_on_the_loop_answers_on_demo_data(container: Container) -> None:
    """Walks the router: each GET that runs on the loop, with real ids from the demo data, answers
    without a server error (a write reached on the loop would be a 500, see the test above)."""
    with redirect_stdout(StringIO()):
        seed_demo(container)
    username, password = DEMO_USERS[0][0], DEMO_USERS[0][3]
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        token = client.post("/api/v1/auth/token", json={"username": username, "password": password})
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        app_routes = client.app.routes  # type: ignore[attr-defined]
        on_loop = [(path, route) for path, route in api_routes(app_routes) if route.read_only and not route.heavy]
        assert len(on_loop) >= 20
        for path, _route in on_loop:
            url = re.sub(r"{[a-z_]+:id}", "1", path).replace("{tracking_code}", "none")
            answer = client.get(url, headers=headers)
            assert answer.status_code in (200, 404), (url, answer.status_code, answer.text[:300])


def test_a_cancelled_request_leaves_no_broken_greenlet() -> None:
    """A request cancelled while its statement is awaited (the client went away): the work sees
    the cancellation, and the next request runs on a sound greenlet."""
    greenlets = _Greenlets(2)

    async def scenario() -> None:
        started = asyncio.Event()
        cleaned = []

        def slow() -> None:
            try:
                await_(_set_then_sleep(started))
            finally:
                cleaned.append(True)  # a with-block here would close its connection

        task = asyncio.ensure_future(greenlets.run(slow))
        await started.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert cleaned == [True]
        assert await greenlets.run(lambda: await_(asyncio.sleep(0, result=42))) == 42

    run_async(scenario())


async def _set_then_sleep(started: asyncio.Event) -> None:
    started.set()
    await asyncio.sleep(60)


def test_an_idle_greenlet_keeps_nothing_of_the_last_request() -> None:
    """Greenlets are reused: between requests they must not hold the last one's objects (its request,
    its answer or its error) alive."""
    greenlets = _Greenlets(2)

    class Answer:
        pass

    async def scenario() -> list[weakref.ref[Answer]]:
        kept = []
        for fails in (False, True):
            answer = Answer()
            kept.append(weakref.ref(answer))

            def work(answer: Answer = answer, fails: bool = fails) -> Answer:
                if fails:
                    raise LookupError(answer)
                return answer

            try:
                await greenlets.run(work)
            except LookupError:
                pass
            del answer, work
        return kept

    kept = run_async(scenario())
    gc.collect()
    assert [ref() for ref in kept] == [None, None]


def test_a_request_waits_for_a_greenlet_when_all_are_busy() -> None:
    greenlets = _Greenlets(1)

    async def scenario() -> list[str]:
        order: list[str] = []

        def slow(name: str) -> str:
            order.append(f"{name} starts")
            await_(asyncio.sleep(0.05))
            order.append(f"{name} ends")
            return name

        first = asyncio.ensure_future(greenlets.run(lambda: slow("first")))
        cancelled = asyncio.ensure_future(greenlets.run(lambda: slow("cancelled")))
        second = asyncio.ensure_future(greenlets.run(lambda: slow("second")))
        await asyncio.sleep(0.01)
        cancelled.cancel()  # it gave up waiting: its turn goes to the next
        assert await asyncio.gather(first, second) == ["first", "second"]
        return order

    assert run_async(scenario()) == ["first starts", "first ends", "second starts", "second ends"]


def test_a_worker_keeps_its_connection_and_replaces_a_dropped_one(container: Container) -> None:
    loop_reads = container.adapters.loop_reads()
    assert isinstance(loop_reads, LoopReads)
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        headers = _sign_in(container, client)
        with counting(loop_reads.sync_engine, "checkout") as checkouts:
            assert {client.get("/api/v1/me", headers=headers).status_code for _ in range(20)} == {200}
        assert len(checkouts) <= 1  # one sequential client: one worker, its connection kept
        _drop_other_connections(container)
        answers = [client.get("/api/v1/me", headers=headers).status_code for _ in range(3)]
        # The first use of the dropped connection may fail (503, as through the pool: a connection in
        # steady use is not pinged); it is then replaced, unseen by later requests.
        assert answers[-2:] == [200, 200] and answers[0] in (200, 503), answers


def _drop_other_connections(container: Container) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(container.settings().database_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
    finally:
        engine.dispose()
