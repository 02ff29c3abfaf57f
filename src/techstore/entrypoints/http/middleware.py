"""Request ids, one structured log line per request, and security headers."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from techstore.entrypoints.http.client import parse_address
from techstore.entrypoints.http.logging import log_access

REQUEST_ID_HEADER = "x-request-id"
# Accept a caller's id only if it is short and plain, so it is safe to log and echo.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'; object-src 'none'"
)

ErrorHandler = Callable[[Request, Exception], Awaitable[Response]]


def security_headers(*, production: bool) -> list[tuple[bytes, bytes]]:
    """The headers every page and API answer carries (HSTS only in production)."""
    headers = [
        (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),
        (b"x-frame-options", b"DENY"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]
    if production:
        headers.append((b"strict-transport-security", b"max-age=63072000; includeSubDomains"))
    return headers


class RequestContextMiddleware:
    """Gives every request an id (``X-Request-ID`` in or generated), echoes it with
    the security headers, and logs one JSON line when the response has been sent.

    It also answers an unhandled exception itself (``on_error``), so even a 500
    carries the request id and the headers: Starlette's own last-resort handler
    sits outside every user middleware.

    One middleware and one ``send`` wrapper for all of it: the headers are
    prebuilt bytes appended to the raw list, not set one by one through
    ``MutableHeaders`` (each wrapper and each set costs on every request)."""

    def __init__(self, app: ASGIApp, *, on_error: ErrorHandler, production: bool = False) -> None:
        self.app = app
        self._on_error = on_error
        self._headers = security_headers(production=production)
        self._names = {name for name, _ in self._headers} | {REQUEST_ID_HEADER.encode()}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = self._request_id(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status, responding = 500, False
        ours = [*self._headers, (REQUEST_ID_HEADER.encode(), request_id.encode())]

        async def send_with_headers(message: Message) -> None:
            nonlocal status, responding
            if message["type"] == "http.response.start":
                status, responding = message["status"], True
                names = self._names
                kept = [header for header in message.get("headers", ()) if header[0].lower() not in names]
                message["headers"] = kept + ours
            await send(message)

        bound = structlog.contextvars.bind_contextvars(request_id=request_id)  # for every other line it logs
        try:
            try:
                await self.app(scope, receive, send_with_headers)
            except Exception as error:
                if responding:
                    raise  # the answer has begun: nothing sensible can be sent any more
                response = await self._on_error(Request(scope, receive), error)
                await response(scope, receive, send_with_headers)
        finally:
            log_access(request_id, scope["method"], scope["path"], status,
                       round((time.perf_counter() - started) * 1000, 2), _client(scope), scope["state"].get("user_id"))
            structlog.contextvars.reset_contextvars(**bound)

    @staticmethod
    def _request_id(scope: Scope) -> str:
        for name, value in scope["headers"]:
            if name == b"x-request-id":
                candidate: str = value.decode("latin-1")
                if _VALID_REQUEST_ID.fullmatch(candidate):
                    return candidate
        return os.urandom(16).hex()  # as unguessable as uuid4().hex, without building a UUID


def _client(scope: Scope) -> str | None:
    # Behind a proxy this is X-Forwarded-For, which anyone can send: log it only as an IP address.
    client: Any = scope.get("client")
    return parse_address(client[0]) if client else None
