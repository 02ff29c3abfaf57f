"""The one way money changes hands: ``uow.tenders``, offered by the cash context to every other.

Sales, returns, repair deposits and deliveries, account payments and the drawer's pay-ins and pay-outs
(``move_cash``) all give their tenders here, inside their own unit of work: each becomes one journal entry,
cash goes against the user's open drawer (refused without one when the store requires it) and moves its
running cash total, and a void writes reversing entries. The caller has validated the tenders against its
document (they add up to what it says is paid) and made the account movement of an ``account`` tender; the
journal records what happened, once, the same way for all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from techstore.domain.cash.journal import ZERO, Document, EntryKind, JournalEntry, Tender
from techstore.domain.cash.sessions import CashSession
from techstore.domain.shared.errors import Conflict
from techstore.domain.shared.payments import PaymentMethod


class NoOpenSession(Conflict):
    def __init__(self) -> None:
        # About the whole form (every form shows it): which field took the cash differs per page.
        super().__init__("Open a cash session first (Cash): this store takes and pays cash only from an open "
                         "drawer.")


class Tenders:
    """Built on the caller's unit of work, so its entries join the caller's transaction. The user's open
    session is locked while recording, so a close waits for it and never misses an amount, and a closed
    session never changes. The lock is held to the end of the transaction: a sale paid by cash and card
    looks the session up once."""

    def __init__(self, uow: Any, *, required: bool) -> None:
        self._uow = uow
        self._required = required
        self._locked: dict[int, Any] = {}  # user id -> their open session (or None), locked in this transaction

    def record(self, kind: EntryKind, tenders: Sequence[Tender], document: Document, *, user_id: int,
               now: datetime) -> list[JournalEntry]:
        """One entry per tender, signed by ``kind`` (refunds and pay-outs go out)."""
        handles_cash = any(t.method is PaymentMethod.CASH for t in tenders)
        session_id = self._session_of(user_id, handles_cash)
        entries = [JournalEntry.of(kind, tender, document, session_id=session_id, user_id=user_id, now=now)
                   for tender in tenders]
        self._uow.journal.add(entries)
        self._take_cash(user_id, entries, kind)
        return entries

    def reverse(self, document: Document, *, user_id: int, now: datetime) -> list[JournalEntry]:
        """Undo every entry of a voided ``document`` (its sale): opposite entries by the same methods, against
        the voiding user's drawer (cash given back comes out of an open drawer, as any cash paid out does)."""
        taken = self._uow.journal.of_sale(document.sale_id)
        if not taken:
            return []
        session_id = self._session_of(user_id, any(e.method is PaymentMethod.CASH for e in taken))
        entries = [entry.reversed(session_id=session_id, user_id=user_id, now=now) for entry in taken]
        self._uow.journal.add(entries)
        self._take_cash(user_id, entries, EntryKind.REVERSAL)
        return entries

    def move_cash(self, session: CashSession, kind: EntryKind, amount: Decimal, *, note: str, user_id: int,
                  now: datetime) -> JournalEntry:
        """A pay-in or pay-out (``kind``) of ``amount`` on ``session``, which the caller has locked and found
        open: a pay-out never takes the expected cash below zero (409), a pay-in never past the money range
        (422 on ``amount``)."""
        assert session.id is not None
        if kind is EntryKind.PAY_OUT:
            session.pay_out_allowed(amount)
        entry = JournalEntry.of(kind, Tender(PaymentMethod.CASH, amount), Document(), session_id=session.id,
                                user_id=user_id, now=now, note=note)
        self._move(session, entry.amount, kind)
        stored: JournalEntry = self._uow.journal.add_one(entry)
        return stored

    def _take_cash(self, user_id: int, entries: Sequence[JournalEntry], kind: EntryKind) -> None:
        """The cash among ``entries`` joins the user's open drawer's running total, within the money range
        (422 on the caller's field otherwise, and its transaction rolls back): one statement, paid only by cash
        taken into an open drawer."""
        cash = [e.amount for e in entries if e.method is PaymentMethod.CASH and e.cash_session_id is not None]
        if not cash:
            return
        self._move(self._locked[user_id], sum(cash, ZERO), kind)

    def _move(self, session: CashSession, delta: Decimal, kind: EntryKind) -> None:
        """The locked session's running cash total moves by ``delta``, within the money range (422 otherwise)."""
        assert session.id is not None
        session.take_cash(delta, kind)
        self._uow.cash_sessions.add_cash(session.id, delta)

    def _session_of(self, user_id: int, handles_cash: bool) -> int | None:
        if user_id not in self._locked:
            self._locked[user_id] = self._uow.cash_sessions.lock_open_of(user_id)
        session = self._locked[user_id]
        if session is None:
            if self._required and handles_cash:
                raise NoOpenSession()
            return None
        session_id: int = session.id
        return session_id


def tenders_port(*, required: bool) -> Any:
    """The ``tenders`` member's factory, for the store's setting."""
    return lambda uow: Tenders(uow, required=required)
