"""SQL repository of the repairs context, and the public lookups' rate-limit counter."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import attrs
from sqlalchemy import Connection, Select, bindparam, func, select
from sqlalchemy.dialects import postgresql, sqlite

from techstore.application.repairs.ports import Coverage, RepairFilter, Tracked
from techstore.application.repairs.tracking import tracked
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.repairs.condition import NOT_RECORDED, Condition
from techstore.domain.repairs.lines import RepairLine
from techstore.domain.repairs.repairs import (
    FINAL,
    Deposit,
    HistoryEntry,
    MoneyKind,
    Repair,
    RepairPayment,
    RepairStatus,
)
from techstore.domain.shared.taxes import AppliedRate
from techstore.infrastructure.sqlalchemy import executor as sql
from techstore.infrastructure.sqlalchemy.tables.identity import users as u
from techstore.infrastructure.sqlalchemy.tables.repairs import repair_deposits as d
from techstore.infrastructure.sqlalchemy.tables.repairs import repair_history as h
from techstore.infrastructure.sqlalchemy.tables.repairs import repair_lines as ln
from techstore.infrastructure.sqlalchemy.tables.repairs import repair_payments as pay
from techstore.infrastructure.sqlalchemy.tables.repairs import repairs as r
from techstore.infrastructure.sqlalchemy.tables.repairs import tracking_hits as t

_COLUMNS = (
    r.c.id, r.c.number, r.c.tracking_code, r.c.status, r.c.customer_id, r.c.equipment, r.c.serial_number,
    r.c.reported_problem, r.c.accessories, r.c.diagnosis, r.c.promised_date, r.c.received_at,
    r.c.created_by, r.c.notes, r.c.delivered_at, r.c.updated_at, r.c.charge_id, r.c.customer_name,
    r.c.condition, r.c.quote_total, r.c.warranty, r.c.related_repair_id, r.c.under_warranty_until,
    r.c.warranty_until, r.c.price, r.c.wrong_answers, r.c.answers_locked_until, r.c.unit_id,
)
_LINE_COLUMNS = (ln.c.id, ln.c.kind, ln.c.description, ln.c.quantity, ln.c.unit_price, ln.c.tax_rate_name,
                 ln.c.tax_percent, ln.c.net, ln.c.tax, ln.c.added_by, ln.c.added_at, ln.c.product_id, ln.c.sku,
                 ln.c.unit_cost, ln.c.serials)
_BY_ID = select(*_COLUMNS).where(r.c.id == bindparam("repair_id"))
_BY_ID_FOR_UPDATE = _BY_ID.with_for_update()
_BY_CODE = select(*_COLUMNS).where(r.c.tracking_code == bindparam("code"))
_BY_CODE_FOR_UPDATE = _BY_CODE.with_for_update()
_LINES_OF = select(*_LINE_COLUMNS).where(ln.c.repair_id == bindparam("repair_id")).order_by(ln.c.id)
# Every payment of the repair, a deposit's with its receipt's author and time (one statement).
_PAYMENTS_OF = (select(pay.c.method, pay.c.amount, pay.c.kind, pay.c.deposit_id, d.c.created_by, d.c.created_at)
                .select_from(pay.outerjoin(d, d.c.id == pay.c.deposit_id))
                .where(pay.c.repair_id == bindparam("repair_id")).order_by(pay.c.id))
_HISTORY_OF = (select(h.c.from_status, h.c.to_status, h.c.note, h.c.created_by, h.c.created_at, u.c.username)
               .select_from(h.outerjoin(u, u.c.id == h.c.created_by))
               .where(h.c.repair_id == bindparam("repair_id")).order_by(h.c.id))
_OPEN_FOR = select(func.count()).select_from(r).where(
    r.c.customer_id == bindparam("customer_id"), r.c.status.not_in([s.value for s in FINAL]))
_COVERING = (select(r.c.id, r.c.warranty_until)
             .where(r.c.serial_number == bindparam("serial"), r.c.status == RepairStatus.DELIVERED.value,
                    r.c.warranty_until >= bindparam("on"))
             .order_by(r.c.warranty_until.desc(), r.c.id.desc()).limit(1))


def search_text(repair: Repair) -> str:
    return " ".join(filter(None, [repair.number, repair.customer_name, repair.serial_number])).casefold()


def _condition(stored: str | None) -> Condition:
    return Condition(**json.loads(stored)) if stored else NOT_RECORDED


def _stored_condition(condition: Condition) -> str | None:
    if condition.is_blank:
        return None
    return json.dumps({"notes": condition.notes, **{item: check.value for item, _, check in condition.checks()}})


def _repair(row: Any, lines: list[RepairLine] | None = None, payments: list[Any] | None = None) -> Repair:
    (repair_id, number, code, status, customer_id, equipment, serial, problem, accessories, diagnosis,
     promised, received_at, created_by, notes, delivered_at, updated_at, charge_id, customer_name, condition,
     quote_total, warranty, related, under_until, warranty_until, price, wrong, locked_until, unit_id) = row[:28]
    deposits: dict[int, list[Any]] = {}
    paid: list[RepairPayment] = []
    for method, amount, kind, deposit_id, by, at in payments or []:
        payment = RepairPayment(method, amount, kind, deposit_id)
        if payment.kind is MoneyKind.DEPOSIT:
            deposits.setdefault(deposit_id, [by, at, []])[2].append(payment)
        else:
            paid.append(payment)
    return Repair(repair_id, number, code, RepairStatus(status), customer_id, equipment, serial, problem,
                  accessories, diagnosis, promised, received_at, created_by, notes, delivered_at, updated_at,
                  charge_id, customer_name, _condition(condition), lines or [], quote_total,
                  [Deposit(key, tuple(ps), by, at) for key, (by, at, ps) in deposits.items()], paid,
                  bool(warranty), related, under_until, warranty_until, price if lines is None else None, wrong,
                  locked_until, unit_id)


def _line(row: Any) -> RepairLine:
    (line_id, kind, description, quantity, unit_price, rate_name, percent, net, tax, by, at, product_id, sku,
     unit_cost, serials) = row
    return RepairLine(line_id, kind, description, quantity, unit_price, AppliedRate(rate_name, percent), net, tax,
                      by, at, product_id, sku, unit_cost, tuple(json.loads(serials)) if serials else ())


def _values(repair: Repair) -> dict[str, Any]:
    return {
        "status": repair.status.value, "equipment": repair.equipment, "serial_number": repair.serial_number,
        "accessories": repair.accessories, "diagnosis": repair.diagnosis, "price": repair.price,
        "promised_date": repair.promised_date, "notes": repair.notes, "delivered_at": repair.delivered_at,
        "updated_at": repair.updated_at or repair.received_at, "charge_id": repair.charge_id,
        "search_text": search_text(repair), "condition": _stored_condition(repair.condition),
        "quote_total": repair.quote_total, "warranty": repair.warranty, "related_repair_id": repair.related_repair_id,
        "under_warranty_until": repair.under_warranty_until, "warranty_until": repair.warranty_until,
        "wrong_answers": repair.wrong_answers, "answers_locked_until": repair.answers_locked_until,
        "unit_id": repair.unit_id,
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
        return self._one(_BY_ID, repair_id=repair_id)

    def get_for_update(self, repair_id: int) -> Repair | None:
        return self._one(_BY_ID_FOR_UPDATE, repair_id=repair_id)

    def by_tracking_code_for_update(self, tracking_code: str) -> Repair | None:
        return self._one(_BY_CODE_FOR_UPDATE, code=tracking_code)

    def update(self, repair: Repair) -> None:
        sql.run(self._db, r.update().where(r.c.id == repair.id).values(**_values(repair)))

    def add_line(self, repair_id: int, line: RepairLine) -> RepairLine:
        line_id = sql.scalar(self._db, ln.insert().values(
            repair_id=repair_id, kind=line.kind.value, description=line.description, product_id=line.product_id,
            sku=line.sku, quantity=line.quantity, unit_price=line.unit_price, unit_cost=line.unit_cost,
            tax_rate_name=line.tax_rate.name, tax_percent=line.tax_rate.percent, net=line.net, tax=line.tax,
            line_total=line.line_total, added_by=line.added_by, added_at=line.added_at,
            serials=json.dumps(list(line.serials)) if line.serials else None).returning(ln.c.id))
        return attrs.evolve(line, id=line_id)

    def remove_line(self, repair_id: int, line_id: int) -> None:
        sql.run(self._db, ln.delete().where(ln.c.repair_id == repair_id, ln.c.id == line_id))

    def add_deposit(self, repair_id: int, deposit: Deposit) -> Deposit:
        deposit_id = sql.scalar(self._db, d.insert().values(
            repair_id=repair_id, created_by=deposit.created_by, created_at=deposit.created_at).returning(d.c.id))
        payments = tuple(attrs.evolve(p, deposit_id=deposit_id) for p in deposit.payments)
        self.add_payments(repair_id, payments)
        return attrs.evolve(deposit, id=deposit_id, payments=payments)

    def add_payments(self, repair_id: int, payments: Sequence[RepairPayment]) -> None:
        if payments:
            sql.many(self._db, pay.insert(), [{"repair_id": repair_id, "method": x.method.value, "amount": x.amount,
                                              "kind": x.kind.value, "deposit_id": x.deposit_id} for x in payments])

    def covering(self, serial_number: str, on: date) -> Coverage | None:
        row = sql.first(self._db, _COVERING, serial=serial_number, on=on)
        return Coverage(row[0], row[1]) if row else None

    def add_history(self, repair_id: int, entry: HistoryEntry) -> None:
        sql.run(self._db, h.insert().values(
            repair_id=repair_id, from_status=entry.from_status.value if entry.from_status else None,
            to_status=entry.to_status.value, note=entry.note, created_by=entry.created_by,
            created_at=entry.created_at))

    def history(self, repair_id: int) -> Sequence[HistoryEntry]:
        return [HistoryEntry(RepairStatus(f) if f else None, RepairStatus(to), note, by, at, name)
                for f, to, note, by, at, name in sql.rows(self._db, _HISTORY_OF, repair_id=repair_id)]

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
        """One indexed lookup; the lines only when the repair awaits approval (its quote is shown)."""
        row = sql.first(self._db, _BY_CODE, code=tracking_code)
        if row is None:
            return None
        awaiting = row[3] == RepairStatus.AWAITING_APPROVAL.value
        return tracked(_repair(row, [_line(x) for x in sql.rows(self._db, _LINES_OF, repair_id=row[0])]
                               if awaiting else None))

    def count_open_for(self, customer_id: int) -> int:
        return int(sql.scalar(self._db, _OPEN_FOR, customer_id=customer_id))

    def _one(self, statement: Select[Any], **params: Any) -> Repair | None:
        row = sql.first(self._db, statement, **params)
        if row is None:
            return None
        lines = [_line(x) for x in sql.rows(self._db, _LINES_OF, repair_id=row[0])]
        payments = sql.rows(self._db, _PAYMENTS_OF, repair_id=row[0])
        return _repair(row, lines, payments)


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
