"""What the point-of-sale page asks before a sale is placed: a product by the code scanned or typed,
and the figures of the sale being rung up (priced on the server: no money arithmetic in the browser)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import attrs

from techstore.application.catalog.ports import ProductSnapshot, UnitRecord
from techstore.application.sales.ports import SalesUnitOfWorkFactory
from techstore.domain.catalog.units import SERIAL_PATTERN, SerialKind, UnitStatus, normalise_serial
from techstore.domain.identity.users import User
from techstore.domain.sales.discounts import Discount
from techstore.domain.sales.sales import (
    ZERO,
    Payment,
    PricedProduct,
    SaleItem,
    change_due,
    figures,
    line_range_problems,
    payment_problems,
    price_lines,
)
from techstore.domain.shared.errors import FieldProblems
from techstore.domain.shared.money import out_of_range
from techstore.domain.shared.payments import PaymentMethod
from techstore.domain.shared.taxes import RateSummary


@attrs.frozen
class CartLine:
    product_id: int
    quantity: int
    discount: Discount | None = None  # the line's own discount
    serials: tuple[str, ...] = ()  # a serialized product's units (the quantity is their count)


@attrs.frozen
class Cart:
    """The sale being rung up, as the page holds it."""

    lines: Sequence[CartLine]
    discount: Discount | None = None  # the sale's discount
    payments: Sequence[Payment] = ()
    tendered: Decimal | None = None  # cash handed over, to work out the change (not a payment)
    customer_id: int | None = None


@attrs.frozen
class QuotedLine:
    item: SaleItem
    stock: int
    sellable: bool
    serial_kind: SerialKind | None = None  # serialized: the line names its units


@attrs.frozen
class Quote:
    lines: list[QuotedLine]
    subtotal: Decimal  # after the lines' own discounts
    line_discounts: Decimal  # what the lines' own discounts take off, together
    discount: Decimal  # the sale's discount, as an amount
    tax_total: Decimal
    taxes: list[RateSummary]
    prices_include_tax: bool  # whether the tax is within the prices (shown "incl.") or added to them
    total: Decimal
    paid: Decimal
    due: Decimal  # what the payments still leave to pay (negative: they exceed the total)
    change: Decimal | None  # for the cash tendered, once the payments cover the total
    problems: dict[str, str]  # what placing it now would refuse, by field
    # Every product the cart names, priced or not yet (a serialized line waiting for its first serial).
    products: dict[int, ProductSnapshot] = attrs.Factory(dict)


class FindProductByCode:
    def __init__(self, uow: SalesUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, code: str) -> ProductSnapshot | None:
        with self._uow(read_only=True) as uow:
            return uow.stock.by_code(code)


@attrs.frozen
class UnitAtCounter:
    """A serial scanned at the counter: its unit, and whether it can be sold (in stock, its product sellable)."""

    record: UnitRecord

    @property
    def sellable(self) -> bool:
        return self.record.unit.status is UnitStatus.IN_STOCK and self.record.product.is_sellable

    @property
    def refusal(self) -> str:
        """Why it cannot be sold, for the counter."""
        unit = self.record.unit
        if unit.status is UnitStatus.SOLD:
            sold = f" on sale {self.record.sale_number}" if self.record.sale_number else ""
            return f"{unit.serial} ({self.record.product.name}) was sold{sold}: it is not in stock."
        if unit.status is UnitStatus.DAMAGED:
            return f"{unit.serial} ({self.record.product.name}) came back damaged: it cannot be sold."
        return f"{self.record.product.name} cannot be sold (inactive or deleted)."


class FindUnitBySerial:
    """A unit by the serial or IMEI scanned or typed (trimmed, any letter case): None when no unit has it."""

    def __init__(self, uow: SalesUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, serial: str) -> UnitAtCounter | None:
        wanted = normalise_serial(serial)
        if SERIAL_PATTERN.fullmatch(wanted) is None:
            return None
        with self._uow(read_only=True) as uow:
            record = uow.unit_lookup.find(wanted)
        return None if record is None else UnitAtCounter(record)


class QuoteSale:
    """The cart's lines priced at today's prices, its totals, the change for the cash tendered, and what
    would be refused; unknown products drop out."""

    def __init__(self, uow: SalesUnitOfWorkFactory, prices_include_tax: bool = False) -> None:
        self._uow = uow
        self._prices_include_tax = prices_include_tax

    def __call__(self, actor: User, cart: Cart) -> Quote:
        with self._uow(read_only=True) as uow:
            found = uow.stock.sellable([line.product_id for line in cart.lines])
        products = {pid: PricedProduct(s.id, s.sku, s.name, s.price, s.cost, rate=s.tax_rate)
                    for pid, s in found.items()}
        beyond = FieldProblems()
        items = price_lines(cart.lines, products, beyond)
        subtotal = sum((item.line_total for item in items), ZERO)
        problems: dict[str, str] = {}
        beyond.check("items", out_of_range(subtotal, "the sale's subtotal"))
        _collect(beyond, problems)
        _collect(line_range_problems(items, cart.lines), problems)
        discount = cart.discount.of(subtotal) if cart.discount is not None else ZERO
        if discount > subtotal:
            problems["discount"] = f"must not be more than the subtotal, {subtotal}"
            discount = ZERO
        sale = figures(items, discount, prices_include_tax=self._prices_include_tax)
        items, total = sale.items, sale.total
        _collect(within(total), problems)
        paid = sum((p.amount for p in cart.payments), ZERO)
        _collect(payment_problems(total, cart.payments, cart.customer_id), problems)
        lines = [QuotedLine(item, found[item.product_id].stock, found[item.product_id].is_sellable,
                            found[item.product_id].serial_kind) for item in items]
        line_discounts = sum((item.discount for item in items), ZERO)
        return Quote(lines, subtotal, line_discounts, discount, sale.tax_total, sale.taxes, self._prices_include_tax,
                     total, paid, total - paid, _change(total, paid, cart), problems, dict(found))


def within(total: Decimal) -> FieldProblems:
    problems = FieldProblems()
    problems.check("items", out_of_range(total, "the sale's total with tax"))
    return problems


def _change(total: Decimal, paid: Decimal, cart: Cart) -> Decimal | None:
    """The cash tendered less the cash due, once the payments cover the sale and a cash part is among
    them: before that, what the customer still owes would be handed back as change."""
    if paid != total or not any(p.method is PaymentMethod.CASH for p in cart.payments):
        return None
    return change_due(total, cart.payments, cart.tendered)


def _collect(found: FieldProblems, problems: dict[str, str]) -> None:
    """``found``'s messages into ``problems``, the first per field."""
    for error in found.errors:
        problems.setdefault(error.field, error.message)
