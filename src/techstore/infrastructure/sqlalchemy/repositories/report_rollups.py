"""``uow.report_rollups`` in SQL: the reports' daily rollups made and checked (``tables/reports.py``).

A day is rolled up in two steps (``RollUpReports``): ``prepare`` commits a stale row for it, then ``roll`` locks
that row (an ``UPDATE``) before it reads the documents. A void marks its sale's day stale with an ``UPDATE`` of
the same row (``SqlSaleRepository.void``), so the two queue: a void that came first has committed before the
documents are read; one that comes later marks the day stale again once the roll-up has committed. Either way
no void is lost (SQLite serialises writers anyway).

The check (``rollup_mismatches``, for ``techstore check money``) sets each rollup's rows of the rolled days
against the same statement run live over the period, in both directions (``EXCEPT``): only rows that differ
come back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    Select,
    Table,
    and_,
    bindparam,
    delete,
    except_,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    update,
)
from sqlalchemy import type_coerce as as_type

from techstore.application.reports.audit import RollupMismatch
from techstore.domain.reports.days import LocalPeriod, midnight, months_and_years
from techstore.domain.reports.figures import ZERO
from techstore.infrastructure.sqlalchemy import executor as sql
from techstore.infrastructure.sqlalchemy.repositories.report_daily import DailyFigures, earliest
from techstore.infrastructure.sqlalchemy.tables.reports import (
    PRODUCT_SUMS,
    ROLLUPS,
    figure_columns,
    report_day_methods,
    report_day_products,
    report_day_taxes,
    report_days,
    report_span_products,
)
from techstore.infrastructure.sqlalchemy.types import Money

_KEYS = {report_days.name: 1, report_day_products.name: 2, report_day_methods.name: 3, report_day_taxes.name: 3}
_NAMES = {report_days.name: "days", report_day_products.name: "products", report_day_methods.name: "methods",
          report_day_taxes.name: "taxes"}
_FIGURES = [column.name for column in figure_columns(report_days)][1:]
_ZEROS = {name: ZERO if isinstance(report_days.c[name].type, Money) else 0 for name in _FIGURES}
_SET_FIGURES = (update(report_days).where(report_days.c.day == bindparam("d_day"))
                .values({name: bindparam(f"d_{name}") for name in _FIGURES}))
# Marks the day of a sale stale; run by a void in its own transaction (``SqlSaleRepository.void``).
MARK_STALE = update(report_days).where(report_days.c.starts_at <= bindparam("at"),
                                       report_days.c.ends_at > bindparam("at")).values(stale=True)


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _days_of(period: LocalPeriod) -> Any:
    return report_days.c.day.between(period.first, period.last)


class SqlReportRollups:
    def __init__(self, connection: Connection) -> None:
        self._db = connection
        self._daily = DailyFigures(connection.dialect.name == "postgresql")

    def _live(self) -> list[tuple[Table, Callable[[LocalPeriod], Select[Any]]]]:
        return [(report_days, self._daily.days), (report_day_products, self._daily.products),
                (report_day_methods, self._daily.methods), (report_day_taxes, self._daily.taxes)]

    def forget_other_zones(self, zone: tzinfo) -> None:
        others = select(report_days.c.day).where(report_days.c.zone != str(zone))
        if sql.first(self._db, others.limit(1)) is not None:
            sql.run(self._db, delete(report_span_products))
            for table in ROLLUPS:
                sql.run(self._db, delete(table).where(table.c.day.in_(others)))
            sql.run(self._db, delete(report_days).where(report_days.c.zone != str(zone)))

    def clear(self) -> None:
        for table in (*ROLLUPS, report_span_products, report_days):
            sql.run(self._db, delete(table))

    def pending(self, zone: tzinfo, through: date) -> Sequence[date]:
        since = earliest(self._db)
        if since is None:
            return []
        first = since.astimezone(zone).date()
        rolled = {_day(day) for day, in sql.rows(self._db, select(report_days.c.day).where(
            report_days.c.day.between(first, through), report_days.c.zone == str(zone),
            report_days.c.stale.is_(False)))}
        return [day for n in range((through - first).days + 1)
                if (day := first + timedelta(days=n)) not in rolled]

    def prepare(self, days: Sequence[date], zone: tzinfo) -> None:
        if not days:
            return
        have = {_day(day) for day, in sql.rows(self._db, select(report_days.c.day).where(
            report_days.c.day.between(min(days), max(days))))}
        now = datetime.now(UTC)
        sql.many(self._db, insert(report_days), [
            {"day": day, "zone": str(zone), "starts_at": midnight(day, zone),
             "ends_at": midnight(day + timedelta(days=1), zone), "stale": True, "rolled_at": now, **_ZEROS}
            for day in days if day not in have])

    def roll(self, period: LocalPeriod, now: datetime) -> None:
        sql.run(self._db, update(report_days).where(_days_of(period)).values(stale=False, rolled_at=now))
        for table, live in self._live()[1:]:
            sql.run(self._db, delete(table).where(table.c.day.between(period.first, period.last)))
            sql.run(self._db, insert(table).from_select([c.name for c in figure_columns(table)], live(period)))
        found = {_day(row[0]): row[1:] for row in sql.rows(self._db, self._daily.days(period))}
        nothing = tuple(_ZEROS.values())
        sql.many(self._db, _SET_FIGURES, [
            {"d_day": day, **{f"d_{name}": value for name, value in zip(_FIGURES, found.get(day, nothing),
                                                                          strict=True)}}
            for day in period.days])
        for first, last in months_and_years(period.first, period.last):
            self._sum_span(first, last, period.zone_name)

    def _sum_span(self, first: date, last: date, zone: str) -> None:
        """A month's or year's product rows from its day rows, once every day of it is rolled up (a stale day
        leaves them as they are: reports read that month per day until the day is rolled up again, which sums
        them anew)."""
        rolled = sql.scalar(self._db, select(func.count()).select_from(report_days).where(
            report_days.c.day.between(first, last), report_days.c.zone == zone, report_days.c.stale.is_(False)))
        if rolled != (last - first).days + 1:
            return
        sp, dp = report_span_products, report_day_products
        sql.run(self._db, delete(sp).where(sp.c.first == first, sp.c.last == last))
        sums = [as_type(func.sum(dp.c[name]), dp.c[name].type) for name in PRODUCT_SUMS]
        sql.run(self._db, insert(sp).from_select(
            ["first", "last", "product_id", *PRODUCT_SUMS],
            select(literal(first, Date), literal(last, Date), dp.c.product_id, *sums)
            .where(dp.c.day.between(first, last)).group_by(dp.c.product_id)))

    def mismatches(self, period: LocalPeriod) -> list[RollupMismatch]:
        rolled = select(report_days.c.day).where(_days_of(period), report_days.c.zone == period.zone_name,
                                                 report_days.c.stale.is_(False))
        found: list[RollupMismatch] = []
        for rollup, live in self._live():
            found += self._differences(rollup, live(period), rolled)
        return sorted([*found, *self._span_differences(period)], key=lambda m: (m.day, m.rollup, m.key))

    def _span_differences(self, period: LocalPeriod) -> list[RollupMismatch]:
        """The months' and years' product rows (of the period, every day of them rolled up) against the sums
        of their day rows, which the documents prove."""
        sp, dp = report_span_products, report_day_products
        rolled = {_day(day) for day, in sql.rows(self._db, select(report_days.c.day).where(
            _days_of(period), report_days.c.zone == period.zone_name, report_days.c.stale.is_(False)))}
        spans = [(first, last) for first, last in (
            (_day(a), _day(b)) for a, b in sql.rows(self._db, select(sp.c.first, sp.c.last).distinct().where(
                sp.c.first >= period.first, sp.c.last <= period.last)))
            if all(first + timedelta(days=n) in rolled for n in range((last - first).days + 1))]
        if not spans:
            return []
        chosen = or_(*[and_(sp.c.first == first, sp.c.last == last) for first, last in spans])
        columns = [sp.c.first, sp.c.last, sp.c.product_id, *[sp.c[name] for name in PRODUCT_SUMS]]
        stored = select(*columns).where(chosen)
        which = select(sp.c.first, sp.c.last).distinct().where(chosen).subquery("spans")
        summed = (select(which.c.first, which.c.last, dp.c.product_id,
                         *[as_type(func.sum(dp.c[name]), dp.c[name].type) for name in PRODUCT_SUMS])
                  .select_from(which.join(dp, dp.c.day.between(which.c.first, which.c.last)))
                  .group_by(which.c.first, which.c.last, dp.c.product_id))
        sides: dict[tuple[str, str, str], dict[str, str]] = {}
        for side, statement in (("rolled", except_(stored, summed)), ("documents", except_(summed, stored))):
            for row in sql.rows(self._db, statement):
                values = ", ".join(f"{name} {value}" for name, value in zip(PRODUCT_SUMS, row[3:], strict=True))
                sides.setdefault((str(row[0])[:10], str(row[1])[:10], str(row[2])), {})[side] = values
        return [RollupMismatch("products", f"{first}..{last}", product, found.get("rolled"), found.get("documents"),
                               "its days' rows")
                for (first, last, product), found in sides.items()]

    def _differences(self, rollup: Table, live: Select[Any], rolled: Select[Any]) -> list[RollupMismatch]:
        columns = figure_columns(rollup)
        stored = select(*columns).where(rollup.c.day.in_(rolled))
        counted = live.subquery("counted")
        documents = select(*counted.c).where(counted.c.day.in_(rolled))
        if rollup is report_days:  # a day without documents is rolled up as zeros, and has no live row
            either = documents.union_all(
                select(report_days.c.day, *[literal_column("0") for _ in _FIGURES]).where(
                    report_days.c.day.in_(rolled), report_days.c.day.not_in(select(counted.c.day)))).subquery()
            documents = select(*either.c)  # SQLite takes no compound within a compound
        keys = _KEYS[rollup.name]
        sides: dict[tuple[Any, ...], dict[str, str]] = {}
        for side, statement in (("rolled", except_(stored, documents)), ("documents", except_(documents, stored))):
            for row in sql.rows(self._db, statement):
                values = ", ".join(f"{c.name} {v}" for c, v in zip(columns[keys:], row[keys:], strict=True))
                sides.setdefault(tuple(str(v) for v in row[:keys]), {})[side] = values
        return [RollupMismatch(_NAMES[rollup.name], key[0][:10], " ".join(key[1:]), found.get("rolled"),
                               found.get("documents"))
                for key, found in sides.items()]


REPOSITORIES = {"report_rollups": SqlReportRollups}
