"""The figures a report or the dashboard shows. Plain values: the adapters compute them (grouped SQL, or the
same sums in Python for the in-memory store) and the use cases assemble them.

Net sales of a day = the totals of the sales made that day that are not voided, less the refunds of the
returns made that day (whatever day their sale was), by their refund methods. A voided sale counts nowhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

import attrs

ZERO = Decimal("0.00")


@attrs.frozen
class DayFigure:
    """One local day: sales (count, amount), returns (count, refunded) and the net."""

    day: date
    sales_count: int = 0
    sales_amount: Decimal = ZERO
    returns_count: int = 0
    refunded: Decimal = ZERO

    @property
    def net(self) -> Decimal:
        return self.sales_amount - self.refunded


@attrs.frozen
class MethodFigure:
    """One payment method: what was taken by it (payments of sales) and refunded by it."""

    method: str
    payments_count: int = 0
    taken: Decimal = ZERO
    refunds_count: int = 0
    refunded: Decimal = ZERO

    @property
    def net(self) -> Decimal:
        return self.taken - self.refunded


@attrs.frozen
class CategoryFigure:
    """Sold in a category: units and revenue (line totals less their share of the sale's discount)."""

    category_id: int | None
    name: str
    units: int
    revenue: Decimal


@attrs.frozen
class ProductFigure:
    product_id: int
    sku: str
    name: str
    units: int
    revenue: Decimal


@attrs.frozen
class ReturnsFigure:
    """The returns made in the period: how many, units brought back (and how many of them restocked), refunded."""

    count: int = 0
    units: int = 0
    restocked_units: int = 0
    refunded: Decimal = ZERO


@attrs.frozen
class MarginFigure:
    """Revenue less cost over the lines sold whose cost was known when sold; the others are counted."""

    revenue: Decimal = ZERO
    cost: Decimal = ZERO
    lines_with_cost: int = 0
    lines_without_cost: int = 0
    revenue_without_cost: Decimal = ZERO

    @property
    def margin(self) -> Decimal:
        return self.revenue - self.cost


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
    def net(self) -> Decimal:
        return self.sales_amount - self.refunded


@attrs.frozen
class Dashboard:
    today: DayFigure
    today_by_method: Sequence[MethodFigure]
    last_days: Sequence[DayFigure]  # the last 30 local days, today last
    repairs_by_status: Sequence[StatusCount]
    low_stock: Sequence[LowStockProduct]
    low_stock_total: int
    debtors: Sequence[Receivable]
    debtors_total: int
    open_drawers: Sequence[OpenDrawer]
