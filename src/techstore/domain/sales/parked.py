"""A parked (held) sale: a cart put aside at the counter so the next customer can be served, resumed later
by anyone and then sold as a new sale. It takes no stock and no money; it keeps what was rung up as it was
typed (products, quantities, discounts as given, customer, notes) and is deleted when resumed or dropped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

import attrs

from techstore.domain.sales.discounts import Discount
from techstore.domain.sales.rules import MAX_LINES, MAX_QUANTITY, NOTES_MAX_LENGTH
from techstore.domain.sales.sales import PricedProduct, WantedLine
from techstore.domain.shared.errors import Conflict, FieldProblems
from techstore.domain.shared.time import utc

# Parked sales older than this are listed as stale, for clean-up (PRODUCT.md, Sales).
STALE_AFTER = timedelta(days=1)


@attrs.frozen
class Holder:
    """What parking needs to know of the customer it names."""

    id: int
    name: str
    is_deleted: bool


@attrs.frozen
class ParkedLine:
    product_id: int
    sku: str  # copied when parked, so the list shows them without asking the catalogue
    name: str
    quantity: int
    discount: Discount | None = None


@attrs.define
class ParkedSale:
    id: int | None
    customer_id: int | None
    customer_name: str | None  # copied when parked (the list needs no other context)
    user_id: int  # who parked it
    lines: list[ParkedLine]
    discount: Discount | None
    notes: str | None
    created_at: datetime = attrs.field(converter=utc)

    @classmethod
    def park(cls, *, lines: Sequence[WantedLine], products: Mapping[int, PricedProduct],
             discount: Discount | None, customer_id: int | None, customer: Holder | None, notes: str | None,
             user_id: int, now: datetime) -> ParkedSale:
        """The cart put aside, or the refusal: every bad field at once (422, as ``Sale.place`` names them),
        then products that cannot be sold (409, naming each). ``products`` is what the store found of the
        ids asked for; ``customer`` what it knows of ``customer_id``. Lines stay as rung up (not merged)."""
        problems = FieldProblems()
        if not lines:
            problems.check("items", "must name at least one product")
        if len(lines) > MAX_LINES:
            problems.check("items", f"must name at most {MAX_LINES} lines")
        refused: list[str] = []
        for index, line in enumerate(lines):
            if not 0 < line.quantity <= MAX_QUANTITY:
                problems.check(f"items[{index}].quantity", f"must be from 1 to {MAX_QUANTITY}")
            product = products.get(line.product_id)
            if product is None:
                problems.check(f"items[{index}].product_id", f"no product has the id {line.product_id}")
            elif not product.sellable and product.sku not in refused:
                refused.append(product.sku)
        if customer_id is not None:
            if customer is None:
                problems.check("customer_id", f"no customer has the id {customer_id}")
            elif customer.is_deleted:
                problems.check("customer_id", f"customer {customer_id} was deleted")
        kept_notes = notes.strip() if notes and notes.strip() else None
        if kept_notes is not None and len(kept_notes) > NOTES_MAX_LENGTH:
            problems.check("notes", f"must be at most {NOTES_MAX_LENGTH} characters")
        problems.raise_if_any()
        if refused:
            raise Conflict("These products cannot be sold (inactive or deleted): " + ", ".join(refused) + ".",
                           field="items")
        kept = [ParkedLine(line.product_id, products[line.product_id].sku, products[line.product_id].name,
                           line.quantity, line.discount) for line in lines]
        return cls(None, customer_id, customer.name if customer else None, user_id, kept, discount,
                   kept_notes, now)

    def is_stale(self, now: datetime) -> bool:
        """Parked more than a day ago: listed for clean-up."""
        return now - self.created_at > STALE_AFTER

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)
