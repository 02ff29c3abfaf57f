"""Bodies of the purchasing endpoints that are not use-case inputs (API.md, "Suppliers and purchase orders")."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs

from techstore.application.purchasing.commands import StatusName
from techstore.domain.purchasing.orders import OrderLine, PurchaseOrder, Receipt, SuggestionGroup
from techstore.domain.purchasing.suppliers import Supplier


@attrs.frozen
class SupplierOut:
    id: int
    name: str
    contact_name: str | None
    email: str | None
    phone: str | None
    notes: str
    created_at: datetime

    @classmethod
    def of(cls, x: Supplier) -> SupplierOut:
        assert x.id is not None
        return cls(x.id, x.name, x.contact_name, x.email, x.phone, x.notes, x.created_at)


@attrs.frozen
class SupplierPageOut:
    items: list[SupplierOut]
    total: int
    limit: int
    offset: int


@attrs.frozen
class OrderLineOut:
    id: int
    product_id: int
    sku: str
    name: str
    quantity: int
    unit_cost: Decimal
    quantity_received: int

    @classmethod
    def of(cls, line: OrderLine) -> OrderLineOut:
        assert line.id is not None
        return cls(line.id, line.product_id, line.sku, line.name, line.quantity, line.unit_cost,
                   line.quantity_received)


@attrs.frozen
class PurchaseOrderOut:
    id: int
    number: str
    supplier_id: int
    status: StatusName
    expected_date: date | None
    notes: str
    lines: list[OrderLineOut]
    total: Decimal
    created_by: int
    created_at: datetime
    ordered_at: datetime | None
    received_at: datetime | None

    @classmethod
    def of(cls, order: PurchaseOrder) -> PurchaseOrderOut:
        assert order.id is not None
        return cls(order.id, order.number, order.supplier_id, order.status.value,
                   order.expected_date, order.notes, [OrderLineOut.of(line) for line in order.lines], order.total,
                   order.created_by, order.created_at, order.ordered_at, order.received_at)


@attrs.frozen
class PurchaseOrderPageOut:
    items: list[PurchaseOrderOut]
    total: int
    limit: int
    offset: int


@attrs.frozen
class ReceiptLineOut:
    line_id: int
    product_id: int
    sku: str
    name: str
    quantity: int
    unit_cost: Decimal
    serials: list[str]


@attrs.frozen
class ReceiptOut:
    id: int
    purchase_order_id: int
    lines: list[ReceiptLineOut]
    created_by: int
    created_at: datetime

    @classmethod
    def of(cls, receipt: Receipt) -> ReceiptOut:
        assert receipt.id is not None
        return cls(receipt.id, receipt.purchase_order_id,
                   [ReceiptLineOut(x.line_id, x.product_id, x.sku, x.name, x.quantity, x.unit_cost, list(x.serials))
                    for x in receipt.lines], receipt.created_by, receipt.created_at)


@attrs.frozen
class SuggestionOut:
    product_id: int
    sku: str
    name: str
    stock: int
    min_stock: int
    reorder_quantity: int
    quantity: int  # min_stock + reorder_quantity − stock, whatever is on order
    last_cost: Decimal | None
    on_order: int  # still to come on open orders (draft, ordered, partially received); 0: drafted by POST


@attrs.frozen
class SuggestionGroupOut:
    supplier_id: int | None  # null: products without a preferred supplier
    supplier_name: str | None
    items: list[SuggestionOut]

    @classmethod
    def of(cls, group: SuggestionGroup) -> SuggestionGroupOut:
        return cls(group.supplier_id, group.supplier_name, [
            SuggestionOut(x.product_id, x.sku, x.name, x.stock, x.min_stock, x.reorder_quantity, x.quantity,
                          x.last_cost, x.on_order) for x in group.suggestions])


@attrs.frozen
class SuggestionsOut:
    groups: list[SuggestionGroupOut]


@attrs.frozen
class MadeOrdersOut:
    items: list[PurchaseOrderOut]


@attrs.frozen
class QueuedOut:
    message_id: int
    to: str
