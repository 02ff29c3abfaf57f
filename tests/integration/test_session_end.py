"""F7 (issue 21, PRODUCT.md "Signing out ... end the access tokens of that session at once"): after a
logout, or after a refresh family is revoked as theft, the session's access tokens answer 401 at once,
on the API and on the pages, while the user's other sessions go on."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from techstore.container import Container
from techstore.domain.identity.users import Role
from tests.integration.test_web_session import csrf_from, sign_in

PASSWORD = "session-end-password-1"


@pytest.fixture
def boss(container: Container) -> None:
    container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)


def _pair(client: TestClient, username: str = "boss") -> dict[str, Any]:
    answer = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


def _me(client: TestClient, access_token: str) -> int:
    return client.get("/api/v1/me", headers={"Authorization": f"Bearer {access_token}"}).status_code


def test_logout_ends_the_sessions_access_token_at_once(client: TestClient, boss: None) -> None:
    ended, other = _pair(client), _pair(client)
    assert _me(client, ended["access_token"]) == 200
    assert client.post("/api/v1/auth/logout", json={"refresh_token": ended["refresh_token"]}).status_code == 204
    assert _me(client, ended["access_token"]) == 401
    assert _me(client, other["access_token"]) == 200  # another sign-in of the same user goes on


def test_a_family_revoked_as_theft_ends_its_access_tokens_at_once(client: TestClient, boss: None) -> None:
    first, other = _pair(client), _pair(client)
    rotated = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert rotated.status_code == 200
    newest = rotated.json()
    assert _me(client, newest["access_token"]) == 200
    replay = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert replay.status_code == 401
    assert _me(client, newest["access_token"]) == 401
    assert _me(client, first["access_token"]) == 401
    assert _me(client, other["access_token"]) == 200


def test_a_page_sessions_access_cookie_dies_with_its_logout(client: TestClient, boss: None) -> None:
    sign_in(client, password=PASSWORD)
    access = client.cookies["ts_access"]
    assert client.get("/users", follow_redirects=False).status_code == 200
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/").text)}, follow_redirects=False)
    assert _me(client, access) == 401
    client.cookies.set("ts_access", access)  # a copy of the cookie kept from before the logout
    assert client.get("/users", follow_redirects=False).status_code == 303  # to the login page
