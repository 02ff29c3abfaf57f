"""Answers of the sales endpoints (API.md, "Sales"). Request bodies are the command classes of
``application.sales.commands``."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import attrs

from techstore.application.sales.commands import StatusName
from techstore.domain.sales.returns import Return, ReturnItem
from techstore.domain.sales.sales import Payment, Sale, SaleItem
from techstore.domain.shared.payments import PaymentMethod
from techstore.domain.shared.taxes import RateSummary

# A tax percent as the API writes it: the exact decimal with three places, e.g. "8.250".
PercentText = str


@attrs.frozen
class SaleItemOut:
    product_id: int
    sku: str
    name: str
    quantity: int
    unit_price: Decimal
    discount: Decimal  # the line's own discount, as an amount
    net: Decimal  # after every discount, without tax
    tax_rate: str  # the rate's name, as it was when sold
    tax_percent: PercentText
    tax: Decimal
    line_total: Decimal  # net + tax: what the line costs the customer
    # Beyond API.md: this line's part of the sale-level discount (what a return of the whole line keeps).
    discount_share: Decimal
    serials: list[str]  # a serialized product's units sold on the line (empty for other products)

    @classmethod
    def of(cls, item: SaleItem) -> SaleItemOut:
        return cls(item.product_id, item.sku, item.name, item.quantity, item.unit_price, item.discount, item.net,
                   item.tax_rate.name, str(item.tax_rate.percent), item.tax, item.total, item.discount_share,
                   list(item.serials))


@attrs.frozen
class TaxOut:
    """A document's lines added up per tax rate."""

    name: str
    percent: PercentText
    net: Decimal
    tax: Decimal

    @classmethod
    def of(cls, rate: RateSummary) -> TaxOut:
        return cls(rate.name, str(rate.percent), rate.net, rate.tax)


@attrs.frozen
class PaymentOut:
    method: PaymentMethod
    amount: Decimal

    @classmethod
    def of(cls, payment: Payment) -> PaymentOut:
        return cls(payment.method, payment.amount)


@attrs.frozen
class SaleOut:
    id: int
    number: str
    status: StatusName
    customer_id: int | None
    user_id: int
    items: list[SaleItemOut]
    subtotal: Decimal
    discount: Decimal
    tax_total: Decimal
    total: Decimal
    taxes: list[TaxOut]
    payments: list[PaymentOut]
    # The cash handed over and the change given back (null when no cash was tendered).
    tendered: Decimal | None
    change: Decimal | None
    notes: str | None
    void_reason: str | None
    created_at: datetime
    refunded_total: Decimal
    # The manager who approved what the seller (staff) could not do alone; null when nothing needed it.
    approved_by: int | None

    @classmethod
    def of(cls, sale: Sale) -> SaleOut:
        assert sale.id is not None and sale.number is not None
        return cls(sale.id, sale.number, sale.status.value, sale.customer_id, sale.user_id,
                   [SaleItemOut.of(item) for item in sale.items], sale.subtotal, sale.discount, sale.tax_total,
                   sale.total, [TaxOut.of(rate) for rate in sale.taxes],
                   [PaymentOut.of(payment) for payment in sale.payments], sale.tendered, sale.change, sale.notes,
                   sale.void_reason, sale.created_at, sale.refunded_total, sale.approved_by)


@attrs.frozen
class SalePageOut:
    items: list[SaleOut]
    total: int
    limit: int
    offset: int


@attrs.frozen
class ReturnItemOut:
    product_id: int
    sku: str
    name: str
    quantity: int
    refund_amount: Decimal  # with tax
    tax: Decimal  # within the refund amount
    restocked: bool
    serials: list[str]  # the units that came back (serialized products; empty for others)

    @classmethod
    def of(cls, item: ReturnItem) -> ReturnItemOut:
        return cls(item.product_id, item.sku, item.name, item.quantity, item.refund_amount, item.tax, item.restocked,
                   list(item.serials))


@attrs.frozen
class ReturnOut:
    id: int
    number: str
    sale_id: int
    items: list[ReturnItemOut]
    total: Decimal
    tax_total: Decimal
    refunds: list[PaymentOut]
    reason: str
    created_by: int
    created_at: datetime
    approved_by: int | None  # the manager who approved a refund above the limit (null when none was needed)

    @classmethod
    def of(cls, ret: Return) -> ReturnOut:
        assert ret.id is not None and ret.number is not None
        return cls(ret.id, ret.number, ret.sale_id, [ReturnItemOut.of(item) for item in ret.items], ret.total,
                   ret.tax_total, [PaymentOut.of(refund) for refund in ret.refunds], ret.reason, ret.created_by,
                   ret.created_at, ret.approved_by)


@attrs.frozen
class ReturnPageOut:
    items: list[ReturnOut]
    total: int
    limit: int
    offset: int
