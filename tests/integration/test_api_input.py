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


# Issue 7: input that used to reach the database or the hasher and answer 500.
DB = pytest.mark.adapters("sqlite", "postgres")


def _raw(client: TestClient, method: str, path: str, body: str, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """Send JSON text as typed (``json=`` would refuse a lone surrogate)."""
    return client.request(method, path, content=body.encode("utf-8"),
                          headers={"content-type": "application/json", **(headers or {})})


@DB
@pytest.mark.parametrize("body", [r'{"username": "nobody", "password": "\ud800"}',
                                  r'{"username": "no\udc00body", "password": "input-password-1"}',
                                  r'{"username": "nobody", "password": "x", "\ud800": 1}'])
def test_a_lone_surrogate_is_refused_without_signing_in(client: TestClient, body: str) -> None:
    response = _raw(client, "POST", "/api/v1/auth/token", body)
    fields = _fields(response)
    assert set(fields.values()) <= {"must be valid Unicode text", 'unknown field: "\\ud800"'}, fields


@DB
def test_a_lone_surrogate_is_refused_in_every_user_field(client: TestClient, admin_headers: dict[str, str]) -> None:
    create = r'{"username": "newbie", "full_name": "New \ud83d", "role": "staff", "password": "input-\udfff-pass"}'
    assert _fields(_raw(client, "POST", "/api/v1/users", create, admin_headers)) == {
        "full_name": "must be valid Unicode text", "password": "must be valid Unicode text"}
    change = r'{"full_name": "\ud800"}'
    assert _fields(_raw(client, "PATCH", "/api/v1/users/1", change, admin_headers)) == {
        "full_name": "must be valid Unicode text"}


@DB
@pytest.mark.parametrize(("path", "body", "field"), [
    ("/api/v1/auth/token", r'{"username": "sa\u0000m", "password": "input-password-1"}', "username"),
    ("/api/v1/auth/token", r'{"username": "boss", "password": "input\u0000password-1"}', "password"),
    ("/api/v1/auth/refresh", r'{"refresh_token": "abc\u0000"}', "refresh_token"),
])
def test_a_nul_byte_is_refused_on_every_database(client: TestClient, path: str, body: str, field: str) -> None:
    assert _fields(_raw(client, "POST", path, body)) == {field: "must be one line, without control characters"}


@DB
@pytest.mark.parametrize("full_name", ["Sam\u0000", "Sam\tLee", "Sam\nLee", "Sam\u007f", "Sam\u0085"])
def test_control_characters_are_refused_in_single_line_text(client: TestClient, admin_headers: dict[str, str],
                                                             full_name: str) -> None:
    response = client.patch("/api/v1/users/1", headers=admin_headers, json={"full_name": full_name})
    assert _fields(response) == {"full_name": "must be one line, without control characters"}
    create = {"username": "sam", "full_name": full_name, "role": "staff", "password": PASSWORD}
    assert "full_name" in _fields(client.post("/api/v1/users", headers=admin_headers, json=create))
    assert client.get("/api/v1/users/1", headers=admin_headers).json()["full_name"] == "Administrator"


@DB
@pytest.mark.parametrize("query", ["limit=--5", "offset=--1", "limit=\u00b2", "offset=\u0663", "limit=+5",
                                   "offset=", "limit=", "offset=2147483648", "offset=" + "9" * 5000,
                                   "limit=0x10", "offset=1.0", "offset= 1"])
def test_odd_numbers_in_the_query_are_refused(client: TestClient, admin_headers: dict[str, str], query: str) -> None:
    name = query.partition("=")[0]
    assert list(_fields(client.get(f"/api/v1/users?{query}", headers=admin_headers))) == [name]


@DB
def test_the_largest_offset_is_answered(client: TestClient, admin_headers: dict[str, str]) -> None:
    page = client.get("/api/v1/users?offset=2147483647&limit=0200", headers=admin_headers).json()
    assert page["items"] == [] and page["offset"] == 2147483647 and page["limit"] == 200


@DB
@pytest.mark.parametrize("user_id", ["2147483648", "9223372036854775808", "9" * 5000, "-1", "\u0663", "1.0",
                                     "0x1", "%C2%B2", "%201"])
def test_ids_past_the_integer_column_or_not_digits_are_not_found(client: TestClient, admin_headers: dict[str, str],
                                                                 user_id: str) -> None:
    for method in ("GET", "PATCH"):
        response = client.request(method, f"/api/v1/users/{user_id}", headers=admin_headers, json={})
        assert response.status_code == 404, response.text
        assert response.headers["content-type"] == "application/problem+json"


@DB
def test_ids_up_to_the_integer_column_are_looked_up(client: TestClient, admin_headers: dict[str, str]) -> None:
    assert client.get("/api/v1/users/2147483647", headers=admin_headers).status_code == 404
    assert client.get("/api/v1/users/0001", headers=admin_headers).json()["username"] == "boss"


@DB
@pytest.mark.parametrize("forwarded", ["1" * 200, "127.0.0.1, " + "x" * 200, "fe80::1%" + "e" * 80, "not an address"])
def test_a_forwarded_address_that_is_not_an_ip_is_not_stored_as_text(container: Container, forwarded: str) -> None:
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    from techstore.entrypoints.app import create_app

    behind_proxy = ProxyHeadersMiddleware(create_app(container), trusted_hosts="*")
    with TestClient(behind_proxy, raise_server_exceptions=False) as client:  # type: ignore[arg-type]
        response = client.post("/api/v1/auth/token", json={"username": "nobody", "password": "wrong-password"},
                               headers={"X-Forwarded-For": forwarded})
    assert response.status_code == 401, response.text


@pytest.mark.parametrize(("content_type", "body"), [
    (None, b'{"username": "boss", "password": "input-password-1"}'),
    ("text/plain", b'{"username": "boss", "password": "input-password-1"}'),
    ("application/x-www-form-urlencoded", b"username=boss&password=input-password-1"),
    ("multipart/form-data; boundary=x", b'--x\r\nContent-Disposition: form-data; name="username"\r\n\r\nboss\r\n--x--'),
    ("application/xml", b"<credentials><username>boss</username></credentials>"),
    ("application/jsonx", b'{"username": "boss", "password": "input-password-1"}'),
    ("application/+json", b'{"username": "boss", "password": "input-password-1"}'),
])
def test_a_body_that_is_not_json_gets_415(client: TestClient, content_type: str | None, body: bytes) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/api/v1/auth/token", content=body, headers=headers)
    assert response.status_code == 415, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 415 and "application/json" in response.json()["detail"]


@pytest.mark.parametrize("content_type", ["application/json", "Application/JSON; charset=utf-8",
                                          "application/problem+json", "application/merge-patch+json"])
def test_json_media_types_are_read(client: TestClient, admin_headers: dict[str, str], content_type: str) -> None:
    response = client.patch("/api/v1/users/1", headers={**admin_headers, "content-type": content_type},
                            content=b'{"full_name": "The Boss"}')
    assert response.status_code == 200 and response.json()["full_name"] == "The Boss"


@pytest.mark.parametrize(("method", "path", "allowed"), [
    ("OPTIONS", "/api/v1/users", "GET, HEAD, POST"),
    ("DELETE", "/api/v1/users", "GET, HEAD, POST"),
    ("DELETE", "/api/v1/users/1", "GET, HEAD, PATCH"),
    ("PUT", "/api/v1/me/password", "POST"),
    ("GET", "/api/v1/auth/token", "POST"),
])
def test_405_lists_every_method_of_every_route_at_the_path(client: TestClient, method: str, path: str,
                                                           allowed: str) -> None:
    response = client.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == allowed
    assert response.headers["content-type"] == "application/problem+json"


def test_405_on_a_page_lists_the_methods_too(client: TestClient) -> None:
    response = client.request("DELETE", "/login")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, POST"
    assert response.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize(("body", "expected"), [
    ({"username": "x", "full_name": "X", "role": "staff", "password": PASSWORD},
     {"username": "must be 2 to 64 letters, digits or . _ @ -, starting with a letter or digit"}),
    ({"username": "ok", "full_name": "X", "role": "staff", "password": "short"},
     {"password": "must be at least 10 characters"}),
    ({"username": "ok", "full_name": "\u3000 ", "role": "staff", "password": PASSWORD}, {"full_name": "is required"}),
    ({"username": "ok", "full_name": "", "role": "staff", "password": PASSWORD}, {"full_name": "is required"}),
    ({"username": "ok", "role": "staff", "password": PASSWORD}, {"full_name": "is required"}),
    ({"username": "ok", "full_name": "X" * 121, "role": "staff", "password": PASSWORD},
     {"full_name": "must be at most 120 characters"}),
])
def test_messages_stay_human(client: TestClient, admin_headers: dict[str, str], body: dict,
                             expected: dict[str, str]) -> None:
    response = client.post("/api/v1/users", headers=admin_headers, json=body)
    assert _fields(response) == expected
    assert response.json()["title"] == "Invalid input" and response.json()["status"] == 422
