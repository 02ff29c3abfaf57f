"""The pages' session: cookies, transparent refresh, CSRF on every form."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import attrs
import pytest
from starlette.testclient import TestClient

from techstore.container import Container, build_container
from techstore.domain.identity.users import Role
from techstore.entrypoints.app import create_app
from techstore.infrastructure.clock import ManualClock
from tests.support import TEST_SECRET, fast_hashing, settings_for_tests

PASSWORD = "session-password-1"


def csrf_from(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page carries a CSRF token"
    return found.group(1)


def sign_in(client: TestClient, username: str = "boss", password: str = PASSWORD):  # type: ignore[no-untyped-def]
    token = csrf_from(client.get("/login").text)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token,
                                       "next": "/users"}, follow_redirects=False)


@pytest.fixture
def admin(container: Container) -> None:
    container.identity.provision_user()("boss", PASSWORD, full_name="The Boss", role=Role.ADMIN)


def test_sign_in_sets_httponly_lax_cookies_and_follows_next(client: TestClient, admin: None) -> None:
    response = sign_in(client)
    assert response.status_code == 303 and response.headers["location"] == "/users"
    cookies = response.headers.get_list("set-cookie")
    for name in ("ts_access", "ts_refresh"):
        cookie = next(c for c in cookies if c.startswith(name + "="))
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie
        assert "Secure" not in cookie  # only in production
    assert client.get("/users").status_code == 200


def test_an_offsite_next_is_ignored(client: TestClient, admin: None) -> None:
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "/\t/evil.example",
                   "/\n/evil.example", "javascript:alert(1)"):
        client.cookies.clear()  # each sign-in replaces the CSRF secret: start afresh
        token = csrf_from(client.get("/login").text)
        response = client.post("/login", data={"username": "boss", "password": PASSWORD, "csrf_token": token,
                                               "next": target}, follow_redirects=False)
        assert response.headers["location"] == "/"


def test_expired_access_token_is_refreshed_transparently(client: TestClient, admin: None,
                                                         clock: ManualClock) -> None:
    sign_in(client)
    old_refresh = client.cookies["ts_refresh"]
    clock.advance(timedelta(minutes=16))
    response = client.get("/users")
    assert response.status_code == 200
    assert client.cookies["ts_refresh"] != old_refresh
    assert client.get("/users").status_code == 200


def test_after_the_refresh_token_expires_the_page_asks_to_sign_in(client: TestClient, admin: None,
                                                                  clock: ManualClock) -> None:
    sign_in(client)
    clock.advance(timedelta(days=15))
    response = client.get("/users", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fusers"


@pytest.mark.parametrize("token", [None, "", "forged", "0" * 64])
def test_a_form_without_the_right_csrf_token_is_refused_and_changes_nothing(
    client: TestClient, admin: None, container: Container, token: str | None
) -> None:
    sign_in(client)
    data = {"username": "sneaky", "full_name": "Sneaky", "role": "admin", "password": "sneaky-password"}
    if token is not None:
        data["csrf_token"] = token
    response = client.post("/users/new", data=data, follow_redirects=False)
    assert response.status_code == 403
    assert "sneaky" not in client.get("/users").text


def test_the_login_form_needs_its_csrf_token_too(client: TestClient, admin: None) -> None:
    client.get("/login")
    response = client.post("/login", data={"username": "boss", "password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 403
    assert "ts_access" not in client.cookies


def test_htmx_requests_may_send_the_token_in_a_header(client: TestClient, admin: None) -> None:
    sign_in(client)
    token = csrf_from(client.get("/users/new").text)
    data = {"username": "viahtmx", "full_name": "Via Htmx", "role": "staff", "password": "htmx-password-1"}
    response = client.post("/users/new", data=data, headers={"X-CSRF-Token": token}, follow_redirects=False)
    assert response.status_code == 303


def test_signing_out_revokes_the_refresh_token(client: TestClient, admin: None, clock: ManualClock) -> None:
    sign_in(client)
    refresh = client.cookies["ts_refresh"]
    token = csrf_from(client.get("/").text)
    client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": refresh}).status_code == 401


def test_lockout_shows_on_the_login_page(client: TestClient, admin: None) -> None:
    for _ in range(5):
        assert sign_in(client, password="wrong-password").status_code == 401
    response = sign_in(client)
    assert response.status_code == 429
    assert int(response.headers["retry-after"]) > 0
    assert "Too many failed sign-in attempts" in response.text


def test_production_cookies_are_secure_and_hsts_is_sent(tmp_path: Path) -> None:
    settings = attrs.evolve(settings_for_tests(tmp_path), env="production", secret_key=TEST_SECRET)
    container = build_container(settings, "memory")
    fast_hashing(container)
    container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    with TestClient(create_app(container), base_url="https://testserver") as client:
        response = sign_in(client)
        assert all("Secure" in c for c in response.headers.get_list("set-cookie"))
        assert "max-age=" in client.get("/health").headers["strict-transport-security"]


def test_the_user_list_pages_through_many_users(client: TestClient, admin: None, container: Container) -> None:
    for n in range(60):
        container.identity.provision_user()(f"clerk{n:02}", PASSWORD, full_name=f"Clerk {n}", role=Role.STAFF)
    sign_in(client)
    first = client.get("/users").text
    assert "clerk00" in first and "clerk49" not in first
    assert "Showing" in first and 'href="/users?offset=50"' in first
    second = client.get("/users?offset=50").text
    assert "clerk59" in second and "clerk00" not in second and 'href="/users?offset=0"' in second
    assert client.get("/users?offset=-3").status_code == 200  # odd offsets fall back to the first page


def test_a_planted_cookie_and_token_pair_does_not_work_in_a_signed_in_session(
    client: TestClient, container: Container, admin: None
) -> None:
    """Issue 7, item 6: an attacker who can set cookies (a sibling subdomain, plain-HTTP
    man in the middle) takes a cookie and token pair from /login and plants it in the
    victim's browser. The token is bound to the session, so the pair is worthless there."""
    attacker = TestClient(client.app)
    planted_token = csrf_from(attacker.get("/login").text)
    planted_secret = attacker.cookies["ts_csrf"]

    sign_in(client)  # the victim signs in
    client.cookies.set("ts_csrf", planted_secret)
    data = {"username": "sneaky", "full_name": "Sneaky", "role": "admin", "password": "sneaky-password",
            "csrf_token": planted_token}
    response = client.post("/users/new", data=data, follow_redirects=False)

    assert response.status_code == 403
    assert "sneaky" not in client.get("/users").text


def test_the_csrf_secret_is_replaced_at_sign_in_and_sign_out(client: TestClient, admin: None) -> None:
    client.get("/login")
    before = client.cookies["ts_csrf"]
    sign_in(client)
    signed_in = client.cookies["ts_csrf"]
    assert signed_in != before
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/").text)}, follow_redirects=False)
    assert client.cookies["ts_csrf"] not in (before, signed_in)


def test_a_token_from_another_session_of_the_same_user_is_refused(client: TestClient, admin: None) -> None:
    other = TestClient(client.app)
    sign_in(other)
    their_token, their_secret = csrf_from(other.get("/users/new").text), other.cookies["ts_csrf"]
    sign_in(client)
    client.cookies.set("ts_csrf", their_secret)
    data = {"username": "sneaky", "full_name": "Sneaky", "role": "admin", "password": "sneaky-password",
            "csrf_token": their_token}
    assert client.post("/users/new", data=data, follow_redirects=False).status_code == 403


@pytest.mark.adapters("sqlite", "postgres")
def test_a_nul_byte_in_a_form_is_a_field_error_not_a_500(client: TestClient, container: Container, admin: None) -> None:
    """Issue 7, item 2, through the pages: the login form and the edit-user form."""
    token = csrf_from(client.get("/login").text)
    login = client.post("/login", data={"username": "a\x00b", "password": "whatever-123", "csrf_token": token})
    assert login.status_code == 422 and "control characters" in login.text

    sign_in(client)
    clerk = container.identity.provision_user()("clerk", PASSWORD, full_name="Clerk", role=Role.STAFF)
    form = csrf_from(client.get(f"/users/{clerk.id}").text)
    edit = client.post(f"/users/{clerk.id}", data={"full_name": "Cl\x00erk", "role": "staff", "is_active": "on",
                                                    "csrf_token": form})
    assert edit.status_code == 422 and "control characters" in edit.text
    assert "Cl\x00erk" not in client.get("/users").text
