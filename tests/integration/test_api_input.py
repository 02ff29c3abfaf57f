"""Bad input gets a clear 422 (or 413) naming the field, and changes nothing."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from techstore.container import Container
from techstore.domain.identity.users import Role

PASSWORD = "input-password-1"


@pytest.fixture
def admin_headers(container: Container, client: TestClient) -> dict[str, str]:
    container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    token = client.post("/api/v1/auth/token", json={"username": "boss", "password": PASSWORD}).json()
    return {"Authorization": f"Bearer {token['access_token']}"}


def _fields(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return {e["field"]: e["message"] for e in response.json()["errors"]}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"username": "x", "full_name": "X", "role": "boss", "password": PASSWORD}, "role"),
        ({"username": "x", "full_name": 5, "role": "staff", "password": PASSWORD}, "full_name"),
        ({"username": "x", "full_name": "X", "role": "staff"}, "password"),
        ({"username": "x", "full_name": "X", "role": "staff", "password": PASSWORD, "admin": True}, "body"),
        ({"username": "<b>", "full_name": "X", "role": "staff", "password": PASSWORD}, "username"),
        ({"username": "x1", "full_name": " ", "role": "staff", "password": PASSWORD}, "full_name"),
        ({"username": "x1", "full_name": "X", "role": "staff", "password": "p" * 257}, "password"),
    ],
)
def test_bad_user_input_names_the_field(client: TestClient, admin_headers: dict[str, str], body: dict,
                                        field: str) -> None:
    assert field in _fields(client.post("/api/v1/users", headers=admin_headers, json=body))
    assert client.get("/api/v1/users", headers=admin_headers).json()["total"] == 1


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_is_active_must_be_a_boolean(client: TestClient, admin_headers: dict[str, str], value: object) -> None:
    response = client.patch("/api/v1/users/1", headers=admin_headers, json={"is_active": value})
    if value is None:  # null means "leave as it is"
        assert response.status_code == 200 and response.json()["is_active"] is True
    else:
        assert _fields(response) == {"is_active": "must be true or false"}


@pytest.mark.parametrize("raw", [b"{bad", b"[1,2]", b"", b"NaN", b"[" * 50_000 + b"]" * 50_000])
def test_malformed_json_is_refused(client: TestClient, raw: bytes) -> None:
    response = client.post("/api/v1/auth/token", content=raw, headers={"content-type": "application/json"})
    assert "body" in _fields(response)


def test_a_body_over_a_mebibyte_is_refused(client: TestClient) -> None:
    response = client.post("/api/v1/auth/token", json={"username": "u" * 1_100_000, "password": "x"})
    assert response.status_code == 413


def test_absurdly_long_credentials_are_just_wrong(client: TestClient) -> None:
    for body in ({"username": "u" * 5000, "password": "x"}, {"username": "boss", "password": "p" * 100_000}):
        response = client.post("/api/v1/auth/token", json=body)
        assert response.status_code == 401, response.text


@pytest.mark.parametrize(("query", "field"), [("limit=abc", "limit"), ("limit=0", "limit"), ("limit=201", "limit"),
                                              ("offset=-1", "offset"), ("offset=1e3", "offset")])
def test_bad_pagination_is_refused(client: TestClient, admin_headers: dict[str, str], query: str, field: str) -> None:
    assert field in _fields(client.get(f"/api/v1/users?{query}", headers=admin_headers))


def test_pagination_envelope(client: TestClient, admin_headers: dict[str, str], container: Container) -> None:
    for name in ("ann", "ben", "cat"):
        container.identity.provision_user()(name, PASSWORD, role=Role.STAFF)
    page = client.get("/api/v1/users?limit=2&offset=1", headers=admin_headers).json()
    assert page["total"] == 4 and page["limit"] == 2 and page["offset"] == 1
    assert [u["username"] for u in page["items"]] == ["ben", "boss"]  # ordered by username
    assert "password" not in str(page) and "hash" not in str(page)


def test_created_user_has_a_location(client: TestClient, admin_headers: dict[str, str]) -> None:
    body = {"username": "newbie", "full_name": "New Bie", "role": "staff", "password": PASSWORD}
    response = client.post("/api/v1/users", headers=admin_headers, json=body)
    assert response.status_code == 201
    assert response.headers["location"] == f"/api/v1/users/{response.json()['id']}"
    assert client.get(response.headers["location"], headers=admin_headers).json()["username"] == "newbie"
