"""The figures a report or the dashboard shows. Plain values: the adapters compute them (grouped SQL, or the
same sums in Python for the in-memory store) and the use cases assemble them.

Revenue reads the documents: net revenue of a day = the totals of the sales made that day that are not voided,
less the refunds of the returns made that day (whatever day their sale was), plus what the repairs delivered
that day took. A voided sale counts nowhere. Money reads the journal: what was taken and paid back by each
method, on the day it changed hands (a void takes its sale's money back on the day of the void).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import attrs

from techstore.domain.shared.payments import PaymentMethod

ZERO = Decimal("0.00")


@attrs.frozen
class DayFigure:
    """One local day: sales (count, amount), returns (count, refunded), repairs delivered (count, what their
    deliveries took, of which parts) and the net revenue; and the money of the day from the journal."""

    day: date
    sales_count: int = 0
    sales_amount: Decimal = ZERO
    returns_count: int = 0
    refunded: Decimal = ZERO
    repairs_count: int = 0
    repairs_amount: Decimal = ZERO
    repairs_parts: Decimal = ZERO  # the part lines' totals of those repairs
    money_net: Decimal = ZERO  # the journal's entries of the day, every method (pay-ins and pay-outs aside)

    @property
    def net(self) -> Decimal:
        return self.sales_amount - self.refunded + self.repairs_amount


@attrs.frozen
class MethodFigure:
    """One payment method, from the journal: what was taken by it (sales, repair deposits and deliveries,
    payments on accounts, less the reversals of voids: a reversal also takes one off the count) and what was
    refunded by it (returns). ``outside_drawer`` is the part of the net taken or paid while the user had no
    open drawer (signed). Pay-ins and pay-outs move cash within the drawers: they are not takings."""

    method: str
    payments_count: int = 0
    taken: Decimal = ZERO
    refunds_count: int = 0
    refunded: Decimal = ZERO
    outside_drawer: Decimal = ZERO

    @property
    def net(self) -> Decimal:
        return self.taken - self.refunded


@attrs.frozen
class RepairsFigure:
    """The repairs delivered in a period: how many, what their deliveries took, and of that the parts (their
    part lines' totals) and the labour (the rest)."""

    count: int = 0
    total: Decimal = ZERO
    parts: Decimal = ZERO

    @property
    def labour(self) -> Decimal:
        return self.total - self.parts


PERCENT = Decimal("0.01")


def margin_percent(margin: Decimal, revenue: Decimal) -> Decimal | None:
    """``margin`` as a percent of ``revenue`` (the revenue whose cost is known), half-up to 0.01; None on none."""
    if not revenue:
        return None
    return (margin * 100 / revenue).quantize(PERCENT, rounding=ROUND_HALF_UP)


class _Margins:
    """Gross margin over a group of lines, returns netted: ``revenue`` is what the lines sold for (after every
    discount, without tax) less what the returns made in the period refunded for them (without tax); ``cost``
    is the cost copied onto each sale line times its quantity, less the cost of the units returned, over the
    lines whose cost was known; ``revenue_without_cost`` is the part of ``revenue`` from lines without one."""

    revenue: Decimal
    cost: Decimal
    revenue_without_cost: Decimal

    @property
    def revenue_with_cost(self) -> Decimal:
        return self.revenue - self.revenue_without_cost

    @property
    def margin(self) -> Decimal:
        return self.revenue_with_cost - self.cost

    @property
    def margin_percent(self) -> Decimal | None:
        return margin_percent(self.margin, self.revenue_with_cost)


@attrs.frozen
class CategoryFigure(_Margins):
    """Sold in a category (the product's category now), returns netted: units (sold less returned), revenue,
    cost and margin (``_Margins``)."""

    category_id: int | None
    name: str
    units: int
    revenue: Decimal
    cost: Decimal = ZERO
    revenue_without_cost: Decimal = ZERO


@attrs.frozen
class ProductFigure(_Margins):
    """A product's units and revenue. In the top lists: what was sold (returns aside). In ``by_product``:
    returns netted, with cost and margin (``_Margins``)."""

    product_id: int
    sku: str
    name: str
    units: int
    revenue: Decimal
    cost: Decimal = ZERO
    revenue_without_cost: Decimal = ZERO


@attrs.frozen
class ReturnsFigure:
    """The returns made in the period: how many, units brought back (and how many of them restocked), refunded."""

    count: int = 0
    units: int = 0
    restocked_units: int = 0
    refunded: Decimal = ZERO


@attrs.frozen
class TaxFigure:
    """What was taxed at one rate over a period: sales less returns, plus repairs (net without tax, tax)."""

    name: str
    percent: Decimal
    net: Decimal = ZERO
    tax: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.net + self.tax


def by_rate(parts: Iterable[TaxFigure]) -> list[TaxFigure]:
    """Parts (sales, returns as negatives, repairs) added up per rate, the highest percent first."""
    sums: dict[tuple[str, Decimal], tuple[Decimal, Decimal]] = {}
    for part in parts:
        key = (part.name, part.percent.quantize(Decimal("0.001")))
        net, tax = sums.get(key, (ZERO, ZERO))
        sums[key] = (net + part.net, tax + part.tax)
    return [TaxFigure(name, percent, net, tax)
            for (name, percent), (net, tax) in sorted(sums.items(), key=lambda pair: (-pair[0][1], pair[0][0]))]


@attrs.frozen
class MarginFigure:
    """Revenue less cost over the lines sold whose cost was known when sold, returns netted as ``_Margins``
    (a return made in the period takes back its refund without tax and its units' cost); the lines without a
    known cost are counted (sale lines) and their revenue, net of returns, is kept apart."""

    revenue: Decimal = ZERO
    cost: Decimal = ZERO
    lines_with_cost: int = 0
    lines_without_cost: int = 0
    revenue_without_cost: Decimal = ZERO

    @property
    def margin(self) -> Decimal:
        return self.revenue - self.cost

    @property
    def margin_percent(self) -> Decimal | None:
        return margin_percent(self.margin, self.revenue)


@attrs.frozen
class Receivable:
    customer_id: int
    name: str
    balance: Decimal


@attrs.frozen
class StatusCount:
    status: str
    count: int


@attrs.frozen
class LowStockProduct:
    product_id: int
    sku: str
    name: str
    stock: int
    min_stock: int


@attrs.frozen
class OpenDrawer:
    session_id: int
    user_id: int
    user_name: str
    opening_float: Decimal
    opened_at: datetime


@attrs.frozen
class SalesReport:
    first: date
    last: date
    timezone: str
    by_day: Sequence[DayFigure]  # every day of the period, in order, zeros included
    by_method: Sequence[MethodFigure]
    by_category: Sequence[CategoryFigure]
    top_by_revenue: Sequence[ProductFigure]
    top_by_units: Sequence[ProductFigure]
    returns: ReturnsFigure
    margin: MarginFigure
    taxes: Sequence[TaxFigure] = ()  # by rate: sales less returns, plus repairs
    by_product: Sequence[ProductFigure] = ()  # every product sold or returned, with margin, revenue first
    as_of: datetime | None = None  # read from a replica: what it held then (None: read from the primary, now)

    @property
    def sales_count(self) -> int:
        return sum(d.sales_count for d in self.by_day)

    @property
    def sales_amount(self) -> Decimal:
        return sum((d.sales_amount for d in self.by_day), ZERO)

    @property
    def refunded(self) -> Decimal:
        return sum((d.refunded for d in self.by_day), ZERO)

    @property
    def repairs(self) -> RepairsFigure:
        return RepairsFigure(sum(d.repairs_count for d in self.by_day),
                             sum((d.repairs_amount for d in self.by_day), ZERO),
                             sum((d.repairs_parts for d in self.by_day), ZERO))

    @property
    def net(self) -> Decimal:
        """Net revenue: sales − refunds + repairs delivered."""
        return self.sales_amount - self.refunded + self.repairs.total

    @property
    def money_net(self) -> Decimal:
        """The journal's net over the period: what every method took less what they paid back."""
        return sum((d.money_net for d in self.by_day), ZERO)


@attrs.frozen
class Dashboard:
    today: DayFigure
    today_by_method: Sequence[MethodFigure]  # every method, from the journal
    last_days: Sequence[DayFigure]  # the last 30 local days, today last
    repairs_by_status: Sequence[StatusCount]
    low_stock: Sequence[LowStockProduct]
    low_stock_total: int
    debtors: Sequence[Receivable]
    debtors_total: int
    open_drawers: Sequence[OpenDrawer]
    as_of: datetime | None = None  # as SalesReport's

    @property
    def cash_outside_drawer(self) -> Decimal:
        """Cash taken (less paid back) today by users without an open drawer: shown when not zero."""
        return sum((m.outside_drawer for m in self.today_by_method if m.method == PaymentMethod.CASH.value), ZERO)
