"""Every route × anonymous / technician / staff / manager / admin, built from the router itself.

A route added later without an access rule fails here, and so does a rule
that is declared but not enforced.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.routing import Mount
from starlette.testclient import TestClient

from techstore.application.identity.commands import Credentials
from techstore.container import build_container
from techstore.domain.identity.users import Role
from techstore.entrypoints.app import create_app
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.access_matrix import rewrite
from techstore.entrypoints.http.routing import ApiRoute, PageRoute, walk
from techstore.entrypoints.web.cookies import ACCESS_COOKIE
from tests.support import fast_hashing, settings_for_tests

PASSWORD = "matrix-password-1"
ROLES = ("anonymous", "technician", "staff", "manager", "admin")
# Mounted apps that are not routes of ours: static files only.
UNGUARDED_MOUNTS = {"/static"}


@pytest.fixture(scope="module")
def app_and_sessions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str], int]]:
    container = build_container(settings_for_tests(Path(tmp_path_factory.mktemp("matrix"))), "memory")
    fast_hashing(container)
    create = container.identity.provision_user()
    admin = create("boss", PASSWORD, full_name="The Boss", role=Role.ADMIN)
    create("clerk", PASSWORD, full_name="A Clerk", role=Role.STAFF)
    create("chief", PASSWORD, full_name="A Manager", role=Role.MANAGER)
    create("fixer", PASSWORD, full_name="A Technician", role=Role.TECHNICIAN)
    tokens = {}
    for name, username in (("admin", "boss"), ("staff", "clerk"), ("manager", "chief"), ("technician", "fixer")):
        tokens[name] = container.identity.log_in()(Credentials(username, PASSWORD), "unknown").access_token
    with TestClient(create_app(container), raise_server_exceptions=False, follow_redirects=False) as client:
        assert admin.id is not None
        yield client, tokens, admin.id


def _routes() -> list[tuple[str, str, object]]:
    app = create_app(build_container(settings_for_tests(Path("/tmp/techstore-matrix")), "memory"))
    found = []
    for path, route in walk(app.routes):
        if isinstance(route, Mount):
            assert route.path in UNGUARDED_MOUNTS, f"mount {route.path} has no access rule"
            continue
        for method in sorted(getattr(route, "methods", None) or {"GET"}):
            if method != "HEAD":
                found.append((method, path, route))
    return found


ROUTES = _routes()


def test_every_route_declares_an_access_rule() -> None:
    unguarded = [f"{m} {p}" for m, p, r in ROUTES if not isinstance(r, ApiRoute | PageRoute)]
    assert unguarded == [], "routes without an access rule"


def _concrete(path: str, user_id: int) -> str:
    return re.sub(r"{[^}]+}", str(user_id), path)


def _send(client: TestClient, method: str, path: str, route: object, role: str, token: str | None):
    if isinstance(route, ApiRoute):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        body = {} if method in {"POST", "PATCH", "PUT"} else None
        return client.request(method, path, headers=headers, json=body)
    client.cookies.clear()
    # Like a browser: a page hands out the CSRF cookie and the form token, bound to the
    # session (the signed-in profile page, or the login page for anonymous visitors).
    if token:
        client.cookies.set(ACCESS_COOKIE, token)
    page = client.get("/profile" if token else "/login").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert csrf, "the page carries a CSRF token"
    data = {"csrf_token": csrf.group(1)} if method == "POST" else None
    return client.request(method, path, data=data)


def _allowed(access: Access, role: str) -> bool:
    return access is Access.PUBLIC or (role != "anonymous" and access.admits(Role(role)))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "route"), ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES])
def test_access_rule_is_enforced(app_and_sessions, method: str, path: str, route, role: str) -> None:
    client, tokens, user_id = app_and_sessions
    if not isinstance(route, ApiRoute | PageRoute):
        pytest.fail(f"{method} {path} has no access rule")
    response = _send(client, method, _concrete(path, user_id), route, role, tokens.get(role))
    status = response.status_code
    if route.access is Access.PUBLIC:
        # The operation may still refuse bad credentials (401); the guard never refuses.
        assert status != 403 and status < 500, f"{role} got {status} on public {method} {path}"
    elif _allowed(route.access, role):
        assert status not in (401, 403), f"{role} refused on {method} {path}: {status}"
        assert not response.headers.get("location", "").startswith("/login?"), f"{role} sent to login"
        assert status < 500
    elif isinstance(route, ApiRoute):
        assert status == (401 if role == "anonymous" else 403)
        assert response.headers["content-type"] == "application/problem+json"
    elif role == "anonymous":
        assert status == 303 and response.headers["location"].startswith("/login?next=")
    else:
        assert status == 403


def test_the_documented_matrix_is_the_routers() -> None:
    """docs/security.md shows what the declarations enforce: `make access-matrix` rewrites it after a change."""
    document = Path(__file__).parents[2] / "docs" / "security.md"
    app = create_app(build_container(settings_for_tests(Path("/tmp/techstore-matrix")), "memory"))
    current = document.read_text()
    assert rewrite(current, app.routes) == current, "the access matrix in docs/security.md is stale: make access-matrix"
