"""How ``techstore serve`` holds its connections: uvicorn's options, and deadlines uvicorn lacks.

uvicorn closes a connection that stays idle after a response (``timeout_keep_alive``), but it has no
timeout for receiving a request: its keep-alive timer is cancelled by the first byte that arrives and
never runs before the first request. A client that connects and sends nothing, or trickles its headers
a byte at a time (slowloris), holds the connection for ever, and enough of them exhaust the process's
file descriptors. ``RequestDeadlines`` closes such a connection: the request's head must arrive within
``head_seconds`` of the connection opening (or of the previous response), its body within
``body_seconds`` after that. A request being answered has no deadline: the app takes its time.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

# An idle connection after a response is closed after this many seconds; nginx's upstream keepalive_timeout
# (deploy/nginx.conf) is shorter, so the proxy never reuses a connection the app is closing.
KEEP_ALIVE_SECONDS = 5


class RequestDeadlines(HttpToolsProtocol):
    """uvicorn's httptools protocol (its default) with deadlines for receiving each request."""

    head_seconds: ClassVar[float] = 10  # a browser or nginx sends a request's head in one packet
    body_seconds: ClassVar[float] = 120  # a 10 MiB catalogue import on a 1 Mbit/s line takes about 85 s

    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._expect(self.head_seconds)

    def connection_lost(self, exc: Exception | None) -> None:
        self._expect(None)
        super().connection_lost(exc)

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        self._expect(self.body_seconds)

    def on_message_complete(self) -> None:
        answered = self.cycle is not None and self.cycle.response_complete
        super().on_message_complete()
        if not answered:  # otherwise the next head's deadline already runs
            self._expect(None)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self.transport.is_closing():
            return
        cycle = self.cycle
        if cycle is not None and not cycle.response_complete:  # a pipelined request was started
            self._expect(self.body_seconds if cycle.more_body else None)
        else:
            self._expect(self.head_seconds)

    def handle_websocket_upgrade(self) -> None:
        self._expect(None)  # the connection leaves this protocol
        super().handle_websocket_upgrade()

    def _expect(self, seconds: float | None) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        if seconds is not None:
            self._deadline = self.loop.call_later(seconds, self._too_slow)

    def _too_slow(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()


def server_options() -> dict[str, Any]:
    """uvicorn's keyword arguments for the connection limits above (``uvicorn.run(..., **server_options())``)."""
    return {"http": RequestDeadlines, "timeout_keep_alive": KEEP_ALIVE_SECONDS}
