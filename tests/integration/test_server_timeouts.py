"""Idle and slow connections are closed (issue 21): ``techstore serve`` closes a keep-alive connection left
idle after a response, one that never sends a request, and one that trickles its request's head
(slowloris); a request's body must arrive in time too, while a request being answered may take its time."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import uvicorn

from techstore.entrypoints.cli.http_server import KEEP_ALIVE_SECONDS, RequestDeadlines
from tests.servers import MIGRATE_COMMAND, Server, free_port, server_environment, techstore

pytestmark = pytest.mark.timeout(90)
REQUEST = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


def _closed_after(port: int, send: Callable[[socket.socket], None], limit: float = 30) -> float:
    """Seconds from connecting until the server closes the connection (``limit`` when it does not)."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=limit) as connection:
        send(connection)
        connection.settimeout(max(0.1, limit - (time.monotonic() - started)))
        try:
            while connection.recv(65536):
                pass  # a response, then EOF
        except TimeoutError:
            return limit
        except ConnectionResetError:
            pass
    return time.monotonic() - started


def _one_request(connection: socket.socket) -> None:
    connection.sendall(REQUEST)


def _nothing(connection: socket.socket) -> None:
    pass


def _trickle(connection: socket.socket) -> None:
    """A byte of the head every half second, never finishing it (until the server hangs up)."""
    try:
        for byte in REQUEST[:-2]:
            connection.sendall(bytes([byte]))
            time.sleep(0.5)
    except OSError:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    var = tmp_path_factory.mktemp("timeouts")
    env = server_environment(var, f"sqlite:///{var / 'techstore.sqlite3'}")
    assert techstore(env, *MIGRATE_COMMAND[1:]).returncode == 0
    server = Server(env, var / "serve.log").start()
    try:
        server.wait_until_up()
        yield server.port
    finally:
        server.stop()


def test_serve_closes_idle_and_slow_connections(served: int) -> None:
    head = RequestDeadlines.head_seconds
    with ThreadPoolExecutor(3) as pool:
        idle, silent, trickling = pool.map(lambda send: _closed_after(served, send), [_one_request, _nothing, _trickle])
    assert KEEP_ALIVE_SECONDS - 0.5 <= idle <= KEEP_ALIVE_SECONDS + 3, idle
    assert head - 0.5 <= silent <= head + 3, silent
    assert head - 0.5 <= trickling <= head + 3, trickling


# The deadlines' rules, on a server of the test's own with deadlines of a second.

class QuickDeadlines(RequestDeadlines):
    head_seconds = 1
    body_seconds = 1


async def _slow_echo(scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
    if scope["type"] != "http":
        return
    body = b""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    await asyncio.sleep(1.5)  # longer than every deadline: answering has none
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"%d" % len(body))]})
    await send({"type": "http.response.body", "body": body})


@pytest.fixture(scope="module")
def quick() -> Iterator[int]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(_slow_echo, host="127.0.0.1", port=port, http=QuickDeadlines,
                                           timeout_keep_alive=3, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield port
    server.should_exit = True
    thread.join(timeout=10)


def _post(body: bytes, declared: int) -> bytes:
    return b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % declared + body


def test_a_body_that_does_not_arrive_in_time_closes_the_connection(quick: int) -> None:
    elapsed = _closed_after(quick, lambda c: c.sendall(_post(b"abc", 10)), limit=10)
    assert 0.5 <= elapsed <= 3, elapsed


def test_a_request_that_arrived_may_be_answered_slowly_and_the_connection_reused(quick: int) -> None:
    with socket.create_connection(("127.0.0.1", quick), timeout=10) as connection:
        for body in (b"first", b"second"):
            connection.sendall(_post(body, len(body)))
            answer = b""
            while not answer.endswith(body):
                chunk = connection.recv(65536)
                assert chunk, "the server closed a connection whose request had arrived"
                answer += chunk
            assert answer.startswith(b"HTTP/1.1 200")
            time.sleep(0.5)  # within the next head's deadline
