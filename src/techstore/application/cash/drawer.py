"""The port the cash drawer offers: other contexts record the money they take or pay."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from techstore.domain.cash.sessions import EntryKind
from techstore.domain.shared.errors import Conflict
from techstore.domain.shared.payments import PaymentMethod


class NoOpenSession(Conflict):
    def __init__(self) -> None:
        super().__init__("Open your cash drawer first (Cash): this store records every cash amount in a session.")


class CashDrawer:
    """Built on the caller's unit of work: the entry joins the caller's transaction. The user's open session
    is locked while recording, so a close waits for it and never misses an amount, and a closed session
    never changes. The lock is held to the end of the transaction, so a sale paid by cash and card looks the
    session up once."""

    def __init__(self, uow: Any, *, required: bool) -> None:
        self._uow = uow
        self._required = required
        self._locked: dict[int, Any] = {}  # user id -> their open session (or None), locked in this transaction

    def record(self, user_id: int, method: PaymentMethod, amount: Decimal, kind: EntryKind, reference: str,
               now: datetime) -> None:
        if user_id not in self._locked:
            self._locked[user_id] = self._uow.cash_sessions.lock_open_of(user_id)
        session = self._locked[user_id]
        if session is None:
            if self._required and method is PaymentMethod.CASH:
                raise NoOpenSession()
            return
        self._uow.cash_sessions.record(session.id, kind, method.value, amount, reference, now)


def drawer_port(*, required: bool) -> Any:
    """The ``cash_drawer`` member's factory, for the store's setting."""
    return lambda uow: CashDrawer(uow, required=required)
