"""SQL repositories of the purchasing context: rows in, suppliers and orders out."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, and_, bindparam, func, or_, select
from sqlalchemy.exc import IntegrityError

from techstore.application.purchasing.commands import OrderQuery
from techstore.application.shared.errors import DuplicateKey
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.purchasing.orders import (
    OPEN,
    OrderLine,
    OrderStatus,
    PurchaseOrder,
    Receipt,
    ReceivedLine,
    Suggestion,
)
from techstore.domain.purchasing.suppliers import Supplier, supplier_key
from techstore.infrastructure.sqlalchemy import executor as sql
from techstore.infrastructure.sqlalchemy.tables.catalog import products
from techstore.infrastructure.sqlalchemy.tables.purchasing import (
    purchase_order_lines,
    purchase_orders,
    purchase_receipt_lines,
    purchase_receipts,
    suppliers,
)

# ---------------------------------------------------------------- suppliers

s = suppliers.c
_SUPPLIER_COLUMNS = (s.id, s.name, s.contact_name, s.email, s.phone, s.notes, s.created_at, s.updated_at,
                     s.deleted_at)
_LIVE = s.deleted_at.is_(None)
_SUPPLIER_BY_ID = select(*_SUPPLIER_COLUMNS).where(s.id == bindparam("id"))
_SUPPLIER_BY_ID_FOR_SHARE = _SUPPLIER_BY_ID.with_for_update(read=True)
_SUPPLIER_BY_KEY = select(*_SUPPLIER_COLUMNS).where(s.name_key == bindparam("key"))
_ALL_SUPPLIERS = select(*_SUPPLIER_COLUMNS).where(_LIVE).order_by(s.name_key)
_SUPPLIER_PAGE = (select(*_SUPPLIER_COLUMNS, func.count().over()).where(_LIVE).order_by(s.name_key)
                  .limit(bindparam("limit")).offset(bindparam("offset")))
_SUPPLIER_COUNT = select(func.count()).select_from(suppliers).where(_LIVE)
_ADD_SUPPLIER = suppliers.insert().returning(s.id)
_UPDATE_SUPPLIER = suppliers.update().where(s.id == bindparam("supplier_id")).values(
    {n: bindparam(n) for n in ("name", "name_key", "contact_name", "email", "phone", "notes", "updated_at",
                               "deleted_at")})


def _supplier(row: Any) -> Supplier:
    return Supplier(*row[:9])


def _supplier_values(supplier: Supplier) -> dict[str, Any]:
    return {"name": supplier.name, "name_key": None if supplier.is_deleted else supplier.key,
            "contact_name": supplier.contact_name, "email": supplier.email, "phone": supplier.phone,
            "notes": supplier.notes, "updated_at": supplier.updated_at, "deleted_at": supplier.deleted_at}


class SqlSupplierRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def get(self, supplier_id: int) -> Supplier | None:
        row = sql.first(self._db, _SUPPLIER_BY_ID, id=supplier_id)
        return _supplier(row) if row else None

    def get_for_share(self, supplier_id: int) -> Supplier | None:
        row = sql.first(self._db, _SUPPLIER_BY_ID_FOR_SHARE, id=supplier_id)
        return _supplier(row) if row else None

    def get_by_name(self, name: str) -> Supplier | None:
        row = sql.first(self._db, _SUPPLIER_BY_KEY, key=supplier_key(name))
        return _supplier(row) if row else None

    def list(self, page: PageRequest) -> Page[Supplier]:
        rows = sql.rows(self._db, _SUPPLIER_PAGE, limit=page.limit, offset=page.offset)
        total = rows[0][-1] if rows else (sql.scalar(self._db, _SUPPLIER_COUNT) if page.offset else 0)
        return Page([_supplier(r) for r in rows], total, page.limit, page.offset)

    def all(self) -> Sequence[Supplier]:
        return [_supplier(r) for r in sql.rows(self._db, _ALL_SUPPLIERS)]

    def add(self, supplier: Supplier) -> Supplier:
        values = _supplier_values(supplier) | {"created_at": supplier.created_at}
        try:
            with self._db.begin_nested():
                (row,) = sql.inserted(self._db, _ADD_SUPPLIER, [values])
        except IntegrityError:
            raise DuplicateKey("name") from None
        supplier.id = row[0]
        return supplier

    def update(self, supplier: Supplier) -> None:
        try:
            with self._db.begin_nested():
                sql.run(self._db, _UPDATE_SUPPLIER, supplier_id=supplier.id, **_supplier_values(supplier))
        except IntegrityError:
            raise DuplicateKey("name") from None


# ---------------------------------------------------------------- purchase orders

o, ln = purchase_orders.c, purchase_order_lines.c
_ORDER_COLUMNS = (o.id, o.number, o.supplier_id, o.status, o.expected_date, o.notes, o.created_by, o.created_at,
                  o.updated_at, o.ordered_at, o.received_at, o.cancelled_at)
_LINE_COLUMNS = (ln.id, ln.product_id, ln.sku, ln.name, ln.quantity, ln.unit_cost, ln.quantity_received,
                 ln.purchase_order_id)
_ORDER_BY_ID = select(*_ORDER_COLUMNS).where(o.id == bindparam("id"))
_ORDER_BY_ID_FOR_UPDATE = _ORDER_BY_ID.with_for_update()
_LINES_OF = (select(*_LINE_COLUMNS).where(ln.purchase_order_id.in_(bindparam("ids", expanding=True)))
             .order_by(ln.purchase_order_id, ln.position))
_ADD_ORDER = purchase_orders.insert().returning(o.id)
_ADD_LINES = purchase_order_lines.insert().returning(ln.id)
_DELETE_LINES = purchase_order_lines.delete().where(ln.purchase_order_id == bindparam("order_id"))
_UPDATE_ORDER = purchase_orders.update().where(o.id == bindparam("order_id")).values(
    {n: bindparam(n) for n in ("supplier_id", "status", "expected_date", "notes", "updated_at", "ordered_at",
                               "received_at", "cancelled_at")})
_UPDATE_RECEIVED = (purchase_order_lines.update().where(ln.id == bindparam("line_id"))
                    .values(quantity_received=bindparam("received")))
r, rl = purchase_receipts.c, purchase_receipt_lines.c
_ADD_RECEIPT = purchase_receipts.insert().returning(r.id)
_ADD_RECEIPT_LINES = purchase_receipt_lines.insert()
_RECEIPT_BY_ID = select(r.id, r.purchase_order_id, r.created_by, r.created_at).where(r.id == bindparam("id"))
_RECEIPTS_OF = (select(r.id, r.purchase_order_id, r.created_by, r.created_at)
                .where(r.purchase_order_id == bindparam("order_id")).order_by(r.id))
_RECEIPT_LINES = (select(rl.receipt_id, rl.line_id, rl.product_id, rl.sku, rl.name, rl.quantity, rl.unit_cost,
                         rl.serials)
                  .where(rl.receipt_id.in_(bindparam("ids", expanding=True))).order_by(rl.id))
p = products.c
# The last unit cost ordered (not cancelled), else the product's cost.
_LAST_COST = (select(ln.unit_cost).select_from(purchase_order_lines.join(purchase_orders, o.id == ln.purchase_order_id))
              .where(ln.product_id == p.id, o.status != OrderStatus.CANCELLED.value)
              .order_by(ln.id.desc()).limit(1).scalar_subquery())
# What is still to come on open orders: ordered − received over the product's lines (an index on product_id).
_ON_ORDER = (select(func.coalesce(func.sum(ln.quantity - ln.quantity_received), 0))
             .select_from(purchase_order_lines.join(purchase_orders, o.id == ln.purchase_order_id))
             .where(ln.product_id == p.id, or_(*(o.status == x.value for x in sorted(OPEN))))
             .scalar_subquery())
_SUGGESTIONS = (
    select(p.id, p.sku, p.name, s.id, s.name, p.stock, p.min_stock, p.reorder_quantity,
           func.coalesce(_LAST_COST, p.cost), _ON_ORDER)
    .select_from(products.outerjoin(suppliers, and_(s.id == p.supplier_id, s.deleted_at.is_(None))))
    .where(p.deleted_at.is_(None), p.is_active, p.stock <= p.min_stock,
           p.min_stock + p.reorder_quantity - p.stock > 0)
    .order_by(p.sku)
)


def _order(row: Any, lines: list[OrderLine]) -> PurchaseOrder:
    (order_id, number, supplier_id, status, expected, notes, by, at, updated, ordered, received, cancelled) = row[:12]
    return PurchaseOrder(order_id, number, supplier_id, OrderStatus(status), lines, expected, notes, by, at, updated,
                         ordered, received, cancelled)


class SqlPurchaseOrderRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def _lines(self, order_ids: Sequence[int]) -> dict[int, list[OrderLine]]:
        found: dict[int, list[OrderLine]] = {i: [] for i in order_ids}
        if order_ids:
            for row in sql.rows(self._db, _LINES_OF, ids=list(order_ids)):
                found[row[7]].append(OrderLine(*row[:7]))
        return found

    def _one(self, statement: Any, order_id: int) -> PurchaseOrder | None:
        row = sql.first(self._db, statement, id=order_id)
        return _order(row, self._lines([order_id])[order_id]) if row else None

    def get(self, order_id: int) -> PurchaseOrder | None:
        return self._one(_ORDER_BY_ID, order_id)

    def get_for_update(self, order_id: int) -> PurchaseOrder | None:
        return self._one(_ORDER_BY_ID_FOR_UPDATE, order_id)

    def list(self, query: OrderQuery, page: PageRequest) -> Page[PurchaseOrder]:
        conditions = []
        if query.status is not None:
            conditions.append(o.status == query.status)
        if query.supplier_id is not None:
            conditions.append(o.supplier_id == query.supplier_id)
        statement = (select(*_ORDER_COLUMNS, func.count().over()).where(*conditions).order_by(o.id.desc())
                     .limit(page.limit).offset(page.offset))
        rows = sql.rows(self._db, statement)
        if rows:
            total = rows[0][-1]
        elif page.offset:
            total = sql.scalar(self._db, select(func.count()).select_from(purchase_orders).where(*conditions))
        else:
            total = 0
        lines = self._lines([row[0] for row in rows])
        return Page([_order(row, lines[row[0]]) for row in rows], total, page.limit, page.offset)

    def add(self, order: PurchaseOrder) -> PurchaseOrder:
        (row,) = sql.inserted(self._db, _ADD_ORDER, [{
            "number": order.number, "supplier_id": order.supplier_id, "status": order.status.value,
            "expected_date": order.expected_date, "notes": order.notes, "created_by": order.created_by,
            "created_at": order.created_at, "updated_at": order.updated_at, "ordered_at": order.ordered_at,
            "received_at": order.received_at, "cancelled_at": order.cancelled_at}])
        order.id = row[0]
        self._add_lines(order)
        return order

    def _add_lines(self, order: PurchaseOrder) -> None:
        if not order.lines:
            return
        rows = sql.inserted(self._db, _ADD_LINES, [
            {"purchase_order_id": order.id, "position": index, "product_id": line.product_id, "sku": line.sku,
             "name": line.name, "quantity": line.quantity, "unit_cost": line.unit_cost,
             "quantity_received": line.quantity_received}
            for index, line in enumerate(order.lines)])
        for line, row in zip(order.lines, rows, strict=True):
            line.id = row[0]

    def update(self, order: PurchaseOrder, lines_replaced: bool = False) -> None:
        sql.run(self._db, _UPDATE_ORDER, order_id=order.id, supplier_id=order.supplier_id, status=order.status.value,
                expected_date=order.expected_date, notes=order.notes, updated_at=order.updated_at,
                ordered_at=order.ordered_at, received_at=order.received_at, cancelled_at=order.cancelled_at)
        if lines_replaced:
            sql.run(self._db, _DELETE_LINES, order_id=order.id)
            self._add_lines(order)
        else:
            sql.many(self._db, _UPDATE_RECEIVED, [{"line_id": line.id, "received": line.quantity_received}
                                                  for line in order.lines])

    def add_receipt(self, receipt: Receipt) -> Receipt:
        (row,) = sql.inserted(self._db, _ADD_RECEIPT, [{"purchase_order_id": receipt.purchase_order_id,
                                                       "created_by": receipt.created_by,
                                                       "created_at": receipt.created_at}])
        receipt.id = row[0]
        sql.many(self._db, _ADD_RECEIPT_LINES, [
            {"receipt_id": receipt.id, "line_id": line.line_id, "product_id": line.product_id, "sku": line.sku,
             "name": line.name, "quantity": line.quantity, "unit_cost": line.unit_cost,
             "serials": json.dumps(list(line.serials)) if line.serials else None}
            for line in receipt.lines])
        return receipt

    def _receipts(self, rows: Sequence[Any]) -> Sequence[Receipt]:
        receipts = {row[0]: Receipt(row[0], row[1], [], row[2], row[3]) for row in rows}
        if receipts:
            for line in sql.rows(self._db, _RECEIPT_LINES, ids=list(receipts)):
                receipt_id, line_id, product_id, sku, name, quantity, unit_cost, serials = line[:8]
                receipts[receipt_id].lines.append(ReceivedLine(
                    line_id, product_id, sku, name, quantity, unit_cost,
                    tuple(json.loads(serials)) if serials else ()))
        return list(receipts.values())

    def receipt(self, receipt_id: int) -> Receipt | None:
        found = self._receipts(sql.rows(self._db, _RECEIPT_BY_ID, id=receipt_id))
        return found[0] if found else None

    def receipts(self, order_id: int) -> Sequence[Receipt]:
        return self._receipts(sql.rows(self._db, _RECEIPTS_OF, order_id=order_id))

    def suggestions(self) -> Sequence[Suggestion]:
        return [Suggestion(*row[:10]) for row in sql.rows(self._db, _SUGGESTIONS)]


REPOSITORIES = {
    "suppliers": SqlSupplierRepository,
    "purchase_orders": SqlPurchaseOrderRepository,
}
