"""The reports' figures computed over the in-memory store, the same way the SQL adapter groups them
(``tests/contract/test_reports_queries.py`` holds the two equal)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal

from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.cash.sessions import CashSession
from techstore.domain.catalog.products import Product
from techstore.domain.customers.customers import Customer
from techstore.domain.identity.users import User
from techstore.domain.repairs.repairs import Repair
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
)
from techstore.domain.sales.returns import Return
from techstore.domain.sales.sales import Sale, SaleStatus
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

    def by_day(self, period: LocalPeriod) -> Sequence[DayFigure]:
        sold: dict[date, tuple[int, Decimal]] = {}
        refunded: dict[date, tuple[int, Decimal]] = {}
        for sale in self._sales(period):
            count, amount = sold.get(day := period.day_of(sale.created_at), (0, ZERO))
            sold[day] = (count + 1, amount + sale.total)
        for ret in self._returns(period):
            count, amount = refunded.get(day := period.day_of(ret.created_at), (0, ZERO))
            refunded[day] = (count + 1, amount + ret.total)
        return [DayFigure(day, *sold.get(day, (0, ZERO)), *refunded.get(day, (0, ZERO)))
                for day in sorted(sold.keys() | refunded.keys())]

    def by_method(self, period: LocalPeriod) -> Sequence[MethodFigure]:
        taken: dict[str, tuple[int, Decimal]] = {}
        refunded: dict[str, tuple[int, Decimal]] = {}
        for sale in self._sales(period):
            for pay in sale.payments:
                count, amount = taken.get(pay.method.value, (0, ZERO))
                taken[pay.method.value] = (count + 1, amount + pay.amount)
        for ret in self._returns(period):
            for refund in ret.refunds:
                count, amount = refunded.get(refund.method.value, (0, ZERO))
                refunded[refund.method.value] = (count + 1, amount + refund.amount)
        return [MethodFigure(m, *taken.get(m, (0, ZERO)), *refunded.get(m, (0, ZERO)))
                for m in sorted(taken.keys() | refunded.keys())]

    def _sold(self, period: LocalPeriod) -> dict[int, tuple[int, Decimal]]:
        sold: dict[int, tuple[int, Decimal]] = {}
        for sale in self._sales(period):
            for item in sale.items:
                units, revenue = sold.get(item.product_id, (0, ZERO))
                sold[item.product_id] = (units + item.quantity, revenue + item.net_total)
        return sold

    def by_category(self, period: LocalPeriod) -> Sequence[CategoryFigure]:
        products: dict[int, Product] = self._store.table("products", dict)
        categories: dict[int, object] = self._store.table("categories", dict)
        grouped: dict[int | None, tuple[int, Decimal]] = {}
        for product_id, (units, revenue) in self._sold(period).items():
            category_id = products[product_id].category_id
            had_units, had_revenue = grouped.get(category_id, (0, ZERO))
            grouped[category_id] = (had_units + units, had_revenue + revenue)

        def name(category_id: int | None) -> str:
            row = categories.get(category_id) if category_id is not None else None
            return str(row.category.name) if row is not None else ""  # type: ignore[attr-defined]

        figures = [CategoryFigure(cid, name(cid), units, revenue) for cid, (units, revenue) in grouped.items()]
        return sorted(figures, key=lambda f: (-f.revenue, f.name, f.category_id or 0))

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
        revenue = cost = unknown_revenue = ZERO
        known = unknown = 0
        for sale in self._sales(period):
            for item in sale.items:
                if item.unit_cost is None:
                    unknown += 1
                    unknown_revenue += item.net_total
                else:
                    known += 1
                    revenue += item.net_total
                    cost += item.unit_cost * item.quantity
        return MarginFigure(revenue, cost, known, unknown, unknown_revenue)

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
