"""In-memory repositories of the cash drawer: the sessions and the money journal (the store's lock makes
them serial)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from techstore.application.cash.ports import JournalFilter, SessionFilter
from techstore.application.shared.errors import DuplicateKey
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.cash.journal import DRAWER_MOVEMENTS, EntryKind, JournalEntry
from techstore.domain.cash.sessions import CashSession, Movement, Tally
from techstore.infrastructure.memory.store import MemoryStore

JOURNAL = "journal_entries"


def journal_of(store: MemoryStore) -> list[JournalEntry]:
    """The journal's table, for the reports' queries too."""
    entries: list[JournalEntry] = store.table(JOURNAL, list)
    return entries


class MemoryCashSessionRepository:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    @property
    def _rows(self) -> dict[int, CashSession]:
        return self._store.table("cash_sessions", dict)

    def open(self, session: CashSession) -> CashSession:
        if any(s.user_id == session.user_id and s.is_open for s in self._rows.values()):
            raise DuplicateKey("user_id")
        session.id = self._store.next_id("cash_sessions")
        self._rows[session.id] = attrs.evolve(session)
        return session

    def get(self, session_id: int) -> CashSession | None:
        session = self._rows.get(session_id)
        return None if session is None else self._with_figures(session)

    def lock(self, session_id: int) -> CashSession | None:
        session = self._rows.get(session_id)
        return None if session is None else attrs.evolve(session)

    def add_cash(self, session_id: int, delta: Decimal) -> None:
        self._rows[session_id].cash_total += delta

    def lock_open_of(self, user_id: int) -> CashSession | None:
        found = [s for s in self._rows.values() if s.user_id == user_id and s.is_open]
        return attrs.evolve(found[0]) if found else None

    def open_of(self, user_id: int) -> CashSession | None:
        found = [s for s in self._rows.values() if s.user_id == user_id and s.is_open]
        return self._with_figures(found[0]) if found else None

    def close(self, session: CashSession) -> None:
        assert session.id is not None
        self._rows[session.id] = attrs.evolve(session, tallies=(), movements=())

    def list(self, query: SessionFilter, page: PageRequest) -> Page[CashSession]:
        found = [s for _, s in sorted(self._rows.items(), reverse=True)
                 if (query.status is None or s.status is query.status)
                 and (query.user_id is None or s.user_id == query.user_id)]
        items = [self._with_figures(s) for s in found[page.offset: page.offset + page.limit]]
        return Page(items, len(found), page.limit, page.offset)

    def _with_figures(self, session: CashSession) -> CashSession:
        tallies: dict[tuple[EntryKind, str], Any] = {}
        movements = []
        for entry in journal_of(self._store):
            if entry.cash_session_id != session.id:
                continue
            count, amount = tallies.get((entry.kind, entry.method.value), (0, Decimal("0.00")))
            tallies[entry.kind, entry.method.value] = (count + 1, amount + entry.amount)
            if entry.kind in DRAWER_MOVEMENTS:
                assert entry.id is not None
                movements.append(Movement(entry.id, entry.kind, abs(entry.amount), entry.note or "",
                                          entry.created_at))
        return attrs.evolve(session, tallies=[Tally(k, m, n, a) for (k, m), (n, a) in tallies.items()],
                            movements=movements)


class MemoryJournal:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def add(self, entries: Sequence[JournalEntry]) -> None:
        for entry in entries:
            self.add_one(entry)

    def add_one(self, entry: JournalEntry) -> JournalEntry:
        journal = journal_of(self._store)
        if entry.reverses_id is not None and any(e.reverses_id == entry.reverses_id for e in journal):
            raise DuplicateKey("reverses_id")  # as the SQL table's unique index: an entry is reversed once
        stored = attrs.evolve(entry, id=self._store.next_id(JOURNAL))
        journal.append(stored)
        return stored

    def of_sale(self, sale_id: int | None) -> list[JournalEntry]:
        return [e for e in journal_of(self._store) if e.document.sale_id == sale_id and e.kind is EntryKind.SALE]

    def list(self, query: JournalFilter, page: PageRequest) -> Page[JournalEntry]:
        found = [e for e in journal_of(self._store)
                 if (query.start is None or e.created_at >= query.start)
                 and (query.end is None or e.created_at < query.end)
                 and (query.method is None or e.method is query.method)
                 and (query.kind is None or e.kind is query.kind)
                 and (query.cash_session_id is None or e.cash_session_id == query.cash_session_id)]
        return Page(found[page.offset: page.offset + page.limit], len(found), page.limit, page.offset)


REPOSITORIES = {"cash_sessions": MemoryCashSessionRepository, "journal": MemoryJournal}
