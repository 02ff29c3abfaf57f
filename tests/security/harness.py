"""The security tests' harness: an app on SQLite with an admin and a staff user, cookie sessions
signed in the way a browser does, bearer tokens."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
from starlette.testclient import TestClient

from techstore.container import Container, build_container
from techstore.domain.identity.users import Role
from techstore.infrastructure.clock import ManualClock
from techstore.infrastructure.sqlalchemy.migrations.migrate import upgrade
from tests.support import prepare, settings_for_tests

ADMIN = ("boss", "boss-password-123")
STAFF = ("clerk", "clerk-password-123")


@attrs.frozen
class App:
    container: Container
    client: TestClient
    clock: ManualClock
    database: Path


def build(var_dir: Path, log_level: str = "INFO") -> tuple[Container, ManualClock, Path]:
    database = var_dir / "techstore.sqlite3"
    upgrade(f"sqlite:///{database}")
    clock = ManualClock()
    settings = attrs.evolve(settings_for_tests(var_dir, f"sqlite:///{database}"), log_level=log_level)
    container = prepare(build_container(settings, "sql"), clock)
    create = container.identity.provision_user()
    create(ADMIN[0], ADMIN[1], full_name="The Boss", role=Role.ADMIN)
    create(STAFF[0], STAFF[1], full_name="A Clerk", role=Role.STAFF)
    return container, clock, database


def csrf_from(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page carries a CSRF token"
    return found.group(1)


def browser_session(app: App, user: tuple[str, str] = ADMIN) -> TestClient:
    """A new cookie jar on the same app, signed in through the login form."""
    client = TestClient(app.client.app, raise_server_exceptions=False, follow_redirects=False)
    token = csrf_from(client.get("/login").text)
    answer = client.post("/login", data={"username": user[0], "password": user[1], "csrf_token": token})
    assert answer.status_code == 303, answer.text[:300]
    return client


def bearer(app: App, user: tuple[str, str] = ADMIN) -> dict[str, str]:
    pair = app.client.post("/api/v1/auth/token", json={"username": user[0], "password": user[1]}).json()
    return {"Authorization": f"Bearer {pair['access_token']}"}
