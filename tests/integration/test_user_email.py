"""Users' optional email (single sign-on matches it): the API and the users' pages, on every adapter set."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from techstore.application.identity.commands import Credentials
from techstore.container import Container
from techstore.domain.identity.users import Role

PASSWORD = "email-password-1"


@pytest.fixture
def admin_headers(container: Container) -> dict[str, str]:
    container.identity.provision_user()("boss", PASSWORD, full_name="The Boss", role=Role.ADMIN)
    token = container.identity.log_in()(Credentials("boss", PASSWORD), "unknown").access_token
    return {"Authorization": f"Bearer {token}"}


def _new_user(client: TestClient, headers: dict[str, str], username: str, **extra: object):  # type: ignore[no-untyped-def]
    body = {"username": username, "full_name": username.title(), "role": "staff", "password": "a-long-password",
            **extra}
    return client.post("/api/v1/users", json=body, headers=headers)


def test_the_api_sets_changes_and_clears_a_users_email(client: TestClient, admin_headers: dict[str, str]) -> None:
    created = _new_user(client, admin_headers, "rita", email="Rita@Example.com")
    assert created.status_code == 201, created.text
    user = created.json()
    assert user["email"] == "Rita@Example.com"
    assert _new_user(client, admin_headers, "noemail").json()["email"] is None
    url = f"/api/v1/users/{user['id']}"
    assert client.patch(url, json={"full_name": "Rita A"}, headers=admin_headers).json()["email"] == \
        "Rita@Example.com"  # left out: unchanged
    assert client.patch(url, json={"email": "rita@shop.example"}, headers=admin_headers).json()["email"] == \
        "rita@shop.example"
    assert client.patch(url, json={"email": ""}, headers=admin_headers).json()["email"] is None
    assert client.get(url, headers=admin_headers).json()["email"] is None


def test_an_email_is_unique_case_insensitively(client: TestClient, admin_headers: dict[str, str]) -> None:
    first = _new_user(client, admin_headers, "rita", email="rita@example.com").json()
    taken = _new_user(client, admin_headers, "other", email="RITA@example.COM")
    assert taken.status_code == 409
    assert taken.json()["detail"] == "Another user already has the email RITA@example.COM."
    assert "already has the email" in taken.json()["detail"]
    second = _new_user(client, admin_headers, "sam", email="sam@example.com").json()
    changed = client.patch(f"/api/v1/users/{second['id']}", json={"email": "Rita@Example.com"},
                           headers=admin_headers)
    assert changed.status_code == 409 and "email" in changed.text
    # Nothing changed; the holder keeps it, and may keep it when changed itself.
    assert client.get(f"/api/v1/users/{second['id']}", headers=admin_headers).json()["email"] == "sam@example.com"
    same = client.patch(f"/api/v1/users/{first['id']}", json={"email": "RITA@example.com"}, headers=admin_headers)
    assert same.status_code == 200 and same.json()["email"] == "RITA@example.com"


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "two@@example.com", "a b@example.com", " "])
def test_a_malformed_email_is_refused_naming_the_field(client: TestClient, admin_headers: dict[str, str],
                                                       email: str) -> None:
    refused = _new_user(client, admin_headers, "rita", email=email)
    assert refused.status_code == 422 and "email" in refused.text
    assert client.get("/api/v1/users", headers=admin_headers).json()["total"] == 1


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found
    return found.group(1)


def test_the_users_pages_show_set_and_clear_the_email(client: TestClient, container: Container,
                                                     admin_headers: dict[str, str]) -> None:
    token = admin_headers["Authorization"].removeprefix("Bearer ")
    client.cookies.set("ts_access", token)
    form = client.get("/users/new").text
    assert 'name="email"' in form
    fields = {"username": "rita", "full_name": "Rita", "role": "staff", "password": "a-long-password",
              "email": "rita@example.com", "csrf_token": _csrf(form)}
    assert client.post("/users/new", data=fields, follow_redirects=False).status_code == 303
    assert "rita@example.com" in client.get("/users").text
    again = client.post("/users/new", data={**fields, "username": "rita2", "email": "RITA@example.com"})
    assert again.status_code == 409 and "already has the email" in again.text
    bad = client.post("/users/new", data={**fields, "username": "rita3", "email": "nope"})
    assert bad.status_code == 422 and "Must be an email address" in bad.text
    rita = container.identity.log_in()(Credentials("rita", "a-long-password"), "unknown").user
    edit = client.get(f"/users/{rita.id}").text
    assert 'value="rita@example.com"' in edit
    cleared = client.post(f"/users/{rita.id}", data={"full_name": "Rita", "role": "staff", "is_active": "true",
                                                     "email": "", "csrf_token": _csrf(edit)},
                          follow_redirects=False)
    assert cleared.status_code == 303
    assert client.get(f"/api/v1/users/{rita.id}", headers=admin_headers).json()["email"] is None


def test_the_profile_shows_ones_email(client: TestClient, container: Container,
                                      admin_headers: dict[str, str]) -> None:
    client.cookies.set("ts_access", admin_headers["Authorization"].removeprefix("Bearer "))
    assert "Not set" in client.get("/profile").text
    me = client.get("/api/v1/me", headers=admin_headers).json()
    client.patch(f"/api/v1/users/{me['id']}", json={"email": "boss@example.com"}, headers=admin_headers)
    assert "boss@example.com" in client.get("/profile").text


def test_single_sign_on_finds_an_active_user_by_email(container: Container, admin_headers: dict[str, str]) -> None:
    from techstore.application.identity.commands import UserChanges
    from techstore.domain.shared.errors import AuthenticationFailed

    identity = container.identity
    boss = identity.log_in()(Credentials("boss", PASSWORD), "unknown").user
    assert boss.id is not None
    identity.update_user()(boss, boss.id, UserChanges(email="Boss@Example.com"))
    sign_in = identity.sign_in_by_email()
    pair = sign_in("BOSS@example.COM", verified=True, address="127.0.0.1")
    assert pair.user.id == boss.id
    assert identity.authenticate()(pair.access_token).id == boss.id
    for email, verified, message in [("boss@example.com", False, "not verified"),
                                     ("other@example.com", True, "No active user"), (None, True, "No active user")]:
        with pytest.raises(AuthenticationFailed, match=message):
            sign_in(email, verified=verified, address="127.0.0.1")
    identity.update_user()(boss, boss.id, UserChanges(is_active=True))
    clerk = identity.provision_user()("clerk", PASSWORD, full_name="Clerk", role=Role.STAFF)
    assert clerk.id is not None
    identity.update_user()(boss, clerk.id, UserChanges(email="clerk@example.com", is_active=False))
    with pytest.raises(AuthenticationFailed, match="No active user"):
        sign_in("clerk@example.com", verified=True, address="127.0.0.1")
