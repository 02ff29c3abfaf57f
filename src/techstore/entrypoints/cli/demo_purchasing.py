"""Purchasing for the demo (issue 27): four suppliers, each the preferred supplier of some categories, every
product bought from them with the supplier's code and a reorder quantity; purchase orders in every status (the
received ones received through the receiving use case, so stock, cost and ledger agree); and the products at or
below their minimum left for Monday's reorder suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from techstore.application.catalog.commands import ProductChanges, ProductQuery
from techstore.application.purchasing.commands import (
    NewOrderLine,
    NewPurchaseOrder,
    NewReceipt,
    NewSupplier,
    ReceivedLineIn,
)
from techstore.application.shared.pages import MAX_LIMIT, PageRequest
from techstore.domain.catalog.products import Product
from techstore.domain.identity.users import User
from techstore.domain.purchasing.orders import PurchaseOrder
from techstore.entrypoints.cli.demo_sales import seed_clock

if TYPE_CHECKING:
    from techstore.container import Container

# (name, contact, email, phone, code prefix, categories it is the preferred supplier of)
SUPPLIERS = [
    ("Volt Distribution", "Dana Volt", "orders@volt-distribution.example", "+1 555 0141", "VD",
     ("Cables", "Chargers")),
    ("Northwind Mobile", "Omar Reyes", "purchasing@northwind-mobile.example", "+1 555 0142", "NWM",
     ("Phones", "Cases", "Screen protectors", "Repair parts")),
    ("Pacific Computing", "Grace Lin", "sales@pacific-computing.example", "+1 555 0143", "PC",
     ("Laptops", "Tablets", "Storage", "Peripherals", "Networking")),
    ("SoundWave Audio", "Mick Harlow", "trade@soundwave-audio.example", "+1 555 0144", "SWA",
     ("Audio", "Smartwatches")),
]


def _products(container: Container, admin: User, category_id: int) -> list[Product]:
    found: list[Product] = []
    while True:
        page = container.catalog.search_products()(admin, ProductQuery(category_id=category_id),
                                                   PageRequest(limit=MAX_LIMIT, offset=len(found)))
        found.extend(page.items)
        if len(found) >= page.total or not page.items:
            return found


def _reorder_quantity(product: Product) -> int:
    """Enough to last: twice the minimum for the cheap things that sell by the handful, the minimum for the rest."""
    return product.min_stock * (2 if product.price < Decimal("50.00") else 1) or 1


def _order(container: Container, admin: User, supplier_id: int, products: Sequence[Product],
           quantities: Sequence[int], notes: str = "", expected: int | None = None) -> PurchaseOrder:
    lines = [NewOrderLine(p.id, q, p.cost or Decimal("1.00")) for p, q in zip(products, quantities, strict=True)
             if p.id is not None]
    when = None if expected is None else (container.clock().now() + timedelta(days=expected)).date()
    order: PurchaseOrder = container.purchasing.create_purchase_order()(
        admin, NewPurchaseOrder(supplier_id, lines, when, notes))
    return order


def _receipt(order: PurchaseOrder, quantities: Sequence[int]) -> NewReceipt:
    return NewReceipt([ReceivedLineIn(line.id, quantity) for line, quantity in zip(order.lines, quantities, strict=True)
                       if line.id is not None and quantity])


def seed_purchasing(container: Container, admin: User, staff: User) -> tuple[int, int]:
    """The suppliers, the products' preferred suppliers, and the orders; (suppliers, orders)."""
    purchasing, catalog = container.purchasing, container.catalog
    categories = {c.name: c.id for c in catalog.all_categories()(admin)}
    bought: dict[str, list[Product]] = {}
    supplier_ids: dict[str, int] = {}
    for name, contact, email, phone, prefix, supplied in SUPPLIERS:
        supplier = purchasing.create_supplier()(admin, NewSupplier(name, contact, email, phone))
        supplier_ids[name] = supplier.id
        bought[name] = []
        for category in supplied:
            for product in _products(container, admin, categories[category]):
                catalog.update_product()(admin, product.id, ProductChanges(
                    supplier_id=supplier.id, supplier_sku=f"{prefix}-{product.sku}",
                    reorder_quantity=_reorder_quantity(product)))
                if product.serial_kind is None and product.stock > product.min_stock:
                    bought[name].append(product)  # counted and well stocked: the orders' lines
    now = datetime.now(UTC)
    volt, north, pacific, sound = (bought[name] for name, *_ in SUPPLIERS)
    ids = [supplier_ids[name] for name, *_ in SUPPLIERS]
    # Received in full, in two deliveries; partly received; placed; cancelled; a draft being written.
    with seed_clock(container, now - timedelta(days=9)):
        received = _order(container, admin, ids[0], volt[:4], [20, 10, 10, 6], "Monthly cables and chargers")
        purchasing.move_purchase_order()(admin, received.id, "order")
        cancelled = _order(container, admin, ids[3], sound[:2], [4, 4], "Replaced by the summer range")
        purchasing.move_purchase_order()(admin, cancelled.id, "order")
    with seed_clock(container, now - timedelta(days=8)):
        purchasing.move_purchase_order()(admin, cancelled.id, "cancel")
    with seed_clock(container, now - timedelta(days=5)):
        partial = _order(container, admin, ids[1], north[:3], [10, 10, 8], "Cases and glass for the new season")
        purchasing.move_purchase_order()(admin, partial.id, "order")
    with seed_clock(container, now - timedelta(days=2)):
        placed = _order(container, admin, ids[2], pacific[:3], [5, 5, 3], "", expected=5)
        purchasing.move_purchase_order()(admin, placed.id, "order")
    draft = _order(container, admin, ids[3], sound[2:4], [6, 6], "To check the prices with Mick")
    orders = [received, cancelled, partial, placed, draft]
    # The deliveries, through the receiving use case: stock, cost and the ledger move together, today.
    receive = purchasing.receive_goods()
    halves = [line.quantity // 2 for line in received.lines]
    receive(staff, received.id, _receipt(received, halves))
    receive(staff, received.id, _receipt(received, [line.quantity - half
                                                    for line, half in zip(received.lines, halves, strict=True)]))
    receive(staff, partial.id, _receipt(partial, [partial.lines[0].quantity, 4, 0]))
    return len(SUPPLIERS), len(orders)
