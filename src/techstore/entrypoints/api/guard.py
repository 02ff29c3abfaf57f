"""The API's access guard: bearer token in, user on ``request.state``."""

from __future__ import annotations

import functools

from starlette.requests import Request
from starlette.responses import Response

from techstore.domain.identity.users import User
from techstore.domain.shared.errors import AuthenticationFailed
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.problems import problem, problem_for
from techstore.entrypoints.http.routing import Endpoint
from techstore.entrypoints.http.services import call, services


def bearer_token(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def api_guard(endpoint: Endpoint, access: Access) -> Endpoint:
    @functools.wraps(endpoint)
    async def guarded(request: Request) -> Response:
        request.state.user = None
        if access is not Access.PUBLIC:
            token = bearer_token(request)
            if token is None:
                return problem(401, "Sign in first: send Authorization: Bearer <access_token>.",
                               headers={"WWW-Authenticate": "Bearer"})
            try:
                user: User = await call(services(request).identity.authenticate(), token)
            except AuthenticationFailed as error:
                return problem_for(error)
            request.state.user = user
            request.state.user_id = user.id
            if access is Access.ADMIN and not user.is_admin:
                return problem(403, "Only an admin may do this.")
        return await endpoint(request)

    return guarded


def current_user(request: Request) -> User:
    user: User | None = request.state.user
    assert user is not None, "route declared PUBLIC but needs a user"
    return user
