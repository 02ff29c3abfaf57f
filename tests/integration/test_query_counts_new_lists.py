"""The lists added with suppliers, purchase orders (and their reorder suggestions) and the outbox issue a fixed
number of statements, however many rows they show (API and page alike)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from starlette.testclient import TestClient

from techstore.application.catalog.commands import NewProduct
from techstore.application.purchasing.commands import NewOrderLine, NewPurchaseOrder, NewSupplier
from techstore.container import Container
from techstore.domain.identity.users import Role, User
from techstore.domain.notifications.messages import Channel, Message
from tests.support import counting_statements

PASSWORD = "counting-password"


def _suppliers(container: Container, boss: User, names: range) -> None:
    for n in names:
        container.purchasing.create_supplier()(boss, NewSupplier(f"Supplier {n:03}"))


def _orders(container: Container, boss: User, names: range) -> None:
    supplier = container.purchasing.create_supplier()(boss, NewSupplier(f"Orders {names.start:03}"))
    product = container.catalog.create_product()(boss, NewProduct(sku=f"ORD-{names.start}", name="Cable",
                                                                  price=Decimal("9.99")))
    for _ in names:
        container.purchasing.create_purchase_order()(boss, NewPurchaseOrder(
            supplier.id, [NewOrderLine(product.id, 3, Decimal("2.50"))]))


def _suggestions(container: Container, boss: User, names: range) -> None:
    """Products below their minimum, half of them on an open order (the on-order sum read in the same statement)."""
    supplier = container.purchasing.create_supplier()(boss, NewSupplier(f"Low {names.start:03}"))
    for n in names:
        product = container.catalog.create_product()(boss, NewProduct(
            sku=f"LOW-{n:03}", name="Cable", price=Decimal("9.99"), stock=1, min_stock=3, supplier_id=supplier.id,
            reorder_quantity=2))
        if n % 2:
            container.purchasing.create_purchase_order()(boss, NewPurchaseOrder(
                supplier.id, [NewOrderLine(product.id, 3, Decimal("2.50"))]))


def _messages(container: Container, boss: User, names: range) -> None:
    now = container.clock().now()
    with container.adapters.uow() as uow:
        for n in names:
            uow.outbox.add(Message(None, Channel.EMAIL, f"c{n}@example.com", f"Message {n}", "repair_ready",
                                   {"number": "R-000001"}, now))
        uow.commit()


GROWERS: dict[str, Callable[[Container, User, range], None]] = {
    "/api/v1/suppliers?limit=100": _suppliers, "/suppliers": _suppliers,
    "/api/v1/purchase-orders?limit=100": _orders, "/purchase-orders": _orders,
    "/api/v1/messages?limit=100": _messages, "/messages": _messages,
    "/api/v1/reorder-suggestions": _suggestions, "/purchase-orders/suggestions": _suggestions,
}


@pytest.mark.adapters("sqlite", "postgres")
@pytest.mark.parametrize("path", list(GROWERS))
def test_a_new_list_sends_as_many_statements_for_30_rows_as_for_5(container: Container, client: TestClient,
                                                                  path: str) -> None:
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    token = client.post("/api/v1/auth/token", json={"username": "boss", "password": PASSWORD}).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    client.cookies.set("ts_access", token)
    counts = []
    for batch in (range(0, 5), range(5, 30)):
        GROWERS[path](container, boss, batch)
        with counting_statements(container) as statements:
            answer = client.get(path, headers=headers)
            assert answer.status_code == 200, answer.text
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 4, counts  # who is asking, the page with its total, and at most what the page names
