"""A sale: priced lines, an optional sale-level discount, payments that add up to the total.

Money is exact: a line total is unit price × quantity, the subtotal their sum,
the total the subtotal less the discount. The discount is spread over the
lines in proportion to their totals (half-up to cents, the remainder on the
last line), so a return can refund each line's share and returning
everything refunds exactly the total.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

import attrs

from techstore.domain.sales.rules import NUMBER_PREFIX
from techstore.domain.shared.errors import Conflict, FieldProblems
from techstore.domain.shared.money import round_cents
from techstore.domain.shared.time import utc

ZERO = Decimal("0.00")


class SaleStatus(StrEnum):
    COMPLETED = "completed"
    VOIDED = "voided"


class PaymentMethod(StrEnum):
    CASH = "cash"
    CARD = "card"
    TRANSFER = "transfer"
    ACCOUNT = "account"  # charged to the customer's current account


@attrs.frozen
class PricedProduct:
    """What a sale copies from a product at the moment it is sold."""

    id: int
    sku: str
    name: str
    price: Decimal
    cost: Decimal | None = None  # the product's cost when sold, if known


@attrs.frozen
class SaleItem:
    product_id: int
    sku: str
    name: str
    quantity: int
    unit_price: Decimal
    line_total: Decimal
    # This line's part of the sale-level discount: what a return of the whole line does not refund.
    discount_share: Decimal = ZERO
    # The product's cost when it was sold (None when the catalogue had none): what margins are computed from.
    unit_cost: Decimal | None = None

    @property
    def net_total(self) -> Decimal:
        return self.line_total - self.discount_share


@attrs.frozen
class Payment:
    method: PaymentMethod
    amount: Decimal


@attrs.define
class Sale:
    id: int | None
    number: str | None  # given last, inside the sale's transaction (gap-free)
    status: SaleStatus
    customer_id: int | None
    user_id: int
    items: list[SaleItem]
    subtotal: Decimal
    discount: Decimal
    total: Decimal
    payments: list[Payment]
    notes: str | None
    created_at: datetime = attrs.field(converter=utc)
    charge_id: int | None = None  # the account movement that charged the ``account`` part
    void_reason: str | None = None
    voided_by: int | None = None
    voided_at: datetime | None = None
    refunded_total: Decimal = ZERO  # what its returns refunded

    @property
    def is_voided(self) -> bool:
        return self.status is SaleStatus.VOIDED

    @property
    def on_account(self) -> Decimal:
        return sum((p.amount for p in self.payments if p.method is PaymentMethod.ACCOUNT), ZERO)

    def void(self, reason: str, user_id: int, now: datetime) -> None:
        if self.is_voided:
            raise Conflict(f"Sale {self.number} is already voided.")
        self.status = SaleStatus.VOIDED
        self.void_reason = reason
        self.voided_by = user_id
        self.voided_at = utc(now)


def sale_number(value: int) -> str:
    return f"{NUMBER_PREFIX}{value:06d}"


def priced(product: PricedProduct, quantity: int) -> SaleItem:
    return SaleItem(product.id, product.sku, product.name, quantity, product.price,
                    round_cents(product.price * quantity), unit_cost=product.cost)


def spread_discount(items: Sequence[SaleItem], discount: Decimal) -> list[SaleItem]:
    """Each line's share of ``discount``, in proportion to its total, half-up to cents; the
    rounding remainder goes on the last line, so the shares add up to the discount exactly."""
    subtotal = sum((item.line_total for item in items), ZERO)
    if discount == ZERO or subtotal == ZERO:
        return [attrs.evolve(item, discount_share=ZERO) for item in items]
    shares = [round_cents(discount * item.line_total / subtotal) for item in items[:-1]]
    shares.append(discount - sum(shares, ZERO))
    return [attrs.evolve(item, discount_share=share) for item, share in zip(items, shares, strict=True)]


@attrs.frozen
class Totals:
    items: list[SaleItem]
    subtotal: Decimal
    discount: Decimal
    total: Decimal


def totals(items: Sequence[SaleItem], discount: Decimal) -> Totals:
    """The sale's figures; ``discount`` must lie between 0 and the subtotal (422 on ``discount``)."""
    subtotal = sum((item.line_total for item in items), ZERO)
    problems = FieldProblems()
    if discount < ZERO:
        problems.check("discount", "must be 0 or more")
    elif discount > subtotal:
        problems.check("discount", f"must not be more than the subtotal, {subtotal}")
    problems.raise_if_any()
    return Totals(spread_discount(items, discount), subtotal, discount, subtotal - discount)


def payment_problems(total: Decimal, payments: Sequence[Payment], customer_id: int | None) -> FieldProblems:
    """Payments: each more than 0, together exactly the total; ``account`` needs a customer."""
    problems = FieldProblems()
    if not payments:
        problems.check("payments", "must name at least one payment")
    for index, payment in enumerate(payments):
        if payment.amount <= ZERO:
            problems.check(f"payments[{index}].amount", "must be more than 0")
        if payment.method is PaymentMethod.ACCOUNT and customer_id is None:
            problems.check(f"payments[{index}].method", "account needs a customer: choose one first")
    paid = sum((p.amount for p in payments), ZERO)
    if payments and paid != total:
        problems.check("payments", f"must add up to the total, {total} (they add up to {paid})")
    return problems


def change_due(total: Decimal, payments: Sequence[Payment], tendered: Decimal | None) -> Decimal | None:
    """The change to give back for cash: what was tendered less the cash part (None when no cash was
    tendered, or too little)."""
    cash = sum((p.amount for p in payments if p.method is PaymentMethod.CASH), ZERO)
    if tendered is None or tendered < cash:
        return None
    return tendered - cash
