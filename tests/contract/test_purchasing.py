"""Purchasing on every adapter set: the weighted cost (stock 10 at 5.00, receiving 5 at 8.00 gives 6.00),
partial receipts, more than outstanding refused, cancel rules, gap-free numbers, suggestions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from techstore.application.catalog.commands import NewProduct
from techstore.application.purchasing.commands import (
    NewOrderLine,
    NewPurchaseOrder,
    NewReceipt,
    NewSupplier,
    ReceivedLineIn,
)
from techstore.container import Container
from techstore.domain.identity.users import Role, User
from techstore.domain.shared.errors import Conflict


@pytest.fixture
def admin(container: Container) -> User:
    return container.identity.provision_user()("boss", "boss-password-1", role=Role.ADMIN)


def test_receiving_in_two_parts_weighs_the_cost_and_moves_the_status(container: Container, admin: User) -> None:
    p = container.purchasing
    supplier = p.create_supplier()(admin, NewSupplier("Acme"))
    product = container.catalog.create_product()(admin, NewProduct("CAB-1", "Cable", Decimal("9.00"),
                                                                   cost=Decimal("5.00"), stock=10, min_stock=12,
                                                                   supplier_id=supplier.id, reorder_quantity=5))
    groups = p.reorder_suggestions()(admin)
    got_groups = [(g.supplier_name, [(s.sku, s.quantity) for s in g.suggestions]) for g in groups]
    assert got_groups == [("Acme", [("CAB-1", 7)])]
    order = p.create_purchase_order()(admin, NewPurchaseOrder(supplier.id,
                                                              [NewOrderLine(product.id, 8, Decimal("8.00"))]))
    assert order.number == "PO-000001"
    with pytest.raises(Conflict):
        p.receive_goods()(admin, order.id, NewReceipt([ReceivedLineIn(order.lines[0].id, 1)]))
    p.move_purchase_order()(admin, order.id, "order")
    p.receive_goods()(admin, order.id, NewReceipt([ReceivedLineIn(order.lines[0].id, 5)]))
    got = container.catalog.get_product()(admin, product.id)
    assert (got.stock, got.cost) == (15, Decimal("6.00"))
    assert p.get_purchase_order()(admin, order.id).status.value == "partially_received"
    with pytest.raises(Conflict):
        p.receive_goods()(admin, order.id, NewReceipt([ReceivedLineIn(order.lines[0].id, 4)]))
    with pytest.raises(Conflict):
        p.move_purchase_order()(admin, order.id, "cancel")
    p.receive_goods()(admin, order.id, NewReceipt([ReceivedLineIn(order.lines[0].id, 3)]))
    assert p.get_purchase_order()(admin, order.id).status.value == "received"
    second = p.order_suggestions()(admin)
    assert [x.number for x in second] == []  # stock 18 is above the minimum now
    third = p.create_purchase_order()(admin, NewPurchaseOrder(supplier.id,
                                                              [NewOrderLine(product.id, 1, Decimal("1.00"))]))
    assert third.number == "PO-000002"
    assert p.move_purchase_order()(admin, third.id, "cancel").status.value == "cancelled"
