"""CSRF protection: a random secret in a cookie, and its HMAC in every form.

A forged cross-site form can make the browser send the cookie but cannot read
it, so it cannot produce the matching token; the HMAC (keyed with the app's
secret) also stops a cookie planted by a sibling subdomain from working.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.requests import Request

from techstore.entrypoints.web.cookies import CSRF_COOKIE

FORM_FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _key(request: Request) -> bytes:
    return hashlib.sha256(b"csrf:" + request.app.state.settings.secret_key.encode()).digest()


def token_for(request: Request, secret: str) -> str:
    return hmac.new(_key(request), secret.encode(), hashlib.sha256).hexdigest()


def secret_of(request: Request) -> tuple[str, bool]:
    """The browser's CSRF secret, and whether it is new (to be set as a cookie)."""
    secret = request.cookies.get(CSRF_COOKIE, "")
    if len(secret) == 43:  # token_urlsafe(32)
        return secret, False
    return secrets.token_urlsafe(32), True


async def request_is_genuine(request: Request, secret: str) -> bool:
    sent = request.headers.get(HEADER)
    if sent is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(FORM_FIELD)
            sent = value if isinstance(value, str) else None
    return sent is not None and hmac.compare_digest(sent, token_for(request, secret))
