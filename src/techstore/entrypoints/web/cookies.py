"""The web session lives in cookies: HttpOnly, SameSite=Lax, Secure in production."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from techstore.application.identity.sessions import TokenPair
from techstore.domain.identity.sessions import REFRESH_TOKEN_LIFETIME

ACCESS_COOKIE = "ts_access"
REFRESH_COOKIE = "ts_refresh"
CSRF_COOKIE = "ts_csrf"


def session_written(request: Request) -> bool:
    """Whether this request already set or cleared the session cookies."""
    return bool(getattr(request.state, "session_written", False))


def _secure(request: Request) -> bool:
    return bool(request.app.state.settings.is_production)


def set_session(request: Request, response: Response, pair: TokenPair, *, new_csrf_secret: str | None = None) -> None:
    """Set the session's cookies; at sign-in pass a fresh CSRF secret to replace the old one."""
    request.state.session_written = True
    if new_csrf_secret is not None:
        set_csrf_secret(request, response, new_csrf_secret)
    secure = _secure(request)
    response.set_cookie(ACCESS_COOKIE, pair.access_token, max_age=pair.expires_in,
                        httponly=True, samesite="lax", secure=secure, path="/")
    response.set_cookie(REFRESH_COOKIE, pair.refresh_token, max_age=int(REFRESH_TOKEN_LIFETIME.total_seconds()),
                        httponly=True, samesite="lax", secure=secure, path="/")


def clear_session(request: Request, response: Response, *, new_csrf_secret: str | None = None) -> None:
    request.state.session_written = True
    if new_csrf_secret is not None:
        set_csrf_secret(request, response, new_csrf_secret)
    response.delete_cookie(ACCESS_COOKIE, path="/")
    response.delete_cookie(REFRESH_COOKIE, path="/")


def set_csrf_secret(request: Request, response: Response, secret: str) -> None:
    response.set_cookie(CSRF_COOKIE, secret, httponly=True, samesite="lax", secure=_secure(request), path="/")
