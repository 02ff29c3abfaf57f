"""What the cash drawer use cases need, and the port it offers others (``uow.cash_drawer``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Protocol

import attrs

from techstore.application.shared.pages import Page, PageRequest
from techstore.application.shared.unit_of_work import UnitOfWork
from techstore.domain.cash.sessions import CashSession, EntryKind, Movement, SessionStatus, Tally
from techstore.domain.shared.payments import PaymentMethod


@attrs.frozen
class SessionFilter:
    status: SessionStatus | None = None
    user_id: int | None = None


class CashSessionRepository(Protocol):
    def open(self, session: CashSession) -> CashSession:
        """Store a new open session; ``Conflict`` if its user already has one (a unique index decides
        between two concurrent opens)."""
        ...

    def get(self, session_id: int) -> CashSession | None:
        """With its tallies and movements."""
        ...

    def lock(self, session_id: int) -> CashSession | None:
        """The session's row, locked until the transaction ends (no tallies)."""
        ...

    def tallies(self, session_id: int) -> Sequence[Tally]:
        """The session's entries counted and summed by kind and method (one statement): with a row already
        read, its figures."""
        ...

    def lock_open_of(self, user_id: int) -> CashSession | None:
        """The user's open session, locked until the transaction ends (no tallies); None if none."""
        ...

    def open_of(self, user_id: int) -> CashSession | None:
        """The user's open session with its tallies and movements; None if none."""
        ...

    def record(self, session_id: int, kind: EntryKind, method: str, amount: Decimal, reference: str,
               now: datetime) -> None: ...

    def add_movement(self, session_id: int, movement: Movement) -> Movement: ...

    def close(self, session: CashSession) -> None: ...

    def list(self, query: SessionFilter, page: PageRequest) -> Page[CashSession]:
        """Newest first, with tallies and movements: a fixed number of statements whatever the page size."""
        ...


class CashDrawerPort(Protocol):
    """What other contexts call inside their own unit of work when money changes hands."""

    def record(self, user_id: int, method: PaymentMethod, amount: Decimal, kind: EntryKind, reference: str,
               now: datetime) -> None:
        """Record ``amount`` (> 0; ``kind`` says in or out) against the user's open session. Without one,
        nothing is recorded, unless the store requires a session for cash: then cash is refused
        (``Conflict``), and the caller's unit of work rolls back."""
        ...


class CashUnitOfWork(UnitOfWork, Protocol):
    cash_sessions: CashSessionRepository


class CashUnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> CashUnitOfWork: ...
