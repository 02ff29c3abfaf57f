"""A sale: priced lines, an optional sale-level discount, payments that add up to the total.

Money is exact: a line total is unit price × quantity less the line's own
discount, the subtotal their sum, the total the subtotal less the sale's
discount. Either discount is an amount or a percent (``discounts``), worked
out half-up to cents. The sale's discount is spread over the lines in
proportion to their totals (half-up to cents, the remainder on the last line),
so a return can refund each line's share and returning everything refunds
exactly the total.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

import attrs

from techstore.domain.sales.discounts import Discount
from techstore.domain.sales.rules import MAX_LINES, MAX_PAYMENTS, MAX_QUANTITY, NUMBER_PREFIX
from techstore.domain.shared.errors import Conflict, FieldProblems, ValidationFailed
from techstore.domain.shared.money import out_of_range, round_cents
from techstore.domain.shared.payments import PaymentMethod
from techstore.domain.shared.taxes import UNTAXED, AppliedRate, RateSummary, summary, taxed
from techstore.domain.shared.time import utc

ZERO = Decimal("0.00")


class SaleStatus(StrEnum):
    COMPLETED = "completed"
    VOIDED = "voided"


@attrs.frozen
class PricedProduct:
    """What a sale copies from a product at the moment it is sold."""

    id: int
    sku: str
    name: str
    price: Decimal
    cost: Decimal | None = None  # the product's cost when sold, if known
    sellable: bool = True  # False when inactive or deleted: a sale naming it is refused (409)
    rate: AppliedRate = UNTAXED  # the tax rate it is sold at: its own, else its category's, else the default


class WantedLine(Protocol):
    """A line as asked for: a product, how many of it (the price is the product's) and its own discount."""

    @property
    def product_id(self) -> int: ...

    @property
    def quantity(self) -> int: ...

    @property
    def discount(self) -> Discount | None: ...


@attrs.frozen
class Buyer:
    """What a sale needs to know of the customer it names."""

    id: int
    is_deleted: bool


@attrs.frozen
class SaleItem:
    product_id: int
    sku: str
    name: str
    quantity: int
    unit_price: Decimal
    line_total: Decimal  # unit price × quantity, less the line's own discount
    # This line's part of the sale-level discount: what a return of the whole line does not refund.
    discount_share: Decimal = ZERO
    # The product's cost when it was sold (None when the catalogue had none): what margins are computed from.
    unit_cost: Decimal | None = None
    discount: Decimal = ZERO  # the line's own discount, as an amount
    # Taxed after its share of the sale's discount: the rate copied, the net and the tax (``domain.taxes``).
    tax_rate: AppliedRate = UNTAXED
    net: Decimal = ZERO
    tax: Decimal = ZERO
    serials: tuple[str, ...] = ()  # a serialized product's units sold on the line (exactly ``quantity``)

    @property
    def gross_total(self) -> Decimal:
        """Unit price × quantity, before any discount."""
        return self.line_total + self.discount

    @property
    def total(self) -> Decimal:
        """What the line costs the customer: after every discount, with its tax."""
        return self.net + self.tax


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
    tendered: Decimal | None = None  # the cash handed over (None: not given); printed on every reprint
    change: Decimal | None = None  # what was given back of it (``tendered_change``)
    tax_total: Decimal = ZERO
    taxes: list[RateSummary] = attrs.Factory(list)  # the lines added up per tax rate
    approved_by: int | None = None  # the manager who approved what a staff member may not do alone

    @classmethod
    def place(cls, *, lines: Sequence[WantedLine], products: Mapping[int, PricedProduct], payments: Sequence[Payment],
              discount: Discount | None, customer_id: int | None, customer: Buyer | None, notes: str | None,
              user_id: int, now: datetime, prices_include_tax: bool = False) -> Sale:
        """A new sale of ``lines`` priced from ``products`` (what the store found of the ids asked for),
        or the refusal: every bad field at once (422), then products that cannot be sold (409, naming
        each), then the discounts (422), then the payments (422). ``customer`` is what the store knows of
        ``customer_id`` (None when no customer has it). Lines of one product add up. The sale has no id
        or number yet: the store gives them when it records it."""
        problems = FieldProblems()
        if not lines:
            problems.check("items", "must name at least one product")
        if len(lines) > MAX_LINES:
            problems.check("items", f"must name at most {MAX_LINES} lines")
        if len(payments) > MAX_PAYMENTS:
            problems.check("payments", f"must be at most {MAX_PAYMENTS}")
        _check_quantities(lines, problems)
        if customer_id is not None:
            if customer is None:
                problems.check("customer_id", f"no customer has the id {customer_id}")
            elif customer.is_deleted:
                problems.check("customer_id", f"customer {customer_id} was deleted")
        refused: list[str] = []
        for index, line in enumerate(lines):
            product = products.get(line.product_id)
            if product is None:
                problems.check(f"items[{index}].product_id", f"no product has the id {line.product_id}")
            elif not product.sellable and product.sku not in refused:
                refused.append(product.sku)
        problems.raise_if_any()
        if refused:
            raise Conflict("These products cannot be sold (inactive or deleted): " + ", ".join(refused) + ".",
                           field="items")
        problems = FieldProblems()
        items = price_lines(lines, products, problems)
        problems.raise_if_any()
        line_range_problems(items, lines).raise_if_any()
        figures = totals(items, discount, prices_include_tax=prices_include_tax)
        payment_problems(figures.total, payments, customer_id).raise_if_any()
        return cls(None, None, SaleStatus.COMPLETED, customer_id, user_id, figures.items, figures.subtotal,
                   figures.discount, figures.total, list(payments), notes.strip() if notes and notes.strip() else None,
                   now, tax_total=figures.tax_total, taxes=figures.taxes)

    @property
    def is_voided(self) -> bool:
        return self.status is SaleStatus.VOIDED

    @property
    def on_account(self) -> Decimal:
        return sum((p.amount for p in self.payments if p.method is PaymentMethod.ACCOUNT), ZERO)

    def as_placed(self) -> Sale:
        """The sale as it stood when it was placed: before any void or return changed it (what a retry of
        its placing is answered, byte for byte)."""
        return attrs.evolve(self, status=SaleStatus.COMPLETED, void_reason=None, voided_by=None, voided_at=None,
                            refunded_total=ZERO)

    def void(self, reason: str, user_id: int, now: datetime) -> None:
        if self.is_voided:
            raise Conflict(f"Sale {self.number} is already voided.")
        self.status = SaleStatus.VOIDED
        self.void_reason = reason
        self.voided_by = user_id
        self.voided_at = utc(now)


def _check_quantities(lines: Sequence[WantedLine], problems: FieldProblems) -> None:
    """Each line's quantity, and the quantities of one product added up, within the limit."""
    quantities: dict[int, int] = {}
    for index, line in enumerate(lines):
        if not 0 < line.quantity <= MAX_QUANTITY:
            problems.check(f"items[{index}].quantity", f"must be from 1 to {MAX_QUANTITY}")
            continue
        quantities[line.product_id] = quantities.get(line.product_id, 0) + line.quantity
        if quantities[line.product_id] > MAX_QUANTITY:
            problems.check(f"items[{index}].quantity", f"adds up to more than {MAX_QUANTITY} of one product")


def line_range_problems(items: Sequence[SaleItem], lines: Sequence[WantedLine]) -> FieldProblems:
    """A line whose total (price × quantity) would pass the money range, on the quantity of the last line
    asked for of its product (the one that took it past)."""
    last = {line.product_id: index for index, line in enumerate(lines)}
    problems = FieldProblems()
    for item in items:
        problems.check(f"items[{last[item.product_id]}].quantity",
                       out_of_range(item.line_total, f"the total of the line of {item.sku}"))
    return problems


def sale_number(value: int) -> str:
    return f"{NUMBER_PREFIX}{value:06d}"


def priced(product: PricedProduct, quantity: int, discount: Decimal = ZERO, serials: Sequence[str] = (),
           unit_price: Decimal | None = None) -> SaleItem:
    """The item of ``quantity`` of ``product``, at its catalogue price unless ``unit_price`` overrides it."""
    price = product.price if unit_price is None else unit_price
    return SaleItem(product.id, product.sku, product.name, quantity, price,
                    round_cents(price * quantity) - discount, unit_cost=product.cost, discount=discount,
                    tax_rate=product.rate, serials=tuple(serials))


def serials_of(line: object) -> tuple[str, ...]:
    """The serials a line names (a serialized product's units), if its kind of line names any."""
    named = getattr(line, "serials", None)
    return tuple(named) if named else ()


def price_of(line: object, product: PricedProduct) -> Decimal:
    """The unit price a line sells at: the one it names (a price override), else the catalogue's."""
    named = getattr(line, "unit_price", None)
    return product.price if named is None else Decimal(named)


def price_lines(lines: Sequence[WantedLine], products: Mapping[int, PricedProduct],
                problems: FieldProblems) -> list[SaleItem]:
    """One item per product of ``products`` that ``lines`` name, in the order they first appear: the
    quantities added up, and each line's own discount worked out on that line's total (a percent of it,
    half-up to cents) and added up, and the serials they name (in order). A discount beyond its line's total is a
    problem on that line. A line may name its own unit price (an override); lines of one product sell at one
    price (a problem on the later line otherwise)."""
    quantities: dict[int, int] = {}
    discounts: dict[int, Decimal] = {}
    serials: dict[int, tuple[str, ...]] = {}
    prices: dict[int, Decimal] = {}
    for index, line in enumerate(lines):
        product = products.get(line.product_id)
        if product is None or line.quantity <= 0:
            continue
        price = price_of(line, product)
        if prices.setdefault(line.product_id, price) != price:
            problems.check(f"items[{index}].unit_price",
                           f"must be the price of the earlier line of {product.sku}, {prices[line.product_id]}")
            continue
        gross = round_cents(price * line.quantity)
        off = line.discount.of(gross) if line.discount is not None else ZERO
        if off > gross:
            problems.check(f"items[{index}].discount", f"must not be more than the line's total, {gross}")
            off = ZERO
        quantities[line.product_id] = quantities.get(line.product_id, 0) + line.quantity
        discounts[line.product_id] = discounts.get(line.product_id, ZERO) + off
        serials[line.product_id] = serials.get(line.product_id, ()) + serials_of(line)
    return [priced(products[pid], quantity, discounts[pid], serials[pid], prices[pid])
            for pid, quantity in quantities.items()]


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
    subtotal: Decimal  # the lines after their own discounts
    discount: Decimal  # the sale's, as an amount
    tax_total: Decimal
    total: Decimal  # the lines' totals: after every discount, with tax
    taxes: list[RateSummary]


def figures(items: Sequence[SaleItem], discount: Decimal, *, prices_include_tax: bool) -> Totals:
    """The sale's figures for ``discount`` (an amount, already checked): the discount spread over the lines,
    then each line taxed after its share (``domain.taxes.lines``)."""
    shared = spread_discount(items, discount)
    taxed_items = []
    for item in shared:
        line = taxed(item.line_total - item.discount_share, item.tax_rate, prices_include_tax=prices_include_tax)
        taxed_items.append(attrs.evolve(item, net=line.net, tax=line.tax))
    subtotal = sum((item.line_total for item in items), ZERO)
    return Totals(taxed_items, subtotal, discount, sum((item.tax for item in taxed_items), ZERO),
                  sum((item.total for item in taxed_items), ZERO),
                  summary((item.tax_rate, item.net, item.tax) for item in taxed_items))


def totals(items: Sequence[SaleItem], off: Discount | None, *, prices_include_tax: bool = False) -> Totals:
    """The sale's figures; the subtotal and the total within the money range (422 on ``items``), the sale's
    discount (a percent of the subtotal, or an amount) between 0 and the subtotal (422 on ``discount``)."""
    subtotal = sum((item.line_total for item in items), ZERO)
    problems = FieldProblems()
    problems.check("items", out_of_range(subtotal, "the sale's subtotal"))
    problems.raise_if_any()
    discount = off.of(subtotal) if off is not None else ZERO
    if discount < ZERO:
        problems.check("discount", "must be 0 or more")
    elif discount > subtotal:
        problems.check("discount", f"must not be more than the subtotal, {subtotal}")
    problems.raise_if_any()
    result = figures(items, discount, prices_include_tax=prices_include_tax)
    problems.check("items", out_of_range(result.total, "the sale's total with tax"))
    problems.raise_if_any()
    return result


def payment_problems(total: Decimal, payments: Sequence[Payment], customer_id: int | None) -> FieldProblems:
    """Payments: each more than 0, together exactly the total; ``account`` needs a customer. A sale
    discounted to nothing is free of charge: it needs none."""
    problems = FieldProblems()
    if not payments and total > ZERO:
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


def tendered_change(payments: Sequence[Payment], tendered: Decimal | None) -> Decimal | None:
    """The change for the cash ``tendered`` on a sale paid by ``payments``, or the refusal (422 on
    ``tendered``): tendered is only for a sale with a cash part, and must cover it."""
    if tendered is None:
        return None
    cash = sum((p.amount for p in payments if p.method is PaymentMethod.CASH), ZERO)
    if cash == ZERO:
        raise ValidationFailed.single("tendered", "is only for cash: no payment is in cash")
    change = change_due(cash, payments, tendered)
    if change is None:
        raise ValidationFailed.single("tendered", f"must be at least the cash due, {cash}")
    return change


def change_due(total: Decimal, payments: Sequence[Payment], tendered: Decimal | None) -> Decimal | None:
    """The change to give back for cash: what was tendered less the cash part (None when no cash was
    tendered, or too little)."""
    cash = sum((p.amount for p in payments if p.method is PaymentMethod.CASH), ZERO)
    if tendered is None or tendered < cash:
        return None
    return tendered - cash
