"""Catalog lists issue a fixed number of statements, however many rows they show."""

from __future__ import annotations

from decimal import Decimal

import pytest
from starlette.testclient import TestClient

from techstore.application.catalog.commands import NewProduct, StockChange
from techstore.container import Container
from techstore.domain.identity.users import Role, User
from tests.integration.test_query_counts import PASSWORD
from tests.support import counting_statements


def _sign_in(container: Container, client: TestClient) -> tuple[User, dict[str, str]]:
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    token = client.post("/api/v1/auth/token", json={"username": "boss", "password": PASSWORD}).json()["access_token"]
    client.cookies.set("ts_access", token)
    return boss, {"Authorization": f"Bearer {token}"}


@pytest.mark.adapters("sqlite", "postgres")
@pytest.mark.parametrize(("path", "expected"), [
    ("/api/v1/products?limit=200&q=p-&low_stock=true", 2),  # who is asking; the page with its total
    ("/products?q=p-&low_stock=true", 3),  # the same, and the categories for the filter
])
def test_product_list_statement_count_does_not_grow_with_rows(
    container: Container, client: TestClient, path: str, expected: int
) -> None:
    boss, headers = _sign_in(container, client)
    counts = []
    for batch in (range(0, 10), range(10, 30)):
        for n in batch:
            container.catalog.create_product()(boss, NewProduct(sku=f"P-{n:03}", name=f"P {n}",
                                                                 price=Decimal("1.00"), stock=1, min_stock=2))
        with counting_statements(container) as statements:
            answer = client.get(path, headers=headers)
            assert answer.status_code == 200
        counts.append(len(statements))
    assert counts == [expected, expected], counts


@pytest.mark.adapters("sqlite", "postgres")
@pytest.mark.parametrize(("path", "expected"), [
    ("/api/v1/products/{id}/stock-movements?limit=200", 3),  # who; the product; the page of movements
    ("/products/{id}", 4),  # who; the product; the product and its movements (no category to name)
])
def test_stock_ledger_statement_count_does_not_grow_with_movements(
    container: Container, client: TestClient, path: str, expected: int
) -> None:
    boss, headers = _sign_in(container, client)
    product = container.catalog.create_product()(boss, NewProduct(sku="P-1", name="P", price=Decimal("1.00")))
    counts = []
    for movements in (5, 25):
        for _ in range(movements):
            container.catalog.record_stock_movement()(boss, product.id, StockChange("purchase", 1))
        with counting_statements(container) as statements:
            assert client.get(path.format(id=product.id), headers=headers).status_code == 200
        counts.append(len(statements))
    assert counts == [expected, expected], counts
