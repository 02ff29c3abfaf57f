"""List pages issue a fixed number of queries, however many rows they show."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event
from starlette.testclient import TestClient

from techstore.container import Container
from techstore.domain.identity.users import Role

PASSWORD = "counting-password"


@contextmanager
def counting(container: Container) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if not statement.lstrip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE")):
            statements.append(statement)

    engine = container.adapters.engine()
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _add_users(container: Container, names: range) -> None:
    for n in names:
        container.identity.provision_user()(f"user{n:03}", PASSWORD, role=Role.STAFF)


@pytest.mark.adapters("sqlite", "postgres")
@pytest.mark.parametrize("path", ["/api/v1/users?limit=200", "/users"])
def test_user_list_query_count_does_not_grow_with_rows(container: Container, client: TestClient, path: str) -> None:
    container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    token = client.post("/api/v1/auth/token", json={"username": "boss", "password": PASSWORD}).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    client.cookies.set("ts_access", token)

    counts = []
    for batch in (range(0, 10), range(10, 30)):
        _add_users(container, batch)
        with counting(container) as statements:
            assert client.get(path, headers=headers).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    # Who is asking (1), the page of users with their total (1).
    assert counts[0] == 2, counts
