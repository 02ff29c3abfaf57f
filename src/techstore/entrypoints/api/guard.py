"""The API's access rule, and where each request's work runs.

The guard answers 401 at once when a route needs a caller and no bearer token
came. Otherwise the endpoint reads what the event loop must (the raw body)
and calls ``as_caller`` once: it authenticates the token, checks the role,
and runs the endpoint's work, with every read of the request on one
connection. So a request costs one pooled connection, however many use cases
it touches, and at most one thread hop:

- a route that only reads (``reads_on_loop``, by default a GET), on adapters
  that can (PostgreSQL, under the app's lifespan, with a rate limit that does
  not wait on Redis), runs all of it on the event loop (``loop_reads``): no hop;
- anything else runs in one worker thread (``workers``), its reads shared
  through ``shared_reads``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Protocol, TypeVar

from starlette.requests import Request
from starlette.responses import Response

from techstore.domain.identity.users import User
from techstore.domain.shared.errors import AuthenticationFailed, PermissionDenied, TooManyAttempts
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.client import client_address
from techstore.entrypoints.http.problems import problem
from techstore.entrypoints.http.routing import ApiRoute, Endpoint
from techstore.entrypoints.http.services import services
from techstore.entrypoints.http.threads import workers

R = TypeVar("R")
ADMIN_ONLY = "Only an admin may do this."
OVER_THE_LIMIT = "Too many requests from this client; wait {seconds} s (see Retry-After)."


class RateLimit(Protocol):
    blocks: bool  # waits on I/O (Redis): never on the event loop

    def hit(self, client: str) -> int | None: ...


class LoopReads(Protocol):
    async def run(self, work: Callable[[], R]) -> R: ...


def bearer_token(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def api_guard(endpoint: Endpoint, access: Access, reads_on_loop: bool = False) -> Endpoint:
    @functools.wraps(endpoint)
    async def guarded(request: Request) -> Response:
        request.state.access = access
        request.state.reads_on_loop = reads_on_loop
        request.state.bearer = None
        if access is not Access.PUBLIC:
            request.state.bearer = bearer_token(request)
            if request.state.bearer is None:
                return problem(401, "Sign in first: send Authorization: Bearer <access_token>.",
                               headers={"WWW-Authenticate": "Bearer"})
        return await endpoint(request)

    return guarded


async def as_caller(request: Request, work: Callable[[User | None], R]) -> R:
    """Authenticate the caller (when the route needs one), count the request against
    the rate limit, then ``work(caller)``: one thread hop, the request's reads on one
    connection. ``caller`` is None on public routes. Raises ``AuthenticationFailed``
    (401), ``TooManyAttempts`` (429) or ``PermissionDenied`` (403).

    The limit's client is the token's user, or the address when there is no user
    (public routes, and tokens that fail: guessing tokens is limited too). It is
    counted here, where the token is read anyway, so the JWT is decoded once."""
    container = services(request)
    access: Access = request.state.access
    token: str | None = request.state.bearer
    rate_limit: RateLimit = container.rate_limit()

    def as_the_caller() -> R:
        caller = None
        if access is Access.PUBLIC:
            admit(rate_limit, "address:" + client_address(request))
        else:
            assert token is not None
            try:
                caller = container.identity.authenticate()(token)
            except AuthenticationFailed:
                admit(rate_limit, "address:" + client_address(request))
                raise
            request.state.user_id = caller.id  # for the access log line
            admit(rate_limit, f"user:{caller.id}")
            if access is Access.ADMIN and not caller.is_admin:
                raise PermissionDenied(ADMIN_ONLY)
        return work(caller)

    if request.state.reads_on_loop and not rate_limit.blocks:
        # Set by the app's lifespan on the loop it serves (None on adapters without it).
        loop_reads: LoopReads | None = request.scope["state"].get("loop_reads")
        if loop_reads is not None:
            return await loop_reads.run(as_the_caller)

    def in_thread() -> R:
        with container.adapters.shared_reads():
            return as_the_caller()

    return await workers.run(in_thread)


def admit(rate_limit: RateLimit, client: str) -> None:
    wait = rate_limit.hit(client)
    if wait is not None:
        raise TooManyAttempts(OVER_THE_LIMIT.format(seconds=wait), retry_after=wait)


def signed_in(caller: User | None) -> User:
    """The caller of a route that requires one (the guard saw to it)."""
    assert caller is not None, "route declared PUBLIC but needs a user"
    return caller


# What every API module declares its routes with: ``Api("/path", endpoint, methods=..., access=...)``.
Api = functools.partial(ApiRoute, guard=api_guard)
