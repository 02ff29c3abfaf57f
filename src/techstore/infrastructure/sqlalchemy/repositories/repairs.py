"""SQL repository of the repairs context, and the public lookups' rate-limit counter."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, bindparam, func, select
from sqlalchemy.dialects import postgresql, sqlite

from techstore.application.repairs.ports import RepairFilter, Tracked
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.repairs.repairs import (
    FINAL,
    HistoryEntry,
    Repair,
    RepairPart,
    RepairPayment,
    RepairStatus,
)
from techstore.infrastructure.sqlalchemy import executor as sql
from techstore.infrastructure.sqlalchemy.tables.repairs import repair_history as h
from techstore.infrastructure.sqlalchemy.tables.repairs import repair_parts as p
from techstore.infrastructure.sqlalchemy.tables.repairs import repair_payments as pay
from techstore.infrastructure.sqlalchemy.tables.repairs import repairs as r
from techstore.infrastructure.sqlalchemy.tables.repairs import tracking_hits as t

_COLUMNS = (
    r.c.id, r.c.number, r.c.tracking_code, r.c.status, r.c.customer_id, r.c.equipment, r.c.serial_number,
    r.c.reported_problem, r.c.accessories, r.c.diagnosis, r.c.price, r.c.promised_date, r.c.received_at,
    r.c.created_by, r.c.notes, r.c.delivered_at, r.c.updated_at, r.c.charge_id, r.c.customer_name,
)
_PART_COLUMNS = (p.c.repair_id, p.c.product_id, p.c.sku, p.c.name, p.c.quantity, p.c.unit_price, p.c.line_total,
                 p.c.added_by, p.c.added_at)
_BY_ID = select(*_COLUMNS).where(r.c.id == bindparam("repair_id"))
_BY_ID_FOR_UPDATE = _BY_ID.with_for_update()
_PARTS_OF = select(*_PART_COLUMNS).where(p.c.repair_id == bindparam("repair_id")).order_by(p.c.id)
_PAYMENTS_OF = select(pay.c.method, pay.c.amount).where(pay.c.repair_id == bindparam("repair_id")).order_by(pay.c.id)
_HISTORY_OF = select(h.c.from_status, h.c.to_status, h.c.note, h.c.created_by, h.c.created_at).where(
    h.c.repair_id == bindparam("repair_id")).order_by(h.c.id)
_TRACKED = select(r.c.number, r.c.equipment, r.c.status, r.c.promised_date, r.c.updated_at).where(
    r.c.tracking_code == bindparam("code"))
_OPEN_FOR = select(func.count()).select_from(r).where(
    r.c.customer_id == bindparam("customer_id"), r.c.status.not_in([s.value for s in FINAL]))


def search_text(repair: Repair) -> str:
    return " ".join(filter(None, [repair.number, repair.customer_name, repair.serial_number])).casefold()


def _repair(row: Any, parts: list[RepairPart] | None = None, payments: list[RepairPayment] | None = None) -> Repair:
    (repair_id, number, code, status, customer_id, equipment, serial, problem, accessories, diagnosis, price,
     promised, received_at, created_by, notes, delivered_at, updated_at, charge_id, customer_name) = row[:19]
    return Repair(repair_id, number, code, RepairStatus(status), customer_id, equipment, serial, problem, accessories,
                  diagnosis, price, promised, received_at, created_by, notes, delivered_at, updated_at, charge_id,
                  customer_name, parts or [], payments or [])


def _values(repair: Repair) -> dict[str, Any]:
    return {
        "status": repair.status.value, "equipment": repair.equipment, "serial_number": repair.serial_number,
        "accessories": repair.accessories, "diagnosis": repair.diagnosis, "price": repair.price,
        "promised_date": repair.promised_date, "notes": repair.notes, "delivered_at": repair.delivered_at,
        "updated_at": repair.updated_at or repair.received_at, "charge_id": repair.charge_id,
        "search_text": search_text(repair),
    }


def _filtered(query: RepairFilter) -> list[Any]:
    conditions: list[Any] = []
    if query.status is not None:
        conditions.append(r.c.status == query.status.value)
    if query.customer_id is not None:
        conditions.append(r.c.customer_id == query.customer_id)
    if query.open_only:
        conditions.append(r.c.status.not_in([s.value for s in FINAL]))
    if query.text is not None:
        escaped = query.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(r.c.search_text.like(f"%{escaped}%", escape="\\"))
    return conditions


def _page(conditions: list[Any], page: PageRequest) -> Select[Any]:
    return (select(*_COLUMNS, func.count().over().label("row_count")).where(*conditions)
            .order_by(r.c.id.desc()).limit(page.limit).offset(page.offset))


class SqlRepairRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, repair: Repair) -> Repair:
        values = {**_values(repair), "number": repair.number, "tracking_code": repair.tracking_code,
                  "customer_id": repair.customer_id, "customer_name": repair.customer_name,
                  "reported_problem": repair.reported_problem, "created_by": repair.created_by,
                  "received_at": repair.received_at}
        repair.id = sql.scalar(self._db, r.insert().values(**values).returning(r.c.id))
        return repair

    def get(self, repair_id: int) -> Repair | None:
        return self._one(_BY_ID, repair_id)

    def get_for_update(self, repair_id: int) -> Repair | None:
        return self._one(_BY_ID_FOR_UPDATE, repair_id)

    def update(self, repair: Repair) -> None:
        sql.run(self._db, r.update().where(r.c.id == repair.id).values(**_values(repair)))

    def add_part(self, repair_id: int, part: RepairPart) -> None:
        sql.run(self._db, p.insert().values(
            repair_id=repair_id, product_id=part.product_id, sku=part.sku, name=part.name, quantity=part.quantity,
            unit_price=part.unit_price, line_total=part.line_total, added_by=part.added_by, added_at=part.added_at))

    def add_payments(self, repair: Repair) -> None:
        if repair.payments:
            sql.many(self._db, pay.insert(), [{"repair_id": repair.id, "method": x.method, "amount": x.amount}
                                            for x in repair.payments])

    def add_history(self, repair_id: int, entry: HistoryEntry) -> None:
        sql.run(self._db, h.insert().values(
            repair_id=repair_id, from_status=entry.from_status.value if entry.from_status else None,
            to_status=entry.to_status.value, note=entry.note, created_by=entry.created_by,
            created_at=entry.created_at))

    def history(self, repair_id: int) -> Sequence[HistoryEntry]:
        return [HistoryEntry(RepairStatus(f) if f else None, RepairStatus(to), note, by, at)
                for f, to, note, by, at in sql.rows(self._db, _HISTORY_OF, repair_id=repair_id)]

    def list(self, query: RepairFilter, page: PageRequest) -> Page[Repair]:
        conditions = _filtered(query)
        rows = sql.rows(self._db, _page(conditions, page))
        if rows:
            total = rows[0][-1]
        else:
            total = sql.scalar(self._db, select(func.count()).select_from(r).where(*conditions)) \
                if page.offset else 0
        return Page([_repair(row) for row in rows], total, page.limit, page.offset)

    def tracked(self, tracking_code: str) -> Tracked | None:
        row = sql.first(self._db, _TRACKED, code=tracking_code)
        if row is None:
            return None
        number, equipment, status, promised, updated_at = row
        return Tracked(number, equipment, RepairStatus(status), promised, updated_at)

    def count_open_for(self, customer_id: int) -> int:
        return int(sql.scalar(self._db, _OPEN_FOR, customer_id=customer_id))

    def _one(self, statement: Select[Any], repair_id: int) -> Repair | None:
        row = sql.first(self._db, statement, repair_id=repair_id)
        if row is None:
            return None
        parts = [RepairPart(*x[1:]) for x in sql.rows(self._db, _PARTS_OF, repair_id=repair_id)]
        payments = [RepairPayment(m, a) for m, a in sql.rows(self._db, _PAYMENTS_OF, repair_id=repair_id)]
        return _repair(row, parts, payments)


class SqlTrackingHits:
    """One guarded upsert per lookup: ``INSERT ... ON CONFLICT DO UPDATE SET count = count + 1 RETURNING``,
    atomic on PostgreSQL and SQLite alike, so concurrent lookups from many processes all count."""

    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def hit(self, key: str, window_start: datetime) -> int:
        dialect = postgresql if self._db.dialect.name == "postgresql" else sqlite
        insert = dialect.insert(t).values(key=key, window_start=window_start, count=1)
        statement = insert.on_conflict_do_update(index_elements=[t.c.key, t.c.window_start],
                                                 set_={"count": t.c.count + 1}).returning(t.c.count)
        # Old windows are swept by the same caller now and then: a row per address per window.
        sql.run(self._db, t.delete().where(t.c.key == key, t.c.window_start < window_start))
        return int(sql.scalar(self._db, statement))


REPOSITORIES = {"repairs": SqlRepairRepository, "tracking_hits": SqlTrackingHits}
