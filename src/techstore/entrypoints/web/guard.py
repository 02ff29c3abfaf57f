"""The pages' side of the request seam: session cookies in, user on ``request.state``.

Before the body is read, a request that cannot go on is answered: a
state-changing one with no CSRF secret cookie (403), and one without a session
on a page that needs one (to the login page). So an anonymous 300 MB upload is
not spooled to disk first. The form is then
read within the route's limit (413). Everything else happens in one trip
(``seam.run``): the session is read (an expired access token refreshed), the
CSRF token checked, anonymous visitors sent to the login page, a role that
may not answered 403, the form's text rules applied (422), and the endpoint
called with writes refused when the page only reads.
"""

from __future__ import annotations

import functools
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlencode

import attrs
from starlette.datastructures import FormData
from starlette.requests import ClientDisconnect, Request
from starlette.responses import RedirectResponse, Response

from techstore.application.identity.sessions import TokenPair
from techstore.application.shared.unit_of_work import reading_only
from techstore.domain.identity.users import User
from techstore.domain.shared.errors import AuthenticationFailed, ValidationFailed
from techstore.entrypoints.http import seam
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.routing import PageRoute
from techstore.entrypoints.http.seam import Call, Endpoint
from techstore.entrypoints.web import csrf
from techstore.entrypoints.web.cookies import (
    ACCESS_COOKIE,
    REFRESH_COOKIE,
    clear_session,
    session_written,
    set_csrf_secret,
    set_session,
)
from techstore.entrypoints.web.form_body import read_form, text_problems
from techstore.entrypoints.web.templates import render

if TYPE_CHECKING:
    from techstore.container import Container

CLIENT_GONE = 499  # the client left before the answer: nothing is sent, nothing is an error
EXPIRED_FORM = ("The form has expired or did not come from this site. "
                "Go back, reload the page and try again.")


class PageRules(Protocol):
    """What the guard reads of a page's route (``PageRoute``)."""

    @property
    def access(self) -> Access: ...
    @property
    def read_only(self) -> bool: ...
    @property
    def max_body(self) -> int: ...


@attrs.frozen
class StandAlonePage:
    """The rules of a page that has no route of its own (an error page)."""

    access: Access
    read_only: bool = True
    max_body: int = 0


@attrs.frozen
class BrowserSession:
    user: User | None
    session_id: str  # csrf.ANONYMOUS when no one is signed in
    refreshed: TokenPair | None = None  # a new pair to set, when the access token had expired
    stale: bool = False  # cookies to clear: they name a session that has ended


def browser_session(container: Container, request: Request) -> BrowserSession:
    """Who the cookies name; refreshing an expired access token writes (a new refresh token)."""
    identity = container.identity
    access = request.cookies.get(ACCESS_COOKIE)
    if access:
        try:
            signed_in = identity.authenticate().session(access)
            return BrowserSession(signed_in.user, signed_in.session_id)
        except AuthenticationFailed:
            pass
    refresh = request.cookies.get(REFRESH_COOKIE)
    if refresh:
        try:
            pair = identity.refresh_session()(refresh)
            return BrowserSession(pair.user, pair.session_id, refreshed=pair)
        except AuthenticationFailed:
            return BrowserSession(None, csrf.ANONYMOUS, stale=True)
    return BrowserSession(None, csrf.ANONYMOUS, stale=access is not None)


def login_redirect(request: Request) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)


def forbidden_page(request: Request, detail: str) -> Response:
    return render(request, "errors/error.html", {"status_code": 403, "title": "Forbidden", "detail": detail},
                  status_code=403)


def page_guard(endpoint: Endpoint, route: PageRules) -> Any:
    @functools.wraps(endpoint)
    async def guarded(request: Request) -> Response:
        secret, new_secret = csrf.secret_of(request)
        posted = request.method not in csrf.SAFE_METHODS
        if posted and new_secret:
            return _refused_unread(request, secret, new_secret)
        if route.access is not Access.PUBLIC and not _has_session(request):
            request.state.user = None
            return login_redirect(request)  # the body, if any, unread
        form, problems = FormData(), text_problems(request.query_params.multi_items())
        if posted:
            try:
                form, problems = await read_form(request, route.max_body)
            except ClientDisconnect:
                return Response(status_code=CLIENT_GONE)
        container = seam.services(request)

        def trip() -> Response:
            session = browser_session(container, request)
            response = _answer(request, container, endpoint, route, session, secret, form, problems)
            if not session_written(request):  # else the endpoint signed in or out: its cookies win
                if session.refreshed is not None:
                    set_session(request, response, session.refreshed)
                elif session.stale:
                    clear_session(request, response)
                if new_secret:
                    set_csrf_secret(request, response, secret)
            return response

        try:
            return await seam.run(request, trip, read_only=False, on_loop=False)
        finally:
            await form.close()  # an upload's spooled files, now rather than when collected

    return guarded


def _answer(request: Request, container: Container, endpoint: Endpoint, route: PageRules,
            session: BrowserSession, secret: str, form: FormData, problems: ValidationFailed | None) -> Response:
    user = session.user
    request.state.user = user
    request.state.user_id = user.id if user else None
    request.state.csrf_token = csrf.token_for(request, secret, session.session_id)
    if request.method not in csrf.SAFE_METHODS and not csrf.is_genuine(request, form, secret, session.session_id):
        return forbidden_page(request, EXPIRED_FORM)
    if route.access is not Access.PUBLIC and user is None:
        return login_redirect(request)
    if user is not None and not route.access.admits(user.role):
        return forbidden_page(request, _PAGE_REFUSALS.get(route.access, route.access.refusal))
    if problems is not None:
        raise problems
    with reading_only() if route.read_only else nullcontext():
        result: Response = endpoint(Call(request, container, user, form=form))
    return result


_PAGE_REFUSALS = {Access.ADMIN: "Only an admin may open this page."}


def _has_session(request: Request) -> bool:
    return bool(request.cookies.get(ACCESS_COOKIE) or request.cookies.get(REFRESH_COOKIE))


def _refused_unread(request: Request, secret: str, new_secret: bool) -> Response:
    """403 without reading the body: no CSRF secret to check the form's token against."""
    request.state.user = None
    request.state.csrf_token = csrf.token_for(request, secret, csrf.ANONYMOUS)
    response = forbidden_page(request, EXPIRED_FORM)
    if new_secret:
        set_csrf_secret(request, response, secret)
    return response


# What every page module declares its routes with: ``Page("/path", endpoint, access=...)``.
Page = functools.partial(PageRoute, guard=page_guard)
