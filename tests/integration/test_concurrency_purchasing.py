"""Receiving and selling the same product from 16 clients at once (issue 27): the stock and the weighted average
cost end where a serial replay of the ledger, in the order the movements were written, takes them. Each receipt
is on its own order with its own unit cost, so the order the statements ran in shows in the cost."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any

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
from techstore.domain.catalog.stock import Line, MovementKind, Reference
from techstore.domain.identity.users import Role, User
from techstore.domain.shared.errors import Conflict
from tests.integration.test_concurrency_catalog import _ledger
from tests.integration.test_concurrency_identity import run_together

pytestmark = [pytest.mark.timeout(180), pytest.mark.adapters("sqlite", "postgres")]

CLIENTS = 16
CENT = Decimal("0.01")


def _sell(container: Container, user: User, sale_id: int, product_id: int, quantity: int) -> Any:
    with container.adapters.uow() as uow:
        taken = uow.stock.take([Line(product_id, quantity)], MovementKind.SALE, Reference(sale_id=sale_id), user.id,
                               container.clock().now())
        uow.commit()
    return taken


def _replay(ledger: list[Any], unit_costs: dict[int, Decimal]) -> tuple[int, Decimal | None]:
    """The stock and cost one movement after another, as if no two had ever run at once."""
    stock, cost = 0, Decimal("5.00")
    for movement in ledger:
        if movement.kind is MovementKind.PURCHASE:
            unit = unit_costs[movement.reference.purchase_order_id]
            total = stock + movement.quantity
            cost = ((stock * cost + movement.quantity * unit) / total).quantize(CENT, rounding=ROUND_HALF_UP)
        stock += movement.quantity
    return stock, cost


@pytest.mark.parametrize("rounds", [2])
def test_receiving_and_selling_from_16_clients_end_as_a_serial_replay(container: Container, rounds: int) -> None:
    admin = container.identity.provision_user()("boss", "boss-password-1", role=Role.ADMIN)
    staff = container.identity.provision_user()("sam", "sam-password-1", role=Role.STAFF)
    p = container.purchasing
    supplier = p.create_supplier()(admin, NewSupplier("Acme"))
    product = container.catalog.create_product()(admin, NewProduct("CAB-1", "Cable", Decimal("20.00"),
                                                                   cost=Decimal("5.00"), stock=40))
    unit_costs: dict[int, Decimal] = {}
    sale_ids = iter(range(1, 10_000))
    for round_ in range(rounds):
        calls = []
        for client in range(CLIENTS // 2):
            unit_cost = Decimal("6.00") + Decimal("0.37") * (client + 8 * round_)
            order = p.create_purchase_order()(admin, NewPurchaseOrder(supplier.id, [
                NewOrderLine(product.id, 3 + client % 4, unit_cost)]))
            p.move_purchase_order()(admin, order.id, "order")
            unit_costs[order.id] = unit_cost
            receipt = NewReceipt([ReceivedLineIn(order.lines[0].id, order.lines[0].quantity)])
            calls.append(partial(p.receive_goods(), staff, order.id, receipt))
            calls.append(partial(_sell, container, staff, next(sale_ids), product.id, 1 + client % 3))
        outcomes = run_together(calls)
        assert [o for o in outcomes if isinstance(o, Exception)] == []

    ledger = _ledger(container, product.id)
    assert [m.kind for m in ledger].count(MovementKind.PURCHASE) == rounds * CLIENTS // 2
    assert all(later.stock_before == earlier.stock_after for earlier, later in zip(ledger, ledger[1:], strict=False))
    got = container.catalog.get_product()(admin, product.id)
    assert (got.stock, got.cost) == _replay(ledger, unit_costs)
    assert container.catalog.find_stock_drift()() == []


def test_orders_made_from_16_clients_at_once_are_numbered_without_gaps(container: Container) -> None:
    admin = container.identity.provision_user()("boss", "boss-password-1", role=Role.ADMIN)
    p = container.purchasing
    supplier = p.create_supplier()(admin, NewSupplier("Acme"))
    product = container.catalog.create_product()(admin, NewProduct("CAB-1", "Cable", Decimal("20.00")))
    good = NewPurchaseOrder(supplier.id, [NewOrderLine(product.id, 2, Decimal("3.00"))])
    refused = NewPurchaseOrder(supplier.id, [NewOrderLine(999_999, 2, Decimal("3.00"))])  # no such product: 409
    outcomes = run_together([partial(p.create_purchase_order(), admin, refused if n % 4 == 3 else good)
                             for n in range(CLIENTS)])
    made = [o for o in outcomes if not isinstance(o, Exception)]
    assert len(made) == CLIENTS * 3 // 4
    assert all(isinstance(o, Conflict) for o in outcomes if isinstance(o, Exception))
    assert sorted(o.number for o in made) == [f"PO-{n:06d}" for n in range(1, len(made) + 1)]


def test_suggested_drafts_made_from_8_clients_at_once_are_made_once(container: Container) -> None:
    """Every click of "Make draft orders" at the same moment: one draft per supplier in all, numbered without
    gaps; the other clicks find the products on order and make nothing."""
    admin = container.identity.provision_user()("boss", "boss-password-1", role=Role.ADMIN)
    p = container.purchasing
    for name, sku in (("Acme", "CAB-1"), ("Bolt", "FAN-1")):
        supplier = p.create_supplier()(admin, NewSupplier(name))
        container.catalog.create_product()(admin, NewProduct(sku, "Thing", Decimal("9.00"), cost=Decimal("5.00"),
                                                             stock=1, min_stock=4, supplier_id=supplier.id,
                                                             reorder_quantity=2))
    outcomes = run_together([partial(p.order_suggestions(), admin) for _ in range(CLIENTS // 2)])
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    made = [order for orders in outcomes for order in orders]
    assert sorted(o.number for o in made) == ["PO-000001", "PO-000002"]
    assert sorted(line.sku for o in made for line in o.lines) == ["CAB-1", "FAN-1"]
    groups = p.reorder_suggestions()(admin)
    assert [(s.sku, s.quantity, s.on_order) for g in groups for s in g.suggestions] == [("CAB-1", 5, 5),
                                                                                        ("FAN-1", 5, 5)]
