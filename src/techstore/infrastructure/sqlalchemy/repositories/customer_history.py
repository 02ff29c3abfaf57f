"""A customer's history (the customers context's ``CustomerHistory`` query), answered by the reports context, the
one that reads across contexts' tables: their sales, their sales' returns, their repairs and their payments on
account, as one ``UNION ALL`` ordered newest first, paged, with its total (``count(*) over ()``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BindParameter, Connection, String, bindparam, cast, func, literal_column, null, select, union_all

from techstore.application.customers.ports import HistoryItem, HistoryKind
from techstore.application.shared.pages import Page, PageRequest
from techstore.infrastructure.sqlalchemy import executor as sql
from techstore.infrastructure.sqlalchemy.tables.customers import account_movements as m
from techstore.infrastructure.sqlalchemy.tables.repairs import repairs as rep
from techstore.infrastructure.sqlalchemy.tables.sales import returns as r
from techstore.infrastructure.sqlalchemy.tables.sales import sales as s

_CUSTOMER: BindParameter[int] = bindparam("customer_id")


def _kind(kind: HistoryKind) -> Any:
    return literal_column(f"'{kind.value}'", String).label("kind")


# A sale or return has its number once its transaction commits; a repair from its intake; a payment has none.
_HISTORY = union_all(
    select(_kind(HistoryKind.SALE), s.c.id, s.c.number, s.c.total, s.c.created_at)
    .where(s.c.customer_id == _CUSTOMER, s.c.number.is_not(None)),
    select(_kind(HistoryKind.RETURN), r.c.id, r.c.number, r.c.total, r.c.created_at)
    .join(s, s.c.id == r.c.sale_id).where(s.c.customer_id == _CUSTOMER, r.c.number.is_not(None)),
    select(_kind(HistoryKind.REPAIR), rep.c.id, rep.c.number, rep.c.price, rep.c.received_at)
    .where(rep.c.customer_id == _CUSTOMER),
    # A payment lowers the balance (a negative amount): the history shows what was paid.
    select(_kind(HistoryKind.PAYMENT), m.c.id, cast(null(), String(20)), -m.c.amount, m.c.created_at)
    .where(m.c.customer_id == _CUSTOMER, m.c.type == "payment"),
).subquery("history")
_NEWEST_FIRST = (_HISTORY.c.created_at.desc(), _HISTORY.c.id.desc(), _HISTORY.c.kind.desc())
_PAGE = (select(_HISTORY.c.kind, _HISTORY.c.id, _HISTORY.c.number, _HISTORY.c.total, _HISTORY.c.created_at,
                func.count().over().label("total_rows"))
         .order_by(*_NEWEST_FIRST).limit(bindparam("limit")).offset(bindparam("offset")))
_COUNT = select(func.count()).select_from(_HISTORY)


class SqlCustomerHistory:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def of(self, customer_id: int, page: PageRequest) -> Page[HistoryItem]:
        rows = sql.rows(self._db, _PAGE, customer_id=customer_id, limit=page.limit, offset=page.offset)
        if rows:
            total = rows[0][-1]
        else:  # past the end (or none): no row carries the total
            total = sql.scalar(self._db, _COUNT, customer_id=customer_id) if page.offset else 0
        items = [HistoryItem(HistoryKind(kind), item_id, number, amount, created_at)
                 for kind, item_id, number, amount, created_at, _ in rows]
        return Page(items, total, page.limit, page.offset)


REPOSITORIES = {"customer_history": SqlCustomerHistory}
