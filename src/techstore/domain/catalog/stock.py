"""The stock ledger: every change to a product's stock is a movement, never an edit.

Invariant: a product's stock equals the sum of its movements' quantities, and
never goes below zero. Each movement records the stock before and after it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import StrEnum

import attrs

from techstore.domain.catalog import rules
from techstore.domain.shared.errors import Conflict, FieldProblems
from techstore.domain.shared.time import utc


class MovementKind(StrEnum):
    INITIAL = "initial"  # a new product's first stock, or an import's
    PURCHASE = "purchase"  # goods received, quantity > 0
    ADJUSTMENT = "adjustment"  # an admin's correction, ± with a reason
    SALE = "sale"
    SALE_VOID = "sale_void"
    RETURN = "return"
    REPAIR_PART = "repair_part"
    REPAIR_PART_BACK = "repair_part_back"  # a part line removed from a repair before delivery


# Written by other contexts through the catalog's port, never through the catalog's own API.
TAKING_KINDS = frozenset({MovementKind.SALE, MovementKind.REPAIR_PART})
PUTTING_BACK_KINDS = frozenset({MovementKind.SALE_VOID, MovementKind.RETURN, MovementKind.REPAIR_PART_BACK})


@attrs.frozen
class Reference:
    """What a movement made by another context belongs to (at most one is set)."""

    sale_id: int | None = None
    return_id: int | None = None
    repair_id: int | None = None
    purchase_order_id: int | None = None  # goods received against a purchase order


NO_REFERENCE = Reference()


@attrs.frozen
class StockMovement:
    id: int | None
    product_id: int
    kind: MovementKind
    quantity: int  # signed: what it added to the stock
    stock_before: int
    stock_after: int
    reason: str
    reference: Reference
    created_by: int
    created_at: datetime = attrs.field(converter=utc)


@attrs.frozen
class Line:
    """A quantity of one product, as another context asks for it; for a serialized product, the serial of every
    unit (exactly ``quantity`` of them)."""

    product_id: int
    quantity: int
    serials: tuple[str, ...] = ()


@attrs.frozen
class Shortage:
    product_id: int
    sku: str
    name: str
    requested: int
    available: int


class ShortOfStock(Conflict):
    """Some lines ask for more than is in stock; ``shortages`` names every one."""

    def __init__(self, shortages: Sequence[Shortage]) -> None:
        listed = "; ".join(
            f"{s.sku} ({s.name}): asked {s.requested}, {s.available} in stock" for s in shortages
        )
        super().__init__(f"Not enough stock for {listed}.", field="quantity")
        self.shortages = list(shortages)


def merged(lines: Iterable[Line]) -> list[Line]:
    """One line per product (quantities added), in product id order: the order rows are locked in,
    the same in every transaction, so two sales of the same products cannot deadlock."""
    totals: dict[int, int] = {}
    serials: dict[int, tuple[str, ...]] = {}
    for line in lines:
        totals[line.product_id] = totals.get(line.product_id, 0) + line.quantity
        serials[line.product_id] = serials.get(line.product_id, ()) + tuple(line.serials)
    return [Line(product_id, quantity, serials[product_id]) for product_id, quantity in sorted(totals.items())]


def check_lines(lines: Sequence[Line]) -> None:
    problems = FieldProblems()
    if not lines:
        problems.check("lines", "must name at least one product")
    for index, line in enumerate(lines):
        if not 0 < line.quantity <= rules.MAX_QUANTITY:
            problems.check(f"lines[{index}].quantity", f"must be from 1 to {rules.MAX_QUANTITY}")
    problems.raise_if_any()


def purchase_problem(quantity: int) -> str | None:
    if not 0 < quantity <= rules.MAX_QUANTITY:
        return f"must be from 1 to {rules.MAX_QUANTITY} for goods received"
    return None


def adjustment_problem(quantity: int) -> str | None:
    if quantity == 0 or abs(quantity) > rules.MAX_QUANTITY:
        return f"must be a whole number from -{rules.MAX_QUANTITY} to {rules.MAX_QUANTITY}, not 0"
    return None


def reason_problem(reason: str | None, *, required: bool) -> str | None:
    if reason is None or not reason.strip():
        return "is required for an adjustment" if required else None
    return rules.line_problem(reason, rules.REASON_MAX_LENGTH)


def below_zero(sku: str, stock: int, quantity: int) -> Conflict:
    return Conflict(
        f"Stock of {sku} cannot go below zero: {stock} in stock, change of {quantity}.", field="quantity"
    )
