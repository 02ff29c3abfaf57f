"""SQL repository of the taxes context: rows in, rates out.

Every change of the rates first takes ``lock`` (PostgreSQL: ``SHARE ROW EXCLUSIVE`` on the table, which
conflicts with itself and with writes to the table, not with reads nor with the row locks that products and
categories take to name a rate): moving the default, checking a name and deleting then never interleave. The
partial unique index on ``is_default`` still refuses a second default, whatever runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, select, text
from sqlalchemy.exc import IntegrityError

from techstore.application.shared.errors import DuplicateKey
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.taxes.rates import RateUsage, TaxRate, rate_key
from techstore.infrastructure.sqlalchemy import executor as sql
from techstore.infrastructure.sqlalchemy.tables.catalog import categories, products
from techstore.infrastructure.sqlalchemy.tables.taxes import tax_rates

_COLUMNS = (tax_rates.c.id, tax_rates.c.name, tax_rates.c.percent, tax_rates.c.is_default, tax_rates.c.is_active,
            tax_rates.c.created_at, tax_rates.c.updated_at)
_BY_ID = select(*_COLUMNS).where(tax_rates.c.id == bindparam("id"))
_BY_ID_FOR_UPDATE = _BY_ID.with_for_update()
_BY_ID_FOR_SHARE = _BY_ID.with_for_update(read=True)
_BY_KEY = select(*_COLUMNS).where(tax_rates.c.name_key == bindparam("key"))
_DEFAULT = select(*_COLUMNS).where(tax_rates.c.is_default)
_ALL = select(*_COLUMNS).order_by(tax_rates.c.name_key)
_PAGE = (
    select(*_COLUMNS, func.count().over().label("total"))
    .order_by(tax_rates.c.name_key)
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
)
_COUNT = select(func.count()).select_from(tax_rates)
_ADD = tax_rates.insert().returning(tax_rates.c.id)
_UPDATE = (
    tax_rates.update().where(tax_rates.c.id == bindparam("rate_id"))
    .values({name: bindparam(name) for name in ("name", "name_key", "percent", "is_active", "updated_at")})
)
# In this order: the index allows one default at a time, and PostgreSQL checks it row by row.
_CLEAR_DEFAULT = (
    tax_rates.update().where(tax_rates.c.is_default, tax_rates.c.id != bindparam("rate_id"))
    .values(is_default=False, updated_at=bindparam("now"))
)
_SET_DEFAULT = (
    tax_rates.update().where(tax_rates.c.id == bindparam("rate_id"))
    .values(is_default=True, updated_at=bindparam("now"))
)
_USAGE = select(
    select(func.count()).select_from(products)
    .where(products.c.tax_rate_id == bindparam("id"), products.c.deleted_at.is_(None)).scalar_subquery(),
    select(func.count()).select_from(categories)
    .where(categories.c.tax_rate_id == bindparam("id"), categories.c.deleted_at.is_(None)).scalar_subquery(),
)
_FORGET_ON_DELETED = [
    table.update().where(table.c.tax_rate_id == bindparam("rate_id"), table.c.deleted_at.is_not(None))
    .values(tax_rate_id=None)
    for table in (products, categories)
]
_DELETE = tax_rates.delete().where(tax_rates.c.id == bindparam("rate_id"))
_LOCK = {"postgresql": text("LOCK TABLE tax_rates IN SHARE ROW EXCLUSIVE MODE")}


def _rate(row: Any) -> TaxRate:
    rate_id, name, percent, is_default, is_active, created_at, updated_at = row[:7]
    return TaxRate(rate_id, name, percent, bool(is_default), bool(is_active), created_at, updated_at)


class SqlTaxRateRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def lock(self) -> None:
        statement = _LOCK.get(self._db.dialect.name)
        if statement is not None:  # SQLite: the write transaction began IMMEDIATE, already alone
            sql.run(self._db, statement)

    def get(self, rate_id: int) -> TaxRate | None:
        row = sql.first(self._db, _BY_ID, id=rate_id)
        return _rate(row) if row else None

    def get_for_update(self, rate_id: int) -> TaxRate | None:
        row = sql.first(self._db, _BY_ID_FOR_UPDATE, id=rate_id)
        return _rate(row) if row else None

    def get_for_share(self, rate_id: int) -> TaxRate | None:
        row = sql.first(self._db, _BY_ID_FOR_SHARE, id=rate_id)
        return _rate(row) if row else None

    def get_by_name(self, name: str) -> TaxRate | None:
        row = sql.first(self._db, _BY_KEY, key=rate_key(name))
        return _rate(row) if row else None

    def default(self) -> TaxRate:
        row = sql.first(self._db, _DEFAULT)
        if row is None:
            raise LookupError("no default tax rate: the store always has one (see migration 0015)")
        return _rate(row)

    def list(self, page: PageRequest) -> Page[TaxRate]:
        rows = sql.rows(self._db, _PAGE, limit=page.limit, offset=page.offset)
        if rows:
            total = rows[0][-1]
        else:
            total = sql.scalar(self._db, _COUNT) if page.offset else 0
        return Page([_rate(r) for r in rows], total, page.limit, page.offset)

    def all(self) -> Sequence[TaxRate]:
        return [_rate(r) for r in sql.rows(self._db, _ALL)]

    def add(self, rate: TaxRate) -> TaxRate:
        values = {"name": rate.name, "name_key": rate.key, "percent": rate.percent, "is_default": False,
                  "is_active": rate.is_active, "created_at": rate.created_at, "updated_at": rate.updated_at}
        try:
            with self._db.begin_nested():
                (row,) = sql.inserted(self._db, _ADD, [values])
        except IntegrityError:
            raise DuplicateKey("name") from None
        rate.id = row[0]
        return rate

    def update(self, rate: TaxRate) -> None:
        try:
            with self._db.begin_nested():
                sql.run(self._db, _UPDATE, rate_id=rate.id, name=rate.name, name_key=rate.key, percent=rate.percent,
                        is_active=rate.is_active, updated_at=rate.updated_at)
        except IntegrityError:
            raise DuplicateKey("name") from None

    def make_default(self, rate_id: int, now: datetime) -> None:
        sql.run(self._db, _CLEAR_DEFAULT, rate_id=rate_id, now=now)
        sql.run(self._db, _SET_DEFAULT, rate_id=rate_id, now=now)

    def usage(self, rate_id: int) -> RateUsage:
        named_by_products, named_by_categories = sql.one(self._db, _USAGE, id=rate_id)
        return RateUsage(named_by_products, named_by_categories)

    def delete(self, rate_id: int) -> None:
        for forget in _FORGET_ON_DELETED:
            sql.run(self._db, forget, rate_id=rate_id)
        sql.run(self._db, _DELETE, rate_id=rate_id)


REPOSITORIES = {
    "tax_rates": SqlTaxRateRepository,
}
