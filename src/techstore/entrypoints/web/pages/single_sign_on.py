"""Single sign-on: OpenID Connect's code flow with PKCE (S256), state and nonce, through Authlib's client.

``GET /auth/oidc/login`` sends the browser to the provider; ``GET /auth/oidc/callback`` takes it back with a
code, which Authlib exchanges for an ID token (its signature, issuer, audience, expiry and nonce checked).
The token's verified email then names an active user (``SignInByEmail``), who gets the same session cookies
as a password sign-in. Anything else goes back to the login page with the reason (``?sso=<code>``).

Authlib keeps the flow's state, nonce and PKCE verifier in ``request.session``: a signed cookie (``ts_oidc``)
that only these two routes read or write (``SessionMiddleware`` wraps them alone, scoped to their path),
HttpOnly and SameSite=Lax (the provider's redirect back is a top-level GET, so Lax sends it), Secure in
production, living ten minutes, cleared once the callback has used it. With single sign-on off both pages
redirect to the login page.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import httpx2
from authlib.integrations.starlette_client import OAuth, OAuthError
from joserfc.errors import JoseError
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import request_response
from starlette.types import ASGIApp, Receive, Scope, Send

from techstore.application.identity.sessions import TokenPair
from techstore.application.identity.single_sign_on import NO_ACTIVE_USER, UNVERIFIED_EMAIL
from techstore.domain.shared.errors import AuthenticationFailed
from techstore.entrypoints.http import seam
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.client import client_address
from techstore.entrypoints.http.routing import PageRoute
from techstore.entrypoints.web import csrf
from techstore.entrypoints.web.cookies import set_session
from techstore.entrypoints.web.links import public_url_for
from techstore.entrypoints.web.pages.forms import safe_next

if TYPE_CHECKING:
    from authlib.integrations.starlette_client.apps import StarletteOAuth2App

    from techstore.settings import Settings

SESSION_COOKIE = "ts_oidc"
SESSION_PATH = "/auth/oidc"
SESSION_LIFETIME = 600  # seconds: long enough to sign in at the provider, short enough to be useless later
SCOPE = "openid email"
_NEXT = "next"
_REASONS = {NO_ACTIVE_USER: "no_user", UNVERIFIED_EMAIL: "unverified_email"}


def _back_to_login(reason: str) -> Response:
    return RedirectResponse("/login?" + urlencode({"sso": reason}), status_code=303)


def oidc_client(request: Request) -> StarletteOAuth2App:
    """The app's OpenID Connect client, built once (it caches the provider's metadata and keys)."""
    client: StarletteOAuth2App | None = getattr(request.app.state, "oidc_client", None)
    if client is None:
        settings: Settings = request.app.state.settings
        client = OAuth().register(
            "oidc",
            client_id=settings.oidc_client_id,
            client_secret=settings.oidc_client_secret,
            server_metadata_url=settings.oidc_issuer + "/.well-known/openid-configuration",
            client_kwargs={"scope": SCOPE, "code_challenge_method": "S256", "timeout": 10},
        )
        request.app.state.oidc_client = client
    return client


async def oidc_login(request: Request) -> Response:
    """To the provider's authorization page; it sends the browser back to the callback."""
    client = oidc_client(request)
    request.session.clear()  # one sign-in at a time per browser: an older, unfinished one is dropped
    request.session[_NEXT] = safe_next(request.query_params.get(_NEXT))
    # The callback's address as the browser reaches the store: TECHSTORE_PUBLIC_URL, else the address the
    # server was reached on (behind a proxy, its scheme as uvicorn's --proxy-headers gives it), never Host.
    redirect_uri = public_url_for(request, "oidc_callback")
    try:
        response: Response = await client.authorize_redirect(request, redirect_uri)
    except (httpx2.HTTPError, OAuthError, ValueError, KeyError):  # the provider's metadata cannot be had
        request.session.clear()
        return _back_to_login("unreachable")
    return response


async def oidc_callback(request: Request) -> Response:
    """Back from the provider: sign the user in, or back to the login page with the reason."""
    client = oidc_client(request)
    next_url = safe_next(request.session.get(_NEXT))
    try:
        token: dict[str, Any] = await client.authorize_access_token(request)
    except httpx2.HTTPError:
        return _back_to_login("unreachable")
    except (OAuthError, JoseError, ValueError, KeyError):
        # A state this browser did not start (tampered, replayed, or another browser's), a provider's error
        # (the person declined), a code refused, or an ID token whose signature, issuer, audience, expiry
        # or nonce does not check out.
        return _back_to_login("not_verified")
    finally:
        request.session.clear()
    claims = token.get("userinfo")
    if not claims:  # no ID token, or no nonce to check it with
        return _back_to_login("not_verified")
    email = claims.get("email")
    verified = claims.get("email_verified") is True
    address = client_address(request)
    sign_in = seam.services(request).identity.sign_in_by_email()

    def work() -> TokenPair:
        pair: TokenPair = sign_in(email if isinstance(email, str) else None, verified=verified, address=address)
        return pair

    try:
        pair = await seam.run(request, work, read_only=False, on_loop=False)
    except AuthenticationFailed as refused:
        return _back_to_login(_REASONS.get(refused.detail, "no_user"))
    response = RedirectResponse(next_url, status_code=303)
    set_session(request, response, pair, new_csrf_secret=csrf.new_secret())
    return response


class _SingleSignOnPage:
    """A page of the flow: its own session cookie around it, and the login page instead when it is off."""

    def __init__(self, endpoint: Any) -> None:
        self._app = request_response(endpoint)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        settings: Settings = scope["app"].state.settings
        if not settings.single_sign_on:
            await RedirectResponse("/login", status_code=303)(scope, receive, send)
            return
        app: ASGIApp = SessionMiddleware(
            self._app, secret_key=_session_key(settings.secret_key), session_cookie=SESSION_COOKIE,
            max_age=SESSION_LIFETIME, path=SESSION_PATH, same_site="lax", https_only=settings.is_production)
        await app(scope, receive, send)


def _session_key(secret_key: str) -> str:
    """A key of its own for the flow's cookie, derived from the store's secret (never the secret itself)."""
    return hmac.new(secret_key.encode(), b"techstore oidc session", hashlib.sha256).hexdigest()


def single_sign_on_guard(endpoint: Any, route: PageRoute) -> Any:
    """Public pages that need no one signed in and post no form: no CSRF token to check (the state is it)."""
    return _SingleSignOnPage(endpoint)


routes = [
    PageRoute("/auth/oidc/login", oidc_login, access=Access.PUBLIC, guard=single_sign_on_guard),
    PageRoute("/auth/oidc/callback", oidc_callback, access=Access.PUBLIC, guard=single_sign_on_guard),
]
