"""No secret reaches the logs. Everything the process writes (structlog's lines and the standard
library's, at DEBUG) is captured across a whole session: sign-in by form and by API, a wrong
password, a password typed into the username field, pages and forms with their CSRF tokens, a
transparent refresh, refresh and logout, password changes and resets, user creation, a CSV import,
bearer tokens, a token in a query string. None of the passwords, tokens, cookies, CSRF tokens or
the signing key appears anywhere in what was written; the security events did get written."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from techstore.entrypoints.app import create_app
from tests.security.harness import ADMIN, STAFF, build, csrf_from
from tests.support import TEST_SECRET


def test_a_whole_session_writes_no_secret_to_the_logs(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    container, clock, _database = build(tmp_path, log_level="DEBUG")
    secrets: dict[str, str] = {"signing key": TEST_SECRET, "admin password": ADMIN[1], "staff password": STAFF[1]}

    def keep(label: str, value: str) -> str:
        secrets[label] = value
        return value

    capfd.readouterr()
    with TestClient(create_app(container), raise_server_exceptions=False, follow_redirects=False) as api:
        web = TestClient(api.app, raise_server_exceptions=False, follow_redirects=False)
        # Sign-in failures: a wrong password, and a password typed where the username goes.
        api.post("/api/v1/auth/token", json={"username": ADMIN[0], "password": keep("wrong", "Wr0ng-guess-12345")})
        api.post("/api/v1/auth/token", json={"username": keep("password as username", "Typed-my-password-99"),
                                             "password": "whatever-else-1"})
        # The pages: sign in with the form, forms with their tokens, a transparent refresh.
        login_token = keep("login csrf", csrf_from(web.get("/login").text))
        assert web.post("/login", data={"username": ADMIN[0], "password": ADMIN[1],
                                        "csrf_token": login_token}).status_code == 303
        for name in ("ts_access", "ts_refresh", "ts_csrf"):
            keep(f"cookie {name}", web.cookies[name])
        form = keep("form csrf", csrf_from(web.get("/users/new").text))
        web.post("/users/new", data={"username": "newbie", "full_name": "New Bie", "role": "staff",
                                     "password": keep("created by form", "Form-created-pass-1"), "csrf_token": form})
        web.post("/customers/new", data={"name": "Logged Customer", "phone": "+1 555 0300", "csrf_token": form})
        clock.advance(timedelta(minutes=16))
        assert web.get("/customers").status_code == 200  # refreshed behind the scenes
        keep("refreshed access cookie", web.cookies["ts_access"])
        keep("refreshed refresh cookie", web.cookies["ts_refresh"])
        form = keep("form csrf after refresh", csrf_from(web.get("/profile/password").text))
        web.post("/profile/password", data={"current_password": ADMIN[1],
                                            "new_password": keep("new by form", "Form-new-password-2"),
                                            "new_password_repeat": "Form-new-password-2", "csrf_token": form})
        keep("cookie after password change", web.cookies["ts_access"])
        # The API: tokens, refresh, a password change, a user created and reset, a CSV import, logout.
        pair = api.post("/api/v1/auth/token", json={"username": STAFF[0], "password": STAFF[1]}).json()
        keep("staff access", pair["access_token"])
        keep("staff refresh", pair["refresh_token"])
        rotated = api.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]}).json()
        keep("rotated access", rotated["access_token"])
        keep("rotated refresh", rotated["refresh_token"])
        api.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})  # a replay
        staff = api.post("/api/v1/auth/token", json={"username": STAFF[0], "password": STAFF[1]}).json()
        auth = {"Authorization": "Bearer " + keep("staff bearer", staff["access_token"])}
        api.get("/api/v1/me", headers=auth)
        api.get("/api/v1/me?access_token=" + staff["access_token"])  # 401, and the query is not logged
        api.post("/api/v1/me/password", headers=auth, json={"current_password": keep("bad current", "Not-it-at-all-7"),
                                                             "new_password": "Never-used-pass-8"})
        api.post("/api/v1/me/password", headers=auth, json={"current_password": STAFF[1],
                                                             "new_password": keep("new by API", "Api-new-password-3")})
        admin = api.post("/api/v1/auth/token", json={"username": ADMIN[0], "password": "Form-new-password-2"}).json()
        admin_auth = {"Authorization": "Bearer " + keep("admin bearer", admin["access_token"])}
        keep("admin refresh", admin["refresh_token"])
        created = api.post("/api/v1/users", headers=admin_auth, json={
            "username": "apiuser", "full_name": "Api User", "role": "staff",
            "password": keep("created by API", "Api-created-pass-4")}).json()
        api.patch(f"/api/v1/users/{created['id']}", headers=admin_auth,
                  json={"password": keep("reset", "Reset-by-admin-5"), "role": "admin"})
        api.post("/api/v1/products/import", headers={**admin_auth, "Content-Type": "text/csv"},
                 content=b"sku,name,price,stock\nLOG-1,Logged cable,1.00,2\n")
        api.post("/api/v1/auth/logout", json={"refresh_token": admin["refresh_token"]})
    container.shutdown_resources()

    captured = capfd.readouterr()
    written = captured.out + captured.err
    found = [label for label, value in secrets.items() if value and value in written]
    assert found == [], f"secrets in the logs: {found}"
    # Tokens cut short or split apart are still tokens: their signatures must not appear either.
    signatures = [value.rsplit(".", 1)[-1] for label, value in secrets.items() if value.count(".") == 2]
    assert [s for s in signatures if len(s) > 20 and s in written] == []
    lines = [json.loads(line) for line in captured.out.splitlines() if line.startswith("{")]
    assert sum(1 for line in lines if line.get("event") == "request") >= 20, "the session was logged"
    events = {line["event"] for line in lines if line.get("security")}
    assert {"sign_in_failed", "password_check_failed", "password_changed", "user_created", "role_changed",
            "password_reset", "refresh_token_replayed"} <= events
