"""In-memory repository of the cash drawer (the store's lock makes it serial)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

from techstore.application.cash.ports import SessionFilter
from techstore.application.shared.errors import DuplicateKey
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.cash.sessions import MOVEMENT_KINDS, CashSession, EntryKind, Movement, Tally
from techstore.infrastructure.memory.store import MemoryStore


@attrs.frozen
class _Entry:
    id: int
    session_id: int
    kind: EntryKind
    method: str
    amount: Decimal
    reference: str
    created_at: datetime


class MemoryCashSessionRepository:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    @property
    def _rows(self) -> dict[int, CashSession]:
        return self._store.table("cash_sessions", dict)

    @property
    def _entries(self) -> list[_Entry]:
        return self._store.table("cash_entries", list)

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

    def tallies(self, session_id: int) -> Sequence[Tally]:
        session = self._rows.get(session_id)
        return [] if session is None else list(self._with_figures(session).tallies)

    def lock_open_of(self, user_id: int) -> CashSession | None:
        found = [s for s in self._rows.values() if s.user_id == user_id and s.is_open]
        return attrs.evolve(found[0]) if found else None

    def open_of(self, user_id: int) -> CashSession | None:
        found = [s for s in self._rows.values() if s.user_id == user_id and s.is_open]
        return self._with_figures(found[0]) if found else None

    def record(self, session_id: int, kind: EntryKind, method: str, amount: Decimal, reference: str,
               now: datetime) -> None:
        self._entries.append(_Entry(self._store.next_id("cash_entries"), session_id, kind, method, amount,
                                    reference, now))

    def add_movement(self, session_id: int, movement: Movement) -> Movement:
        entry_id = self._store.next_id("cash_entries")
        self._entries.append(_Entry(entry_id, session_id, movement.kind, "cash", movement.amount, movement.reason,
                                    movement.created_at))
        return attrs.evolve(movement, id=entry_id)

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
        for entry in self._entries:
            if entry.session_id != session.id:
                continue
            count, amount = tallies.get((entry.kind, entry.method), (0, Decimal("0.00")))
            tallies[entry.kind, entry.method] = (count + 1, amount + entry.amount)
            if entry.kind in MOVEMENT_KINDS:
                movements.append(Movement(entry.id, entry.kind, entry.amount, entry.reference, entry.created_at))
        return attrs.evolve(session, tallies=[Tally(k, m, n, a) for (k, m), (n, a) in tallies.items()],
                            movements=movements)


REPOSITORIES = {"cash_sessions": MemoryCashSessionRepository}
