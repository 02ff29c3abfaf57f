"""The pages' access guard: session cookies in, user on ``request.state``.

It refreshes an expired access token transparently, checks the CSRF token on
every state-changing request, sends anonymous visitors to the login page and
answers 403 to a role that may not.
"""

from __future__ import annotations

import functools
from urllib.parse import urlencode

import attrs
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from techstore.application.identity.sessions import TokenPair
from techstore.domain.identity.users import User
from techstore.domain.shared.errors import AuthenticationFailed
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.routing import Endpoint, PageRoute
from techstore.entrypoints.http.services import call, services
from techstore.entrypoints.web import csrf
from techstore.entrypoints.web.cookies import (
    ACCESS_COOKIE,
    REFRESH_COOKIE,
    clear_session,
    session_written,
    set_csrf_secret,
    set_session,
)
from techstore.entrypoints.web.templates import render


@attrs.frozen
class BrowserSession:
    user: User | None
    session_id: str  # csrf.ANONYMOUS when no one is signed in
    refreshed: TokenPair | None = None  # a new pair to set, when the access token had expired
    stale: bool = False  # cookies to clear: they name a session that has ended


async def _browser_session(request: Request) -> BrowserSession:
    identity = services(request).identity
    access = request.cookies.get(ACCESS_COOKIE)
    if access:
        try:
            signed_in = await call(identity.authenticate().session, access)
            return BrowserSession(signed_in.user, signed_in.session_id)
        except AuthenticationFailed:
            pass
    refresh = request.cookies.get(REFRESH_COOKIE)
    if refresh:
        try:
            pair = await call(identity.refresh_session(), refresh)
            return BrowserSession(pair.user, pair.session_id, refreshed=pair)
        except AuthenticationFailed:
            return BrowserSession(None, csrf.ANONYMOUS, stale=True)
    return BrowserSession(None, csrf.ANONYMOUS, stale=access is not None)


def login_redirect(request: Request) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)


def forbidden_page(request: Request, detail: str) -> Response:
    return render(
        request,
        "errors/error.html",
        {"status_code": 403, "title": "Forbidden", "detail": detail},
        status_code=403,
    )


def page_guard(endpoint: Endpoint, access: Access) -> Endpoint:
    @functools.wraps(endpoint)
    async def guarded(request: Request) -> Response:
        session = await _browser_session(request)
        user = session.user
        request.state.user = user
        request.state.user_id = user.id if user else None
        secret, new_secret = csrf.secret_of(request)
        request.state.csrf_token = csrf.token_for(request, secret, session.session_id)
        if request.method not in csrf.SAFE_METHODS and (
            new_secret or not await csrf.request_is_genuine(request, secret, session.session_id)
        ):
            response = forbidden_page(request, "The form has expired or did not come from this site. "
                                      "Go back, reload the page and try again.")
        elif access is not Access.PUBLIC and user is None:
            response = login_redirect(request)
        elif access is Access.ADMIN and user is not None and not user.is_admin:
            response = forbidden_page(request, "Only an admin may open this page.")
        else:
            response = await endpoint(request)
        if session_written(request):
            pass  # the endpoint signed in or out: its cookies (CSRF secret included) win
        else:
            if session.refreshed is not None:
                set_session(request, response, session.refreshed)
            elif session.stale:
                clear_session(request, response)
            if new_secret:
                set_csrf_secret(request, response, secret)
        return response

    return guarded


# What every page module declares its routes with: ``Page("/path", endpoint, access=...)``.
Page = functools.partial(PageRoute, guard=page_guard)
