"""The API's access rule, and each request's one trip to the thread pool.

The guard answers 401 at once when a route needs a caller and no bearer token
came. Otherwise the endpoint reads what the event loop must (the raw body)
and calls ``as_caller`` once: in one worker thread it authenticates the
token, checks the role, and runs the endpoint's work, with every read of the
request on one connection (``shared_reads``). So a request costs one thread
hop and one pooled connection, however many use cases it touches.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from starlette.requests import Request
from starlette.responses import Response

from techstore.domain.identity.users import User
from techstore.domain.shared.errors import PermissionDenied
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.problems import problem
from techstore.entrypoints.http.routing import ApiRoute, Endpoint
from techstore.entrypoints.http.services import services
from techstore.entrypoints.http.threads import workers

R = TypeVar("R")
ADMIN_ONLY = "Only an admin may do this."


def bearer_token(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def api_guard(endpoint: Endpoint, access: Access) -> Endpoint:
    @functools.wraps(endpoint)
    async def guarded(request: Request) -> Response:
        request.state.access = access
        request.state.bearer = None
        if access is not Access.PUBLIC:
            request.state.bearer = bearer_token(request)
            if request.state.bearer is None:
                return problem(401, "Sign in first: send Authorization: Bearer <access_token>.",
                               headers={"WWW-Authenticate": "Bearer"})
        return await endpoint(request)

    return guarded


async def as_caller(request: Request, work: Callable[[User | None], R]) -> R:
    """Authenticate the caller (when the route needs one), then ``work(caller)``:
    one thread hop, the request's reads on one connection. ``caller`` is None on
    public routes. Raises ``AuthenticationFailed`` (401) or ``PermissionDenied`` (403)."""
    container = services(request)
    access: Access = request.state.access
    token: str | None = request.state.bearer

    def in_thread() -> R:
        with container.adapters.shared_reads():
            caller = None
            if access is not Access.PUBLIC:
                assert token is not None
                caller = container.identity.authenticate()(token)
                request.state.user_id = caller.id  # for the access log line
                if access is Access.ADMIN and not caller.is_admin:
                    raise PermissionDenied(ADMIN_ONLY)
            return work(caller)

    return await workers.run(in_thread)


def signed_in(caller: User | None) -> User:
    """The caller of a route that requires one (the guard saw to it)."""
    assert caller is not None, "route declared PUBLIC but needs a user"
    return caller


# What every API module declares its routes with: ``Api("/path", endpoint, methods=..., access=...)``.
Api = functools.partial(ApiRoute, guard=api_guard)
