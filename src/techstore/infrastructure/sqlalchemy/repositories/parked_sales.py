"""SQL repository of parked sales: a parked sale and its lines (two tables); a page of them is two statements
whatever its size, and removing one is two."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, bindparam, func, select

from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.sales.discounts import Discount
from techstore.domain.sales.parked import ParkedLine, ParkedSale
from techstore.infrastructure.sqlalchemy import executor as sql
from techstore.infrastructure.sqlalchemy.tables.sales import parked_sale_lines as pl
from techstore.infrastructure.sqlalchemy.tables.sales import parked_sales as ps

_COLUMNS = (ps.c.id, ps.c.customer_id, ps.c.customer_name, ps.c.user_id, ps.c.discount_kind, ps.c.discount_value,
            ps.c.notes, ps.c.created_at)
_LINE_COLUMNS = (pl.c.parked_sale_id, pl.c.product_id, pl.c.sku, pl.c.name, pl.c.quantity, pl.c.discount_kind,
                 pl.c.discount_value)

_BY_ID = select(*_COLUMNS).where(ps.c.id == bindparam("parked_id"))
_PAGE = (select(*_COLUMNS, func.count().over().label("row_count"))
         .order_by(ps.c.created_at.desc(), ps.c.id.desc()).limit(bindparam("limit")).offset(bindparam("offset")))
_COUNT = select(func.count()).select_from(ps)
_LINES_OF = select(*_LINE_COLUMNS).where(pl.c.parked_sale_id.in_(bindparam("parked_ids", expanding=True))) \
    .order_by(pl.c.id)
_ADD = ps.insert().returning(ps.c.id)
_ADD_LINES = pl.insert()
_REMOVE_LINES = pl.delete().where(pl.c.parked_sale_id == bindparam("parked_id"))
# RETURNING says whether the row was there (a DELETE's row count is not to be trusted on every driver path).
_REMOVE = ps.delete().where(ps.c.id == bindparam("parked_id")).returning(ps.c.id)


def _discount(kind: str | None, value: str | None) -> Discount | None:
    """Kept as given, kind and value as text: "amount" "5.00", or "percent" "12.5"."""
    if kind is None or value is None:
        return None
    return Discount.percent_of(Decimal(value)) if kind == "percent" else Discount.off(Decimal(value))


def _kind_and_value(discount: Discount | None) -> tuple[str | None, str | None]:
    if discount is None:
        return None, None
    if discount.percent is not None:
        return "percent", f"{discount.percent.normalize():f}"
    return "amount", str(discount.amount)


def _parked(row: Any, lines: list[ParkedLine]) -> ParkedSale:
    parked_id, customer_id, customer_name, user_id, kind, value, notes, created_at = row[:8]
    return ParkedSale(parked_id, customer_id, customer_name, user_id, lines, _discount(kind, value), notes, created_at)


def _line(row: Any) -> ParkedLine:
    _, product_id, sku, name, quantity, kind, value = row
    return ParkedLine(product_id, sku, name, quantity, _discount(kind, value))


def _assembled(db: Connection, rows: Sequence[Any]) -> list[ParkedSale]:
    """The parked sales of ``rows`` with their lines: one more statement for any number of rows."""
    lines: dict[int, list[ParkedLine]] = {row[0]: [] for row in rows}
    if lines:
        for row in sql.rows(db, _LINES_OF, parked_ids=list(lines)):
            lines[row[0]].append(_line(row))
    return [_parked(row, lines[row[0]]) for row in rows]


class SqlParkedSaleRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, parked: ParkedSale) -> ParkedSale:
        kind, value = _kind_and_value(parked.discount)
        parked.id = sql.scalar(self._db, _ADD, customer_id=parked.customer_id, customer_name=parked.customer_name,
                               user_id=parked.user_id, discount_kind=kind, discount_value=value, notes=parked.notes,
                               created_at=parked.created_at)
        assert parked.id is not None, "an INSERT … RETURNING answers its row"
        sql.many(self._db, _ADD_LINES, [
            {"parked_sale_id": parked.id, "product_id": line.product_id, "sku": line.sku, "name": line.name,
             "quantity": line.quantity, "discount_kind": _kind_and_value(line.discount)[0],
             "discount_value": _kind_and_value(line.discount)[1]}
            for line in parked.lines])
        return parked

    def get(self, parked_id: int) -> ParkedSale | None:
        found = _assembled(self._db, sql.rows(self._db, _BY_ID, parked_id=parked_id))
        return found[0] if found else None

    def list(self, page: PageRequest) -> Page[ParkedSale]:
        rows = sql.rows(self._db, _PAGE, limit=page.limit, offset=page.offset)
        if rows:
            total = rows[0][-1]
        else:  # past the end (or none parked): no row carries the total
            total = int(sql.scalar(self._db, _COUNT)) if page.offset else 0
        return Page(_assembled(self._db, rows), total, page.limit, page.offset)

    def remove(self, parked_id: int) -> bool:
        sql.run(self._db, _REMOVE_LINES, parked_id=parked_id)
        return sql.first(self._db, _REMOVE, parked_id=parked_id) is not None



REPOSITORIES = {"parked_sales": SqlParkedSaleRepository}
