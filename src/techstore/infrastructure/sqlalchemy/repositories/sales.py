"""SQL repository of the sales context: a sale is three tables (sales, items, payments);
a page of sales is three statements whatever its size."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Select, bindparam, func, or_, select

from techstore.application.sales.ports import ReturnFilter, SaleFilter
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.sales.returns import Return, ReturnItem
from techstore.domain.sales.sales import Payment, Sale, SaleItem, SaleStatus
from techstore.domain.shared.payments import PaymentMethod
from techstore.domain.shared.taxes import AppliedRate, RateSummary, summary
from techstore.infrastructure.sqlalchemy import executor as sql
from techstore.infrastructure.sqlalchemy.repositories.customers import customers_named, like_pattern
from techstore.infrastructure.sqlalchemy.repositories.report_rollups import MARK_STALE
from techstore.infrastructure.sqlalchemy.tables.sales import return_items as ri
from techstore.infrastructure.sqlalchemy.tables.sales import return_refunds as rr
from techstore.infrastructure.sqlalchemy.tables.sales import returns as r
from techstore.infrastructure.sqlalchemy.tables.sales import sale_items as i
from techstore.infrastructure.sqlalchemy.tables.sales import sale_payments as p
from techstore.infrastructure.sqlalchemy.tables.sales import sales as s

_SALE_COLUMNS = (
    s.c.id, s.c.number, s.c.status, s.c.customer_id, s.c.user_id, s.c.subtotal, s.c.discount, s.c.total,
    s.c.notes, s.c.created_at, s.c.charge_id, s.c.void_reason, s.c.voided_by, s.c.voided_at, s.c.refunded_total,
    s.c.tendered, s.c.change, s.c.tax_total, s.c.taxes, s.c.approved_by,
)
_ITEM_COLUMNS = (i.c.sale_id, i.c.product_id, i.c.sku, i.c.name, i.c.quantity, i.c.unit_price, i.c.line_total,
                 i.c.discount_share, i.c.unit_cost, i.c.discount, i.c.tax_rate_name, i.c.tax_percent, i.c.net,
                 i.c.tax, i.c.serials)
_PAYMENT_COLUMNS = (p.c.sale_id, p.c.method, p.c.amount)

_SALE_BY_ID = select(*_SALE_COLUMNS).where(s.c.id == bindparam("sale_id"))
_SALE_BY_ID_FOR_UPDATE = _SALE_BY_ID.with_for_update()
_ITEMS_OF = select(*_ITEM_COLUMNS).where(i.c.sale_id == bindparam("sale_id")).order_by(i.c.id)
_PAYMENTS_OF = select(*_PAYMENT_COLUMNS).where(p.c.sale_id == bindparam("sale_id")).order_by(p.c.id)
_ITEMS_OF_MANY = select(*_ITEM_COLUMNS).where(i.c.sale_id.in_(bindparam("sale_ids", expanding=True))).order_by(i.c.id)
_PAYMENTS_OF_MANY = select(*_PAYMENT_COLUMNS).where(
    p.c.sale_id.in_(bindparam("sale_ids", expanding=True))).order_by(p.c.id)
_ADD_SALE = s.insert().returning(s.c.id)
_FINISH = s.update().where(s.c.id == bindparam("sale_id")).values(
    number=bindparam("s_number"), charge_id=bindparam("s_charge_id"))
_ADD_ITEMS = i.insert()
_ADD_PAYMENTS = p.insert()
_VOID = s.update().where(s.c.id == bindparam("sale_id")).values(
    status=bindparam("s_status"), void_reason=bindparam("s_reason"), voided_by=bindparam("s_by"),
    voided_at=bindparam("s_at"), updated_at=bindparam("s_at"))
_REFUNDED = s.update().where(s.c.id == bindparam("sale_id")).values(refunded_total=bindparam("s_refunded"))
_NUMBERS = select(s.c.number).where(s.c.number.is_not(None)).order_by(s.c.number)


def _sale(row: Any, items: list[SaleItem], payments: list[Payment]) -> Sale:
    (sale_id, number, status, customer_id, user_id, subtotal, discount, total, notes, created_at, charge_id,
     void_reason, voided_by, voided_at, refunded_total, tendered, change, tax_total, taxes, approved_by) = row[:20]
    return Sale(sale_id, number, SaleStatus(status), customer_id, user_id, items, subtotal, discount, total, payments,
                notes, created_at, charge_id, void_reason, voided_by, voided_at, refunded_total, tendered, change,
                tax_total, rate_summary(taxes, items), approved_by)


def _item(row: Any) -> SaleItem:
    (_, product_id, sku, name, quantity, unit_price, line_total, share, unit_cost, discount, rate_name, percent,
     net, tax, serials) = row
    return SaleItem(product_id, sku, name, quantity, unit_price, line_total, share, unit_cost, discount,
                    AppliedRate(rate_name, percent), net, tax, serials_read(serials))


def serials_json(serials: Sequence[str]) -> str | None:
    """A line's serials as stored (a JSON list; NULL for a product that is not serialized)."""
    return json.dumps(list(serials)) if serials else None


def serials_read(stored: str | None) -> tuple[str, ...]:
    return tuple(json.loads(stored)) if stored else ()


def taxes_json(taxes: Sequence[RateSummary]) -> str:
    return json.dumps([{"name": t.name, "percent": str(t.percent), "net": str(t.net), "tax": str(t.tax)}
                       for t in taxes])


def rate_summary(stored: str | None, items: Sequence[SaleItem]) -> list[RateSummary]:
    """The summary stored with the sale; a sale made before taxes has none, and its lines (all untaxed) give it."""
    if stored is None:
        return summary((item.tax_rate, item.net, item.tax) for item in items)
    return [RateSummary(t["name"], Decimal(t["percent"]), Decimal(t["net"]), Decimal(t["tax"]))
            for t in json.loads(stored)]


def _payment(row: Any) -> Payment:
    return Payment(PaymentMethod(row[1]), row[2])


def _filtered(query: SaleFilter) -> list[Any]:
    conditions: list[Any] = [s.c.number.is_not(None)]
    if query.start is not None:
        conditions.append(s.c.created_at >= query.start)
    if query.end is not None:
        conditions.append(s.c.created_at < query.end)
    if query.customer_id is not None:
        conditions.append(s.c.customer_id == query.customer_id)
    if query.status is not None:
        conditions.append(s.c.status == query.status.value)
    if query.number is not None:
        conditions.append(s.c.number == query.number)
    if query.text is not None:
        # Numbers are upper-case ASCII (S-000012); names are matched the customers' way, in the same statement.
        conditions.append(or_(s.c.number.like(like_pattern(query.text.upper()), escape="\\"),
                              s.c.customer_id.in_(customers_named(query.text))))
    return conditions


def _page(conditions: list[Any], page: PageRequest) -> Select[Any]:
    return (select(*_SALE_COLUMNS, func.count().over().label("row_count")).where(*conditions)
            .order_by(s.c.id.desc()).limit(page.limit).offset(page.offset))


class SqlSaleRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, sale: Sale) -> Sale:
        values = {
            "number": None, "status": sale.status.value, "customer_id": sale.customer_id, "user_id": sale.user_id,
            "subtotal": sale.subtotal, "discount": sale.discount, "total": sale.total, "notes": sale.notes,
            "created_at": sale.created_at, "updated_at": sale.created_at, "tendered": sale.tendered,
            "change": sale.change, "tax_total": sale.tax_total, "taxes": taxes_json(sale.taxes),
            "approved_by": sale.approved_by,
        }
        sale.id = sql.scalar(self._db, _ADD_SALE, **values)
        assert sale.id is not None, "an INSERT … RETURNING answers its row"
        return sale

    def finish(self, sale: Sale) -> None:
        # The items' foreign keys share-lock their products: written after the stock was taken, when this
        # transaction already holds those rows, so they add no lock another transaction could wait on.
        sql.run(self._db, _FINISH, sale_id=sale.id, s_number=sale.number, s_charge_id=sale.charge_id)
        sql.many(self._db, _ADD_ITEMS, [
            {"sale_id": sale.id, "product_id": item.product_id, "sku": item.sku, "name": item.name,
             "quantity": item.quantity, "unit_price": item.unit_price, "line_total": item.line_total,
             "discount_share": item.discount_share, "unit_cost": item.unit_cost, "discount": item.discount,
             "tax_rate_name": item.tax_rate.name, "tax_percent": item.tax_rate.percent, "net": item.net,
             "tax": item.tax, "serials": serials_json(item.serials)}
            for item in sale.items
        ])
        sql.many(self._db, _ADD_PAYMENTS, [{"sale_id": sale.id, "method": pay.method.value, "amount": pay.amount}
                                           for pay in sale.payments])

    def get(self, sale_id: int) -> Sale | None:
        return self._one(_SALE_BY_ID, sale_id)

    def get_for_update(self, sale_id: int) -> Sale | None:
        return self._one(_SALE_BY_ID_FOR_UPDATE, sale_id)

    def void(self, sale: Sale) -> None:
        assert sale.voided_at is not None
        sql.run(self._db, _VOID, sale_id=sale.id, s_status=sale.status.value, s_reason=sale.void_reason,
                s_by=sale.voided_by, s_at=sale.voided_at)
        # The sale no longer counts on its day: a day already rolled up for the reports is read live again
        # until rolled up anew (report_rollups.py: this waits for a roll-up of that day under way).
        sql.run(self._db, MARK_STALE, at=sale.created_at)

    def list(self, query: SaleFilter, page: PageRequest) -> Page[Sale]:
        conditions = _filtered(query)
        rows = sql.rows(self._db, _page(conditions, page))
        if rows:
            total = rows[0][-1]
        else:
            total = sql.scalar(self._db, select(func.count()).select_from(s).where(*conditions)) \
                if page.offset else 0
        ids = [row[0] for row in rows]
        items: dict[int, list[SaleItem]] = {sale_id: [] for sale_id in ids}
        payments: dict[int, list[Payment]] = {sale_id: [] for sale_id in ids}
        if ids:
            for row in sql.rows(self._db, _ITEMS_OF_MANY, sale_ids=ids):
                items[row[0]].append(_item(row))
            for paid in sql.rows(self._db, _PAYMENTS_OF_MANY, sale_ids=ids):
                payments[paid[0]].append(_payment(paid))
        return Page([_sale(row, items[row[0]], payments[row[0]]) for row in rows], total, page.limit, page.offset)

    def numbers(self) -> Sequence[str]:
        return [row[0] for row in sql.rows(self._db, _NUMBERS)]

    def refunded(self, sale_id: int, refunded_total: Decimal) -> None:
        sql.run(self._db, _REFUNDED, sale_id=sale_id, s_refunded=refunded_total)

    def _one(self, statement: Select[Any], sale_id: int) -> Sale | None:
        row = sql.first(self._db, statement, sale_id=sale_id)
        if row is None:
            return None
        items = [_item(r) for r in sql.rows(self._db, _ITEMS_OF, sale_id=sale_id)]
        payments = [_payment(r) for r in sql.rows(self._db, _PAYMENTS_OF, sale_id=sale_id)]
        return _sale(row, items, payments)


_RETURN_COLUMNS = (r.c.id, r.c.number, r.c.sale_id, r.c.total, r.c.reason, r.c.created_by, r.c.created_at,
                   r.c.refund_id, r.c.approved_by)
_RETURN_ITEM_COLUMNS = (ri.c.return_id, ri.c.product_id, ri.c.sku, ri.c.name, ri.c.quantity, ri.c.refund_amount,
                        ri.c.restocked, ri.c.tax, ri.c.serials)
_REFUND_COLUMNS = (rr.c.return_id, rr.c.method, rr.c.amount)
_RETURN_BY_ID = select(*_RETURN_COLUMNS).where(r.c.id == bindparam("return_id"), r.c.number.is_not(None))
_RETURNS_OF_SALE = select(*_RETURN_COLUMNS).where(
    r.c.sale_id == bindparam("sale_id"), r.c.number.is_not(None)).order_by(r.c.id)
_RETURN_ITEMS_OF_MANY = select(*_RETURN_ITEM_COLUMNS).where(
    ri.c.return_id.in_(bindparam("return_ids", expanding=True))).order_by(ri.c.id)
_REFUNDS_OF_MANY = select(*_REFUND_COLUMNS).where(
    rr.c.return_id.in_(bindparam("return_ids", expanding=True))).order_by(rr.c.id)
_ADD_RETURN = r.insert().returning(r.c.id)
_ADD_RETURN_ITEMS = ri.insert()
_ADD_REFUNDS = rr.insert()
_FINISH_RETURN = r.update().where(r.c.id == bindparam("return_id")).values(
    number=bindparam("r_number"), refund_id=bindparam("r_refund_id"))
_RETURN_NUMBERS = select(r.c.number).where(r.c.number.is_not(None)).order_by(r.c.number)


def _assembled(db: Connection, rows: Sequence[Any]) -> list[Return]:
    """Returns of ``rows`` with their items and refunds: two more statements for any number of rows."""
    ids = [row[0] for row in rows]
    items: dict[int, list[ReturnItem]] = {return_id: [] for return_id in ids}
    refunds: dict[int, list[Payment]] = {return_id: [] for return_id in ids}
    if ids:
        for item in sql.rows(db, _RETURN_ITEMS_OF_MANY, return_ids=ids):
            (_, product_id, sku, name, quantity, refund_amount, restocked, tax, serials) = item
            items[item[0]].append(ReturnItem(product_id, sku, name, quantity, refund_amount, restocked, tax,
                                             serials_read(serials)))
        for refund in sql.rows(db, _REFUNDS_OF_MANY, return_ids=ids):
            refunds[refund[0]].append(Payment(PaymentMethod(refund[1]), refund[2]))
    return [Return(row[0], row[1], row[2], items[row[0]], row[3], refunds[row[0]], row[4], row[5], row[6], row[7],
                   row[8]) for row in rows]


class SqlReturnRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, ret: Return) -> Return:
        ret.id = sql.scalar(self._db, _ADD_RETURN, number=None, sale_id=ret.sale_id, total=ret.total,
                            reason=ret.reason, created_by=ret.created_by, created_at=ret.created_at,
                            approved_by=ret.approved_by)
        return ret

    def finish(self, ret: Return) -> None:
        sql.run(self._db, _FINISH_RETURN, return_id=ret.id, r_number=ret.number, r_refund_id=ret.refund_id)
        sql.many(self._db, _ADD_RETURN_ITEMS, [
            {"return_id": ret.id, "product_id": item.product_id, "sku": item.sku, "name": item.name,
             "quantity": item.quantity, "refund_amount": item.refund_amount, "restocked": item.restocked,
             "tax": item.tax, "serials": serials_json(item.serials)}
            for item in ret.items])
        sql.many(self._db, _ADD_REFUNDS, [{"return_id": ret.id, "method": pay.method.value, "amount": pay.amount}
                                          for pay in ret.refunds])

    def get(self, return_id: int) -> Return | None:
        found = _assembled(self._db, sql.rows(self._db, _RETURN_BY_ID, return_id=return_id))
        return found[0] if found else None

    def of_sale(self, sale_id: int) -> list[Return]:
        return _assembled(self._db, sql.rows(self._db, _RETURNS_OF_SALE, sale_id=sale_id))

    def list(self, query: ReturnFilter, page: PageRequest) -> Page[Return]:
        conditions: list[Any] = [r.c.number.is_not(None)]
        if query.start is not None:
            conditions.append(r.c.created_at >= query.start)
        if query.end is not None:
            conditions.append(r.c.created_at < query.end)
        rows = sql.rows(self._db, select(*_RETURN_COLUMNS, func.count().over().label("row_count"))
                        .where(*conditions).order_by(r.c.id.desc()).limit(page.limit).offset(page.offset))
        if rows:
            total = rows[0][-1]
        else:
            total = sql.scalar(self._db, select(func.count()).select_from(r).where(*conditions)) \
                if page.offset else 0
        return Page(_assembled(self._db, rows), total, page.limit, page.offset)

    def numbers(self) -> Sequence[str]:
        return [row[0] for row in sql.rows(self._db, _RETURN_NUMBERS)]


REPOSITORIES = {"sales": SqlSaleRepository, "returns": SqlReturnRepository}
