"""What an invoice prints, whichever document it is for: a sale paid on account, or a repair's delivery.

One shape for both, so the 80 mm sheet and the A4 page each have one template: who is billed (name,
address, tax id), the lines, the totals and the payments.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

from techstore.domain.repairs.repairs import Repair
from techstore.domain.sales.sales import ZERO, Sale
from techstore.domain.shared.payments import PaymentMethod
from techstore.domain.shared.taxes import UNTAXED, AppliedRate, RateSummary

METHOD_LABELS = {"cash": "Cash", "card": "Card", "transfer": "Transfer", "account": "On account"}


@attrs.frozen
class BilledTo:
    name: str
    address: str | None = None
    tax_id: str | None = None


@attrs.frozen
class InvoiceLine:
    description: str
    detail: str  # the SKU, or what kind of line it is
    quantity: int
    unit_price: Decimal
    total: Decimal  # after the line's own discount
    discount: Decimal = ZERO  # the line's own discount
    rate: AppliedRate = UNTAXED  # the tax rate the line was taxed at

    @property
    def gross(self) -> Decimal:
        return self.total + self.discount


@attrs.frozen
class Invoice:
    kind: str  # "sale" or "repair": what the number is the number of
    number: str
    issued_at: datetime
    billed_to: BilledTo
    lines: Sequence[InvoiceLine]
    subtotal: Decimal
    discount: Decimal
    total: Decimal
    payments: Sequence[tuple[str, Decimal]]  # (method's label, amount)
    facts: Sequence[tuple[str, str]] = ()  # what else identifies the document (equipment, serial)
    tax_total: Decimal = ZERO
    taxes: Sequence[RateSummary] = ()

    @property
    def tax_added(self) -> bool:
        """Whether the tax was added to the prices (or is within them): read off the figures."""
        return self.total != self.subtotal - self.discount


def billed_to(customer: Any, name: str) -> BilledTo:
    """Who is billed: the customer's record as it is now (name, address, tax id), or only ``name`` when there is
    none (deleted since)."""
    if customer is None:
        return BilledTo(name)
    return BilledTo(customer.name, customer.address, customer.tax_id)


def _payments(payments: Sequence[Any]) -> list[tuple[str, Decimal]]:
    return [(METHOD_LABELS[PaymentMethod(p.method).value], p.amount) for p in payments]


def of_sale(sale: Sale, customer: Any) -> Invoice:
    assert sale.number is not None
    lines = [InvoiceLine(item.name, item.sku, item.quantity, item.unit_price, item.line_total, item.discount,
                         item.tax_rate) for item in sale.items]
    name = customer.name if customer is not None else f"Customer {sale.customer_id}"
    return Invoice("sale", sale.number, sale.created_at, billed_to(customer, name), lines, sale.subtotal,
                   sale.discount, sale.total, _payments(sale.payments), tax_total=sale.tax_total, taxes=sale.taxes)


def of_repair(repair: Repair, customer: Any) -> Invoice:
    """A delivered repair: its parts, and the rest of its price as labour (less, as a discount, when the price
    was set below its parts)."""
    assert repair.number is not None and repair.delivered_at is not None
    lines = [InvoiceLine(part.name, part.sku, part.quantity, part.unit_price, part.line_total)
             for part in repair.parts]
    parts = sum((part.line_total for part in repair.parts), ZERO)
    price = repair.price if repair.price is not None else ZERO
    discount = ZERO
    if price > parts:
        lines.append(InvoiceLine("Labour", "", 1, price - parts, price - parts))
    elif price < parts:
        discount = parts - price
    subtotal = sum((line.total for line in lines), ZERO)
    facts = [("Equipment", repair.equipment)]
    if repair.serial_number:
        facts.append(("Serial", repair.serial_number))
    return Invoice("repair", repair.number, repair.delivered_at, billed_to(customer, repair.customer_name), lines,
                   subtotal, discount, price, _payments(repair.payments), facts)
