"""``uow.money_audit`` in SQL: ``techstore check money``'s comparisons, each one grouped statement whatever the
number of documents (never a query per document), returning only what disagrees.

A document's amounts and its journal entries are compared through one ``UNION ALL`` of both sides (the
document's lines as expected, the entries as found, zero on the other side), grouped per document and method:
a method found on one side only still shows. Amounts keep the journal's sign (+ taken, − paid out).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Select, and_, case, func, literal, or_, select, type_coerce, union_all
from sqlalchemy.sql.elements import ColumnElement

from techstore.application.reports.audit import (
    KINDS,
    NAMES,
    DocumentMismatch,
    LooseEntry,
    RevenueTotals,
    RollupMismatch,
    SessionMismatch,
    loose_problem,
)
from techstore.application.reports.journal_figures import DRAWER_KINDS
from techstore.domain.cash.journal import EntryKind
from techstore.domain.reports.days import LocalPeriod
from techstore.domain.reports.figures import ZERO
from techstore.infrastructure.sqlalchemy import executor as sql
from techstore.infrastructure.sqlalchemy.repositories.report_daily import earliest
from techstore.infrastructure.sqlalchemy.repositories.report_rollups import SqlReportRollups
from techstore.infrastructure.sqlalchemy.tables.cash import cash_sessions as cs
from techstore.infrastructure.sqlalchemy.tables.cash import journal_entries as je
from techstore.infrastructure.sqlalchemy.tables.customers import account_movements as m
from techstore.infrastructure.sqlalchemy.tables.customers import customers as cust
from techstore.infrastructure.sqlalchemy.tables.identity import users as u
from techstore.infrastructure.sqlalchemy.tables.repairs import repair_lines as parts
from techstore.infrastructure.sqlalchemy.tables.repairs import repair_payments as rp
from techstore.infrastructure.sqlalchemy.tables.repairs import repairs as rep
from techstore.infrastructure.sqlalchemy.tables.sales import return_refunds as rr
from techstore.infrastructure.sqlalchemy.tables.sales import returns as r
from techstore.infrastructure.sqlalchemy.tables.sales import sale_payments as p
from techstore.infrastructure.sqlalchemy.tables.sales import sales as s
from techstore.infrastructure.sqlalchemy.types import Money, UTCDateTime

_SALE, _REVERSAL = EntryKind.SALE.value, EntryKind.REVERSAL.value
_VOIDED = s.c.status == "voided"
_DELIVERED = rep.c.status == "delivered"
_REPAIR_KINDS = (EntryKind.REPAIR_DEPOSIT.value, EntryKind.REPAIR_PAYMENT.value, EntryKind.REPAIR_REFUND.value)


def _zero() -> Any:
    return literal(ZERO, Money)


def _money(value: Any) -> Decimal:
    return ZERO if value is None else Decimal(value)


def _within(column: Any, period: LocalPeriod) -> ColumnElement[bool]:
    return and_(column >= literal(period.start, UTCDateTime), column < literal(period.end, UTCDateTime))


def _sales_in(period: LocalPeriod) -> ColumnElement[bool]:
    return and_(s.c.number.is_not(None), _within(s.c.created_at, period))


def _delivered_in(period: LocalPeriod) -> ColumnElement[bool]:
    return and_(_DELIVERED, _within(rep.c.delivered_at, period))


class SqlMoneyAudit:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def earliest(self) -> datetime | None:
        return earliest(self._db)

    # Documents against their entries

    def document_mismatches(self, period: LocalPeriod) -> Sequence[DocumentMismatch]:
        return [*self._sales(period), *self._sale_totals(period), *self._returns(period), *self._repairs(period),
                *self._account_payments(period)]

    def _sales(self, period: LocalPeriod) -> list[DocumentMismatch]:
        """Per sale and method: its ``sale`` entries = its payments; with its reversals, its payments, or 0 once
        voided."""
        paid = (select(p.c.sale_id.label("doc"), p.c.method.label("method"), p.c.amount.label("said"),
                       _zero().label("taken"), _zero().label("net"))
                .select_from(p.join(s, s.c.id == p.c.sale_id)).where(_sales_in(period)))
        taken = type_coerce(case((je.c.kind == _SALE, je.c.amount), else_=_zero()), Money)
        entered = (select(je.c.sale_id, je.c.method, _zero(), taken, je.c.amount)
                   .select_from(je.join(s, s.c.id == je.c.sale_id))
                   .where(_sales_in(period), je.c.kind.in_((_SALE, _REVERSAL))))
        both = union_all(paid, entered).subquery()
        said, took, net = func.sum(both.c.said), func.sum(both.c.taken), func.sum(both.c.net)
        rows = sql.rows(self._db, select(s.c.id, s.c.number, s.c.status, both.c.method, said, took, net)
                        .select_from(both.join(s, s.c.id == both.c.doc))
                        .group_by(s.c.id, s.c.number, s.c.status, both.c.method)
                        .having(or_(said != took, net != case((_VOIDED, _zero()), else_=said)))
                        .order_by(s.c.id, both.c.method))
        found = []
        for sale_id, number, status, method, said_, took_, net_ in rows:
            said_, took_, net_ = _money(said_), _money(took_), _money(net_)
            if said_ != took_:
                found.append(DocumentMismatch("sale", sale_id, number, method, "sale", said_, took_,
                                              "its payments say"))
            expected = ZERO if status == "voided" else said_
            if net_ != expected:
                says = "voided, they should come to" if status == "voided" else "its payments say"
                found.append(DocumentMismatch("sale", sale_id, number, method, "sale and reversal", expected, net_,
                                              says))
        return found

    def _sale_totals(self, period: LocalPeriod) -> list[DocumentMismatch]:
        """Per sale, every method: its ``sale`` and ``reversal`` entries = its total, or 0 once voided (a sale
        without any entry shows here)."""
        net = func.coalesce(func.sum(je.c.amount), _zero())
        rows = sql.rows(self._db, select(s.c.id, s.c.number, s.c.status, s.c.total, net)
                        .select_from(s.outerjoin(je, and_(je.c.sale_id == s.c.id,
                                                          je.c.kind.in_((_SALE, _REVERSAL)))))
                        .where(_sales_in(period)).group_by(s.c.id, s.c.number, s.c.status, s.c.total)
                        .having(net != case((_VOIDED, _zero()), else_=s.c.total)).order_by(s.c.id))
        found = []
        for sale_id, number, status, total, net_ in rows:
            voided = status == "voided"
            found.append(DocumentMismatch("sale", sale_id, number, None, "sale and reversal",
                                          ZERO if voided else total, _money(net_),
                                          "voided, they should come to" if voided else "its total is"))
        return found

    def _compare(self, document: str, said: Select[Any], entered: Select[Any], references: Any, entries: str,
                 says: str) -> list[DocumentMismatch]:
        """``said`` (doc, method, expected, 0) against ``entered`` (doc, method, 0, found), per document and
        method; ``references`` (id, reference) names the documents."""
        both = union_all(said, entered).subquery()
        expected, found = func.sum(both.c.expected), func.sum(both.c.found)
        rows = sql.rows(self._db, select(both.c.doc, references.c.reference, both.c.method, expected, found)
                        .select_from(both.join(references, references.c.id == both.c.doc))
                        .group_by(both.c.doc, references.c.reference, both.c.method).having(expected != found)
                        .order_by(both.c.doc, both.c.method))
        return [DocumentMismatch(document, doc, reference, method, entries, _money(expected_), _money(found_), says)
                for doc, reference, method, expected_, found_ in rows]

    def _returns(self, period: LocalPeriod) -> list[DocumentMismatch]:
        returns_in = and_(r.c.number.is_not(None), _within(r.c.created_at, period))
        said = (select(rr.c.return_id.label("doc"), rr.c.method.label("method"),
                       type_coerce(-rr.c.amount, Money).label("expected"), _zero().label("found"))
                .select_from(rr.join(r, r.c.id == rr.c.return_id)).where(returns_in))
        entered = (select(je.c.return_id, je.c.method, _zero(), je.c.amount)
                   .select_from(je.join(r, r.c.id == je.c.return_id))
                   .where(returns_in, je.c.kind == EntryKind.REFUND.value))
        references = select(r.c.id.label("id"), r.c.number.label("reference")).where(returns_in).subquery()
        return self._compare("return", said, entered, references, "refund", "its refunds say")

    def _repairs(self, period: LocalPeriod) -> list[DocumentMismatch]:
        """Per repair taken in, changed or delivered in the period: all its money (deposits and delivery's
        payments, less refunds) against all its entries of the repair kinds."""
        touched = or_(_within(rep.c.received_at, period), _within(rep.c.updated_at, period), _delivered_in(period))
        signed = type_coerce(case((rp.c.kind == "refund", -rp.c.amount), else_=rp.c.amount), Money)
        said = (select(rp.c.repair_id.label("doc"), rp.c.method.label("method"), signed.label("expected"),
                       _zero().label("found"))
                .select_from(rp.join(rep, rep.c.id == rp.c.repair_id)).where(touched))
        entered = (select(je.c.repair_id, je.c.method, _zero(), je.c.amount)
                   .select_from(je.join(rep, rep.c.id == je.c.repair_id))
                   .where(touched, je.c.kind.in_(_REPAIR_KINDS)))
        references = select(rep.c.id.label("id"), rep.c.number.label("reference")).where(touched).subquery()
        return self._compare("repair", said, entered, references, "repair_deposit, repair_payment and repair_refund",
                             "its deposits, payments and refunds say")

    def _account_payments(self, period: LocalPeriod) -> list[DocumentMismatch]:
        payments_in = and_(m.c.type == "payment", _within(m.c.created_at, period))
        said = (select(m.c.id.label("doc"), m.c.method.label("method"),
                       type_coerce(-m.c.amount, Money).label("expected"), _zero().label("found")).where(payments_in))
        entered = (select(je.c.movement_id, je.c.method, _zero(), je.c.amount)
                   .select_from(je.join(m, m.c.id == je.c.movement_id))
                   .where(payments_in, je.c.kind == EntryKind.ACCOUNT_PAYMENT.value))
        references = (select(m.c.id.label("id"), cust.c.name.label("reference"))
                      .select_from(m.join(cust, cust.c.id == m.c.customer_id)).where(payments_in).subquery())
        return self._compare("account payment", said, entered, references, "account_payment",
                             "the payment on the account says")

    # Entries without a document, drawers, and the figures the reports are checked against

    def loose_entries(self, period: LocalPeriod) -> Sequence[LooseEntry]:
        missing = [and_(je.c.kind == kind.value, je.c[name].is_(None)) for kind, name in NAMES.items()]
        undelivered = and_(je.c.kind == EntryKind.REPAIR_PAYMENT.value, or_(rep.c.status.is_(None), ~_DELIVERED))
        rows = sql.rows(self._db, select(
            je.c.id, je.c.kind, je.c.method, je.c.amount, je.c.sale_id, je.c.return_id, je.c.repair_id,
            je.c.movement_id, je.c.cash_session_id, rep.c.status)
            .select_from(je.outerjoin(rep, rep.c.id == je.c.repair_id))
            .where(_within(je.c.created_at, period), or_(je.c.kind.not_in(KINDS), undelivered, *missing))
            .order_by(je.c.id))
        found = []
        for entry_id, kind, method, amount, sale_id, return_id, repair_id, movement_id, session_id, status in rows:
            problem = loose_problem(kind, sale_id=sale_id, return_id=return_id, repair_id=repair_id,
                                    movement_id=movement_id, cash_session_id=session_id,
                                    repair_delivered=status == "delivered")
            if problem is not None:
                found.append(LooseEntry(entry_id, kind, method, _money(amount), problem))
        return found

    def session_mismatches(self, period: LocalPeriod) -> Sequence[SessionMismatch]:
        cash = func.coalesce(func.sum(je.c.amount), _zero())
        closed = cs.c.status == "closed"
        rows = sql.rows(self._db, select(cs.c.id, u.c.full_name, cs.c.opening_float, cs.c.expected_cash, cash,
                                         cs.c.cash_total)
                        .select_from(cs.join(u, u.c.id == cs.c.user_id)
                                     .outerjoin(je, and_(je.c.cash_session_id == cs.c.id, je.c.method == "cash")))
                        .where(or_(cs.c.status == "open", and_(closed, _within(cs.c.closed_at, period))))
                        .group_by(cs.c.id, u.c.full_name, cs.c.opening_float, cs.c.expected_cash, cs.c.cash_total)
                        .having(or_(cs.c.cash_total != cash,
                                    and_(closed, or_(cs.c.expected_cash.is_(None),
                                                     cs.c.expected_cash != cs.c.opening_float + cash))))
                        .order_by(cs.c.id))
        return [SessionMismatch(session_id, name, opening, stored, _money(entries),
                                None if total == _money(entries) else total)
                for session_id, name, opening, stored, entries, total in rows]

    def journal_by_method(self, period: LocalPeriod) -> Mapping[str, Decimal]:
        rows = sql.rows(self._db, select(je.c.method, func.sum(je.c.amount))
                        .where(_within(je.c.created_at, period), je.c.kind.not_in(DRAWER_KINDS))
                        .group_by(je.c.method))
        return {method: _money(amount) for method, amount in rows}

    def rollup_mismatches(self, period: LocalPeriod) -> Sequence[RollupMismatch]:
        return SqlReportRollups(self._db).mismatches(period)

    def revenue(self, period: LocalPeriod) -> RevenueTotals:
        completed = and_(s.c.status == "completed", s.c.number.is_not(None))
        sold = (select(literal("s").label("kind"), func.count().label("n"), func.sum(s.c.total).label("amount"))
                .where(completed, _within(s.c.created_at, period)))
        returned = (select(literal("r"), func.count(), func.sum(r.c.total))
                    .select_from(r.join(s, s.c.id == r.c.sale_id))
                    .where(completed, r.c.number.is_not(None), _within(r.c.created_at, period)))
        repaired = (select(literal("p"), func.count(rep.c.id.distinct()), func.sum(rp.c.amount))
                    .select_from(rep.outerjoin(rp, rp.c.repair_id == rep.c.id)).where(_delivered_in(period)))
        used = (select(literal("q"), func.count(), func.sum(parts.c.line_total))
                .select_from(parts.join(rep, rep.c.id == parts.c.repair_id))
                .where(_delivered_in(period), parts.c.kind == "part"))
        found = {kind: (int(count), _money(amount))
                 for kind, count, amount in sql.rows(self._db, union_all(sold, returned, repaired, used))}
        return RevenueTotals(*found["s"], *found["r"], *found["p"], found["q"][1])


REPOSITORIES = {"money_audit": SqlMoneyAudit}
