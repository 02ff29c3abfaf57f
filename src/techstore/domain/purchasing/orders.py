"""Purchase orders: what the store ordered from a supplier, and what has come in.

Status moves ``draft → ordered → partially_received → received``; ``cancelled`` from ``draft`` or ``ordered``.
Lines are edited only while ``draft``. Receiving names, per line, how many came in: never more than is
outstanding (409). The product's new cost is the weighted average (``weighted_cost``), which the catalog's
ledger computes on the product row itself, atomically with the stock it adds to.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

import attrs

from techstore.domain.shared.errors import Conflict, FieldProblems, ValidationFailed

NUMBER_PREFIX = "PO-"
COUNTER = "purchase_orders"
MAX_LINES = 200
MAX_QUANTITY = 1_000_000
CENTS = Decimal("0.01")


def order_number(sequence: int) -> str:
    return f"{NUMBER_PREFIX}{sequence:06d}"


def weighted_cost(stock: int, cost: Decimal | None, quantity: int, unit_cost: Decimal) -> Decimal:
    """``(stock × cost + quantity × unit cost) / (stock + quantity)``, half-up to cents; a product without a
    cost takes the unit cost (PRODUCT.md, "Suppliers and purchasing")."""
    if cost is None or stock + quantity <= 0:
        return unit_cost
    total = Decimal(stock) * cost + Decimal(quantity) * unit_cost
    return (total / Decimal(stock + quantity)).quantize(CENTS, rounding=ROUND_HALF_UP)


class OrderStatus(StrEnum):
    DRAFT = "draft"
    ORDERED = "ordered"
    PARTIALLY_RECEIVED = "partially_received"
    RECEIVED = "received"
    CANCELLED = "cancelled"


LABELS = {
    OrderStatus.DRAFT: "Draft",
    OrderStatus.ORDERED: "Ordered",
    OrderStatus.PARTIALLY_RECEIVED: "Partially received",
    OrderStatus.RECEIVED: "Received",
    OrderStatus.CANCELLED: "Cancelled",
}
CANCELLABLE = frozenset({OrderStatus.DRAFT, OrderStatus.ORDERED})
# Open: goods may still come in on it (a draft is about to be ordered); what its lines have outstanding is on order.
OPEN = frozenset({OrderStatus.DRAFT, OrderStatus.ORDERED, OrderStatus.PARTIALLY_RECEIVED})
RECEIVABLE = frozenset({OrderStatus.ORDERED, OrderStatus.PARTIALLY_RECEIVED})


@attrs.define
class OrderLine:
    id: int | None
    product_id: int
    sku: str
    name: str
    quantity: int
    unit_cost: Decimal
    quantity_received: int = 0

    @property
    def outstanding(self) -> int:
        return self.quantity - self.quantity_received

    @property
    def line_total(self) -> Decimal:
        return (self.unit_cost * self.quantity).quantize(CENTS)


@attrs.frozen
class WantedLine:
    """A line as asked for: a product, a quantity, a unit cost."""

    product_id: int
    quantity: int
    unit_cost: Decimal


def line_problems(lines: Sequence[WantedLine]) -> FieldProblems:
    problems = FieldProblems()
    if not lines:
        problems.check("lines", "must name at least one product")
    if len(lines) > MAX_LINES:
        problems.check("lines", f"must be at most {MAX_LINES}")
    seen: set[int] = set()
    for index, line in enumerate(lines):
        if not 0 < line.quantity <= MAX_QUANTITY:
            problems.check(f"lines[{index}].quantity", f"must be from 1 to {MAX_QUANTITY}")
        if line.unit_cost < 0 or line.unit_cost != line.unit_cost.quantize(CENTS):
            problems.check(f"lines[{index}].unit_cost", "must be an amount of 0 or more, such as 12.50")
        if line.product_id in seen:
            problems.check(f"lines[{index}].product_id", "is already on another line")
        seen.add(line.product_id)
    return problems


@attrs.frozen
class ReceivedLine:
    """What came in on one line of an order, as a receipt keeps it."""

    line_id: int
    product_id: int
    sku: str
    name: str
    quantity: int
    unit_cost: Decimal
    serials: tuple[str, ...] = ()


@attrs.define
class Receipt:
    id: int | None
    purchase_order_id: int
    lines: list[ReceivedLine]
    created_by: int
    created_at: datetime

    @property
    def units(self) -> int:
        return sum(line.quantity for line in self.lines)


@attrs.define
class PurchaseOrder:
    id: int | None
    number: str
    supplier_id: int
    status: OrderStatus
    lines: list[OrderLine]
    expected_date: date | None
    notes: str
    created_by: int
    created_at: datetime
    updated_at: datetime
    ordered_at: datetime | None = None
    received_at: datetime | None = None
    cancelled_at: datetime | None = None

    @property
    def total(self) -> Decimal:
        return sum((line.line_total for line in self.lines), Decimal("0.00"))

    @property
    def status_label(self) -> str:
        return LABELS[self.status]

    @property
    def is_draft(self) -> bool:
        return self.status is OrderStatus.DRAFT

    @property
    def is_receivable(self) -> bool:
        return self.status in RECEIVABLE

    @property
    def is_cancellable(self) -> bool:
        return self.status in CANCELLABLE

    def line(self, line_id: int) -> OrderLine | None:
        return next((line for line in self.lines if line.id == line_id), None)

    def _refuse(self, what: str, allowed: str) -> Conflict:
        return Conflict(f"Purchase order {self.number} is {self.status.value}: it can be {what} only when {allowed}.",
                        field="status")

    def check_editable(self) -> None:
        if not self.is_draft:
            raise self._refuse("changed", "draft")

    def order(self, now: datetime) -> None:
        if not self.is_draft:
            raise self._refuse("ordered", "draft")
        self.status = OrderStatus.ORDERED
        self.ordered_at = now
        self.updated_at = now

    def cancel(self, now: datetime) -> None:
        if not self.is_cancellable:
            raise self._refuse("cancelled", "draft or ordered")
        self.status = OrderStatus.CANCELLED
        self.cancelled_at = now
        self.updated_at = now

    def receive(self, quantities: Mapping[int, int], now: datetime) -> list[OrderLine]:
        """Record ``{line id: quantity}`` as received; the lines received, in the order's line order. Refuses
        (409) an order that is not ordered or partially received, and any line more than outstanding;
        422 an unknown line or a quantity below 1."""
        if not self.is_receivable:
            raise self._refuse("received", "ordered or partially received")
        problems = FieldProblems()
        if not quantities:
            problems.check("lines", "must name at least one line")
        for index, (line_id, quantity) in enumerate(quantities.items()):
            if self.line(line_id) is None:
                problems.check(f"lines[{index}].line_id", f"is not a line of {self.number}")
            if not 0 < quantity <= MAX_QUANTITY:
                problems.check(f"lines[{index}].quantity", f"must be from 1 to {MAX_QUANTITY}")
        problems.raise_if_any()
        over = []
        for line_id, quantity in quantities.items():
            line = self.line(line_id)
            assert line is not None
            if quantity > line.outstanding:
                over.append(f"{line.sku}: {quantity} received, {line.outstanding} outstanding")
        if over:
            raise Conflict(f"More than is outstanding on {self.number}: " + "; ".join(over) + ".", field="quantity")
        received = []
        for line in self.lines:
            if line.id is not None and line.id in quantities:
                line.quantity_received += quantities[line.id]
                received.append(line)
        done = all(line.outstanding == 0 for line in self.lines)
        self.status = OrderStatus.RECEIVED if done else OrderStatus.PARTIALLY_RECEIVED
        if done:
            self.received_at = now
        self.updated_at = now
        return received


def duplicate_line_ids(lines: Sequence[tuple[int, int]]) -> None:
    seen: set[int] = set()
    for index, (line_id, _) in enumerate(lines):
        if line_id in seen:
            raise ValidationFailed.single(f"lines[{index}].line_id", "is named twice")
        seen.add(line_id)


@attrs.frozen
class Suggestion:
    """A product at or below its minimum stock, and how many to order: ``min_stock + reorder_quantity − stock``
    (PRODUCT.md's formula: what is on order does not change it). ``on_order`` is what is still to come for the
    product on open orders (draft, ordered, partially received: ordered − received, per line)."""

    product_id: int
    sku: str
    name: str
    supplier_id: int | None
    supplier_name: str | None
    stock: int
    min_stock: int
    reorder_quantity: int
    last_cost: Decimal | None
    on_order: int

    @property
    def quantity(self) -> int:
        return self.min_stock + self.reorder_quantity - self.stock

    @property
    def to_draft(self) -> bool:
        """Made into a draft line: it has a preferred supplier and nothing on an open order already (no duplicate
        drafts; a person decides whether an order that is on its way is enough)."""
        return self.supplier_id is not None and self.on_order == 0


@attrs.frozen
class SuggestionGroup:
    supplier_id: int | None
    supplier_name: str | None
    suggestions: tuple[Suggestion, ...]


def grouped(suggestions: Sequence[Suggestion]) -> list[SuggestionGroup]:
    """By supplier name (products without a preferred supplier last), products by SKU within."""
    groups: dict[int | None, list[Suggestion]] = {}
    for suggestion in suggestions:
        groups.setdefault(suggestion.supplier_id, []).append(suggestion)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] is None, (kv[1][0].supplier_name or "").casefold()))
    return [SuggestionGroup(supplier_id, items[0].supplier_name, tuple(sorted(items, key=lambda s: s.sku)))
            for supplier_id, items in ordered]


def draftable(groups: Sequence[SuggestionGroup]) -> list[SuggestionGroup]:
    """The groups as draft orders would be made of them: each supplier's suggestions that are ``to_draft``."""
    found = []
    for group in groups:
        wanted = tuple(x for x in group.suggestions if x.to_draft)
        if wanted:
            found.append(attrs.evolve(group, suggestions=wanted))
    return found
