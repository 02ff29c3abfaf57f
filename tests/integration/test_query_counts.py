"""List pages issue a fixed number of queries, however many rows they show."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from techstore.container import Container
from techstore.domain.identity.users import Role
from tests.support import counting_statements, listening

PASSWORD = "counting-password"


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
        with counting_statements(container) as statements:
            assert client.get(path, headers=headers).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    # Who is asking (1), the page of users with their total (1).
    assert counts[0] == 2, counts


@pytest.mark.adapters("sqlite", "postgres")
@pytest.mark.parametrize(("path", "queries"), [("/api/v1/me", 1), ("/api/v1/users?limit=50", 2)])
def test_an_api_read_sends_only_its_queries_on_one_connection(
    container: Container, client: TestClient, path: str, queries: int
) -> None:
    """Issue 8: authentication and the use case share one read-only unit of work's
    connection; no ping, and on PostgreSQL no BEGIN or ROLLBACK either."""
    container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    _add_users(container, range(0, 60))
    token = client.post("/api/v1/auth/token", json={"username": "boss", "password": PASSWORD}).json()["access_token"]
    sent: list[str] = []
    checkouts: list[object] = []

    def on_execute(*args: object) -> None:
        sent.append(str(args[2]))

    def on_checkout(*args: object) -> None:
        checkouts.append(args)

    with listening(container, "before_cursor_execute", on_execute), listening(container, "checkout", on_checkout):
        assert client.get(path, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    data = [s for s in sent if not s.lstrip().upper().startswith("BEGIN")]
    assert len(data) == queries, sent
    assert len(checkouts) == 1
    if container.adapters.engine().dialect.name == "postgresql":
        assert data == sent  # autocommit reads: no BEGIN at all
