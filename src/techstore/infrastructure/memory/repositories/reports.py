"""The reports' figures computed over the in-memory store, the same way the SQL adapter groups them
(``tests/contract/test_reports_queries.py`` holds the two equal)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal

from techstore.application.reports.journal_figures import DRAWER_KINDS, Tally, fold_methods
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.cash.journal import JournalEntry
from techstore.domain.cash.sessions import CashSession
from techstore.domain.catalog.products import Product
from techstore.domain.customers.customers import Customer
from techstore.domain.identity.users import User
from techstore.domain.repairs.repairs import Repair, RepairStatus
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
from techstore.domain.sales.returns import Return
from techstore.domain.sales.sales import Sale, SaleStatus
from techstore.infrastructure.memory.repositories.cash import journal_of
from techstore.infrastructure.memory.store import MemoryStore


class MemoryReportQueries:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def _sales(self, period: LocalPeriod) -> Iterator[Sale]:
        start, end = period.start, period.end
        rows: dict[int, Sale] = self._store.table("sales", dict)
        for sale in rows.values():
            if sale.number is not None and sale.status is SaleStatus.COMPLETED and start <= sale.created_at < end:
                yield sale

    def _returns(self, period: LocalPeriod) -> Iterator[Return]:
        start, end = period.start, period.end
        rows: dict[int, Return] = self._store.table("returns", dict)
        sales: dict[int, Sale] = self._store.table("sales", dict)
        for ret in rows.values():
            if (ret.number is not None and start <= ret.created_at < end
                    and sales[ret.sale_id].status is SaleStatus.COMPLETED):
                yield ret

    def _delivered(self, period: LocalPeriod) -> Iterator[Repair]:
        start, end = period.start, period.end
        rows: dict[int, Repair] = self._store.table("repairs", dict)
        for repair in rows.values():
            if (repair.status is RepairStatus.DELIVERED and repair.delivered_at is not None
                    and start <= repair.delivered_at < end):
                yield repair

    def _money(self, period: LocalPeriod) -> Iterator[JournalEntry]:
        start, end = period.start, period.end
        for entry in journal_of(self._store):
            if start <= entry.created_at < end and entry.kind.value not in DRAWER_KINDS:
                yield entry

    def by_day(self, period: LocalPeriod) -> Sequence[DayFigure]:
        days: dict[date, dict[str, tuple[int, Decimal]]] = {}

        def add(kind: str, instant: datetime, count: int, amount: Decimal) -> None:
            found = days.setdefault(period.day_of(instant), {})
            had_count, had_amount = found.get(kind, (0, ZERO))
            found[kind] = (had_count + count, had_amount + amount)

        for sale in self._sales(period):
            add("s", sale.created_at, 1, sale.total)
        for ret in self._returns(period):
            add("r", ret.created_at, 1, ret.total)
        for repair in self._delivered(period):
            assert repair.delivered_at is not None
            add("p", repair.delivered_at, 1, repair.paid_total)
            for part in repair.parts:
                add("q", repair.delivered_at, 1, part.line_total)
        for entry in self._money(period):
            add("m", entry.created_at, 1, entry.amount)
        return [DayFigure(day, *found.get("s", (0, ZERO)), *found.get("r", (0, ZERO)), *found.get("p", (0, ZERO)),
                          found.get("q", (0, ZERO))[1], found.get("m", (0, ZERO))[1])
                for day, found in sorted(days.items())]

    def by_method(self, period: LocalPeriod) -> Sequence[MethodFigure]:
        tallies: dict[tuple[str, str], Tally] = {}
        for entry in self._money(period):
            key = (entry.method.value, entry.kind.value)
            had = tallies.get(key, Tally(*key, 0, ZERO, ZERO))
            outside = entry.amount if entry.cash_session_id is None else ZERO
            tallies[key] = Tally(*key, had.count + 1, had.amount + entry.amount, had.outside_drawer + outside)
        return fold_methods(tallies.values())

    def _sold(self, period: LocalPeriod) -> dict[int, tuple[int, Decimal]]:
        sold: dict[int, tuple[int, Decimal]] = {}
        for sale in self._sales(period):
            for item in sale.items:
                units, revenue = sold.get(item.product_id, (0, ZERO))
                sold[item.product_id] = (units + item.quantity, revenue + item.net)
        return sold

    def _netted(self, period: LocalPeriod) -> dict[int, tuple[int, Decimal, Decimal, Decimal]]:
        """Per product: units, revenue, cost and revenue without a known cost, the returns made in the period
        netted at their sale line's cost (as the SQL adapter's ``_netted_lines``)."""
        sums: dict[int, tuple[int, Decimal, Decimal, Decimal]] = {}

        def add(product_id: int, units: int, revenue: Decimal, cost: Decimal | None) -> None:
            had = sums.get(product_id, (0, ZERO, ZERO, ZERO))
            sums[product_id] = (had[0] + units, had[1] + revenue, had[2] + (cost or ZERO),
                                had[3] + (revenue if cost is None else ZERO))

        for sale in self._sales(period):
            for item in sale.items:
                add(item.product_id, item.quantity, item.net,
                    None if item.unit_cost is None else item.unit_cost * item.quantity)
        sales: dict[int, Sale] = self._store.table("sales", dict)
        for ret in self._returns(period):
            costs = {item.product_id: item.unit_cost for item in sales[ret.sale_id].items}
            for back in ret.items:
                cost = costs[back.product_id]
                add(back.product_id, -back.quantity, -(back.refund_amount - back.tax),
                    None if cost is None else -(cost * back.quantity))
        return sums

    def by_category(self, period: LocalPeriod) -> Sequence[CategoryFigure]:
        products: dict[int, Product] = self._store.table("products", dict)
        categories: dict[int, object] = self._store.table("categories", dict)
        grouped: dict[int | None, tuple[int, Decimal, Decimal, Decimal]] = {}
        for product_id, sums in self._netted(period).items():
            category_id = products[product_id].category_id
            had = grouped.get(category_id, (0, ZERO, ZERO, ZERO))
            grouped[category_id] = (had[0] + sums[0], had[1] + sums[1], had[2] + sums[2], had[3] + sums[3])

        def name(category_id: int | None) -> str:
            row = categories.get(category_id) if category_id is not None else None
            return str(row.category.name) if row is not None else ""  # type: ignore[attr-defined]

        figures = [CategoryFigure(cid, name(cid), *sums) for cid, sums in grouped.items()]
        return sorted(figures, key=lambda f: (-f.revenue, f.name, f.category_id or 0))

    def by_product(self, period: LocalPeriod) -> Sequence[ProductFigure]:
        products: dict[int, Product] = self._store.table("products", dict)
        figures = [ProductFigure(pid, products[pid].sku, products[pid].name, *sums)
                   for pid, sums in self._netted(period).items()]
        return sorted(figures, key=lambda f: (-f.revenue, f.product_id))

    def top_products(self, period: LocalPeriod, limit: int) -> tuple[Sequence[ProductFigure],
                                                                     Sequence[ProductFigure]]:
        products: dict[int, Product] = self._store.table("products", dict)
        figures = [ProductFigure(pid, products[pid].sku, products[pid].name, units, revenue)
                   for pid, (units, revenue) in self._sold(period).items()]
        by_revenue = sorted(figures, key=lambda f: (-f.revenue, f.product_id))[:limit]
        by_units = sorted(figures, key=lambda f: (-f.units, f.product_id))[:limit]
        return by_revenue, by_units

    def returns(self, period: LocalPeriod) -> ReturnsFigure:
        count, units, restocked, refunded = 0, 0, 0, ZERO
        for ret in self._returns(period):
            count += 1
            refunded += ret.total
            units += sum(item.quantity for item in ret.items)
            restocked += sum(item.quantity for item in ret.items if item.restocked)
        return ReturnsFigure(count, units, restocked, refunded)

    def margin(self, period: LocalPeriod) -> MarginFigure:
        known = unknown = 0
        for sale in self._sales(period):
            for item in sale.items:
                known, unknown = (known + 1, unknown) if item.unit_cost is not None else (known, unknown + 1)
        revenue = cost = unknown_revenue = ZERO
        for _, sold, spent, without in self._netted(period).values():
            revenue, cost, unknown_revenue = revenue + sold - without, cost + spent, unknown_revenue + without
        return MarginFigure(revenue, cost, known, unknown, unknown_revenue)

    def by_tax_rate(self, period: LocalPeriod) -> Sequence[TaxFigure]:
        sales: dict[int, Sale] = self._store.table("sales", dict)
        parts = [TaxFigure(item.tax_rate.name, item.tax_rate.percent, item.net, item.tax)
                 for sale in self._sales(period) for item in sale.items]
        for ret in self._returns(period):
            rates = {item.product_id: item.tax_rate for item in sales[ret.sale_id].items}
            parts += [TaxFigure(rates[item.product_id].name, rates[item.product_id].percent,
                                -(item.refund_amount - item.tax), -item.tax) for item in ret.items]
        parts += [TaxFigure(line.tax_rate.name, line.tax_rate.percent, line.net, line.tax)
                  for repair in self._delivered(period) if not repair.warranty for line in repair.lines]
        return by_rate(parts)

    def receivables(self, page: PageRequest) -> Page[Receivable]:
        customers: dict[int, Customer] = self._store.table("customers", dict)
        found = sorted((c for c in customers.values() if c.deleted_at is None and c.balance > 0),
                       key=lambda c: (-c.balance, c.id or 0))
        items = [Receivable(c.id or 0, c.name, c.balance) for c in found[page.offset: page.offset + page.limit]]
        return Page(items, len(found), page.limit, page.offset)

    def repairs_by_status(self) -> Sequence[StatusCount]:
        repairs: dict[int, Repair] = self._store.table("repairs", dict)
        counts: dict[str, int] = {}
        for repair in repairs.values():
            counts[repair.status.value] = counts.get(repair.status.value, 0) + 1
        return [StatusCount(status, count) for status, count in sorted(counts.items())]

    def low_stock(self, limit: int) -> tuple[Sequence[LowStockProduct], int]:
        products: dict[int, Product] = self._store.table("products", dict)
        low = sorted((p for p in products.values() if not p.is_deleted and p.stock <= p.min_stock),
                     key=lambda p: (p.stock - p.min_stock, p.sku))
        return [LowStockProduct(p.id or 0, p.sku, p.name, p.stock, p.min_stock) for p in low[:limit]], len(low)

    def open_drawers(self, user_id: int | None) -> Sequence[OpenDrawer]:
        sessions: dict[int, CashSession] = self._store.table("cash_sessions", dict)
        users: dict[int, User] = self._store.table("users", dict)
        return [OpenDrawer(s.id or 0, s.user_id, users[s.user_id].full_name, s.opening_float, s.opened_at)
                for _, s in sorted(sessions.items())
                if s.is_open and (user_id is None or s.user_id == user_id)]


REPOSITORIES = {"reports": MemoryReportQueries}
