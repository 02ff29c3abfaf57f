"""The API's side of the request seam: bearer tokens, the rate limit, the body.

A route declares its endpoint (a plain function of a ``Call``), its access,
its body type and whether it only reads (``ApiRoute``). For each request the
guard:

1. answers 401 at once when the route needs a caller and no bearer token came
   (before reading any body);
2. reads the body on the event loop, within its limit (413), as JSON (415
   otherwise) or as the declared upload;
3. hands ``seam.run`` one function that authenticates the token, counts the
   request against the rate limit, checks the role (403 before 422: the body
   is structured only then) and calls the endpoint. Its answer is a
   ``Response``, or a declared value encoded as JSON with the route's status.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Protocol

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from techstore.domain.identity.users import User
from techstore.domain.shared.errors import AuthenticationFailed, PermissionDenied, TooManyAttempts
from techstore.entrypoints.api.responses import json_response
from techstore.entrypoints.http import seam
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.client import client_address
from techstore.entrypoints.http.json_body import body_as, read_body, read_upload
from techstore.entrypoints.http.problems import problem
from techstore.entrypoints.http.routing import ApiRoute
from techstore.entrypoints.http.seam import Call, Endpoint

if TYPE_CHECKING:
    from techstore.container import Container

OVER_THE_LIMIT = "Too many requests from this client; wait {seconds} s (see Retry-After)."
CLIENT_GONE = 499  # nginx's name for it: the client left before the answer; nothing is sent


class RateLimit(Protocol):
    blocks: bool  # waits on I/O (Redis) synchronously: never on the event loop

    def hit(self, client: str) -> int | None: ...


def bearer_token(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def api_guard(endpoint: Endpoint, route: ApiRoute) -> Any:
    @functools.wraps(endpoint)
    async def guarded(request: Request) -> Response:
        if route.pure:  # no I/O at all (liveness): answered where it stands
            return _answer(endpoint(Call(request, seam.services(request))), route)
        token = None
        if route.access is not Access.PUBLIC:
            token = bearer_token(request)
            if token is None:
                return problem(401, "Sign in first: send Authorization: Bearer <access_token>.",
                               headers={"WWW-Authenticate": "Bearer"})
        raw = b""
        if route.request_type is not None or route.request_media_type is not None:
            try:
                raw = await _body(request, route)
            except ClientDisconnect:
                return Response(status_code=CLIENT_GONE)
        container = seam.services(request)
        rate_limit: RateLimit = container.rate_limit()
        reads = route.read_only and not route.heavy
        if reads and rate_limit.blocks:
            # Redis: the loop's own client (the lifespan's, see app.py), awaited from the read's greenlet,
            # so the read stays on the loop. Without the lifespan there is none: the read takes a thread.
            rate_limit = request.scope.get("state", {}).get("loop_rate_limit") or rate_limit

        def trip() -> Response:
            caller = _caller(request, container, route, token, rate_limit)
            body = body_as(raw, route.request_type) if route.structured_body and route.request_type else None
            return _answer(endpoint(Call(request, container, caller, body, raw)), route)

        return await seam.run(request, trip, read_only=route.read_only,
                              on_loop=reads and not rate_limit.blocks)

    return guarded


async def _body(request: Request, route: ApiRoute) -> bytes:
    if route.request_media_type is not None:
        return await read_upload(request, max_bytes=route.max_body)
    if route.request_type is not None:
        return await read_body(request)
    return b""


def _caller(request: Request, container: Container, route: ApiRoute, token: str | None,
            rate_limit: RateLimit) -> User | None:
    """The token's user (None on public routes), counted against the rate limit; 401, 403 or 429.

    The limit's client is the token's user, or the address when there is no user (public
    routes, and tokens that fail: guessing tokens is limited too). It is counted here, where
    the token is read anyway, so the JWT is decoded once."""
    if token is None:
        if route.rate_limited:
            admit(rate_limit, "address:" + client_address(request))
        return None
    try:
        caller: User = container.identity.authenticate()(token)
    except AuthenticationFailed:
        admit(rate_limit, "address:" + client_address(request))
        raise
    request.state.user_id = caller.id  # for the access log line
    if route.rate_limited:
        admit(rate_limit, f"user:{caller.id}")
    if not route.access.admits(caller.role):
        raise PermissionDenied(route.access.refusal)
    return caller


def _answer(result: Any, route: ApiRoute) -> Response:
    if isinstance(result, Response):
        return result
    return json_response(result, status_code=route.status_code)


def admit(rate_limit: RateLimit, client: str) -> None:
    wait = rate_limit.hit(client)
    if wait is not None:
        raise TooManyAttempts(OVER_THE_LIMIT.format(seconds=wait), retry_after=wait)


# What every API module declares its routes with: ``Api("/path", endpoint, methods=..., access=...)``.
Api = functools.partial(ApiRoute, guard=api_guard)
