"""SQL repositories of the catalog context: rows in, entities out.

Statements that run on every request are built once, at import, with bound
parameters; rows are unpacked positionally, once. Stock changes only in
``change_stock``: one guarded ``UPDATE ... RETURNING``, never a read then a write.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs
from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Integer,
    MetaData,
    Select,
    Table,
    and_,
    any_,
    bindparam,
    case,
    func,
    literal,
    or_,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from techstore.application.catalog.commands import ProductQuery
from techstore.application.catalog.ports import ExportRow, ProductSnapshot, StockChanged, StockDrift, UnitRecord
from techstore.application.shared.errors import DuplicateKey
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.catalog.categories import Category, category_key
from techstore.domain.catalog.products import Product, search_key
from techstore.domain.catalog.stock import MovementKind, Reference, StockMovement
from techstore.domain.catalog.units import SerialKind, Unit, UnitStatus
from techstore.domain.taxes.rates import UNTAXED, AppliedRate
from techstore.infrastructure.sqlalchemy import executor as sql
from techstore.infrastructure.sqlalchemy.tables.catalog import categories, product_units, products, stock_movements
from techstore.infrastructure.sqlalchemy.tables.customers import customers
from techstore.infrastructure.sqlalchemy.tables.repairs import repairs
from techstore.infrastructure.sqlalchemy.tables.sales import sales
from techstore.infrastructure.sqlalchemy.tables.taxes import tax_rates
from techstore.infrastructure.sqlalchemy.types import Money

# ---------------------------------------------------------------- categories

_CATEGORY_COLUMNS = (categories.c.id, categories.c.name, categories.c.description, categories.c.created_at,
                     categories.c.updated_at, categories.c.tax_rate_id)
_LIVE_CATEGORY = categories.c.deleted_at.is_(None)
_CATEGORY_BY_ID = select(*_CATEGORY_COLUMNS).where(categories.c.id == bindparam("id"), _LIVE_CATEGORY)
_CATEGORY_BY_ID_FOR_UPDATE = _CATEGORY_BY_ID.with_for_update()
_CATEGORY_BY_KEY = select(*_CATEGORY_COLUMNS).where(categories.c.name_key == bindparam("key"))
_ALL_CATEGORIES = select(*_CATEGORY_COLUMNS).where(_LIVE_CATEGORY).order_by(categories.c.name_key)
_CATEGORY_PAGE = (
    select(*_CATEGORY_COLUMNS, func.count().over().label("total"))
    .where(_LIVE_CATEGORY)
    .order_by(categories.c.name_key)
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
)
_CATEGORY_COUNT = select(func.count()).select_from(categories).where(_LIVE_CATEGORY)
_CATEGORY_IN_USE = select(products.c.id).where(
    products.c.category_id == bindparam("id"), products.c.deleted_at.is_(None)
).limit(1)


def _category(row: Any) -> Category:
    category_id, name, description, created_at, updated_at, tax_rate_id = row[:6]
    return Category(category_id, name, description, created_at, updated_at, tax_rate_id)


def _unique_violation(error: IntegrityError, keys: Sequence[str]) -> str:
    """Which unique key a failed insert or update ran into (named by its column)."""
    message = str(error.orig)
    return next((key for key in keys if key in message), keys[0])


class SqlCategoryRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def get(self, category_id: int) -> Category | None:
        row = sql.first(self._db, _CATEGORY_BY_ID, id=category_id)
        return _category(row) if row else None

    def get_for_update(self, category_id: int) -> Category | None:
        row = sql.first(self._db, _CATEGORY_BY_ID_FOR_UPDATE, id=category_id)
        return _category(row) if row else None

    def get_by_name(self, name: str) -> Category | None:
        row = sql.first(self._db, _CATEGORY_BY_KEY, key=category_key(name))
        return _category(row) if row else None

    def list(self, page: PageRequest) -> Page[Category]:
        rows = sql.rows(self._db, _CATEGORY_PAGE, limit=page.limit, offset=page.offset)
        if rows:
            total = rows[0][-1]
        else:
            total = sql.scalar(self._db, _CATEGORY_COUNT) if page.offset else 0
        return Page([_category(r) for r in rows], total, page.limit, page.offset)

    def all(self) -> Sequence[Category]:
        return [_category(r) for r in sql.rows(self._db, _ALL_CATEGORIES)]

    def add(self, category: Category) -> Category:
        try:
            with self._db.begin_nested():
                category.id = sql.scalar(
                    self._db, categories.insert().values(**_category_values(category)).returning(categories.c.id))
        except IntegrityError:
            raise DuplicateKey("name") from None
        return category

    def update(self, category: Category) -> None:
        values = _category_values(category)
        del values["created_at"]
        try:
            with self._db.begin_nested():
                sql.run(self._db, categories.update().where(categories.c.id == category.id).values(**values))
        except IntegrityError:
            raise DuplicateKey("name") from None

    def delete(self, category: Category, now: datetime) -> None:
        sql.run(self._db, categories.update().where(categories.c.id == category.id)
                .values(name_key=None, deleted_at=now, updated_at=now))

    def in_use(self, category_id: int) -> bool:
        return sql.first(self._db, _CATEGORY_IN_USE, id=category_id) is not None


def _category_values(category: Category) -> dict[str, Any]:
    return {"name": category.name, "name_key": category.key, "description": category.description,
            "created_at": category.created_at, "updated_at": category.updated_at, "tax_rate_id": category.tax_rate_id}


# ---------------------------------------------------------------- products

_PRODUCT_COLUMNS = (
    products.c.id, products.c.sku, products.c.barcode, products.c.name, products.c.description,
    products.c.category_id, products.c.price, products.c.cost, products.c.stock, products.c.min_stock,
    products.c.is_active, products.c.created_at, products.c.updated_at, products.c.deleted_at, products.c.tax_rate_id,
    products.c.serial_kind, products.c.warranty_months, products.c.supplier_id, products.c.supplier_sku,
    products.c.reorder_quantity,
)
_PRODUCT_WIDTH = len(_PRODUCT_COLUMNS)
_PRODUCT_BY_ID = select(*_PRODUCT_COLUMNS).where(products.c.id == bindparam("id"))
_PRODUCT_BY_SKU = select(*_PRODUCT_COLUMNS).where(products.c.sku == bindparam("sku"))
_LIVE_PRODUCTS_BY_IDS = select(*_PRODUCT_COLUMNS).where(products.c.id.in_(bindparam("ids", expanding=True)),
                                                        products.c.deleted_at.is_(None))
_PRODUCT_BY_BARCODE = select(*_PRODUCT_COLUMNS).where(products.c.barcode == bindparam("barcode"))


def _one_of(column: Any, name: str) -> dict[str, ColumnElement[bool]]:
    """``column`` among the list ``name``, per dialect. PostgreSQL takes the whole list as one array parameter
    (``= ANY``); an expanding IN would render, and psycopg then parse, one placeholder per value: a third of a
    10,000-row import's Python. SQLite has no arrays: an IN of at most ``_IN_CHUNK`` values."""
    return {"postgresql": column == any_(bindparam(name, type_=postgresql.ARRAY(column.type))),
            "sqlite": column.in_(bindparam(name, expanding=True))}


_IN_CHUNK = 5000  # well under every SQLite build's limit of parameters
_PRODUCTS_BY_SKUS_FOR_UPDATE = {
    dialect: select(*_PRODUCT_COLUMNS).where(condition).order_by(products.c.id).with_for_update()
    for dialect, condition in _one_of(products.c.sku, "skus").items()
}
_SKUS_BY_BARCODES = {dialect: select(products.c.barcode, products.c.sku).where(condition)
                     for dialect, condition in _one_of(products.c.barcode, "barcodes").items()}
# The rate a product is taxed at, in the same statement as the product: its own, else its category's, else
# the default (tax_rates joined three times: LEFT JOINs, so a product without a category still has its row).
_OWN_RATE, _CATEGORY_RATE, _DEFAULT_RATE = (tax_rates.alias(n) for n in ("own_rate", "category_rate", "default_rate"))
_SNAPSHOT_COLUMNS = (
    products.c.id, products.c.sku, products.c.name, products.c.price, products.c.stock, products.c.is_active,
    products.c.deleted_at.is_not(None), products.c.cost,
    func.coalesce(_OWN_RATE.c.name, _CATEGORY_RATE.c.name, _DEFAULT_RATE.c.name),
    func.coalesce(_OWN_RATE.c.percent, _CATEGORY_RATE.c.percent, _DEFAULT_RATE.c.percent),
    products.c.serial_kind, products.c.warranty_months,
)
_WITH_RATES = (
    products.outerjoin(_OWN_RATE, _OWN_RATE.c.id == products.c.tax_rate_id)
    .outerjoin(categories, categories.c.id == products.c.category_id)
    .outerjoin(_CATEGORY_RATE, _CATEGORY_RATE.c.id == categories.c.tax_rate_id)
    .outerjoin(_DEFAULT_RATE, _DEFAULT_RATE.c.is_default)
)
_SNAPSHOT_SELECT = select(*_SNAPSHOT_COLUMNS).select_from(_WITH_RATES)
_SNAPSHOTS = _SNAPSHOT_SELECT.where(products.c.id.in_(bindparam("ids", expanding=True)))
_SNAPSHOT_BY_SKU = _SNAPSHOT_SELECT.where(products.c.sku == bindparam("sku"))
_SNAPSHOT_BY_BARCODE = _SNAPSHOT_SELECT.where(products.c.barcode == bindparam("barcode"))
# The guard is the whole rule: of two concurrent takes of the last unit, the second matches no row.
_CHANGE_STOCK = (
    products.update()
    .where(products.c.id == bindparam("product_id"), products.c.stock + bindparam("quantity") >= 0)
    .values(stock=products.c.stock + bindparam("quantity"))
    # The kind itself, not ``serial_kind IS NOT NULL``: SQLite 3.40 answers 1 for that in a RETURNING clause
    # when the row predates the column (added by ALTER TABLE), although the column reads NULL.
    .returning(products.c.stock, products.c.serial_kind)
)
# Goods received at a unit cost: the stock and the weighted average cost in ONE statement on the row, so the
# stock the average weighs is the stock the quantity is added to, whatever sells at the same moment (the SET
# reads the row as this UPDATE finds it; PostgreSQL re-reads it after waiting on a concurrent writer's lock).
# (stock × cost + q × unit) / (stock + q), half-up to cents; a product without a cost takes the unit cost.
# SQLite keeps cents as integers: half-up is (2n + d) / 2d in integer division (all terms are >= 0).
_RECEIVE_AT_COST_SQL = {
    "postgresql": text(
        "UPDATE products SET stock = stock + :quantity, cost = CASE WHEN cost IS NULL THEN :unit_cost "
        "ELSE round((stock * cost + :quantity * :unit_cost) / (stock + :quantity), 2) END "
        "WHERE id = :product_id RETURNING stock, cost"),
    "sqlite": text(
        "UPDATE products SET stock = stock + :quantity, cost = CASE WHEN cost IS NULL THEN :unit_cost "
        "ELSE (2 * (stock * cost + :quantity * :unit_cost) + stock + :quantity) / (2 * (stock + :quantity)) END "
        "WHERE id = :product_id RETURNING stock, cost"),
}
_RECEIVE_AT_COST = {
    dialect: statement.bindparams(bindparam("unit_cost", type_=Money()), bindparam("quantity", type_=Integer()),
                                  bindparam("product_id", type_=Integer()))
    .columns(products.c.stock, products.c.cost)
    for dialect, statement in _RECEIVE_AT_COST_SQL.items()
}
_CHANGE_STOCK_MANY = (
    products.update()
    .where(products.c.id == bindparam("product_id"), products.c.stock + bindparam("quantity") >= 0)
    .values(stock=products.c.stock + bindparam("quantity"))
)
# PostgreSQL: the same for many products at once, each named once (an UPDATE ... FROM moves a row once).
_CHANGE_STOCK_UNNESTED = text(
    "UPDATE products SET stock = products.stock + moved.quantity "
    "FROM unnest(CAST(:ids AS INTEGER[]), CAST(:quantities AS INTEGER[])) AS moved(id, quantity) "
    "WHERE products.id = moved.id AND products.stock + moved.quantity >= 0")
_LIVE_PRODUCT = products.c.deleted_at.is_(None)
_CHANGEABLE = (
    "sku", "barcode", "name", "description", "category_id", "price", "cost", "min_stock", "is_active", "updated_at",
    "deleted_at", "search_text", "tax_rate_id", "serial_kind", "warranty_months", "supplier_id", "supplier_sku",
    "reorder_quantity")
_PRODUCT_UPDATE = (
    products.update().where(products.c.id == bindparam("product_id"))
    .values({name: bindparam(name) for name in _CHANGEABLE})
)
# PostgreSQL, many products at once (an import): their new values copied into a temporary table (COPY, see the
# executor's ``many``), then one UPDATE from it, where an executemany is a statement per product for the server.
_product_changes = Table("product_changes", MetaData(), Column("product_id", Integer),
                         *(Column(name, products.c[name].type) for name in _CHANGEABLE))
_CREATE_CHANGES = text(f"CREATE TEMPORARY TABLE product_changes ON COMMIT DROP AS SELECT id AS product_id, "
                       f"{', '.join(_CHANGEABLE)} FROM products WITH NO DATA")
_APPLY_CHANGES = text(f"UPDATE products SET {', '.join(f'{name} = changes.{name}' for name in _CHANGEABLE)} "
                      f"FROM product_changes AS changes WHERE products.id = changes.product_id")
_DROP_CHANGES = text("DROP TABLE product_changes")
_INSERT_CHANGES = _product_changes.insert()
# Byte order everywhere, as in memory: PostgreSQL's locale collations would ignore "-" and "_".
_SKU_ORDER = {"postgresql": products.c.sku.collate("C"), "sqlite": products.c.sku}
_EXPORT = {
    dialect: select(*_PRODUCT_COLUMNS, func.coalesce(categories.c.name, ""))
    .select_from(products.outerjoin(categories, products.c.category_id == categories.c.id))
    .where(_LIVE_PRODUCT)
    .order_by(order)
    for dialect, order in _SKU_ORDER.items()
}
_LEDGER_SUMS = (
    select(stock_movements.c.product_id, func.sum(stock_movements.c.quantity).label("total"))
    .group_by(stock_movements.c.product_id)
    .subquery()
)
_UNITS_IN_STOCK = (
    select(product_units.c.product_id, func.count().label("units"))
    .where(product_units.c.status == UnitStatus.IN_STOCK.value)
    .group_by(product_units.c.product_id)
    .subquery()
)
# Serialized products only: their units in stock (NULL for the others, which have none to count).
_UNITS_COUNTED = case((or_(products.c.serial_kind.is_not(None), _UNITS_IN_STOCK.c.units.is_not(None)),
                        func.coalesce(_UNITS_IN_STOCK.c.units, 0)))
_DRIFT = (
    select(products.c.id, products.c.sku, products.c.stock, func.coalesce(_LEDGER_SUMS.c.total, 0), _UNITS_COUNTED)
    .select_from(products.outerjoin(_LEDGER_SUMS, _LEDGER_SUMS.c.product_id == products.c.id)
                 .outerjoin(_UNITS_IN_STOCK, _UNITS_IN_STOCK.c.product_id == products.c.id))
    .where(or_(products.c.stock != func.coalesce(_LEDGER_SUMS.c.total, 0),
               and_(products.c.serial_kind.is_not(None), products.c.stock != func.coalesce(_UNITS_IN_STOCK.c.units, 0)),
               and_(products.c.serial_kind.is_(None), _UNITS_IN_STOCK.c.units.is_not(None))))
    .order_by(products.c.id)
)


# A plain ``INSERT`` of every column but the key, for the executor's ``many``: a few rows go as one multi-row
# VALUES, more as one COPY on PostgreSQL or sqlite3's executemany (see the executor).
_INSERT_PRODUCTS = products.insert()
_IDS_BY_SKUS = {dialect: select(products.c.sku, products.c.id).where(condition)
                for dialect, condition in _one_of(products.c.sku, "skus").items()}


def _product(row: Any) -> Product:
    (product_id, sku, barcode, name, description, category_id, price, cost, stock, min_stock, is_active,
     created_at, updated_at, deleted_at, tax_rate_id, serial_kind, warranty_months, supplier_id, supplier_sku,
     reorder_quantity) = row[:_PRODUCT_WIDTH]
    return Product(product_id, sku, barcode, name, description, category_id, price, cost, stock, min_stock,
                   is_active, created_at, updated_at, deleted_at, tax_rate_id, serial_kind, warranty_months,
                   supplier_id, supplier_sku, reorder_quantity)


def _product_values(product: Product) -> dict[str, Any]:
    return {
        "sku": product.sku, "barcode": product.barcode, "name": product.name, "description": product.description,
        "category_id": product.category_id, "price": product.price, "cost": product.cost, "stock": 0,
        "min_stock": product.min_stock, "is_active": product.is_active, "created_at": product.created_at,
        "updated_at": product.updated_at, "deleted_at": product.deleted_at, "search_text": product.search_text,
        "tax_rate_id": product.tax_rate_id,
        "serial_kind": None if product.serial_kind is None else product.serial_kind.value,
        "warranty_months": product.warranty_months, "supplier_id": product.supplier_id,
        "supplier_sku": product.supplier_sku, "reorder_quantity": product.reorder_quantity,
    }


def _snapshot(row: Any) -> ProductSnapshot:
    rate_name, rate_percent = row[8:10]
    # Never None while the store has its default (it always does): UNTAXED only guards the impossible.
    rate = UNTAXED if rate_name is None else AppliedRate(rate_name, rate_percent)
    product_id, sku, name, price, stock, is_active, is_deleted, cost = row[:8]
    serial_kind, warranty_months = row[10:12]
    return ProductSnapshot(product_id, sku, name, price, stock, is_active, is_deleted, cost, rate,
                           None if serial_kind is None else SerialKind(serial_kind), warranty_months)


def _update_values(product: Product) -> dict[str, Any]:
    values = _product_values(product)
    del values["stock"], values["created_at"]
    values["product_id"] = product.id
    return values


def _like(text: str) -> str:
    escaped = search_key(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _search(query: ProductQuery) -> Select[Any]:
    conditions: list[ColumnElement[bool]] = [_LIVE_PRODUCT]
    if query.q.strip():
        pattern = literal(_like(query.q.strip()))
        conditions.append(products.c.search_text.like(pattern, escape="\\"))
    if query.category_id is not None:
        conditions.append(products.c.category_id == query.category_id)
    if query.low_stock:
        conditions.append(products.c.stock <= products.c.min_stock)
    return select(*_PRODUCT_COLUMNS, func.count().over().label("total")).where(and_(*conditions))


class SqlProductRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def get(self, product_id: int) -> Product | None:
        row = sql.first(self._db, _PRODUCT_BY_ID, id=product_id)
        return _product(row) if row else None

    def many(self, product_ids: Sequence[int]) -> Mapping[int, Product]:
        if not product_ids:
            return {}
        return {product.id: product for product in map(_product, sql.rows(self._db, _LIVE_PRODUCTS_BY_IDS,
                                                                           ids=list(product_ids)))
                if product.id is not None}

    def get_by_sku(self, sku: str) -> Product | None:
        row = sql.first(self._db, _PRODUCT_BY_SKU, sku=sku)
        return _product(row) if row else None

    def get_by_barcode(self, barcode: str) -> Product | None:
        row = sql.first(self._db, _PRODUCT_BY_BARCODE, barcode=barcode)
        return _product(row) if row else None

    def search(self, query: ProductQuery, page: PageRequest) -> Page[Product]:
        base = _search(query)
        order = _SKU_ORDER[self._db.dialect.name]
        rows = sql.rows(self._db, base.order_by(order).limit(page.limit).offset(page.offset))
        if rows:
            total = rows[0][-1]
        elif page.offset:  # past the end: no row carries the total
            total = sql.scalar(self._db, select(func.count()).select_from(base.subquery()))
        else:
            total = 0
        return Page([_product(r) for r in rows], total, page.limit, page.offset)

    def add(self, product: Product) -> Product:
        try:
            with self._db.begin_nested():
                product.id = sql.scalar(
                    self._db, products.insert().values(**_product_values(product)).returning(products.c.id))
        except IntegrityError as error:
            raise DuplicateKey(_unique_violation(error, ("barcode", "sku"))) from None
        product.stock = 0
        return product

    def update(self, product: Product) -> None:
        try:
            with self._db.begin_nested():
                sql.run(self._db, _PRODUCT_UPDATE, **_update_values(product))
        except IntegrityError as error:
            raise DuplicateKey(_unique_violation(error, ("barcode", "sku"))) from None

    def change_stock(self, product_id: int, quantity: int) -> StockChanged | None:
        row = sql.first(self._db, _CHANGE_STOCK, product_id=product_id, quantity=quantity)
        return None if row is None else StockChanged(row[0] - quantity, row[0], row[1] is not None)

    def receive_at_cost(self, product_id: int, quantity: int, unit_cost: Decimal) -> tuple[int, int] | None:
        row = sql.first(self._db, _RECEIVE_AT_COST[self._db.dialect.name], product_id=product_id,
                        quantity=quantity, unit_cost=unit_cost)
        return None if row is None else (row[0] - quantity, row[0])

    def change_stock_many(self, changes: Sequence[tuple[int, int]]) -> None:
        if not changes:
            return
        if self._db.dialect.name == "postgresql" and len({i for i, _ in changes}) == len(changes):
            # One statement over two arrays rather than one UPDATE per row (a 10,000-row import).
            moved = sql.run(self._db, _CHANGE_STOCK_UNNESTED, ids=[i for i, _ in changes],
                            quantities=[q for _, q in changes])
            assert moved == len(changes), "an import's rows are locked or new: every change applies"
            return
        sql.many(self._db, _CHANGE_STOCK_MANY, [{"product_id": i, "quantity": q} for i, q in changes])

    def snapshots(self, product_ids: Sequence[int]) -> Mapping[int, ProductSnapshot]:
        if not product_ids:
            return {}
        rows = sql.rows(self._db, _SNAPSHOTS, ids=list(product_ids))
        return {row[0]: _snapshot(row) for row in rows}

    def snapshot_by_sku(self, sku: str) -> ProductSnapshot | None:
        row = sql.first(self._db, _SNAPSHOT_BY_SKU, sku=sku)
        return _snapshot(row) if row else None

    def snapshot_by_barcode(self, barcode: str) -> ProductSnapshot | None:
        row = sql.first(self._db, _SNAPSHOT_BY_BARCODE, barcode=barcode)
        return _snapshot(row) if row else None

    def by_skus_for_update(self, skus: Sequence[str]) -> Mapping[str, Product]:
        return {row[1]: _product(row) for row in self._rows_of(_PRODUCTS_BY_SKUS_FOR_UPDATE, "skus", skus)}

    def skus_by_barcodes(self, barcodes: Sequence[str]) -> Mapping[str, str]:
        return dict(self._rows_of(_SKUS_BY_BARCODES, "barcodes", barcodes))

    def _rows_of(self, statements: Mapping[str, Any], name: str, values: Sequence[Any]) -> Iterator[Any]:
        """The rows of a ``_one_of`` statement: one statement on PostgreSQL, a chunk at a time on SQLite."""
        dialect = self._db.dialect.name
        chunk = max(len(values), 1) if dialect == "postgresql" else _IN_CHUNK
        for start in range(0, len(values), chunk):
            yield from sql.rows(self._db, statements[dialect], **{name: list(values[start:start + chunk])})

    def add_many(self, new: Sequence[Product]) -> Sequence[Product]:
        if not new:
            return new
        try:
            with self._db.begin_nested():
                sql.many(self._db, _INSERT_PRODUCTS, [_product_values(p) for p in new])
        except IntegrityError as error:
            raise DuplicateKey(_unique_violation(error, ("barcode", "sku"))) from None
        ids = dict(self._rows_of(_IDS_BY_SKUS, "skus", [p.sku for p in new]))
        for product in new:
            product.id = ids[product.sku]
            product.stock = 0
        return new

    def update_many(self, changed: Sequence[Product]) -> None:
        if not changed:
            return
        values = [_update_values(p) for p in changed]
        try:
            with self._db.begin_nested():
                if self._db.dialect.name == "postgresql" and len(changed) > sql.MOST:
                    sql.run(self._db, _CREATE_CHANGES)
                    sql.many(self._db, _INSERT_CHANGES, values)
                    sql.run(self._db, _APPLY_CHANGES)
                    sql.run(self._db, _DROP_CHANGES)
                else:
                    sql.many(self._db, _PRODUCT_UPDATE, values)
        except IntegrityError as error:
            raise DuplicateKey(_unique_violation(error, ("barcode", "sku"))) from None

    def export(self) -> Iterator[ExportRow]:
        for row in sql.rows(self._db, _EXPORT[self._db.dialect.name]):
            yield ExportRow(_product(row), row[_PRODUCT_WIDTH])

    def drift(self) -> Sequence[StockDrift]:
        return [StockDrift(*row) for row in sql.rows(self._db, _DRIFT)]


# ---------------------------------------------------------------- stock movements

_MOVEMENT_COLUMNS = (
    stock_movements.c.id, stock_movements.c.product_id, stock_movements.c.kind, stock_movements.c.quantity,
    stock_movements.c.stock_before, stock_movements.c.stock_after, stock_movements.c.reason,
    stock_movements.c.sale_id, stock_movements.c.return_id, stock_movements.c.repair_id,
    stock_movements.c.created_by, stock_movements.c.created_at, stock_movements.c.purchase_order_id,
)
_MOVEMENT_PAGE = (
    select(*_MOVEMENT_COLUMNS, func.count().over().label("total"))
    .where(stock_movements.c.product_id == bindparam("product_id"))
    .order_by(stock_movements.c.id.desc())
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
)
_MOVEMENT_COUNT = select(func.count()).where(stock_movements.c.product_id == bindparam("product_id"))


_INSERT_MOVEMENTS = stock_movements.insert()  # for ``many``, as _INSERT_PRODUCTS
_ADD_MOVEMENTS = stock_movements.insert().returning(stock_movements.c.id)


def _movement(row: Any) -> StockMovement:
    (movement_id, product_id, kind, quantity, before, after, reason, sale_id, return_id, repair_id,
     created_by, created_at, purchase_order_id) = row[:13]
    return StockMovement(movement_id, product_id, MovementKind(kind), quantity, before, after, reason,
                         Reference(sale_id, return_id, repair_id, purchase_order_id), created_by, created_at)


def _movement_values(movement: StockMovement) -> dict[str, Any]:
    return {
        "product_id": movement.product_id, "kind": movement.kind.value, "quantity": movement.quantity,
        "stock_before": movement.stock_before, "stock_after": movement.stock_after, "reason": movement.reason,
        "sale_id": movement.reference.sale_id, "return_id": movement.reference.return_id,
        "repair_id": movement.reference.repair_id, "purchase_order_id": movement.reference.purchase_order_id,
        "created_by": movement.created_by,
        "created_at": movement.created_at,
    }


class SqlStockMovementRepository:
    """Movements are only ever inserted: there is no update and no delete here."""

    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add_many(self, movements: Sequence[StockMovement]) -> Sequence[StockMovement]:
        if not movements:
            return movements
        rows = sql.inserted(self._db, _ADD_MOVEMENTS, [_movement_values(m) for m in movements])
        return [attrs.evolve(m, id=row[0]) for m, row in zip(movements, rows, strict=True)]

    def add_batch(self, movements: Sequence[StockMovement]) -> None:
        if movements:
            sql.many(self._db, _INSERT_MOVEMENTS, [_movement_values(m) for m in movements])

    def for_product(self, product_id: int, page: PageRequest) -> Page[StockMovement]:
        rows = sql.rows(self._db, _MOVEMENT_PAGE, product_id=product_id, limit=page.limit, offset=page.offset)
        if rows:
            total = rows[0][-1]
        else:
            total = sql.scalar(self._db, _MOVEMENT_COUNT, product_id=product_id) if page.offset else 0
        return Page([_movement(r) for r in rows], total, page.limit, page.offset)


# ---------------------------------------------------------------- units

_UNIT_COLUMNS = (
    product_units.c.id, product_units.c.product_id, product_units.c.serial, product_units.c.status,
    product_units.c.created_at, product_units.c.sale_id, product_units.c.sold_at, product_units.c.warranty_until,
    product_units.c.return_id,
)
_UNIT_WIDTH = len(_UNIT_COLUMNS)
_THESE_UNITS = and_(product_units.c.product_id == bindparam("of_product"),
                    product_units.c.serial.in_(bindparam("serials", expanding=True)))
# Each change is one guarded statement: the status it must find is in its WHERE, so of two transactions
# changing one unit the second matches no row (it waits for the first's row lock on PostgreSQL, then re-reads).
_REVIVE_UNITS = (
    product_units.update()
    .where(_THESE_UNITS, product_units.c.status != UnitStatus.IN_STOCK.value)
    .values(status=UnitStatus.IN_STOCK.value, sale_id=None, sold_at=None, warranty_until=None, return_id=None,
            created_at=bindparam("now"))
    .returning(product_units.c.serial)
)
_SELL_UNITS = (
    product_units.update()
    .where(_THESE_UNITS, product_units.c.status == UnitStatus.IN_STOCK.value)
    .values(status=UnitStatus.SOLD.value, sale_id=bindparam("to_sale"), sold_at=bindparam("at"),
            warranty_until=bindparam("until"), return_id=None)
    .returning(product_units.c.serial)
)
_RESTOCK_UNITS = (
    product_units.update()
    .where(_THESE_UNITS, product_units.c.status == UnitStatus.SOLD.value)
    .values(status=UnitStatus.IN_STOCK.value, sale_id=None, sold_at=None, warranty_until=None,
            return_id=bindparam("with_return"))
    .returning(product_units.c.serial)
)
_WRITE_OFF_UNITS = (
    product_units.update()
    .where(_THESE_UNITS, product_units.c.status == bindparam("was"))
    .values(status=UnitStatus.DAMAGED.value,
            return_id=func.coalesce(bindparam("with_return"), product_units.c.return_id))
    .returning(product_units.c.serial)
)
_UNIT_ORDER = {"postgresql": product_units.c.serial.collate("C"), "sqlite": product_units.c.serial}


def _unit(row: Any) -> Unit:
    unit_id, product_id, serial, status, created_at, sale_id, sold_at, warranty_until, return_id = row[:_UNIT_WIDTH]
    return Unit(unit_id, product_id, serial, status, created_at, sale_id, sold_at, warranty_until, return_id)


def _not_done(serials: Sequence[str], done: Sequence[Any]) -> list[str]:
    changed = {row[0] for row in done}
    return [s for s in serials if s not in changed]


class SqlUnitRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def receive(self, product_id: int, serials: Sequence[str], now: datetime) -> Sequence[str]:
        if not serials:
            return []
        revived = sql.rows(self._db, _REVIVE_UNITS, of_product=product_id, serials=list(serials), now=now)
        new = _not_done(serials, revived)
        if not new:
            return []
        insert = (postgresql.insert if self._db.dialect.name == "postgresql" else sqlite.insert)(product_units)
        statement = (
            insert.values([{"product_id": product_id, "serial": serial, "status": UnitStatus.IN_STOCK.value,
                            "created_at": now} for serial in new])
            .on_conflict_do_nothing(index_elements=["product_id", "serial"])
            .returning(product_units.c.serial)
        )
        return _not_done(new, list(self._db.execute(statement).all()))

    def sell(self, product_id: int, serials: Sequence[str], sale_id: int | None, sold_at: datetime,
             warranty_until: date | None) -> Sequence[str]:
        if not serials:
            return []
        done = sql.rows(self._db, _SELL_UNITS, of_product=product_id, serials=list(serials), to_sale=sale_id,
                        at=sold_at, until=warranty_until)
        return _not_done(serials, done)

    def restock(self, product_id: int, serials: Sequence[str], return_id: int | None) -> Sequence[str]:
        if not serials:
            return []
        done = sql.rows(self._db, _RESTOCK_UNITS, of_product=product_id, serials=list(serials), with_return=return_id)
        return _not_done(serials, done)

    def write_off(self, product_id: int, serials: Sequence[str], was: UnitStatus,
                  return_id: int | None) -> Sequence[str]:
        if not serials:
            return []
        done = sql.rows(self._db, _WRITE_OFF_UNITS, of_product=product_id, serials=list(serials), was=was.value,
                        with_return=return_id)
        return _not_done(serials, done)

    def for_product(self, product_id: int, status: UnitStatus | None, page: PageRequest) -> Page[Unit]:
        conditions = [product_units.c.product_id == product_id]
        if status is not None:
            conditions.append(product_units.c.status == status.value)
        base = select(*_UNIT_COLUMNS, func.count().over().label("total")).where(*conditions)
        rows = sql.rows(self._db, base.order_by(_UNIT_ORDER[self._db.dialect.name])
                        .limit(page.limit).offset(page.offset))
        if rows:
            total = rows[0][-1]
        elif page.offset:
            total = sql.scalar(self._db, select(func.count()).select_from(product_units).where(*conditions))
        else:
            total = 0
        return Page([_unit(r) for r in rows], total, page.limit, page.offset)


# The unit with a serial, whichever product it is of: the one in stock first, else the latest to leave; with
# its product (and rate), the sale it left with and that sale's customer, in one statement.
_LOOKUP = (
    select(*_UNIT_COLUMNS, *_SNAPSHOT_COLUMNS, sales.c.number, sales.c.customer_id, customers.c.name)
    .select_from(
        product_units.join(_WITH_RATES, products.c.id == product_units.c.product_id)
        .outerjoin(sales, sales.c.id == product_units.c.sale_id)
        .outerjoin(customers, customers.c.id == sales.c.customer_id)
    )
    .where(product_units.c.serial == bindparam("serial"))
    .order_by(case((product_units.c.status == UnitStatus.IN_STOCK.value, 0), else_=1),
              product_units.c.sold_at.desc().nulls_last(), product_units.c.id.desc())
    .limit(1)
)
# Its repairs: those taken in for its serial (as typed, any letter case) or linked to the unit.
_UNIT_REPAIRS = (
    select(repairs.c.id)
    .where(or_(func.upper(func.trim(repairs.c.serial_number)) == bindparam("serial"),
               repairs.c.unit_id == bindparam("unit_id")))
    .order_by(repairs.c.id)
)


class SqlUnitLookup:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def find(self, serial: str) -> UnitRecord | None:
        row = sql.first(self._db, _LOOKUP, serial=serial)
        if row is None:
            return None
        unit = _unit(row)
        product = _snapshot(row[_UNIT_WIDTH:])
        sale_number, customer_id, customer_name = row[_UNIT_WIDTH + len(_SNAPSHOT_COLUMNS):]
        repair_ids = tuple(r[0] for r in sql.rows(self._db, _UNIT_REPAIRS, serial=serial, unit_id=unit.id))
        return UnitRecord(unit, product, sale_number, customer_id, customer_name, repair_ids)


REPOSITORIES = {
    "categories": SqlCategoryRepository,
    "products": SqlProductRepository,
    "stock_movements": SqlStockMovementRepository,
    "units": SqlUnitRepository,
    "unit_lookup": SqlUnitLookup,
}
