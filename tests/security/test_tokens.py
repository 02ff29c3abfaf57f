"""Tampered, expired, misused and dead tokens are refused with a 401 problem (API) or sent to the
login page (web), and a refresh token that is not the caller's affects no one else's session."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import OctKey
from starlette.testclient import TestClient

from techstore.entrypoints.web.cookies import ACCESS_COOKIE, REFRESH_COOKIE
from tests.security.harness import ADMIN, STAFF, App, browser_session
from tests.support import TEST_SECRET


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _parts(token: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    header, claims, signature = token.split(".")
    decode = lambda part: json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))  # noqa: E731
    return decode(header), decode(claims), signature


def _pair(app: App, user: tuple[str, str]) -> dict[str, Any]:
    answer = app.client.post("/api/v1/auth/token", json={"username": user[0], "password": user[1]})
    assert answer.status_code == 200
    return answer.json()


def _refused(app: App, token: str) -> None:
    answer = app.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["status"] == 401


def _tampered(token: str) -> dict[str, str]:
    """The same token, forged every way that matters."""
    header, claims, signature = _parts(token)
    signed_part = token.rsplit(".", 1)[0]
    admin_claims = {**claims, "role": "admin"}
    other_user = {**claims, "sub": str(int(claims["sub"]) - 1)}  # the admin provisioned first
    wrong_key = OctKey.import_key(b"another-secret-key-of-the-same-length-xxxxxxxxx")
    return {
        "alg none": f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(admin_claims)}.",
        "alg none, no dot": f"{_b64({'alg': 'none'})}.{_b64(claims)}",
        "alg None spelled oddly": f"{_b64({'alg': 'nOnE'})}.{_b64(claims)}.",
        "wrong key": jwt.encode({"alg": "HS256"}, claims, wrong_key),
        "HS512 with the right key": jwt.encode({"alg": "HS512"}, claims, OctKey.import_key(TEST_SECRET.encode()),
                                               algorithms=["HS512"]),
        "role edited, signature kept": f"{_b64(header)}.{_b64(admin_claims)}.{signature}",
        "sub edited, signature kept": f"{_b64(header)}.{_b64(other_user)}.{signature}",
        "exp pushed, signature kept": f"{_b64(header)}.{_b64({**claims, 'exp': claims['exp'] + 86400})}.{signature}",
        "signature dropped": signed_part + ".",
        "signature flipped": signed_part + "." + signature[::-1],
        "garbage": "not.a.token",
        "empty claims": f"{_b64(header)}.{_b64({})}.{signature}",
    }


def test_a_forged_access_token_is_refused_every_way(app: App) -> None:
    token = _pair(app, STAFF)["access_token"]
    for name, forged in _tampered(token).items():
        answer = app.client.get("/api/v1/users", headers={"Authorization": f"Bearer {forged}"})
        assert answer.status_code == 401, f"{name}: {answer.status_code}"
        assert answer.headers["content-type"] == "application/problem+json", name
    assert app.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_an_expired_access_token_is_refused(app: App) -> None:
    token = _pair(app, STAFF)["access_token"]
    app.clock.advance(timedelta(minutes=15, seconds=1))
    _refused(app, token)


def test_a_refresh_token_is_no_access_token_and_an_access_token_no_refresh_token(app: App) -> None:
    pair = _pair(app, STAFF)
    _refused(app, pair["refresh_token"])
    answer = app.client.post("/api/v1/auth/refresh", json={"refresh_token": pair["access_token"]})
    assert answer.status_code == 401 and answer.headers["content-type"] == "application/problem+json"


def test_forged_refresh_tokens_are_refused_and_touch_no_one(app: App) -> None:
    """Refresh tokens are opaque: 32 random bytes stored as a keyed digest. The token is the credential
    (API.md: refresh and logout take only it), so one that was never issued, or is one character off,
    matches no session: refresh answers 401, logout 204 (as for any unknown token) and ends nothing."""
    victim = _pair(app, ADMIN)
    token = victim["refresh_token"]
    near = token[:-1] + ("A" if token[-1] != "A" else "B")
    for forged in (near, token.upper(), token + "x", "x" * 43, ""):
        refresh = app.client.post("/api/v1/auth/refresh", json={"refresh_token": forged})
        assert refresh.status_code in (401, 422), forged
        assert app.client.post("/api/v1/auth/logout", json={"refresh_token": forged}).status_code in (204, 422)
    assert app.client.post("/api/v1/auth/refresh", json={"refresh_token": token}).status_code == 200


def test_another_users_refresh_token_ends_only_that_session_and_replays_are_theft(app: App) -> None:
    """Presenting someone's refresh token acts on that token's own session only, never on the presenter's;
    a rotated token presented again revokes its family, so the thief's new pair dies too."""
    mine, theirs = _pair(app, STAFF), _pair(app, ADMIN)
    stolen = app.client.post("/api/v1/auth/refresh", json={"refresh_token": theirs["refresh_token"]})
    assert stolen.status_code == 200
    replay = app.client.post("/api/v1/auth/refresh", json={"refresh_token": theirs["refresh_token"]})
    assert replay.status_code == 401
    newest = stolen.json()["refresh_token"]
    assert app.client.post("/api/v1/auth/refresh", json={"refresh_token": newest}).status_code == 401
    # My own session did not move.
    assert app.client.post("/api/v1/auth/refresh", json={"refresh_token": mine["refresh_token"]}).status_code == 200


def test_a_deactivated_users_tokens_stop_at_once(app: App) -> None:
    app.client.post("/api/v1/users", headers=_auth(app), json={"username": "leaver", "full_name": "Leaver",
                                                               "role": "staff", "password": "leaver-password-1"})
    pair = _pair(app, ("leaver", "leaver-password-1"))
    user_id = app.client.get("/api/v1/me", headers={"Authorization": f"Bearer {pair['access_token']}"}).json()["id"]
    deactivated = app.client.patch(f"/api/v1/users/{user_id}", headers=_auth(app), json={"is_active": False})
    assert deactivated.status_code == 200
    _refused(app, pair["access_token"])
    assert app.client.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]}).status_code == 401
    # Reactivated, the old tokens stay dead.
    app.client.patch(f"/api/v1/users/{user_id}", headers=_auth(app), json={"is_active": True})
    _refused(app, pair["access_token"])


def _auth(app: App) -> dict[str, str]:
    return {"Authorization": f"Bearer {_pair(app, ADMIN)['access_token']}"}


@pytest.mark.parametrize("which", ["alg none", "wrong key", "role edited, signature kept", "sub edited, signature kept",
                                   "garbage"])
def test_a_tampered_session_cookie_is_sent_to_the_login_page(app: App, which: str) -> None:
    browser = browser_session(app, STAFF)
    forged = _tampered(browser.cookies[ACCESS_COOKIE])[which]
    browser.cookies.clear()
    browser.cookies.set(ACCESS_COOKIE, forged)
    answer = browser.get("/users")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login?next=")
    # A forged access cookie beside a refresh cookie that is not the browser's: no session either.
    browser.cookies.set(REFRESH_COOKIE, "x" * 43)
    answer = browser.get("/customers")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login?next=")


def test_cookies_holding_the_wrong_kind_of_token_or_a_dead_users_are_sent_to_the_login_page(app: App) -> None:
    browser = browser_session(app, STAFF)
    access, refresh = browser.cookies[ACCESS_COOKIE], browser.cookies[REFRESH_COOKIE]
    swapped = {ACCESS_COOKIE: refresh, REFRESH_COOKIE: access}
    for planted in ({ACCESS_COOKIE: refresh}, {REFRESH_COOKIE: access}, swapped):
        probe = TestClient(app.client.app, raise_server_exceptions=False, follow_redirects=False)
        for name, value in planted.items():
            probe.cookies.set(name, value)
        answer = probe.get("/customers")
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login?next="), planted
    # The real cookies work, until an admin deactivates the user.
    assert browser.get("/customers").status_code == 200
    users = app.client.get("/api/v1/users?limit=200", headers=_auth(app)).json()["items"]
    staff_id = next(u["id"] for u in users if u["username"] == STAFF[0])
    app.client.patch(f"/api/v1/users/{staff_id}", headers=_auth(app), json={"is_active": False})
    answer = browser.get("/customers")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login?next=")
    app.client.patch(f"/api/v1/users/{staff_id}", headers=_auth(app), json={"is_active": True})
