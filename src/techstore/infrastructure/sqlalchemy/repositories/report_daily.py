"""The reports' figures of a period read live from the documents, grouped by local day: one ``SELECT`` per
rollup table, whose columns are the table's (``tables/reports.py``). The same statements sum a closed day into
its rollup (``report_rollups.py``), read the days of a report that are not rolled up (``reports.py``), and
check the rollups against the documents (``techstore check money``): one definition of each figure.

Local days: the period's UTC bounds filter each instant (an index range), and each row's local day is computed
in SQL: on PostgreSQL ``(created_at AT TIME ZONE :zone)::date`` (``created_at`` is ``timestamptz``, ADR 0003);
SQLite has no time-zone database, so each row is shifted by the UTC offset of its segment of the period
(``LocalPeriod.segments``: the offset changes only at DST transitions), which is exact across DST. Grouping is
by position or by a subquery's column: PostgreSQL binds parameters on the server, so the same expression
written twice with its own parameters would not count as the same expression.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    Integer,
    Select,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    select,
    text,
    union_all,
)
from sqlalchemy import type_coerce as as_type
from sqlalchemy.sql.elements import ColumnElement

from techstore.application.reports.journal_figures import DRAWER_KINDS
from techstore.domain.reports.days import LocalPeriod
from techstore.infrastructure.sqlalchemy import executor as sql
from techstore.infrastructure.sqlalchemy.tables.cash import cash_sessions as cs
from techstore.infrastructure.sqlalchemy.tables.cash import journal_entries as je
from techstore.infrastructure.sqlalchemy.tables.customers import account_movements as m
from techstore.infrastructure.sqlalchemy.tables.repairs import repair_lines as parts_
from techstore.infrastructure.sqlalchemy.tables.repairs import repair_payments as rp
from techstore.infrastructure.sqlalchemy.tables.repairs import repairs as rep
from techstore.infrastructure.sqlalchemy.tables.sales import return_items as ri
from techstore.infrastructure.sqlalchemy.tables.sales import returns as r
from techstore.infrastructure.sqlalchemy.tables.sales import sale_items as i
from techstore.infrastructure.sqlalchemy.tables.sales import sales as s
from techstore.infrastructure.sqlalchemy.types import Money, Percent, UTCDateTime

# Literal, not bound: the partial indexes' predicates (``status = 'completed'``) must be provable from the
# statement itself, whatever plan PostgreSQL caches for it.
_COMPLETED = s.c.status == literal_column("'completed'")
_DELIVERED: ColumnElement[str] = literal_column("'delivered'")
_BY_POSITION = text("1")


def _zero() -> Any:
    return literal(0, Integer)


def _sum(value: Any, kind: Any = Money) -> Any:
    """A sum that is 0, not NULL, over no rows (a rollup column is never NULL)."""
    return as_type(func.coalesce(func.sum(value), _zero()), kind)


def earliest(db: Connection) -> datetime | None:
    """The first instant anything was recorded: a document, a journal entry, a drawer opened."""
    firsts = union_all(
        select(func.min(je.c.created_at).label("at")), select(func.min(s.c.created_at)),
        select(func.min(r.c.created_at)), select(func.min(rep.c.delivered_at)),
        select(func.min(m.c.created_at)), select(func.min(cs.c.opened_at))).subquery()
    found: datetime | None = sql.scalar(db, select(as_type(func.min(firsts.c.at), UTCDateTime)))
    return found


class DailyFigures:
    def __init__(self, postgres: bool) -> None:
        self._postgres = postgres

    # The period: bounds and local days

    def local_day(self, column: Any, period: LocalPeriod) -> ColumnElement[Any]:
        if self._postgres:
            return cast(func.timezone(literal(period.zone_name), column), Date)
        segments = period.segments()
        shifted = [func.date(column, f"{seg.offset:+d} seconds") for seg in segments]
        if len(shifted) == 1:
            return as_type(shifted[0], Date)
        return as_type(case(*[(column < literal(seg.end, UTCDateTime), day)
                              for seg, day in zip(segments[:-1], shifted[:-1], strict=True)], else_=shifted[-1]),
                       Date)

    @staticmethod
    def within(column: Any, period: LocalPeriod) -> ColumnElement[bool]:
        return and_(column >= literal(period.start, UTCDateTime), column < literal(period.end, UTCDateTime))

    def sales_in(self, period: LocalPeriod) -> ColumnElement[bool]:
        return and_(_COMPLETED, s.c.number.is_not(None), self.within(s.c.created_at, period))

    def returns_in(self, period: LocalPeriod) -> ColumnElement[bool]:
        return and_(r.c.number.is_not(None), _COMPLETED, self.within(r.c.created_at, period))

    def delivered_in(self, period: LocalPeriod) -> ColumnElement[bool]:
        return and_(rep.c.status == _DELIVERED, self.within(rep.c.delivered_at, period))

    def money_in(self, period: LocalPeriod) -> ColumnElement[bool]:
        return and_(self.within(je.c.created_at, period), je.c.kind.not_in(DRAWER_KINDS))

    # One statement per rollup table

    def days(self, period: LocalPeriod) -> Select[Any]:
        """Per local day (the days with anything): sales, returns (and their units, restocked or not), repairs
        delivered (what their deliveries took, and their parts) and the journal's money."""
        day = self.local_day
        sold = (select(day(s.c.created_at, period).label("day"), literal("s").label("kind"), func.count().label("n"),
                       func.sum(s.c.total).label("amount"))
                .where(self.sales_in(period)).group_by(_BY_POSITION))
        returned = (select(day(r.c.created_at, period), literal("r"), func.count(), func.sum(r.c.total))
                    .select_from(r.join(s, s.c.id == r.c.sale_id)).where(self.returns_in(period))
                    .group_by(_BY_POSITION))
        units = (select(day(r.c.created_at, period), literal("u"), func.sum(ri.c.quantity),
                        func.sum(case((ri.c.restocked, ri.c.quantity), else_=_zero())))
                 .select_from(ri.join(r, r.c.id == ri.c.return_id).join(s, s.c.id == r.c.sale_id))
                 .where(self.returns_in(period)).group_by(_BY_POSITION))
        repaired = (select(day(rep.c.delivered_at, period), literal("p"), func.count(rep.c.id.distinct()),
                           func.sum(rp.c.amount))
                    .select_from(rep.outerjoin(rp, rp.c.repair_id == rep.c.id)).where(self.delivered_in(period))
                    .group_by(_BY_POSITION))
        used = (select(day(rep.c.delivered_at, period), literal("q"), func.count(), func.sum(parts_.c.line_total))
                .select_from(parts_.join(rep, rep.c.id == parts_.c.repair_id))
                .where(self.delivered_in(period), parts_.c.kind == "part").group_by(_BY_POSITION))
        money = (select(day(je.c.created_at, period), literal("m"), func.count(), func.sum(je.c.amount))
                 .where(self.money_in(period)).group_by(_BY_POSITION))
        kinds = union_all(sold, returned, units, repaired, used, money).subquery("kinds")

        def of(kind: str, column: Any, as_kind: Any) -> Any:
            return _sum(case((kinds.c.kind == kind, column), else_=_zero()), as_kind)

        n, amount = kinds.c.n, kinds.c.amount
        return (select(as_type(kinds.c.day, Date).label("day"),
                       of("s", n, Integer).label("sales_count"), of("s", amount, Money).label("sales_amount"),
                       of("r", n, Integer).label("returns_count"), of("r", amount, Money).label("refunded"),
                       of("u", n, Integer).label("return_units"), of("u", amount, Integer).label("restocked_units"),
                       of("p", n, Integer).label("repairs_count"), of("p", amount, Money).label("repairs_amount"),
                       of("q", amount, Money).label("repairs_parts"), of("m", amount, Money).label("money_net"))
                .group_by(kinds.c.day))

    def products(self, period: LocalPeriod) -> Select[Any]:
        """Per local day and product: the lines sold less the lines returned (at their sale line's cost, as
        ``figures._Margins``), the sale lines with and without a known cost, and what was sold (returns aside)."""
        known = i.c.unit_cost.is_not(None)
        net = as_type(i.c.net, Money)
        one, none = literal(1, Integer), _zero()
        sold = (select(self.local_day(s.c.created_at, period).label("day"), i.c.product_id.label("product_id"),
                       i.c.quantity.label("units"), net.label("revenue"),
                       as_type(case((known, i.c.unit_cost * i.c.quantity), else_=none), Money).label("cost"),
                       as_type(case((~known, net), else_=none), Money).label("unknown"),
                       case((known, one), else_=none).label("known_lines"),
                       case((known, none), else_=one).label("unknown_lines"),
                       i.c.quantity.label("sold_units"), net.label("sold_revenue"))
                .select_from(i.join(s, s.c.id == i.c.sale_id)).where(self.sales_in(period)))
        line = i.alias("returned_line")
        back = as_type(ri.c.refund_amount - ri.c.tax, Money)
        line_known = line.c.unit_cost.is_not(None)
        returned = (select(self.local_day(r.c.created_at, period), ri.c.product_id, -ri.c.quantity,
                           as_type(-back, Money),
                           as_type(case((line_known, -(line.c.unit_cost * ri.c.quantity)), else_=none), Money),
                           as_type(case((~line_known, -back), else_=none), Money), none, none, none, none)
                    .select_from(ri.join(r, r.c.id == ri.c.return_id).join(s, s.c.id == r.c.sale_id)
                                 .join(line, and_(line.c.sale_id == r.c.sale_id, line.c.product_id == ri.c.product_id)))
                    .where(self.returns_in(period)))
        lines = union_all(sold, returned).subquery("netted")
        c = lines.c
        return (select(as_type(c.day, Date).label("day"), c.product_id, _sum(c.units, Integer).label("units"),
                       _sum(c.revenue).label("revenue"), _sum(c.cost).label("cost"), _sum(c.unknown).label("unknown"),
                       _sum(c.known_lines, Integer).label("known_lines"),
                       _sum(c.unknown_lines, Integer).label("unknown_lines"),
                       _sum(c.sold_units, Integer).label("sold_units"), _sum(c.sold_revenue).label("sold_revenue"))
                .group_by(c.day, c.product_id))

    def methods(self, period: LocalPeriod) -> Select[Any]:
        """Per local day, method and kind: the journal's entries (pay-ins and pay-outs aside), and the part of
        their amount taken or paid outside any drawer."""
        outside = case((je.c.cash_session_id.is_(None), je.c.amount), else_=_zero())
        return (select(self.local_day(je.c.created_at, period).label("day"), je.c.method.label("method"),
                       je.c.kind.label("kind"), func.count().label("entries"), _sum(je.c.amount).label("amount"),
                       _sum(outside).label("outside_drawer"))
                .where(self.money_in(period)).group_by(_BY_POSITION, je.c.method, je.c.kind))

    def taxes(self, period: LocalPeriod) -> Select[Any]:
        """Per local day and rate: the sales' lines, less the returned lines (at their sale line's rate), plus
        the lines of the repairs delivered (not under warranty: nothing was charged)."""
        sold = (select(self.local_day(s.c.created_at, period).label("day"), i.c.tax_rate_name.label("rate_name"),
                       i.c.tax_percent.label("percent"), i.c.net.label("net"), i.c.tax.label("tax"))
                .select_from(i.join(s, s.c.id == i.c.sale_id)).where(self.sales_in(period)))
        line = i.alias("sold_line")
        returned = (select(self.local_day(r.c.created_at, period), line.c.tax_rate_name, line.c.tax_percent,
                           as_type(-(ri.c.refund_amount - ri.c.tax), Money), as_type(-ri.c.tax, Money))
                    .select_from(ri.join(r, r.c.id == ri.c.return_id).join(s, s.c.id == r.c.sale_id)
                                 .join(line, and_(line.c.sale_id == r.c.sale_id, line.c.product_id == ri.c.product_id)))
                    .where(self.returns_in(period)))
        repaired = (select(self.local_day(rep.c.delivered_at, period), parts_.c.tax_rate_name, parts_.c.tax_percent,
                           parts_.c.net, parts_.c.tax)
                    .select_from(parts_.join(rep, rep.c.id == parts_.c.repair_id))
                    .where(self.delivered_in(period), rep.c.warranty.is_(False)))
        lines = union_all(sold, returned, repaired).subquery("taxed")
        c = lines.c
        return (select(as_type(c.day, Date).label("day"), c.rate_name, as_type(c.percent, Percent).label("percent"),
                       _sum(c.net).label("net"), _sum(c.tax).label("tax"))
                .group_by(c.day, c.rate_name, c.percent))
