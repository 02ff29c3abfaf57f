"""The reports' figures as grouped SQL: every figure is summed by the database, never by loading document rows.

A period is read in two parts combined in one statement per figure (``UNION ALL``, then summed): the days rolled
up (``tables/reports.py``: a row per day, and per day and product, method or rate) and the other days (today,
days never rolled up, days a void marked stale) live from the documents, through the same grouped statements
that roll a day up (``report_daily.py``). Which days are rolled is read once per unit of work
(``coverage``); a report then sends one statement for its days, one for its methods, one for its products
(from which categories, products, top sellers and margin are all taken: at most a row per product) and one
for its rates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Select, Table, and_, func, literal_column, or_, select, type_coerce, union_all
from sqlalchemy.types import NullType

from techstore.application.reports.journal_figures import Tally, fold_methods
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.reports.days import Coverage, LocalPeriod, calendar_spans, coverage
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
from techstore.infrastructure.sqlalchemy.repositories.report_daily import DailyFigures
from techstore.infrastructure.sqlalchemy.tables.cash import cash_sessions as cs
from techstore.infrastructure.sqlalchemy.tables.catalog import categories as cat
from techstore.infrastructure.sqlalchemy.tables.catalog import products as prod
from techstore.infrastructure.sqlalchemy.tables.customers import customers as cust
from techstore.infrastructure.sqlalchemy.tables.identity import users as u
from techstore.infrastructure.sqlalchemy.tables.repairs import repairs as rep
from techstore.infrastructure.sqlalchemy.tables.reports import (
    PRODUCT_SUMS,
    figure_columns,
    report_day_methods,
    report_day_products,
    report_day_taxes,
    report_days,
    report_span_products,
)
from techstore.infrastructure.sqlalchemy.types import Money, Percent


def _money(value: Any) -> Decimal:
    return ZERO if value is None else Decimal(value)


_CENT = Decimal("0.01")


def _cents_postgres(value: Any) -> Decimal:
    return ZERO if value is None else Decimal(value).quantize(_CENT)


def _cents_sqlite(value: Any) -> Decimal:
    return ZERO if value is None else Decimal(int(value)).scaleb(-2)


def _raw(column: Any) -> Any:
    """A sum read as the driver gives it: the report's big statements decode their amounts themselves
    (``_cents``), tens of thousands per report, without a type's processing per value."""
    return type_coerce(column, NullType())


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def rolled_days(db: Connection, period: LocalPeriod) -> list[date]:
    """The days of ``period`` rolled up in its zone and not stale, in order."""
    return [_day(day) for day, in sql.rows(db, select(report_days.c.day).where(
        report_days.c.day.between(period.first, period.last), report_days.c.zone == period.zone_name,
        report_days.c.stale.is_(False)).order_by(report_days.c.day))]


def combined(rollup: Table, live: Callable[[LocalPeriod], Select[Any]], cover: Coverage) -> Any:
    """The rollup's rows of the rolled days and the live rows of the others, one subquery of the rollup's
    columns."""
    parts: list[Select[Any]] = []
    if cover.rolled:
        parts.append(select(*figure_columns(rollup)).where(or_(*[rollup.c.day.between(first, last)
                                                 for first, last in cover.rolled])))
    parts += [live(span) for span in cover.live]
    return (parts[0] if len(parts) == 1 else union_all(*parts)).subquery(rollup.name)


class SqlReportQueries:
    def __init__(self, connection: Connection) -> None:
        self._db = connection
        self._daily = DailyFigures(connection.dialect.name == "postgresql")
        self._cents = _cents_postgres if connection.dialect.name == "postgresql" else _cents_sqlite
        self._covered: list[tuple[LocalPeriod, list[date]]] = []
        self._days: dict[LocalPeriod, list[Any]] = {}
        self._products: dict[LocalPeriod, list[Any]] = {}

    def _cover(self, period: LocalPeriod) -> Coverage:
        """Which days of ``period`` are rolled up: read once for a period and any period within it (the
        dashboard's today is within its month)."""
        for known, days in self._covered:
            if known.zone == period.zone and known.first <= period.first and period.last <= known.last:
                return coverage(period, [d for d in days if period.first <= d <= period.last])
        days = rolled_days(self._db, period)
        self._covered.append((period, days))
        return coverage(period, days)

    # Figures of a period

    def _day_rows(self, period: LocalPeriod) -> list[Any]:
        if period not in self._days:
            days = combined(report_days, self._daily.days, self._cover(period))
            cents = self._cents
            self._days[period] = [
                (_day(day), int(sales), cents(sold), int(returns), cents(refunded), int(repairs), cents(repaired),
                 cents(parts), cents(money), int(units), int(restocked))
                for day, sales, sold, returns, refunded, repairs, repaired, parts, money, units, restocked
                in sql.rows(self._db, select(
                    days.c.day, days.c.sales_count, _raw(days.c.sales_amount), days.c.returns_count,
                    _raw(days.c.refunded), days.c.repairs_count, _raw(days.c.repairs_amount),
                    _raw(days.c.repairs_parts), _raw(days.c.money_net), days.c.return_units,
                    days.c.restocked_units))]
        return self._days[period]

    def by_day(self, period: LocalPeriod) -> Sequence[DayFigure]:
        """One statement: the rolled days' rows and the other days' sums."""
        figures = [DayFigure(*row[:9]) for row in self._day_rows(period)]
        return sorted((f for f in figures if f != DayFigure(f.day)), key=lambda f: f.day)

    def by_method(self, period: LocalPeriod) -> Sequence[MethodFigure]:
        methods = combined(report_day_methods, self._daily.methods, self._cover(period))
        rows = sql.rows(self._db, select(methods.c.method, methods.c.kind, func.sum(methods.c.entries),
                                         type_coerce(func.sum(methods.c.amount), Money),
                                         type_coerce(func.sum(methods.c.outside_drawer), Money))
                        .group_by(methods.c.method, methods.c.kind))
        return fold_methods(Tally(method, kind, int(count), _money(amount), _money(away))
                            for method, kind, count, amount, away in rows)

    def _product_rows(self, period: LocalPeriod) -> list[Any]:
        """One statement, per product sold or returned in the period: its category now, the netted sums and
        what was sold; every product figure of the report is taken from these rows. The rolled days are read
        per whole year or month where they cover one (``report_span_products``), per day at the edges."""
        if period not in self._products:
            cover = self._cover(period)
            spans: list[tuple[date, date]] = []
            day_runs: list[tuple[date, date]] = []
            for first, last in cover.rolled:
                whole, left = calendar_spans(first, last)
                spans += whole
                day_runs += left
            sp, dp = report_span_products, report_day_products
            parts: list[Select[Any]] = []
            if spans:
                parts.append(select(sp.c.product_id, *[sp.c[name] for name in PRODUCT_SUMS])
                             .where(or_(*[and_(sp.c.first == first, sp.c.last == last) for first, last in spans])))
            if day_runs:
                parts.append(select(dp.c.product_id, *[dp.c[name] for name in PRODUCT_SUMS])
                             .where(or_(*[dp.c.day.between(first, last) for first, last in day_runs])))
            for span in cover.live:
                live = self._daily.products(span).subquery()
                parts.append(select(live.c.product_id, *[live.c[name] for name in PRODUCT_SUMS]))
            lines = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery("lines")
            money = [_raw(func.sum(lines.c[name])).label(name)
                     for name in ("revenue", "cost", "unknown", "sold_revenue")]
            counts = [func.sum(lines.c[name]).label(name)
                      for name in ("units", "known_lines", "unknown_lines", "sold_units")]
            sums = select(lines.c.product_id, *money, *counts).group_by(lines.c.product_id).subquery("sums")
            cents = self._cents
            self._products[period] = [
                (pid, sku, name, category_id, category, int(units), cents(revenue), cents(cost), cents(unknown),
                 int(known), int(unknown_lines), int(sold_units), cents(sold_revenue))
                for pid, sku, name, category_id, category, units, revenue, cost, unknown, known, unknown_lines,
                sold_units, sold_revenue in sql.rows(self._db, select(
                prod.c.id, prod.c.sku, prod.c.name, prod.c.category_id, cat.c.name, sums.c.units, sums.c.revenue,
                sums.c.cost, sums.c.unknown, sums.c.known_lines, sums.c.unknown_lines, sums.c.sold_units,
                sums.c.sold_revenue)
                .select_from(sums.join(prod, prod.c.id == sums.c.product_id)
                             .outerjoin(cat, cat.c.id == prod.c.category_id)))]
        return self._products[period]

    def by_category(self, period: LocalPeriod) -> Sequence[CategoryFigure]:
        """The products' rows grouped by their category now (at most a row per product)."""
        grouped: dict[tuple[int | None, str], tuple[int, Decimal, Decimal, Decimal]] = {}
        for _, _, _, category_id, name, units, revenue, cost, unknown, *_ in self._product_rows(period):
            had = grouped.get((category_id, name or ""), (0, ZERO, ZERO, ZERO))
            grouped[(category_id, name or "")] = (had[0] + units, had[1] + revenue, had[2] + cost,
                                                  had[3] + unknown)
        figures = [CategoryFigure(cid, name, *sums) for (cid, name), sums in grouped.items()]
        # NULL sorts differently on each database: order the uncategorised the same way everywhere.
        return sorted(figures, key=lambda f: (-f.revenue, f.name, f.category_id or 0))

    def by_product(self, period: LocalPeriod) -> Sequence[ProductFigure]:
        figures = [ProductFigure(pid, sku, name, units, revenue, cost, unknown)
                   for pid, sku, name, _, _, units, revenue, cost, unknown, *_ in self._product_rows(period)]
        return sorted(figures, key=lambda f: (-f.revenue, f.product_id))

    def top_products(self, period: LocalPeriod, limit: int) -> tuple[Sequence[ProductFigure],
                                                                     Sequence[ProductFigure]]:
        """The products with a sale line in the period, by what was sold (returns aside)."""
        sold = [ProductFigure(pid, sku, name, units, revenue)
                for pid, sku, name, _, _, _, _, _, _, known, unknown, units, revenue in self._product_rows(period)
                if known or unknown]
        by_revenue = sorted(sold, key=lambda f: (-f.revenue, f.product_id))[:limit]
        by_units = sorted(sold, key=lambda f: (-f.units, f.product_id))[:limit]
        return by_revenue, by_units

    def returns(self, period: LocalPeriod) -> ReturnsFigure:
        rows = self._day_rows(period)
        return ReturnsFigure(sum(row[3] for row in rows), sum(row[9] for row in rows), sum(row[10] for row in rows),
                             sum((row[4] for row in rows), ZERO))

    def margin(self, period: LocalPeriod) -> MarginFigure:
        revenue = cost = unknown_revenue = ZERO
        known = unknown = 0
        for *_, sold, spent, without, with_cost, without_cost, _, _ in self._product_rows(period):
            revenue += sold - without
            cost += spent
            unknown_revenue += without
            known, unknown = known + with_cost, unknown + without_cost
        return MarginFigure(revenue, cost, known, unknown, unknown_revenue)

    def by_tax_rate(self, period: LocalPeriod) -> Sequence[TaxFigure]:
        """One statement: the rolled days' rates and the other days' (sales less returns, plus repairs)."""
        taxes = combined(report_day_taxes, self._daily.taxes, self._cover(period))
        rows = sql.rows(self._db, select(taxes.c.rate_name, type_coerce(taxes.c.percent, Percent),
                                         type_coerce(func.sum(taxes.c.net), Money),
                                         type_coerce(func.sum(taxes.c.tax), Money))
                        .group_by(taxes.c.rate_name, taxes.c.percent))
        return by_rate(TaxFigure(name, percent, _money(net), _money(tax)) for name, percent, net, tax in rows)

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
