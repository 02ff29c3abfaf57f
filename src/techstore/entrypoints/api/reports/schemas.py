"""Answers of the reports endpoints (API.md, "Reports"). Money is a string with two decimals."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs

from techstore.domain.reports.figures import (
    CategoryFigure,
    DayFigure,
    MethodFigure,
    ProductFigure,
    Receivable,
    RepairsFigure,
    SalesReport,
    TaxFigure,
)


@attrs.frozen
class ReportDayOut:
    """One local day: sales not voided, returns made that day, repairs delivered that day (what their
    deliveries took), the net revenue (sales − refunds + repairs); and ``money_net``, the money journal's
    entries of the day, every method (taken less paid back; pay-ins and pay-outs aside)."""

    day: date
    sales_count: int
    sales_amount: Decimal
    returns_count: int
    refunded: Decimal
    repairs_count: int
    repairs_amount: Decimal
    net: Decimal
    money_net: Decimal

    @classmethod
    def of(cls, f: DayFigure) -> ReportDayOut:
        return cls(f.day, f.sales_count, f.sales_amount, f.returns_count, f.refunded, f.repairs_count,
                   f.repairs_amount, f.net, f.money_net)


@attrs.frozen
class ReportMethodOut:
    """Money by a method, from the journal, on the days it changed hands: taken by sales, repair deposits and
    deliveries and payments on accounts, less the reversals of voided sales (each one off the count too);
    refunded by returns; ``outside_drawer`` is the part of the net taken or paid with no drawer open.
    Pay-ins and pay-outs are not takings: the cash sessions show them."""

    method: str
    payments_count: int
    taken: Decimal
    refunds_count: int
    refunded: Decimal
    net: Decimal
    outside_drawer: Decimal

    @classmethod
    def of(cls, f: MethodFigure) -> ReportMethodOut:
        return cls(f.method, f.payments_count, f.taken, f.refunds_count, f.refunded, f.net, f.outside_drawer)


@attrs.frozen
class ReportCategoryOut:
    """A category (the product's category now), returns netted: units sold less returned; ``revenue`` the
    lines' totals less their share of the sale's discount, without tax, less the refunds (without tax) of the
    returns made in the period; ``cost`` the cost copied onto each sale line × quantity, less the returned
    units' cost, over the lines whose cost was known; ``revenue_without_cost`` the part of ``revenue`` whose
    cost was not known (left out of the margin); ``margin`` = revenue − revenue_without_cost − cost;
    ``margin_percent`` the margin as a percent of revenue − revenue_without_cost, two decimals (null when that
    is zero)."""

    category_id: int | None
    name: str
    units: int
    revenue: Decimal
    cost: Decimal
    margin: Decimal
    margin_percent: Decimal | None
    revenue_without_cost: Decimal

    @classmethod
    def of(cls, f: CategoryFigure) -> ReportCategoryOut:
        return cls(f.category_id, f.name, f.units, f.revenue, f.cost, f.margin, f.margin_percent,
                   f.revenue_without_cost)


@attrs.frozen
class ReportProductOut:
    """A best seller: what was sold in the period (returns aside)."""

    product_id: int
    sku: str
    name: str
    units: int
    revenue: Decimal

    @classmethod
    def of(cls, f: ProductFigure) -> ReportProductOut:
        return cls(f.product_id, f.sku, f.name, f.units, f.revenue)


@attrs.frozen
class ReportProductMarginOut:
    """A product sold or returned in the period, returns netted, with its margin (as ``ReportCategoryOut``)."""

    product_id: int
    sku: str
    name: str
    units: int
    revenue: Decimal
    cost: Decimal
    margin: Decimal
    margin_percent: Decimal | None
    revenue_without_cost: Decimal

    @classmethod
    def of(cls, f: ProductFigure) -> ReportProductMarginOut:
        return cls(f.product_id, f.sku, f.name, f.units, f.revenue, f.cost, f.margin, f.margin_percent,
                   f.revenue_without_cost)


@attrs.frozen
class ReportTopProductsOut:
    by_revenue: list[ReportProductOut]
    by_units: list[ReportProductOut]


@attrs.frozen
class ReportReturnsOut:
    count: int
    units: int
    restocked_units: int
    refunded: Decimal


@attrs.frozen
class ReportMarginOut:
    """Revenue less cost over the lines whose cost was known when sold, returns netted (a return made in the
    period takes back its refund without tax and its units' cost); the others are counted apart (sale lines,
    and their revenue net of returns). ``margin_percent``: of ``revenue``, two decimals (null on none)."""

    revenue: Decimal
    cost: Decimal
    margin: Decimal
    margin_percent: Decimal | None
    lines_with_cost: int
    lines_without_cost: int
    revenue_without_cost: Decimal


@attrs.frozen
class ReportTotalsOut:
    """The period's revenue (``net`` = sales − refunds + repairs delivered) and its money (``money_net``)."""

    sales_count: int
    sales_amount: Decimal
    refunded: Decimal
    repairs_count: int
    repairs_amount: Decimal
    net: Decimal
    money_net: Decimal


@attrs.frozen
class ReportRepairsOut:
    """The repairs delivered in the period: how many, what their deliveries took (``total``), of which
    ``parts`` (their part lines) and ``labour`` (the rest)."""

    count: int
    total: Decimal
    parts: Decimal
    labour: Decimal

    @classmethod
    def of(cls, f: RepairsFigure) -> ReportRepairsOut:
        return cls(f.count, f.total, f.parts, f.labour)


@attrs.frozen
class ReportTaxOut:
    """What was taxed at one rate in the period: sales less returns, plus repairs delivered (untaxed until
    repairs are taxed per line). ``net`` is without tax."""

    name: str
    percent: str  # the exact percent, three decimals: "8.250"
    net: Decimal
    tax: Decimal

    @classmethod
    def of(cls, f: TaxFigure) -> ReportTaxOut:
        return cls(f.name, str(f.percent), f.net, f.tax)


@attrs.frozen
class SalesReportOut:
    """Sales of the local days ``first_day`` to ``last_day`` (both included) in the store's ``timezone``.
    Voided sales count nowhere; returns subtract on the day they are made; repairs count on their delivery
    day. Money by payment method reads the money journal. ``as_of``: read from a streaming replica of the
    database, the time the figures are as of (what the replica held then); null when read from the primary."""

    first_day: date
    last_day: date
    timezone: str
    totals: ReportTotalsOut
    by_day: list[ReportDayOut]
    by_payment_method: list[ReportMethodOut]
    by_category: list[ReportCategoryOut]
    by_product: list[ReportProductMarginOut]
    top_products: ReportTopProductsOut
    returns: ReportReturnsOut
    margin: ReportMarginOut
    repairs: ReportRepairsOut
    tax_by_rate: list[ReportTaxOut]
    as_of: datetime | None = None

    @classmethod
    def of(cls, r: SalesReport) -> SalesReportOut:
        m, returned = r.margin, r.returns
        top = ReportTopProductsOut([ReportProductOut.of(p) for p in r.top_by_revenue],
                                   [ReportProductOut.of(p) for p in r.top_by_units])
        return cls(
            r.first, r.last, r.timezone,
            ReportTotalsOut(r.sales_count, r.sales_amount, r.refunded, r.repairs.count, r.repairs.total, r.net,
                            r.money_net),
            [ReportDayOut.of(d) for d in r.by_day], [ReportMethodOut.of(f) for f in r.by_method],
            [ReportCategoryOut.of(c) for c in r.by_category], [ReportProductMarginOut.of(p) for p in r.by_product],
            top,
            ReportReturnsOut(returned.count, returned.units, returned.restocked_units, returned.refunded),
            ReportMarginOut(m.revenue, m.cost, m.margin, m.margin_percent, m.lines_with_cost, m.lines_without_cost,
                            m.revenue_without_cost),
            ReportRepairsOut.of(r.repairs), [ReportTaxOut.of(t) for t in r.taxes], r.as_of)


@attrs.frozen
class ReceivableOut:
    customer_id: int
    name: str
    balance: Decimal

    @classmethod
    def of(cls, r: Receivable) -> ReceivableOut:
        return cls(r.customer_id, r.name, r.balance)


@attrs.frozen
class ReceivablePageOut:
    items: list[ReceivableOut]
    total: int
    limit: int
    offset: int
