"""Two-step sign-in (TOTP) for admins and managers: set up from the profile with a QR code, asked at
sign-in on the login page and in the API, counted in the sign-in limit, reset by an admin."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pyotp
import pytest
from starlette.testclient import TestClient

from techstore.container import Container
from techstore.domain.identity.roles import Role
from techstore.infrastructure.clock import ManualClock

PASSWORD = "two-step-password-1"
STEP = timedelta(seconds=30)
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SECOND_STEP = re.compile(r'name="second_step" value="([^"]+)"')
KEY = re.compile(r"<code[^>]*>([A-Z2-7]+)</code>")


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def web_sign_in(client: TestClient, username: str, password: str = PASSWORD) -> Any:
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token,
                                       "next": "/"}, follow_redirects=False)


def code(secret: str, clock: ManualClock) -> str:
    return pyotp.TOTP(secret).at(clock.now())


def stored_secret(container: Container, username: str) -> str | None:
    with container.adapters.uow(read_only=True) as uow:
        user = uow.users.get_by_username(username)
    assert user is not None
    return user.totp_secret


def enrol(client: TestClient, container: Container, clock: ManualClock, username: str) -> str:
    """Through the profile page: set up, read the key off the page, confirm with a code."""
    assert web_sign_in(client, username).status_code == 303
    page = client.get("/profile")
    assert "Two-step sign-in" in page.text
    started = client.post("/profile/two-step", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert started.status_code == 303
    page = client.get("/profile")
    shown = KEY.search(page.text)
    assert shown, "the key is shown as text"
    secret = shown.group(1)
    assert secret == stored_secret(container, username)
    assert 'src="data:image/svg+xml' in page.text, "the QR code is an image the CSP allows"
    # Not asked at sign-in until confirmed.
    assert api_token(client, username).status_code == 200
    confirmed = client.post("/profile/two-step/confirm", data={"csrf_token": csrf_of(page.text),
                                                               "otp": code(secret, clock)},
                            follow_redirects=False)
    assert confirmed.status_code == 303
    client.post("/logout", data={"csrf_token": csrf_of(client.get("/profile").text)})
    clock.advance(STEP)  # the code just used is not accepted twice
    return secret


def api_token(client: TestClient, username: str, otp: str | None = None, password: str = PASSWORD) -> Any:
    body = {"username": username, "password": password} | ({"otp": otp} if otp is not None else {})
    return client.post("/api/v1/auth/token", json=body)


@pytest.fixture
def people(container: Container) -> None:
    provision = container.identity.provision_user()
    provision("boss", PASSWORD, role=Role.ADMIN)
    provision("mia", PASSWORD, role=Role.MANAGER)
    provision("sam", PASSWORD, role=Role.STAFF)
    provision("tec", PASSWORD, role=Role.TECHNICIAN)


def test_a_manager_sets_it_up_and_the_api_then_asks_for_the_code(
        client: TestClient, container: Container, clock: ManualClock, people: None) -> None:
    secret = enrol(client, container, clock, "mia")
    without = api_token(client, "mia")
    assert without.status_code == 401
    assert "one-time code is required" in without.json()["detail"]
    wrong = api_token(client, "mia", otp="000000" if code(secret, clock) != "000000" else "111111")
    assert wrong.status_code == 401
    right = api_token(client, "mia", otp=code(secret, clock))
    assert right.status_code == 200
    assert right.json()["token_type"] == "bearer"
    # The same code again, within its window: refused.
    assert api_token(client, "mia", otp=code(secret, clock)).status_code == 401
    clock.advance(STEP)
    assert api_token(client, "mia", otp=code(secret, clock)).status_code == 200
    # One step of clock drift either way (a step whose code was not used yet).
    clock.advance(STEP * 3)
    assert api_token(client, "mia", otp=pyotp.TOTP(secret).at(clock.now() - STEP)).status_code == 200
    # A malformed code is bad input, named.
    malformed = api_token(client, "mia", otp="12ab")
    assert malformed.status_code == 422
    assert "otp" in malformed.text


def test_the_login_page_asks_for_the_code_after_the_password(
        client: TestClient, container: Container, clock: ManualClock, people: None) -> None:
    secret = enrol(client, container, clock, "boss")
    first = web_sign_in(client, "boss")
    assert first.status_code == 200
    assert "ts_access" not in first.headers.get("set-cookie", "")
    assert PASSWORD not in first.text, "the half-done sign-in never carries the password"
    found = SECOND_STEP.search(first.text)
    assert found
    pending = found.group(1)
    wrong = client.post("/login/code", data={"csrf_token": csrf_of(first.text), "second_step": pending,
                                             "otp": "000000" if code(secret, clock) != "000000" else "111111",
                                             "next": "/"}, follow_redirects=False)
    assert wrong.status_code == 401
    assert "Wrong one-time code" in wrong.text
    assert SECOND_STEP.search(wrong.text), "a wrong code keeps the second step"
    done = client.post("/login/code", data={"csrf_token": csrf_of(wrong.text), "second_step": pending,
                                            "otp": code(secret, clock), "next": "/"}, follow_redirects=False)
    assert done.status_code == 303
    assert client.get("/api/v1/me").status_code in (200, 401)  # pages use cookies; the API wants a bearer
    assert client.get("/profile").status_code == 200


def test_the_half_done_sign_in_expires_after_five_minutes(
        client: TestClient, container: Container, clock: ManualClock, people: None) -> None:
    secret = enrol(client, container, clock, "mia")
    first = web_sign_in(client, "mia")
    pending = SECOND_STEP.search(first.text)
    assert pending
    clock.advance(timedelta(minutes=5, seconds=1))
    late = client.post("/login/code", data={"csrf_token": csrf_of(first.text), "second_step": pending.group(1),
                                            "otp": code(secret, clock), "next": "/"}, follow_redirects=False)
    assert late.status_code == 401
    assert not SECOND_STEP.search(late.text), "start again with the password"
    forged = client.post("/login/code", data={"csrf_token": csrf_of(first.text), "second_step": "x.y.z",
                                              "otp": code(secret, clock), "next": "/"}, follow_redirects=False)
    assert forged.status_code == 401


def test_wrong_codes_count_in_the_sign_in_limit(
        client: TestClient, container: Container, clock: ManualClock, people: None) -> None:
    secret = enrol(client, container, clock, "mia")
    wrong = "000000" if code(secret, clock) != "000000" else "111111"
    answers = [api_token(client, "mia", otp=wrong).status_code for _ in range(5)]
    assert answers == [401] * 5
    locked = api_token(client, "mia", otp=code(secret, clock))
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 0


def test_staff_and_technicians_cannot_set_it_up(client: TestClient, people: None) -> None:
    for username in ("sam", "tec"):
        assert web_sign_in(client, username).status_code == 303
        page = client.get("/profile")
        assert "Two-step sign-in" not in page.text
        refused = client.post("/profile/two-step", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False)
        assert refused.status_code == 403
        client.post("/logout", data={"csrf_token": csrf_of(client.get("/profile").text)})


def test_a_wrong_confirmation_code_leaves_it_off(
        client: TestClient, container: Container, clock: ManualClock, people: None) -> None:
    assert web_sign_in(client, "mia").status_code == 303
    page = client.get("/profile")
    client.post("/profile/two-step", data={"csrf_token": csrf_of(page.text)})
    secret = stored_secret(container, "mia")
    assert secret is not None
    wrong = "000000" if code(secret, clock) != "000000" else "111111"
    answer = client.post("/profile/two-step/confirm", data={"csrf_token": csrf_of(page.text), "otp": wrong})
    assert answer.status_code == 422
    assert "is not the code your authenticator app shows now" in answer.text.lower()
    assert api_token(client, "mia").status_code == 200


def test_the_user_turns_it_off_with_password_and_code(
        client: TestClient, container: Container, clock: ManualClock, people: None) -> None:
    secret = enrol(client, container, clock, "mia")
    first = web_sign_in(client, "mia")
    pending = SECOND_STEP.search(first.text)
    assert pending
    client.post("/login/code", data={"csrf_token": csrf_of(first.text), "second_step": pending.group(1),
                                     "otp": code(secret, clock), "next": "/"})
    clock.advance(STEP)
    page = client.get("/profile")
    bad = client.post("/profile/two-step/off", data={"csrf_token": csrf_of(page.text), "otp": code(secret, clock),
                                                     "current_password": "not-the-password"})
    assert bad.status_code == 422
    off = client.post("/profile/two-step/off", data={"csrf_token": csrf_of(page.text),
                                                     "current_password": PASSWORD, "otp": code(secret, clock)},
                      follow_redirects=False)
    assert off.status_code == 303
    assert stored_secret(container, "mia") is None
    assert api_token(client, "mia").status_code == 200


def test_an_admin_resets_it_from_the_users_page_and_it_is_a_security_event(
        client: TestClient, container: Container, clock: ManualClock, people: None,
        capsys: pytest.CaptureFixture[str]) -> None:
    enrol(client, container, clock, "mia")
    assert web_sign_in(client, "boss").status_code == 303
    with container.adapters.uow(read_only=True) as uow:
        mia = uow.users.get_by_username("mia")
    assert mia is not None
    page = client.get(f"/users/{mia.id}")
    assert "Reset two-step sign-in" in page.text
    capsys.readouterr()
    reset = client.post(f"/users/{mia.id}/two-step/reset", data={"csrf_token": csrf_of(page.text)},
                        follow_redirects=False)
    assert reset.status_code == 303
    assert '"event":"two_step_reset"' in capsys.readouterr().out
    assert stored_secret(container, "mia") is None
    assert api_token(client, "mia").status_code == 200


def test_an_admin_resets_it_through_the_api(
        client: TestClient, container: Container, clock: ManualClock, people: None) -> None:
    enrol(client, container, clock, "mia")
    admin = api_token(client, "boss").json()["access_token"]
    with container.adapters.uow(read_only=True) as uow:
        mia = uow.users.get_by_username("mia")
    assert mia is not None
    headers = {"Authorization": f"Bearer {admin}"}
    answer = client.patch(f"/api/v1/users/{mia.id}", json={"totp_reset": True}, headers=headers)
    assert answer.status_code == 200
    assert api_token(client, "mia").status_code == 200
    staff = api_token(client, "sam").json()["access_token"]
    refused = client.patch(f"/api/v1/users/{mia.id}", json={"totp_reset": True},
                           headers={"Authorization": f"Bearer {staff}"})
    assert refused.status_code == 403
