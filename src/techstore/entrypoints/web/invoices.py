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

from techstore.domain.repairs.lines import tax_summary
from techstore.domain.repairs.repairs import Repair
from techstore.domain.sales.sales import ZERO, Sale
from techstore.domain.shared.money import round_cents
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
    serials: tuple[str, ...] = ()  # the units sold on the line (serialized products)

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
                         item.tax_rate, item.serials) for item in sale.items]
    name = customer.name if customer is not None else f"Customer {sale.customer_id}"
    return Invoice("sale", sale.number, sale.created_at, billed_to(customer, name), lines, sale.subtotal,
                   sale.discount, sale.total, _payments(sale.payments), tax_total=sale.tax_total, taxes=sale.taxes)


def of_repair(repair: Repair, customer: Any) -> Invoice:
    """A delivered repair: its labour and part lines taxed per line, its deposits and delivery's payments, and
    the end of its warranty."""
    assert repair.number is not None and repair.delivered_at is not None
    lines = [InvoiceLine(line.description, line.sku or line.kind.value, line.quantity, line.unit_price,
                         round_cents(line.unit_price * line.quantity), rate=line.tax_rate, serials=line.serials)
             for line in repair.lines]
    subtotal = sum((line.total for line in lines), ZERO)
    facts = [("Equipment", repair.equipment)]
    if repair.serial_number:
        facts.append(("Serial", repair.serial_number))
    if repair.warranty:
        facts.append(("Under warranty", "nothing to pay"))
    if repair.warranty_until:
        facts.append(("Warranty until", repair.warranty_until.isoformat()))
    paid = [(f"Deposit, {METHOD_LABELS[p.method.value].lower()}", p.amount)
            for deposit in repair.deposits for p in deposit.payments]
    return Invoice("repair", repair.number, repair.delivered_at, billed_to(customer, repair.customer_name), lines,
                   subtotal, ZERO, repair.price, paid + _payments(repair.delivery_payments), facts,
                   tax_total=repair.tax_total, taxes=tax_summary(repair.lines))
