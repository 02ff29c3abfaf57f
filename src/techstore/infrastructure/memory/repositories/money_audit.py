"""``uow.money_audit`` over the in-memory store: the money check's comparisons made the way the SQL adapter
groups them (``tests/contract/test_money_audit.py`` holds the two equal)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from decimal import Decimal

from techstore.application.reports.audit import (
    DocumentMismatch,
    LooseEntry,
    RevenueTotals,
    RollupMismatch,
    SessionMismatch,
    loose_problem,
)
from techstore.application.reports.journal_figures import DRAWER_KINDS
from techstore.domain.cash.journal import EntryKind, JournalEntry
from techstore.domain.cash.sessions import CashSession, SessionStatus
from techstore.domain.customers.accounts import Movement, MovementType
from techstore.domain.customers.customers import Customer
from techstore.domain.identity.users import User
from techstore.domain.repairs.repairs import MoneyKind, Repair, RepairStatus
from techstore.domain.reports.days import LocalPeriod
from techstore.domain.reports.figures import ZERO
from techstore.domain.sales.returns import Return
from techstore.domain.sales.sales import Sale, SaleStatus
from techstore.infrastructure.memory.repositories.cash import journal_of
from techstore.infrastructure.memory.store import MemoryStore

Sums = dict[str, Decimal]  # per method


def _within(instant: datetime | None, period: LocalPeriod) -> bool:
    return instant is not None and period.start <= instant < period.end


def _add(sums: Sums, method: str, amount: Decimal) -> None:
    sums[method] = sums.get(method, ZERO) + amount


def _differing(expected: Sums, found: Sums) -> Iterator[tuple[str, Decimal, Decimal]]:
    for method in sorted(expected.keys() | found.keys()):
        said, took = expected.get(method, ZERO), found.get(method, ZERO)
        if said != took:
            yield method, said, took


class MemoryMoneyAudit:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    @property
    def _journal(self) -> list[JournalEntry]:
        return journal_of(self._store)

    def _entries(self, kinds: Iterable[EntryKind], name: str) -> dict[int, list[JournalEntry]]:
        """The entries of ``kinds``, by the id of their document (``name``: ``sale_id``, ``return_id``...)."""
        wanted = set(kinds)
        found: dict[int, list[JournalEntry]] = {}
        for entry in self._journal:
            key = getattr(entry.document, name)
            if entry.kind in wanted and key is not None:
                found.setdefault(key, []).append(entry)
        return found

    def earliest(self) -> datetime | None:
        sales: dict[int, Sale] = self._store.table("sales", dict)
        returns: dict[int, Return] = self._store.table("returns", dict)
        repairs: dict[int, Repair] = self._store.table("repairs", dict)
        movements: dict[int, Movement] = self._store.table("account_movements", dict)
        sessions: dict[int, CashSession] = self._store.table("cash_sessions", dict)
        instants = [*(e.created_at for e in self._journal), *(x.created_at for x in sales.values()),
                    *(x.created_at for x in returns.values()),
                    *(x.delivered_at for x in repairs.values() if x.delivered_at is not None),
                    *(x.created_at for x in movements.values()), *(x.opened_at for x in sessions.values())]
        return min(instants, default=None)

    def document_mismatches(self, period: LocalPeriod) -> Sequence[DocumentMismatch]:
        return [*self._sales(period), *self._returns(period), *self._repairs(period),
                *self._account_payments(period)]

    def _sales(self, period: LocalPeriod) -> list[DocumentMismatch]:
        sales: dict[int, Sale] = self._store.table("sales", dict)
        entries = self._entries((EntryKind.SALE, EntryKind.REVERSAL), "sale_id")
        per_method: list[DocumentMismatch] = []
        totals: list[DocumentMismatch] = []
        for sale_id, sale in sorted(sales.items()):
            if sale.number is None or not _within(sale.created_at, period):
                continue
            voided = sale.status is SaleStatus.VOIDED
            paid: Sums = {}
            taken: Sums = {}
            net: Sums = {}
            for payment in sale.payments:
                _add(paid, payment.method.value, payment.amount)
            for entry in entries.get(sale_id, []):
                _add(net, entry.method.value, entry.amount)
                _add(taken, entry.method.value, entry.amount if entry.kind is EntryKind.SALE else ZERO)
            for method in sorted(paid.keys() | taken.keys() | net.keys()):
                said = paid.get(method, ZERO)
                if said != taken.get(method, ZERO):
                    per_method.append(DocumentMismatch("sale", sale_id, sale.number, method, "sale", said,
                                                       taken.get(method, ZERO), "its payments say"))
                expected = ZERO if voided else said
                if net.get(method, ZERO) != expected:
                    per_method.append(DocumentMismatch(
                        "sale", sale_id, sale.number, method, "sale and reversal", expected, net.get(method, ZERO),
                        "voided, they should come to" if voided else "its payments say"))
            whole = sum(net.values(), ZERO)
            if whole != (ZERO if voided else sale.total):
                totals.append(DocumentMismatch("sale", sale_id, sale.number, None, "sale and reversal",
                                               ZERO if voided else sale.total, whole,
                                               "voided, they should come to" if voided else "its total is"))
        return per_method + totals

    def _returns(self, period: LocalPeriod) -> list[DocumentMismatch]:
        returns: dict[int, Return] = self._store.table("returns", dict)
        entries = self._entries((EntryKind.REFUND,), "return_id")
        found = []
        for return_id, ret in sorted(returns.items()):
            if ret.number is None or not _within(ret.created_at, period):
                continue
            said: Sums = {}
            took: Sums = {}
            for refund in ret.refunds:
                _add(said, refund.method.value, -refund.amount)
            for entry in entries.get(return_id, []):
                _add(took, entry.method.value, entry.amount)
            found += [DocumentMismatch("return", return_id, ret.number, method, "refund", expected, journaled,
                                       "its refunds say") for method, expected, journaled in _differing(said, took)]
        return found

    def _repairs(self, period: LocalPeriod) -> list[DocumentMismatch]:
        repairs: dict[int, Repair] = self._store.table("repairs", dict)
        entries = self._entries((EntryKind.REPAIR_DEPOSIT, EntryKind.REPAIR_PAYMENT, EntryKind.REPAIR_REFUND),
                                "repair_id")
        found = []
        for repair_id, repair in sorted(repairs.items()):
            if not (_within(repair.received_at, period) or _within(repair.updated_at, period)
                    or (repair.status is RepairStatus.DELIVERED and _within(repair.delivered_at, period))):
                continue
            said: Sums = {}
            took: Sums = {}
            for deposit in repair.deposits:
                for payment in deposit.payments:
                    _add(said, payment.method.value, payment.amount)
            for payment in repair.payments:
                _add(said, payment.method.value, -payment.amount if payment.kind is MoneyKind.REFUND
                     else payment.amount)
            for entry in entries.get(repair_id, []):
                _add(took, entry.method.value, entry.amount)
            found += [DocumentMismatch("repair", repair_id, repair.number or "", method,
                                       "repair_deposit, repair_payment and repair_refund", expected, journaled,
                                       "its deposits, payments and refunds say")
                      for method, expected, journaled in _differing(said, took)]
        return found

    def _account_payments(self, period: LocalPeriod) -> list[DocumentMismatch]:
        movements: dict[int, Movement] = self._store.table("account_movements", dict)
        customers: dict[int, Customer] = self._store.table("customers", dict)
        entries = self._entries((EntryKind.ACCOUNT_PAYMENT,), "movement_id")
        found = []
        for movement_id, movement in sorted(movements.items()):
            if movement.type is not MovementType.PAYMENT or not _within(movement.created_at, period):
                continue
            said: Sums = {}
            took: Sums = {}
            _add(said, movement.method.value if movement.method else "", -movement.amount)
            for entry in entries.get(movement_id, []):
                _add(took, entry.method.value, entry.amount)
            found += [DocumentMismatch("account payment", movement_id, customers[movement.customer_id].name, method,
                                       "account_payment", expected, journaled, "the payment on the account says")
                      for method, expected, journaled in _differing(said, took)]
        return found

    def loose_entries(self, period: LocalPeriod) -> Sequence[LooseEntry]:
        repairs: dict[int, Repair] = self._store.table("repairs", dict)
        found = []
        for entry in self._journal:
            if not _within(entry.created_at, period):
                continue
            d = entry.document
            repair = repairs.get(d.repair_id) if d.repair_id is not None else None
            problem = loose_problem(entry.kind.value, sale_id=d.sale_id, return_id=d.return_id,
                                    repair_id=d.repair_id, movement_id=d.movement_id,
                                    cash_session_id=entry.cash_session_id,
                                    repair_delivered=repair is not None and repair.status is RepairStatus.DELIVERED)
            if problem is not None:
                assert entry.id is not None
                found.append(LooseEntry(entry.id, entry.kind.value, entry.method.value, entry.amount, problem))
        return found

    def session_mismatches(self, period: LocalPeriod) -> Sequence[SessionMismatch]:
        sessions: dict[int, CashSession] = self._store.table("cash_sessions", dict)
        users: dict[int, User] = self._store.table("users", dict)
        cash: Sums = {}
        for entry in self._journal:
            if entry.cash_session_id is not None and entry.method.value == "cash":
                _add(cash, str(entry.cash_session_id), entry.amount)
        found = []
        for session_id, session in sorted(sessions.items()):
            closed = session.status is SessionStatus.CLOSED
            if closed and not _within(session.closed_at, period):
                continue
            entries = cash.get(str(session_id), ZERO)
            total = None if session.cash_total == entries else session.cash_total
            if total is not None or (closed and session.closed_expected != session.opening_float + entries):
                found.append(SessionMismatch(session_id, users[session.user_id].full_name, session.opening_float,
                                             session.closed_expected, entries, total))
        return found

    def journal_by_method(self, period: LocalPeriod) -> Mapping[str, Decimal]:
        sums: Sums = {}
        for entry in self._journal:
            if _within(entry.created_at, period) and entry.kind.value not in DRAWER_KINDS:
                _add(sums, entry.method.value, entry.amount)
        return sums

    def revenue(self, period: LocalPeriod) -> RevenueTotals:
        sales: dict[int, Sale] = self._store.table("sales", dict)
        returns: dict[int, Return] = self._store.table("returns", dict)
        repairs: dict[int, Repair] = self._store.table("repairs", dict)
        sold = [x for x in sales.values()
                if x.number is not None and x.status is SaleStatus.COMPLETED and _within(x.created_at, period)]
        returned = [x for x in returns.values() if x.number is not None and _within(x.created_at, period)
                    and sales[x.sale_id].status is SaleStatus.COMPLETED]
        delivered = [x for x in repairs.values()
                     if x.status is RepairStatus.DELIVERED and _within(x.delivered_at, period)]
        return RevenueTotals(
            len(sold), sum((x.total for x in sold), ZERO), len(returned), sum((x.total for x in returned), ZERO),
            len(delivered), sum((x.paid_total for x in delivered), ZERO),
            sum((part.line_total for x in delivered for part in x.parts), ZERO))


    def rollup_mismatches(self, period: LocalPeriod) -> Sequence[RollupMismatch]:
        return []  # the in-memory store rolls nothing up: every report reads its days live


REPOSITORIES = {"money_audit": MemoryMoneyAudit}
