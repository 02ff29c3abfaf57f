"""A database error reaches the log without the statement's parameters:
they hold password hashes and customers' data (issue 7, item 3)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from starlette.testclient import TestClient

from techstore.container import Container
from techstore.domain.identity.users import Role

pytestmark = pytest.mark.adapters("sqlite", "postgres")

BOOM = "Bob Boom"


def _refuse_the_name_boom(container: Container, adapter_set: str) -> None:
    """Make the database itself refuse one full name, past every check of ours."""
    with container.adapters.engine().begin() as connection:
        if adapter_set == "postgres":
            connection.execute(text(f"ALTER TABLE users ADD CONSTRAINT no_boom CHECK (full_name <> '{BOOM}')"))
        else:
            connection.execute(text(
                f"CREATE TRIGGER no_boom BEFORE UPDATE ON users WHEN NEW.full_name = '{BOOM}' "
                "BEGIN SELECT RAISE(ABORT, 'no boom'); END"
            ))


def test_a_failing_statement_logs_no_parameters(
    container: Container, client: TestClient, adapter_set: str, capsys: pytest.CaptureFixture[str]
) -> None:
    admin = container.identity.provision_user()("boss", "boss-password-1", role=Role.ADMIN)
    clerk = container.identity.provision_user()("clerk", "clerk-password-1", role=Role.STAFF)
    token = client.post("/api/v1/auth/token", json={"username": "boss", "password": "boss-password-1"})
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    _refuse_the_name_boom(container, adapter_set)
    capsys.readouterr()

    response = client.patch(f"/api/v1/users/{clerk.id}", headers=headers,
                            json={"full_name": BOOM, "password": "a new password 42"})

    assert response.status_code == 500
    logged = capsys.readouterr().out
    assert "unhandled error" in logged  # the error was logged ...
    assert "$argon2" not in logged  # ... without the hashes it was writing
    assert BOOM not in logged
    assert admin.password_hash not in logged
    if adapter_set == "postgres":
        with container.adapters.engine().begin() as connection:
            connection.execute(text("ALTER TABLE users DROP CONSTRAINT no_boom"))
