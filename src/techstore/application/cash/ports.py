"""What the cash drawer use cases need, the money journal, and the port it offers others (``uow.tenders``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Protocol

import attrs

from techstore.application.shared.pages import Page, PageRequest
from techstore.application.shared.unit_of_work import UnitOfWork
from techstore.domain.cash.journal import Document, EntryKind, JournalEntry, Tender
from techstore.domain.cash.sessions import CashSession, SessionStatus
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

    def add_cash(self, session_id: int, delta: Decimal) -> None:
        """Move the session's running cash total (``cash_total``) by ``delta``, in the caller's transaction."""
        ...

    def lock_open_of(self, user_id: int) -> CashSession | None:
        """The user's open session, locked until the transaction ends (no tallies; its ``cash_total`` as it
        stands): a close waits for every amount being recorded. None if none."""
        ...

    def open_of(self, user_id: int) -> CashSession | None:
        """The user's open session with its tallies and movements; None if none."""
        ...

    def close(self, session: CashSession) -> None: ...

    def list(self, query: SessionFilter, page: PageRequest) -> Page[CashSession]:
        """Newest first, with tallies and movements: a fixed number of statements whatever the page size."""
        ...


@attrs.frozen
class JournalFilter:
    start: datetime | None = None  # [start, end)
    end: datetime | None = None
    method: PaymentMethod | None = None
    kind: EntryKind | None = None
    cash_session_id: int | None = None


class Journal(Protocol):
    """Append-only: entries are added, never changed or deleted."""

    def add(self, entries: Sequence[JournalEntry]) -> None: ...

    def add_one(self, entry: JournalEntry) -> JournalEntry:
        """The entry, with its id."""
        ...

    def of_sale(self, sale_id: int | None) -> list[JournalEntry]:
        """The entries a sale took (kind ``sale``), with ids, in order."""
        ...

    def list(self, query: JournalFilter, page: PageRequest) -> Page[JournalEntry]:
        """Oldest first (the journal reads in the order it was written)."""
        ...


class TendersPort(Protocol):
    """What other contexts call inside their own unit of work when money changes hands."""

    def record(self, kind: EntryKind, tenders: Sequence[Tender], document: Document, *, user_id: int,
               now: datetime) -> list[JournalEntry]:
        """One journal entry per tender, cash against the user's open session. Without one, cash is refused
        (``Conflict``) if the store requires a session, and the caller's unit of work rolls back."""
        ...

    def reverse(self, document: Document, *, user_id: int, now: datetime) -> list[JournalEntry]:
        """Reversing entries for everything the document's sale took."""
        ...

    def move_cash(self, session: CashSession, kind: EntryKind, amount: Decimal, *, note: str, user_id: int,
                  now: datetime) -> JournalEntry:
        """A pay-in or pay-out on a session the caller has locked: 409 below zero, 422 past the money range."""
        ...


class CashUnitOfWork(UnitOfWork, Protocol):
    cash_sessions: CashSessionRepository
    journal: Journal
    tenders: TendersPort


class CashUnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> CashUnitOfWork: ...
