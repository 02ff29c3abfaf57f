"""SQL repositories of the cash drawer: the money journal, and the sessions, whose figures are tallies of the
journal grouped in SQL (one statement for a whole page of sessions), their pay-ins and pay-outs one more."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs
from sqlalchemy import Connection, bindparam, func, select
from sqlalchemy.exc import IntegrityError

from techstore.application.cash.ports import JournalFilter, SessionFilter
from techstore.application.shared.errors import DuplicateKey
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.cash.journal import DRAWER_MOVEMENTS, Document, EntryKind, JournalEntry
from techstore.domain.cash.sessions import CashSession, Movement, SessionStatus, Tally
from techstore.domain.shared.payments import PaymentMethod
from techstore.infrastructure.sqlalchemy import executor as sql
from techstore.infrastructure.sqlalchemy.tables.cash import cash_sessions as c
from techstore.infrastructure.sqlalchemy.tables.cash import journal_entries as e
from techstore.infrastructure.sqlalchemy.types import Money

_COLUMNS = (c.c.id, c.c.user_id, c.c.status, c.c.opening_float, c.c.opened_at, c.c.closed_at, c.c.counted_cash,
            c.c.expected_cash, c.c.note, c.c.cash_total)
_BY_ID = select(*_COLUMNS).where(c.c.id == bindparam("session_id"))
_LOCK = _BY_ID.with_for_update()
_OPEN_OF = select(*_COLUMNS).where(c.c.user_id == bindparam("user_id"), c.c.status == SessionStatus.OPEN.value)
# FOR NO KEY UPDATE: the amount's transaction moves the row's cash total, so one seller's amounts queue on their
# drawer (as every sale queues on its number), a close waits for them, and one after the close finds no open
# session; rows that merely refer to the session (the journal's foreign key) are not blocked.
_LOCK_OPEN_OF = _OPEN_OF.with_for_update(key_share=True)
_ADD_CASH = c.update().where(c.c.id == bindparam("session_id")).values(
    cash_total=c.c.cash_total + bindparam("delta", type_=Money()))
_OPEN = c.insert().returning(c.c.id)
_TALLIES = (select(e.c.cash_session_id, e.c.kind, e.c.method, func.count(), func.sum(e.c.amount))
            .where(e.c.cash_session_id.in_(bindparam("session_ids", expanding=True)))
            .group_by(e.c.cash_session_id, e.c.kind, e.c.method))
_MOVEMENTS = (select(e.c.cash_session_id, e.c.id, e.c.kind, e.c.amount, e.c.note, e.c.created_at)
              .where(e.c.cash_session_id.in_(bindparam("session_ids", expanding=True)),
                     e.c.kind.in_([k.value for k in DRAWER_MOVEMENTS]))
              .order_by(e.c.id))
_CLOSE = c.update().where(c.c.id == bindparam("session_id")).values(
    status=bindparam("c_status"), closed_at=bindparam("c_closed_at"), counted_cash=bindparam("c_counted"),
    expected_cash=bindparam("c_expected"), note=bindparam("c_note"))


def _session(row: Any) -> CashSession:
    session_id, user_id, status, opening_float, opened_at, closed_at, counted, expected, note, cash_total = row[:10]
    return CashSession(session_id, user_id, SessionStatus(status), opening_float, opened_at, closed_at, counted,
                       expected, note, cash_total=cash_total)


def _with_figures(db: Connection, rows: Sequence[Any]) -> list[CashSession]:
    sessions = [_session(row) for row in rows]
    if not sessions:
        return sessions
    ids = [s.id for s in sessions]
    tallies: dict[int, list[Tally]] = {i: [] for i in ids if i is not None}
    movements: dict[int, list[Movement]] = {i: [] for i in ids if i is not None}
    for session_id, kind, method, count, amount in sql.rows(db, _TALLIES, session_ids=ids):
        tallies[session_id].append(Tally(EntryKind(kind), method, count, Decimal(amount)))
    for session_id, entry_id, kind, amount, reason, created_at in sql.rows(db, _MOVEMENTS, session_ids=ids):
        movements[session_id].append(Movement(entry_id, EntryKind(kind), abs(amount), reason or "", created_at))
    for session in sessions:
        assert session.id is not None
        session.tallies, session.movements = tallies[session.id], movements[session.id]
    return sessions


class SqlCashSessionRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def open(self, session: CashSession) -> CashSession:
        try:
            with self._db.begin_nested():
                session.id = sql.scalar(self._db, _OPEN, user_id=session.user_id, status=session.status.value,
                                        opening_float=session.opening_float, opened_at=session.opened_at)
        except IntegrityError:
            raise DuplicateKey("user_id") from None
        return session

    def get(self, session_id: int) -> CashSession | None:
        found = _with_figures(self._db, sql.rows(self._db, _BY_ID, session_id=session_id))
        return found[0] if found else None

    def lock(self, session_id: int) -> CashSession | None:
        row = sql.first(self._db, _LOCK, session_id=session_id)
        return None if row is None else _session(row)

    def add_cash(self, session_id: int, delta: Decimal) -> None:
        sql.run(self._db, _ADD_CASH, session_id=session_id, delta=delta)

    def lock_open_of(self, user_id: int) -> CashSession | None:
        row = sql.first(self._db, _LOCK_OPEN_OF, user_id=user_id)
        return None if row is None else _session(row)

    def open_of(self, user_id: int) -> CashSession | None:
        found = _with_figures(self._db, sql.rows(self._db, _OPEN_OF, user_id=user_id))
        return found[0] if found else None

    def close(self, session: CashSession) -> None:
        sql.run(self._db, _CLOSE, session_id=session.id, c_status=session.status.value, c_closed_at=session.closed_at,
                c_counted=session.counted_cash, c_expected=session.closed_expected, c_note=session.note)

    def list(self, query: SessionFilter, page: PageRequest) -> Page[CashSession]:
        conditions: list[Any] = []
        if query.status is not None:
            conditions.append(c.c.status == query.status.value)
        if query.user_id is not None:
            conditions.append(c.c.user_id == query.user_id)
        rows = sql.rows(self._db, select(*_COLUMNS, func.count().over()).where(*conditions)
                        .order_by(c.c.id.desc()).limit(page.limit).offset(page.offset))
        if rows:
            total = rows[0][-1]
        else:
            total = sql.scalar(self._db, select(func.count()).select_from(c).where(*conditions)) \
                if page.offset else 0
        return Page(_with_figures(self._db, rows), total, page.limit, page.offset)

_ENTRY_COLUMNS = (e.c.id, e.c.kind, e.c.method, e.c.amount, e.c.sale_id, e.c.return_id, e.c.repair_id,
                  e.c.customer_id, e.c.movement_id, e.c.cash_session_id, e.c.user_id, e.c.created_at, e.c.note,
                  e.c.reverses_id)
_ADD = e.insert()
_ADD_ONE = e.insert().returning(e.c.id)
_OF_SALE = (select(*_ENTRY_COLUMNS)
            .where(e.c.sale_id == bindparam("sale_id"), e.c.kind == EntryKind.SALE.value).order_by(e.c.id))


def _entry(row: Any) -> JournalEntry:
    (entry_id, kind, method, amount, sale_id, return_id, repair_id, customer_id, movement_id, session_id, user_id,
     created_at, note, reverses_id) = row[:14]
    return JournalEntry(entry_id, EntryKind(kind), PaymentMethod(method), amount,
                        Document(sale_id, return_id, repair_id, customer_id, movement_id), session_id, user_id,
                        created_at, note, reverses_id)


def _values(entry: JournalEntry) -> dict[str, Any]:
    d = entry.document
    return {"kind": entry.kind.value, "method": entry.method.value, "amount": entry.amount, "sale_id": d.sale_id,
            "return_id": d.return_id, "repair_id": d.repair_id, "customer_id": d.customer_id,
            "movement_id": d.movement_id, "cash_session_id": entry.cash_session_id, "user_id": entry.user_id,
            "created_at": entry.created_at, "note": entry.note, "reverses_id": entry.reverses_id}


class SqlJournal:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, entries: Sequence[JournalEntry]) -> None:
        if entries:
            sql.many(self._db, _ADD, [_values(entry) for entry in entries])

    def add_one(self, entry: JournalEntry) -> JournalEntry:
        return attrs.evolve(entry, id=sql.scalar(self._db, _ADD_ONE, **_values(entry)))

    def of_sale(self, sale_id: int | None) -> list[JournalEntry]:
        return [_entry(row) for row in sql.rows(self._db, _OF_SALE, sale_id=sale_id)]

    def list(self, query: JournalFilter, page: PageRequest) -> Page[JournalEntry]:
        conditions: list[Any] = []
        if query.start is not None:
            conditions.append(e.c.created_at >= query.start)
        if query.end is not None:
            conditions.append(e.c.created_at < query.end)
        if query.method is not None:
            conditions.append(e.c.method == query.method.value)
        if query.kind is not None:
            conditions.append(e.c.kind == query.kind.value)
        if query.cash_session_id is not None:
            conditions.append(e.c.cash_session_id == query.cash_session_id)
        rows = sql.rows(self._db, select(*_ENTRY_COLUMNS, func.count().over()).where(*conditions)
                        .order_by(e.c.id).limit(page.limit).offset(page.offset))
        if rows:
            total = rows[0][-1]
        else:
            total = sql.scalar(self._db, select(func.count()).select_from(e).where(*conditions)) \
                if page.offset else 0
        return Page([_entry(row) for row in rows], total, page.limit, page.offset)


REPOSITORIES = {"cash_sessions": SqlCashSessionRepository, "journal": SqlJournal}
