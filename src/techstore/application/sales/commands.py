"""Inputs of the sales use cases; the API reads its bodies straight into them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

import attrs

from techstore.application.shared.constraints import Money, Number, Off, Sign, Text
from techstore.domain.identity.rules import PASSWORD_MAX_LENGTH, USERNAME_MAX_LENGTH
from techstore.domain.sales.discounts import Discount
from techstore.domain.sales.rules import MAX_QUANTITY, NOTES_MAX_LENGTH, REASON_MAX_LENGTH
from techstore.domain.shared.payments import PaymentMethod

Quantity = Annotated[int, Number(minimum=1, maximum=MAX_QUANTITY, message=f"must be from 1 to {MAX_QUANTITY}")]
StatusName = Literal["completed", "voided"]
Notes = Annotated[str, Text(max_length=NOTES_MAX_LENGTH, multiline=True)]
Reason = Annotated[str, Text(max_length=REASON_MAX_LENGTH, blank=False)]
NUMBER = Text(max_length=20)
# What the sales list's search may be (``?q=``): one line, as long as the customers' search.
SEARCH = Text(max_length=100)
# A unit's serial or IMEI as typed (trimmed and upper-cased when read: ``domain.catalog.units``).
SERIAL = Text(min_length=1, max_length=40)
Serials = list[Annotated[str, SERIAL]]


DiscountIn = Annotated[Discount, Off()]


@attrs.frozen
class SaleLine:
    """A product and how many of it; the price is the product's at the moment of the sale, unless
    ``unit_price`` overrides it (staff need a manager's approval for that). ``discount``
    is the line's own: an amount, or a percent of the line's total. ``serials``: a serialized product's units
    sold, exactly ``quantity`` of them, each in stock (422 on ``items[i].serials`` for a wrong count or a bad
    serial, 409 naming those not in stock)."""

    product_id: Annotated[int, Number(minimum=1)]
    quantity: Quantity
    discount: DiscountIn | None = None
    serials: Serials | None = None
    unit_price: Annotated[Decimal, Money(Sign.NOT_NEGATIVE)] | None = None


@attrs.frozen
class Approval:
    """A manager's (or an admin's) username and password, typed at the till to approve what a staff member
    may not do alone (a discount or a refund above the limit, a price override, a sale below cost). A wrong
    password counts in the approver's sign-in throttle."""

    username: Annotated[str, Text(max_length=USERNAME_MAX_LENGTH)]
    password: Annotated[str, Text(max_length=PASSWORD_MAX_LENGTH)] = attrs.field(repr=False)


@attrs.frozen
class PaymentLine:
    # Read from its name at the edge (422 "must be one of: cash, card, transfer, account"); a caller in the
    # same process may name it too.
    method: PaymentMethod = attrs.field(converter=PaymentMethod)
    amount: Annotated[Decimal, Money(Sign.POSITIVE)]


@attrs.frozen
class NewSale:
    """A sale at the counter (``POST /sales``, the point-of-sale page): lines of the same product are
    added together; ``discount`` is the sale's: an amount, or a percent of the subtotal (the lines'
    totals after their own discounts), spread over the lines; the payments add up to the total exactly;
    ``account`` needs ``customer_id``. ``tendered`` is the cash handed over, not a payment: only with a
    ``cash`` payment, and at least that payment (422 on ``tendered`` otherwise); the sale keeps it and
    its ``change`` (tendered less the cash payment) and prints both on every receipt."""

    items: list[SaleLine]
    payments: list[PaymentLine]
    customer_id: Annotated[int, Number(minimum=1)] | None = None
    discount: DiscountIn | None = None
    notes: Notes | None = None
    tendered: Annotated[Decimal, Money(Sign.NOT_NEGATIVE)] | None = None
    approval: Approval | None = None


@attrs.frozen
class VoidReason:
    """An admin voids a sale (``POST /sales/{id}/void``), giving a reason."""

    reason: Reason


@attrs.frozen
class SaleQuery:
    """Filters of the sales list; ``first``/``last`` are UTC days, both included; ``number`` is one sale's
    number exactly, ``q`` any part of the number or of the customer's name, any letter case."""

    first: date | None = None
    last: date | None = None
    customer_id: int | None = None
    status: StatusName | None = None
    number: str | None = None
    q: str | None = None


@attrs.frozen
class ReturnLine:
    """A product of the sale and how many of it come back; ``restock`` false for damaged goods. A product sold
    with serials names the units coming back (exactly ``quantity``, each sold on that sale: 409 otherwise);
    restocked units are in stock again, damaged ones are marked ``damaged``."""

    product_id: Annotated[int, Number(minimum=1)]
    quantity: Quantity
    restock: bool = True
    serials: Serials | None = None


@attrs.frozen
class NewReturn:
    """A return against a completed sale (``POST /sales/{id}/returns``, the return page): the refunds add
    up to the refund total the server computes; ``account`` needs the sale's customer."""

    items: list[ReturnLine]
    refunds: list[PaymentLine]
    reason: Reason
    approval: Approval | None = None


@attrs.frozen
class ReturnQuery:
    """Filters of the returns list; ``first``/``last`` are UTC days, both included."""

    first: date | None = None
    last: date | None = None
