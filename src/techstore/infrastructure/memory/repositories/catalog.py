"""In-memory repositories of the catalog context. They hand out copies, so entities
changed by a use case reach the store only through ``update``; the unit of work holds
the store's lock, so every read is already exclusive."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs

from techstore.application.catalog.commands import ProductQuery
from techstore.application.catalog.ports import ExportRow, ProductSnapshot, StockChanged, StockDrift, UnitRecord
from techstore.application.shared.errors import DuplicateKey
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.catalog.categories import Category, category_key
from techstore.domain.catalog.products import Product, search_key
from techstore.domain.catalog.stock import StockMovement
from techstore.domain.catalog.units import Unit, UnitStatus
from techstore.domain.purchasing.orders import weighted_cost
from techstore.domain.taxes.rates import UNTAXED, AppliedRate
from techstore.infrastructure.memory.repositories.taxes import tax_rates_table
from techstore.infrastructure.memory.store import MemoryStore


@attrs.define
class _CategoryRow:
    category: Category
    deleted_at: datetime | None = None


class MemoryCategoryRepository:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    @property
    def _rows(self) -> dict[int, _CategoryRow]:
        return self._store.table("categories", dict)

    def _live(self) -> list[Category]:
        return sorted((r.category for r in self._rows.values() if r.deleted_at is None), key=lambda c: c.key)

    def get(self, category_id: int) -> Category | None:
        row = self._rows.get(category_id)
        return attrs.evolve(row.category) if row and row.deleted_at is None else None

    def get_for_update(self, category_id: int) -> Category | None:
        return self.get(category_id)

    def get_by_name(self, name: str) -> Category | None:
        key = category_key(name)
        return next((attrs.evolve(c) for c in self._live() if c.key == key), None)

    def list(self, page: PageRequest) -> Page[Category]:
        live = self._live()
        items = [attrs.evolve(c) for c in live[page.offset:page.offset + page.limit]]
        return Page(items, len(live), page.limit, page.offset)

    def all(self) -> Sequence[Category]:
        return [attrs.evolve(c) for c in self._live()]

    def add(self, category: Category) -> Category:
        if self._taken(category):
            raise DuplicateKey("name")
        category.id = self._store.next_id("categories")
        self._rows[category.id] = _CategoryRow(attrs.evolve(category))
        return category

    def update(self, category: Category) -> None:
        assert category.id in self._rows
        if self._taken(category):
            raise DuplicateKey("name")
        self._rows[category.id] = _CategoryRow(attrs.evolve(category))

    def delete(self, category: Category, now: datetime) -> None:
        assert category.id is not None
        self._rows[category.id] = _CategoryRow(attrs.evolve(category, updated_at=now), deleted_at=now)

    def in_use(self, category_id: int) -> bool:
        rows: dict[int, Product] = self._store.table("products", dict)
        return any(p.category_id == category_id and not p.is_deleted for p in rows.values())

    def _taken(self, category: Category) -> bool:
        return any(c.key == category.key and c.id != category.id for c in self._live())


class MemoryProductRepository:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    @property
    def _rows(self) -> dict[int, Product]:
        return self._store.table("products", dict)

    def get(self, product_id: int) -> Product | None:
        product = self._rows.get(product_id)
        return attrs.evolve(product) if product else None

    def many(self, product_ids: Sequence[int]) -> Mapping[int, Product]:
        rows = self._rows
        return {pid: attrs.evolve(rows[pid]) for pid in product_ids if pid in rows and not rows[pid].is_deleted}

    def get_by_sku(self, sku: str) -> Product | None:
        return next((attrs.evolve(p) for p in self._rows.values() if p.sku == sku), None)

    def get_by_barcode(self, barcode: str) -> Product | None:
        return next((attrs.evolve(p) for p in self._rows.values() if p.barcode == barcode), None)

    def search(self, query: ProductQuery, page: PageRequest) -> Page[Product]:
        text = search_key(query.q.strip())
        found = sorted(
            (p for p in self._rows.values() if not p.is_deleted
             and (not text or text in p.search_text)
             and (query.category_id is None or p.category_id == query.category_id)
             and (not query.low_stock or p.is_low_on_stock)),
            key=lambda p: p.sku,
        )
        items = [attrs.evolve(p) for p in found[page.offset:page.offset + page.limit]]
        return Page(items, len(found), page.limit, page.offset)

    def add(self, product: Product) -> Product:
        self._check_unique(product)
        product.id = self._store.next_id("products")
        product.stock = 0
        self._rows[product.id] = attrs.evolve(product)
        return product

    def update(self, product: Product) -> None:
        assert product.id in self._rows
        self._check_unique(product)
        stored = self._rows[product.id]
        self._rows[product.id] = attrs.evolve(product, stock=stored.stock)  # stock moves only through movements

    def change_stock(self, product_id: int, quantity: int) -> StockChanged | None:
        product = self._rows.get(product_id)
        if product is None or product.stock + quantity < 0:
            return None
        self._rows[product_id] = attrs.evolve(product, stock=product.stock + quantity)
        return StockChanged(product.stock, product.stock + quantity, product.serial_kind is not None)

    def receive_at_cost(self, product_id: int, quantity: int, unit_cost: Decimal) -> tuple[int, int] | None:
        product = self._rows.get(product_id)
        if product is None or quantity <= 0:
            return None
        cost = weighted_cost(product.stock, product.cost, quantity, unit_cost)
        self._rows[product_id] = attrs.evolve(product, stock=product.stock + quantity, cost=cost)
        return product.stock, product.stock + quantity

    def change_stock_many(self, changes: Sequence[tuple[int, int]]) -> None:
        for product_id, quantity in changes:
            assert self.change_stock(product_id, quantity) is not None

    def snapshots(self, product_ids: Sequence[int]) -> Mapping[int, ProductSnapshot]:
        return {i: self._snapshot(p) for i in product_ids if (p := self._rows.get(i)) is not None}

    def snapshot_by_sku(self, sku: str) -> ProductSnapshot | None:
        return next((self._snapshot(p) for p in self._rows.values() if p.sku == sku), None)

    def snapshot_by_barcode(self, barcode: str) -> ProductSnapshot | None:
        return next((self._snapshot(p) for p in self._rows.values() if p.barcode == barcode), None)

    def _snapshot(self, p: Product) -> ProductSnapshot:
        assert p.id is not None
        return ProductSnapshot(p.id, p.sku, p.name, p.price, p.stock, p.is_active, p.is_deleted, p.cost,
                               tax_rate=self._rate_of(p), serial_kind=p.serial_kind,
                               warranty_months=p.warranty_months)

    def _rate_of(self, product: Product) -> AppliedRate:
        """Its own rate, else its category's, else the default: what the SQL adapter's joins give."""
        rates = tax_rates_table(self._store)
        categories: dict[int, _CategoryRow] = self._store.table("categories", dict)
        row = categories.get(product.category_id) if product.category_id is not None else None
        for rate_id in (product.tax_rate_id, row.category.tax_rate_id if row else None):
            if rate_id is not None and rate_id in rates:
                return rates[rate_id].applied()
        default = next((r for r in rates.values() if r.is_default), None)
        return default.applied() if default is not None else UNTAXED

    def by_skus_for_update(self, skus: Sequence[str]) -> Mapping[str, Product]:
        wanted = set(skus)
        return {p.sku: attrs.evolve(p) for p in self._rows.values() if p.sku in wanted}

    def skus_by_barcodes(self, barcodes: Sequence[str]) -> Mapping[str, str]:
        wanted = set(barcodes)
        return {p.barcode: p.sku for p in self._rows.values() if p.barcode is not None and p.barcode in wanted}

    def add_many(self, new: Sequence[Product]) -> Sequence[Product]:
        for product in new:
            self.add(product)
        return new

    def update_many(self, changed: Sequence[Product]) -> None:
        for product in changed:
            self.update(product)

    def export(self) -> Iterator[ExportRow]:
        rows: dict[int, _CategoryRow] = self._store.table("categories", dict)
        for product in sorted(self._rows.values(), key=lambda p: p.sku):
            if not product.is_deleted:
                row = rows.get(product.category_id) if product.category_id is not None else None
                yield ExportRow(attrs.evolve(product), row.category.name if row else "")

    def drift(self) -> Sequence[StockDrift]:
        ledger: dict[int, int] = {}
        movements: list[StockMovement] = self._store.table("stock_movements", list)
        for movement in movements:
            ledger[movement.product_id] = ledger.get(movement.product_id, 0) + movement.quantity
        units: dict[int, int] = {}
        for unit in _units_table(self._store).values():
            if unit.status is UnitStatus.IN_STOCK:
                units[unit.product_id] = units.get(unit.product_id, 0) + 1
        found = []
        for i, p in sorted(self._rows.items()):
            counted = units.get(i, 0) if p.serial_kind is not None or i in units else None
            if p.stock != ledger.get(i, 0) or (counted is not None and counted != p.stock) or \
                    (p.serial_kind is None and counted):
                found.append(StockDrift(i, p.sku, p.stock, ledger.get(i, 0), counted))
        return found

    def _check_unique(self, product: Product) -> None:
        for other in self._rows.values():
            if other.id == product.id:
                continue
            if other.sku == product.sku:
                raise DuplicateKey("sku")
            if product.barcode is not None and other.barcode == product.barcode:
                raise DuplicateKey("barcode")


class MemoryStockMovementRepository:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    @property
    def _rows(self) -> list[StockMovement]:
        return self._store.table("stock_movements", list)

    def add_many(self, movements: Sequence[StockMovement]) -> Sequence[StockMovement]:
        stored = [attrs.evolve(m, id=self._store.next_id("stock_movements")) for m in movements]
        self._rows.extend(stored)
        return stored

    def add_batch(self, movements: Sequence[StockMovement]) -> None:
        self.add_many(movements)

    def for_product(self, product_id: int, page: PageRequest) -> Page[StockMovement]:
        mine = [m for m in reversed(self._rows) if m.product_id == product_id]
        return Page(mine[page.offset:page.offset + page.limit], len(mine), page.limit, page.offset)


def _units_table(store: MemoryStore) -> dict[int, Unit]:
    return store.table("product_units", dict)


class MemoryUnitRepository:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    @property
    def _rows(self) -> dict[int, Unit]:
        return _units_table(self._store)

    def _of(self, product_id: int, serials: Sequence[str]) -> dict[str, Unit]:
        wanted = set(serials)
        return {u.serial: u for u in self._rows.values() if u.product_id == product_id and u.serial in wanted}

    def _change(self, product_id: int, serials: Sequence[str], was: Callable[[Unit], bool],
                **values: object) -> list[str]:
        units = self._of(product_id, serials)
        failed = []
        for serial in serials:
            unit = units.get(serial)
            if unit is None or not was(unit):
                failed.append(serial)
                continue
            assert unit.id is not None
            self._rows[unit.id] = units[serial] = attrs.evolve(unit, **values)  # type: ignore[arg-type]
        return failed

    def receive(self, product_id: int, serials: Sequence[str], now: datetime) -> Sequence[str]:
        units = self._of(product_id, serials)
        failed = []
        for serial in serials:
            unit = units.get(serial)
            if unit is None:
                unit_id = self._store.next_id("product_units")
                self._rows[unit_id] = units[serial] = Unit(unit_id, product_id, serial, UnitStatus.IN_STOCK, now)
            elif unit.status is UnitStatus.IN_STOCK:
                failed.append(serial)
            else:
                assert unit.id is not None
                self._rows[unit.id] = units[serial] = Unit(unit.id, product_id, serial, UnitStatus.IN_STOCK, now)
        return failed

    def sell(self, product_id: int, serials: Sequence[str], sale_id: int | None, sold_at: datetime,
             warranty_until: date | None) -> Sequence[str]:
        return self._change(product_id, serials, lambda u: u.status is UnitStatus.IN_STOCK, status=UnitStatus.SOLD,
                            sale_id=sale_id, sold_at=sold_at, warranty_until=warranty_until, return_id=None)

    def restock(self, product_id: int, serials: Sequence[str], return_id: int | None) -> Sequence[str]:
        return self._change(product_id, serials, lambda u: u.status is UnitStatus.SOLD, status=UnitStatus.IN_STOCK,
                            sale_id=None, sold_at=None, warranty_until=None, return_id=return_id)

    def write_off(self, product_id: int, serials: Sequence[str], was: UnitStatus,
                  return_id: int | None) -> Sequence[str]:
        units = self._of(product_id, serials)
        failed = []
        for serial in serials:
            unit = units.get(serial)
            if unit is None or unit.status is not was:
                failed.append(serial)
                continue
            assert unit.id is not None
            self._rows[unit.id] = units[serial] = attrs.evolve(
                unit, status=UnitStatus.DAMAGED, return_id=return_id if return_id is not None else unit.return_id)
        return failed

    def for_product(self, product_id: int, status: UnitStatus | None, page: PageRequest) -> Page[Unit]:
        mine = sorted((u for u in self._rows.values()
                       if u.product_id == product_id and (status is None or u.status is status)),
                      key=lambda u: u.serial.encode())
        return Page(mine[page.offset:page.offset + page.limit], len(mine), page.limit, page.offset)


class MemoryUnitLookup:
    """What the SQL lookup's joins give, from the other contexts' tables in the store."""

    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def find(self, serial: str) -> UnitRecord | None:
        units = [u for u in _units_table(self._store).values() if u.serial == serial]
        if not units:
            return None
        unit = min(units, key=lambda u: (u.status is not UnitStatus.IN_STOCK,
                                         -(u.sold_at.timestamp() if u.sold_at else float("-inf")), -(u.id or 0)))
        product = MemoryProductRepository(self._store).snapshots([unit.product_id])[unit.product_id]
        sale_number = customer_id = customer_name = None
        if unit.sale_id is not None:
            sales: dict[int, Any] = self._store.table("sales", dict)
            sale = sales.get(unit.sale_id)
            if sale is not None:
                sale_number, customer_id = sale.number, sale.customer_id
                customers: dict[int, Any] = self._store.table("customers", dict)
                customer = customers.get(customer_id)
                customer_name = customer.name if customer is not None else None
        repairs: dict[int, Any] = self._store.table("repairs", dict)
        repair_ids = tuple(sorted(
            i for i, r in repairs.items()
            if (r.serial_number or "").strip().upper() == serial or getattr(r, "unit_id", None) == unit.id))
        return UnitRecord(unit, product, sale_number, customer_id, customer_name, repair_ids)


REPOSITORIES = {
    "categories": MemoryCategoryRepository,
    "products": MemoryProductRepository,
    "stock_movements": MemoryStockMovementRepository,
    "units": MemoryUnitRepository,
    "unit_lookup": MemoryUnitLookup,
}
