"""A return: some of a completed sale's items brought back, refunded by their share of the sale.

A line's refund is its share of the line's total (after every discount, with tax) taken cumulatively:
returning ``q`` after ``r`` were already returned of ``n`` sold refunds
``round(total × (r + q) / n) - round(total × r / n)``, and its tax likewise. So each return refunds
``unit share × quantity`` to the cent, never more than is left (the remainder on the last unit), and
returning everything refunds exactly what was charged, tax included.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from decimal import Decimal

import attrs

from techstore.domain.sales.rules import RETURN_NUMBER_PREFIX
from techstore.domain.sales.sales import ZERO, Payment, Sale, SaleItem
from techstore.domain.shared.errors import Conflict, FieldProblems
from techstore.domain.shared.money import round_cents, within_range
from techstore.domain.shared.payments import PaymentMethod
from techstore.domain.shared.time import utc


@attrs.frozen
class ReturnItem:
    product_id: int
    sku: str
    name: str
    quantity: int
    refund_amount: Decimal  # with tax
    restocked: bool
    tax: Decimal = ZERO  # the tax within ``refund_amount``
    serials: tuple[str, ...] = ()  # a serialized product's units that came back (exactly ``quantity``)


@attrs.define
class Return:
    id: int | None
    number: str | None  # given last, inside the return's transaction (gap-free)
    sale_id: int
    items: list[ReturnItem]
    total: Decimal
    refunds: list[Payment]
    reason: str
    created_by: int
    created_at: datetime = attrs.field(converter=utc)
    refund_id: int | None = None  # the account movement of the ``account`` part
    approved_by: int | None = None  # the manager who approved a staff member's refund above the limit

    @property
    def tax_total(self) -> Decimal:
        return sum((item.tax for item in self.items), ZERO)


@attrs.frozen
class Wanted:
    """One product to bring back, and whether it goes back on the shelf."""

    product_id: int
    quantity: int
    restock: bool = True
    serials: tuple[str, ...] = ()  # normalised; named for a serialized product (one per unit)


def return_number(value: int) -> str:
    return f"{RETURN_NUMBER_PREFIX}{value:06d}"


def returned_quantities(returns: Sequence[Return]) -> dict[int, int]:
    """Quantity already returned per product over ``returns``."""
    done: dict[int, int] = {}
    for earlier in returns:
        for item in earlier.items:
            done[item.product_id] = done.get(item.product_id, 0) + item.quantity
    return done


def returned_serials(returns: Sequence[Return]) -> dict[int, set[str]]:
    """The serials already back per product over ``returns``."""
    back: dict[int, set[str]] = {}
    for earlier in returns:
        for item in earlier.items:
            back.setdefault(item.product_id, set()).update(item.serials)
    return back


def _serial_problems(index: int, line: Wanted, item: SaleItem, problems: FieldProblems) -> None:
    """A line of a product sold with serials names exactly ``quantity`` of them, each once; a product sold
    without names none."""
    field = f"items[{index}].serials"
    if not item.serials:
        if line.serials:
            problems.check(field, f"{item.sku} was sold without serials: name none")
        return
    if len(line.serials) != line.quantity:
        problems.check(field, f"must name exactly {line.quantity} serial(s) of {item.sku}, one per unit coming "
                              f"back (named {len(line.serials)})")
    repeated = sorted({s for s in line.serials if line.serials.count(s) > 1})
    if repeated:
        problems.check(field, "names a serial twice: " + ", ".join(repeated))


def line_refund(item: SaleItem, already: int, quantity: int) -> Decimal:
    """What returning ``quantity`` more of ``item`` refunds, ``already`` having been returned."""
    return _share(item.total, item.quantity, already, quantity)


def line_tax_refund(item: SaleItem, already: int, quantity: int) -> Decimal:
    """The tax within that refund, shared out the same way."""
    return _share(item.tax, item.quantity, already, quantity)


def _share(amount: Decimal, sold: int, already: int, quantity: int) -> Decimal:
    return round_cents(amount * (already + quantity) / sold) - round_cents(amount * already / sold)


def left_to_return(sale: Sale, already: Mapping[int, int]) -> dict[int, int]:
    return {item.product_id: item.quantity - already.get(item.product_id, 0) for item in sale.items}


def returned_items(sale: Sale, wanted: Sequence[Wanted], already: Mapping[int, int],
                   back: Mapping[int, Collection[str]] | None = None) -> list[ReturnItem]:
    """The items of a return of ``wanted`` from ``sale``: unknown products are bad input (422 on the
    line), more than is left to return a conflict (409 naming each product). A product sold with serials
    names the units coming back (422 for a wrong count), each sold on this sale and not ``back`` already
    (409 on the line naming them)."""
    if sale.is_voided:
        raise Conflict(f"Sale {sale.number} is voided: it takes no return.")
    sold = {item.product_id: item for item in sale.items}
    problems = FieldProblems()
    for index, line in enumerate(wanted):
        if line.product_id not in sold:
            problems.check(f"items[{index}].product_id", f"sale {sale.number} has no product {line.product_id}")
        else:
            _serial_problems(index, line, sold[line.product_id], problems)
    problems.raise_if_any()
    for index, line in enumerate(wanted):
        item = sold[line.product_id]
        gone = (back or {}).get(line.product_id, set())
        strangers = [s for s in line.serials if s not in item.serials or s in gone]
        if item.serials and strangers:
            raise Conflict(f"Not sold on sale {sale.number}, or already returned: {', '.join(strangers)}.",
                           field=f"items[{index}].serials")
    over: list[str] = []
    items = []
    for line in wanted:
        item = sold[line.product_id]
        left = item.quantity - already.get(line.product_id, 0)
        if line.quantity > left:
            over.append(f"{item.sku} ({left} left to return)")
            continue
        done = already.get(line.product_id, 0)
        items.append(ReturnItem(item.product_id, item.sku, item.name, line.quantity,
                                line_refund(item, done, line.quantity), line.restock,
                                line_tax_refund(item, done, line.quantity), line.serials))
    if over:
        raise Conflict("More than is left to return: " + ", ".join(over) + ".", field="items")
    return items


def refund_total(items: Sequence[ReturnItem]) -> Decimal:
    """What a return refunds: its items' refunds together. Never more than the sale's total, so within the
    money range for every sale the store could keep; checked all the same (422 on ``items``)."""
    return within_range(sum((item.refund_amount for item in items), ZERO), "items", "the refund total")


def refund_problems(total: Decimal, refunds: Sequence[Payment], customer_id: int | None) -> FieldProblems:
    """Refunds: each more than 0, together exactly the refund total; ``account`` needs the sale's customer."""
    problems = FieldProblems()
    if not refunds and total > ZERO:
        problems.check("refunds", f"must add up to the refund total, {total} (none given)")
    for index, refund in enumerate(refunds):
        if refund.amount <= ZERO:
            problems.check(f"refunds[{index}].amount", "must be more than 0")
        if refund.method is PaymentMethod.ACCOUNT and customer_id is None:
            problems.check(f"refunds[{index}].method", "account needs the sale to have a customer")
    paid = sum((r.amount for r in refunds), ZERO)
    if refunds and paid != total:
        problems.check("refunds", f"must add up to the refund total, {total} (they add up to {paid})")
    return problems
