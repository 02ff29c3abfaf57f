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


def _add_customers(container: Container, names: range) -> None:
    from decimal import Decimal

    from techstore.application.customers.commands import NewAdjustment, NewCustomer, NewPayment

    boss = container.identity.provision_user()(f"clerk{names.start}", PASSWORD, role=Role.ADMIN)
    customers = container.customers
    for n in names:
        customer = customers.register_customer()(boss, NewCustomer(f"Customer {n:03}", phone=f"+1 555 {n:06}"))
        # Every customer of the first batch also gets movements, so statements grow too; and the first
        # customer a payment per customer added, so their history grows.
        customers.adjust_balance()(boss, 1, NewAdjustment(Decimal("10.00"), "Opening"))
        customers.take_payment()(boss, customer.id, NewPayment(Decimal("1.00"), "cash"))
        customers.take_payment()(boss, 1, NewPayment(Decimal("1.00"), "cash"))


@pytest.mark.adapters("sqlite", "postgres")
@pytest.mark.parametrize(("path", "queries"), [
    ("/api/v1/customers?limit=200", 2),  # who is asking; the page with its total
    ("/api/v1/customers?q=customer&limit=200", 2),
    ("/customers", 2),
    ("/customers?q=555", 2),
    # who is asking; the customer; the balances at either end of the period; the movements with their total
    ("/api/v1/customers/1/movements?limit=200", 4),
    ("/api/v1/customers/1/movements?from=2020-01-01&to=2099-12-31", 4),
    # ... and the customer's page: the customer again and the page of their history with its total (issue 23)
    ("/customers/1", 6),
    ("/customers/1/statement", 4),
    # who is asking; the customer; the page of their history (sales, returns, repairs, payments) with its total
    ("/api/v1/customers/1/history?limit=200", 3),
])
def test_customer_lists_and_statements_query_count_does_not_grow_with_rows(
        container: Container, client: TestClient, path: str, queries: int) -> None:
    container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    token = client.post("/api/v1/auth/token", json={"username": "boss", "password": PASSWORD}).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    client.cookies.set("ts_access", token)

    counts = []
    for batch in (range(1, 6), range(6, 26)):
        _add_customers(container, batch)
        with counting_statements(container) as statements:
            assert client.get(path, headers=headers).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1] == queries, counts
