"""CSRF protection: a signed double-submit token bound to the session (OWASP).

The browser holds a random secret in an HttpOnly cookie; every form carries
HMAC(app key, session id + secret). A forged cross-site form can make the
browser send the cookie but cannot read it, so it cannot produce the token.
Binding to the session id (the sign-in's refresh-token family, carried in the
access token) stops a planted cookie and token pair: a pair taken from the
login page, or from another session, does not match the victim's session.
The secret is replaced at sign-in and sign-out, so no token outlives either.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.datastructures import FormData
from starlette.requests import Request

from techstore.entrypoints.web.cookies import CSRF_COOKIE

FORM_FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ANONYMOUS = ""  # the session id of a browser that has not signed in


def _key(request: Request) -> bytes:
    return hashlib.sha256(b"csrf:" + request.app.state.settings.secret_key.encode()).digest()


def token_for(request: Request, secret: str, session_id: str) -> str:
    message = f"{len(session_id)}:{session_id}:{secret}".encode()
    return hmac.new(_key(request), message, hashlib.sha256).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def secret_of(request: Request) -> tuple[str, bool]:
    """The browser's CSRF secret, and whether it is new (to be set as a cookie)."""
    secret = request.cookies.get(CSRF_COOKIE, "")
    if len(secret) == 43:  # token_urlsafe(32)
        return secret, False
    return new_secret(), True


def is_genuine(request: Request, form: FormData, secret: str, session_id: str) -> bool:
    """The token came (in the header, for HTMX, or in the posted form) and is this session's."""
    sent = request.headers.get(HEADER)
    if sent is None:
        value = form.get(FORM_FIELD)
        sent = value if isinstance(value, str) else None
    return sent is not None and hmac.compare_digest(sent, token_for(request, secret, session_id))
