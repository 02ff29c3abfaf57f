"""A parked (held) sale: a cart put aside at the counter so the next customer can be served, resumed later
by anyone and then sold as a new sale. It takes no stock and no money; it keeps what was rung up as it was
typed (products, quantities, discounts as given, customer, notes) and is deleted when resumed or dropped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

import attrs

from techstore.domain.sales.rules import MAX_LINES, MAX_QUANTITY, NOTES_MAX_LENGTH
from techstore.domain.sales.sales import PricedProduct
from techstore.domain.shared.errors import Conflict, FieldProblems
from techstore.domain.shared.money import CENT, MAX_AMOUNT
from techstore.domain.shared.time import utc

# Parked sales older than this are listed as stale, for clean-up (PRODUCT.md, Sales).
STALE_AFTER = timedelta(days=1)
HUNDRED = Decimal(100)


class DiscountKind(StrEnum):
    AMOUNT = "amount"
    PERCENT = "percent"


@attrs.frozen
class TypedDiscount:
    """A discount as it was given: an amount off, or a percent off. Kept as typed, not applied: the sale
    made from the parked cart prices it."""

    kind: DiscountKind
    value: Decimal

    def problem(self) -> str | None:
        """Why it cannot be kept (an amount is money, 0 or more; a percent is from 0 to 100), or None."""
        value = self.value
        exponent = value.as_tuple().exponent
        if not isinstance(exponent, int) or exponent < -2:  # not finite, or more than two decimals
            return f"{self.kind} must be a number with at most two decimals"
        if self.kind is DiscountKind.AMOUNT and not Decimal(0) <= value <= MAX_AMOUNT:
            return f"amount must be from 0 to {MAX_AMOUNT}"
        if self.kind is DiscountKind.PERCENT and not Decimal(0) <= value <= HUNDRED:
            return "percent must be from 0 to 100"
        return None

    @property
    def shown(self) -> str:
        """As the till and the API write it: an amount with two decimals, a percent as given."""
        if self.kind is DiscountKind.AMOUNT:
            return str(self.value.quantize(CENT))
        return f"{self.value:f}"


def _kept(discount: TypedDiscount | None) -> TypedDiscount | None:
    """The discount as the parked sale keeps it (an input's subclass of it leaves what it knows of JSON behind)."""
    return None if discount is None else TypedDiscount(discount.kind, discount.value)


class WantedParkedLine(Protocol):
    """A line as rung up: a product, how many, and its own discount if one was given."""

    @property
    def product_id(self) -> int: ...

    @property
    def quantity(self) -> int: ...

    @property
    def discount(self) -> TypedDiscount | None: ...


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
    discount: TypedDiscount | None = None


@attrs.define
class ParkedSale:
    id: int | None
    customer_id: int | None
    customer_name: str | None  # copied when parked (the list needs no other context)
    user_id: int  # who parked it
    lines: list[ParkedLine]
    discount: TypedDiscount | None
    notes: str | None
    created_at: datetime = attrs.field(converter=utc)

    @classmethod
    def park(cls, *, lines: Sequence[WantedParkedLine], products: Mapping[int, PricedProduct],
             discount: TypedDiscount | None, customer_id: int | None, customer: Holder | None, notes: str | None,
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
            if line.discount is not None:
                problems.check(f"items[{index}].discount", line.discount.problem())
            product = products.get(line.product_id)
            if product is None:
                problems.check(f"items[{index}].product_id", f"no product has the id {line.product_id}")
            elif not product.sellable and product.sku not in refused:
                refused.append(product.sku)
        if discount is not None:
            problems.check("discount", discount.problem())
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
                           line.quantity, _kept(line.discount)) for line in lines]
        return cls(None, customer_id, customer.name if customer else None, user_id, kept, _kept(discount),
                   kept_notes, now)

    def is_stale(self, now: datetime) -> bool:
        """Parked more than a day ago: listed for clean-up."""
        return now - self.created_at > STALE_AFTER

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)
