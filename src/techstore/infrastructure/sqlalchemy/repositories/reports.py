"""The reports' figures as grouped SQL: every figure is summed by the database, never by loading rows.

Local days: the period's UTC bounds filter ``created_at`` (an index range), and each row's local day is
computed in SQL: on PostgreSQL ``(created_at AT TIME ZONE :zone)::date`` (``created_at`` is ``timestamptz``,
ADR 0003); SQLite has no time-zone database, so each row is shifted by the UTC offset of its segment of the
period (``LocalPeriod.segments``: the offset changes only at DST transitions), which is exact across DST.
Grouping is by position (``GROUP BY 1``): PostgreSQL binds parameters on the server, so the same expression
written twice with its own parameters would not count as the same expression.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    Integer,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    type_coerce,
    union_all,
)
from sqlalchemy.sql.elements import ColumnElement

from techstore.application.reports.journal_figures import DRAWER_KINDS, Tally, fold_methods
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.reports.days import LocalPeriod
from techstore.domain.reports.figures import (
    ZERO,
    CategoryFigure,
    DayFigure,
    LowStockProduct,
    MarginFigure,
    MethodFigure,
    OpenDrawer,
    ProductFigure,
    Receivable,
    ReturnsFigure,
    StatusCount,
    TaxFigure,
    by_rate,
)
from techstore.infrastructure.sqlalchemy import executor as sql
from techstore.infrastructure.sqlalchemy.tables.cash import cash_sessions as cs
from techstore.infrastructure.sqlalchemy.tables.cash import journal_entries as je
from techstore.infrastructure.sqlalchemy.tables.catalog import categories as cat
from techstore.infrastructure.sqlalchemy.tables.catalog import products as prod
from techstore.infrastructure.sqlalchemy.tables.customers import customers as cust
from techstore.infrastructure.sqlalchemy.tables.identity import users as u
from techstore.infrastructure.sqlalchemy.tables.repairs import repair_lines as parts_
from techstore.infrastructure.sqlalchemy.tables.repairs import repair_payments as rp
from techstore.infrastructure.sqlalchemy.tables.repairs import repairs as rep
from techstore.infrastructure.sqlalchemy.tables.sales import return_items as ri
from techstore.infrastructure.sqlalchemy.tables.sales import returns as r
from techstore.infrastructure.sqlalchemy.tables.sales import sale_items as i
from techstore.infrastructure.sqlalchemy.tables.sales import sales as s
from techstore.infrastructure.sqlalchemy.types import Money, UTCDateTime

# Literal, not bound: the partial indexes' predicates (``status = 'completed'``, ``balance > 0``) must be
# provable from the statement itself, whatever plan PostgreSQL caches for it.
_COMPLETED = s.c.status == literal_column("'completed'")
_DELIVERED: ColumnElement[str] = literal_column("'delivered'")
_NET = i.c.net  # what a line sold for, after every discount, without tax
_COST = type_coerce(i.c.unit_cost * i.c.quantity, Money)
_BY_POSITION = text("1")


def _money(value: Any) -> Decimal:
    return ZERO if value is None else Decimal(value)


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


class SqlReportQueries:
    def __init__(self, connection: Connection) -> None:
        self._db = connection
        self._postgres = connection.dialect.name == "postgresql"

    # The period: bounds and local days

    def _local_day(self, column: Any, period: LocalPeriod) -> ColumnElement[Any]:
        if self._postgres:
            return cast(func.timezone(literal(period.zone_name), column), Date)
        segments = period.segments()
        shifted = [func.date(column, f"{seg.offset:+d} seconds") for seg in segments]
        if len(shifted) == 1:
            return shifted[0]
        return case(*[(column < literal(seg.end, UTCDateTime), day)
                      for seg, day in zip(segments[:-1], shifted[:-1], strict=True)], else_=shifted[-1])

    @staticmethod
    def _within(column: Any, period: LocalPeriod) -> ColumnElement[bool]:
        return and_(column >= literal(period.start, UTCDateTime), column < literal(period.end, UTCDateTime))

    def _sales_in(self, period: LocalPeriod) -> ColumnElement[bool]:
        return and_(_COMPLETED, s.c.number.is_not(None), self._within(s.c.created_at, period))

    def _returns_in(self, period: LocalPeriod) -> ColumnElement[bool]:
        return and_(r.c.number.is_not(None), _COMPLETED, self._within(r.c.created_at, period))

    # Figures of a period

    def _delivered_in(self, period: LocalPeriod) -> ColumnElement[bool]:
        return and_(rep.c.status == _DELIVERED, self._within(rep.c.delivered_at, period))

    def _money_in(self, period: LocalPeriod) -> ColumnElement[bool]:
        return and_(self._within(je.c.created_at, period), je.c.kind.not_in(DRAWER_KINDS))

    def by_day(self, period: LocalPeriod) -> Sequence[DayFigure]:
        """One statement: sales, returns, repairs delivered (what their deliveries took, then their parts)
        and the journal's money, each grouped by local day."""
        sold = (select(self._local_day(s.c.created_at, period).label("day"), literal("s").label("kind"),
                       func.count().label("n"), func.sum(s.c.total).label("amount"))
                .where(self._sales_in(period)).group_by(_BY_POSITION))
        returned = (select(self._local_day(r.c.created_at, period), literal("r"), func.count(), func.sum(r.c.total))
                    .select_from(r.join(s, s.c.id == r.c.sale_id)).where(self._returns_in(period))
                    .group_by(_BY_POSITION))
        repaired = (select(self._local_day(rep.c.delivered_at, period), literal("p"), func.count(rep.c.id.distinct()),
                           func.sum(rp.c.amount))
                    .select_from(rep.outerjoin(rp, rp.c.repair_id == rep.c.id)).where(self._delivered_in(period))
                    .group_by(_BY_POSITION))
        parts = (select(self._local_day(rep.c.delivered_at, period), literal("q"), func.count(),
                        func.sum(parts_.c.line_total))
                 .select_from(parts_.join(rep, rep.c.id == parts_.c.repair_id))
                 .where(self._delivered_in(period), parts_.c.kind == "part").group_by(_BY_POSITION))
        money = (select(self._local_day(je.c.created_at, period), literal("m"), func.count(), func.sum(je.c.amount))
                 .where(self._money_in(period)).group_by(_BY_POSITION))
        days: dict[date, dict[str, tuple[int, Decimal]]] = {}
        for day, kind, count, amount in sql.rows(self._db, union_all(sold, returned, repaired, parts, money)):
            days.setdefault(_day(day), {})[kind] = (count, _money(amount))
        return [DayFigure(day, *found.get("s", (0, ZERO)), *found.get("r", (0, ZERO)), *found.get("p", (0, ZERO)),
                          found.get("q", (0, ZERO))[1], found.get("m", (0, ZERO))[1])
                for day, found in sorted(days.items())]

    def by_method(self, period: LocalPeriod) -> Sequence[MethodFigure]:
        outside = type_coerce(func.sum(case((je.c.cash_session_id.is_(None), je.c.amount))), Money)
        rows = sql.rows(self._db, select(je.c.method, je.c.kind, func.count(), func.sum(je.c.amount), outside)
                        .where(self._money_in(period)).group_by(je.c.method, je.c.kind))
        return fold_methods(Tally(method, kind, count, _money(amount), _money(away))
                            for method, kind, count, amount, away in rows)

    def _netted_lines(self, period: LocalPeriod) -> Any:
        """Per line, signed: the lines sold in the period (units, revenue, cost if known, revenue without a
        known cost) and the lines returned in it, negative, at their sale line's cost (``_Margins``)."""
        known = i.c.unit_cost.is_not(None)
        sold = (select(i.c.product_id.label("product_id"), i.c.quantity.label("units"),
                       type_coerce(_NET, Money).label("revenue"),
                       type_coerce(case((known, _COST), else_=literal(0, Integer)), Money).label("cost"),
                       type_coerce(case((~known, _NET), else_=literal(0, Integer)), Money).label("unknown"),
                       case((known, literal(1, Integer)), else_=literal(0, Integer)).label("known_line"),
                       case((known, literal(0, Integer)), else_=literal(1, Integer)).label("unknown_line"))
                .select_from(i.join(s, s.c.id == i.c.sale_id)).where(self._sales_in(period)))
        line = i.alias("returned_line")
        back = type_coerce(ri.c.refund_amount - ri.c.tax, Money)
        line_known = line.c.unit_cost.is_not(None)
        returned = (select(ri.c.product_id, -ri.c.quantity, type_coerce(-back, Money),
                           type_coerce(case((line_known, -(line.c.unit_cost * ri.c.quantity)),
                                            else_=literal(0, Integer)), Money),
                           type_coerce(case((~line_known, -back), else_=literal(0, Integer)), Money),
                           literal(0, Integer), literal(0, Integer))
                    .select_from(ri.join(r, r.c.id == ri.c.return_id).join(s, s.c.id == r.c.sale_id)
                                 .join(line, and_(line.c.sale_id == r.c.sale_id, line.c.product_id == ri.c.product_id)))
                    .where(self._returns_in(period)))
        return union_all(sold, returned).subquery("netted")

    @staticmethod
    def _sums(lines: Any) -> list[Any]:
        return [func.sum(lines.c.units), type_coerce(func.sum(lines.c.revenue), Money),
                type_coerce(func.sum(lines.c.cost), Money), type_coerce(func.sum(lines.c.unknown), Money)]

    def by_category(self, period: LocalPeriod) -> Sequence[CategoryFigure]:
        """One statement: the netted lines grouped by their product's category now."""
        lines = self._netted_lines(period)
        rows = sql.rows(self._db, select(prod.c.category_id, cat.c.name, *self._sums(lines))
            .select_from(lines.join(prod, prod.c.id == lines.c.product_id)
                         .outerjoin(cat, cat.c.id == prod.c.category_id))
            .group_by(prod.c.category_id, cat.c.name))
        figures = [CategoryFigure(cid, name or "", int(units), _money(amount), _money(cost), _money(unknown))
                   for cid, name, units, amount, cost, unknown in rows]
        # NULL sorts differently on each database: order the uncategorised the same way everywhere.
        return sorted(figures, key=lambda f: (-f.revenue, f.name, f.category_id or 0))

    def by_product(self, period: LocalPeriod) -> Sequence[ProductFigure]:
        """One statement: the netted lines grouped by product."""
        lines = self._netted_lines(period)
        rows = sql.rows(self._db, select(prod.c.id, prod.c.sku, prod.c.name, *self._sums(lines))
            .select_from(lines.join(prod, prod.c.id == lines.c.product_id))
            .group_by(prod.c.id, prod.c.sku, prod.c.name))
        figures = [ProductFigure(pid, sku, name, int(units), _money(amount), _money(cost), _money(unknown))
                   for pid, sku, name, units, amount, cost, unknown in rows]
        return sorted(figures, key=lambda f: (-f.revenue, f.product_id))

    def top_products(self, period: LocalPeriod, limit: int) -> tuple[Sequence[ProductFigure],
                                                                     Sequence[ProductFigure]]:
        sold = (select(i.c.product_id, func.sum(i.c.quantity).label("units"), func.sum(_NET).label("revenue"))
                .select_from(i.join(s, s.c.id == i.c.sale_id)).where(self._sales_in(period))
                .group_by(i.c.product_id).subquery())
        ranked = select(
            sold.c.product_id, sold.c.units, sold.c.revenue,
            func.row_number().over(order_by=(sold.c.revenue.desc(), sold.c.product_id)).label("by_revenue"),
            func.row_number().over(order_by=(sold.c.units.desc(), sold.c.product_id)).label("by_units"),
        ).subquery()
        rows = sql.rows(self._db, select(
            ranked.c.product_id, prod.c.sku, prod.c.name, ranked.c.units, type_coerce(ranked.c.revenue, Money),
            ranked.c.by_revenue, ranked.c.by_units)
            .select_from(ranked.join(prod, prod.c.id == ranked.c.product_id))
            .where(or_(ranked.c.by_revenue <= limit, ranked.c.by_units <= limit)))
        figures = [(ProductFigure(pid, sku, name, int(units), _money(amount)), int(a), int(b))
                   for pid, sku, name, units, amount, a, b in rows]
        by_revenue = [f for f, a, _ in sorted(figures, key=lambda x: x[1]) if a <= limit]
        by_units = [f for f, _, b in sorted(figures, key=lambda x: x[2]) if b <= limit]
        return by_revenue, by_units

    def returns(self, period: LocalPeriod) -> ReturnsFigure:
        made = (select(func.count(), func.sum(r.c.total)).select_from(r.join(s, s.c.id == r.c.sale_id))
                .where(self._returns_in(period)))
        items = (select(func.sum(ri.c.quantity),
                        func.sum(case((ri.c.restocked, ri.c.quantity), else_=literal(0, Integer))))
                 .select_from(ri.join(r, r.c.id == ri.c.return_id).join(s, s.c.id == r.c.sale_id))
                 .where(self._returns_in(period)))
        count, refunded = sql.one(self._db, made)
        units, restocked = sql.one(self._db, items)
        return ReturnsFigure(int(count), int(units or 0), int(restocked or 0), _money(refunded))

    def margin(self, period: LocalPeriod) -> MarginFigure:
        """One statement: the netted lines (``_netted_lines``) summed; the line counts are the sale lines'."""
        lines = self._netted_lines(period)
        row = sql.one(self._db, select(
            type_coerce(func.sum(lines.c.revenue - lines.c.unknown), Money), type_coerce(func.sum(lines.c.cost), Money),
            func.sum(lines.c.known_line), func.sum(lines.c.unknown_line),
            type_coerce(func.sum(lines.c.unknown), Money)))
        revenue, cost, with_cost, without_cost, unknown_revenue = row
        return MarginFigure(_money(revenue), _money(cost), int(with_cost or 0), int(without_cost or 0),
                            _money(unknown_revenue))

    def by_tax_rate(self, period: LocalPeriod) -> Sequence[TaxFigure]:
        """One statement: the sales' lines per rate, the returned lines per their sale line's rate (negative),
        and the lines of the repairs delivered (not under warranty: nothing was charged)."""
        sold = (select(i.c.tax_rate_name, i.c.tax_percent, func.sum(i.c.net), func.sum(i.c.tax))
                .select_from(i.join(s, s.c.id == i.c.sale_id)).where(self._sales_in(period))
                .group_by(i.c.tax_rate_name, i.c.tax_percent))
        line = i.alias("sold_line")
        returned = (select(line.c.tax_rate_name, line.c.tax_percent,
                           -func.sum(type_coerce(ri.c.refund_amount - ri.c.tax, Money)), -func.sum(ri.c.tax))
                    .select_from(ri.join(r, r.c.id == ri.c.return_id).join(s, s.c.id == r.c.sale_id)
                                 .join(line, and_(line.c.sale_id == r.c.sale_id, line.c.product_id == ri.c.product_id)))
                    .where(self._returns_in(period)).group_by(line.c.tax_rate_name, line.c.tax_percent))
        repaired = (select(parts_.c.tax_rate_name, parts_.c.tax_percent, func.sum(parts_.c.net), func.sum(parts_.c.tax))
                    .select_from(parts_.join(rep, rep.c.id == parts_.c.repair_id))
                    .where(self._delivered_in(period), rep.c.warranty.is_(False))
                    .group_by(parts_.c.tax_rate_name, parts_.c.tax_percent))
        rows = sql.rows(self._db, union_all(sold, returned, repaired))
        return by_rate(TaxFigure(name, percent, net, _money(tax))
                       for name, percent, net, tax in rows if net is not None)

    # Figures of now

    def receivables(self, page: PageRequest) -> Page[Receivable]:
        debtors = and_(cust.c.balance > literal_column("0"), cust.c.deleted_at.is_(None))
        rows = sql.rows(self._db, select(cust.c.id, cust.c.name, cust.c.balance, func.count().over()).where(debtors)
                        .order_by(cust.c.balance.desc(), cust.c.id).limit(page.limit).offset(page.offset))
        if rows:
            total = rows[0][-1]
        else:
            total = sql.scalar(self._db, select(func.count()).where(debtors)) if page.offset else 0
        return Page([Receivable(cid, name, balance) for cid, name, balance, _ in rows], total, page.limit,
                    page.offset)

    def repairs_by_status(self) -> Sequence[StatusCount]:
        rows = sql.rows(self._db, select(rep.c.status, func.count()).group_by(rep.c.status).order_by(rep.c.status))
        return [StatusCount(status, count) for status, count in rows]

    def low_stock(self, limit: int) -> tuple[Sequence[LowStockProduct], int]:
        rows = sql.rows(self._db, select(
            prod.c.id, prod.c.sku, prod.c.name, prod.c.stock, prod.c.min_stock, func.count().over())
            .where(prod.c.deleted_at.is_(None), prod.c.stock <= prod.c.min_stock)
            .order_by(prod.c.stock - prod.c.min_stock, prod.c.sku).limit(limit))
        return [LowStockProduct(*row[:5]) for row in rows], (rows[0][-1] if rows else 0)

    def open_drawers(self, user_id: int | None) -> Sequence[OpenDrawer]:
        conditions: list[Any] = [cs.c.status == "open"]
        if user_id is not None:
            conditions.append(cs.c.user_id == user_id)
        rows = sql.rows(self._db, select(cs.c.id, cs.c.user_id, u.c.full_name, cs.c.opening_float, cs.c.opened_at)
                        .select_from(cs.join(u, u.c.id == cs.c.user_id)).where(*conditions).order_by(cs.c.id))
        return [OpenDrawer(*row) for row in rows]


REPOSITORIES = {"reports": SqlReportQueries}
