"""In-memory repository of the repairs context (copies in and out; the store's lock makes it serial)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import attrs

from techstore.application.repairs.ports import Coverage, RepairFilter, Tracked
from techstore.application.repairs.tracking import tracked
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.identity.users import User
from techstore.domain.repairs.lines import RepairLine
from techstore.domain.repairs.repairs import Deposit, HistoryEntry, Repair, RepairPayment, RepairStatus
from techstore.infrastructure.memory.store import MemoryStore


def _copy(repair: Repair) -> Repair:
    return attrs.evolve(repair, lines=list(repair.lines), deposits=list(repair.deposits),
                        payments=list(repair.payments), price_cache=None)


def _text(repair: Repair) -> str:
    return " ".join(filter(None, [repair.number, repair.customer_name, repair.serial_number])).casefold()


def _wanted(repair: Repair, query: RepairFilter) -> bool:
    return ((query.status is None or repair.status is query.status)
            and (query.customer_id is None or repair.customer_id == query.customer_id)
            and (not query.open_only or repair.is_open)
            and (query.text is None or query.text in _text(repair)))


class MemoryRepairRepository:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    @property
    def _rows(self) -> dict[int, Repair]:
        return self._store.table("repairs", dict)

    @property
    def _history(self) -> dict[int, list[HistoryEntry]]:
        return self._store.table("repair_history", dict)

    def add(self, repair: Repair) -> Repair:
        if any(o.number == repair.number or o.tracking_code == repair.tracking_code for o in self._rows.values()):
            raise ValueError(f"duplicate repair number or tracking code {repair.number}")
        repair.id = self._store.next_id("repairs")
        self._rows[repair.id] = _copy(repair)
        return repair

    def get(self, repair_id: int) -> Repair | None:
        repair = self._rows.get(repair_id)
        return _copy(repair) if repair else None

    def get_for_update(self, repair_id: int) -> Repair | None:
        return self.get(repair_id)

    def by_tracking_code_for_update(self, tracking_code: str) -> Repair | None:
        found = [r for r in self._rows.values() if r.tracking_code == tracking_code]
        return _copy(found[0]) if found else None

    def update(self, repair: Repair) -> None:
        assert repair.id in self._rows
        stored = self._rows[repair.id]
        self._rows[repair.id] = attrs.evolve(repair, lines=list(stored.lines), deposits=list(stored.deposits),
                                             payments=list(stored.payments), price_cache=None)

    def add_line(self, repair_id: int, line: RepairLine) -> RepairLine:
        stored = attrs.evolve(line, id=self._store.next_id("repair_lines"))
        self._rows[repair_id].lines.append(stored)
        return stored

    def remove_line(self, repair_id: int, line_id: int) -> None:
        repair = self._rows[repair_id]
        repair.lines = [line for line in repair.lines if line.id != line_id]

    def add_deposit(self, repair_id: int, deposit: Deposit) -> Deposit:
        deposit_id = self._store.next_id("repair_deposits")
        stored = attrs.evolve(deposit, id=deposit_id,
                              payments=tuple(attrs.evolve(p, deposit_id=deposit_id) for p in deposit.payments))
        self._rows[repair_id].deposits.append(stored)
        return stored

    def add_payments(self, repair_id: int, payments: Sequence[RepairPayment]) -> None:
        self._rows[repair_id].payments.extend(payments)

    def covering(self, serial_number: str, on: date) -> Coverage | None:
        found = [r for r in self._rows.values()
                 if r.serial_number == serial_number and r.status is RepairStatus.DELIVERED
                 and r.warranty_until is not None and r.warranty_until >= on]
        if not found:
            return None
        best = max(found, key=lambda r: (r.warranty_until, r.id))
        assert best.id is not None and best.warranty_until is not None
        return Coverage(best.id, best.warranty_until)

    def add_history(self, repair_id: int, entry: HistoryEntry) -> None:
        self._history.setdefault(repair_id, []).append(entry)

    def history(self, repair_id: int) -> Sequence[HistoryEntry]:
        users: dict[int, User] = self._store.table("users", dict)
        return [attrs.evolve(entry, created_by_name=users[entry.created_by].username
                             if entry.created_by in users else None)
                for entry in self._history.get(repair_id, [])]

    def list(self, query: RepairFilter, page: PageRequest) -> Page[Repair]:
        found = sorted((r for r in self._rows.values() if _wanted(r, query)), key=lambda r: -(r.id or 0))
        items = [attrs.evolve(r, lines=[], deposits=[], payments=[], price_cache=r.price)
                 for r in found[page.offset: page.offset + page.limit]]
        return Page(items, len(found), page.limit, page.offset)

    def tracked(self, tracking_code: str) -> Tracked | None:
        for repair in self._rows.values():
            if repair.tracking_code == tracking_code:
                return tracked(repair)
        return None

    def count_open_for(self, customer_id: int) -> int:
        return sum(1 for r in self._rows.values() if r.customer_id == customer_id and r.is_open)


class MemoryTrackingHits:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def hit(self, key: str, window_start: datetime) -> int:
        hits: dict[str, tuple[datetime, int]] = self._store.table("tracking_hits", dict)
        start, count = hits.get(key, (window_start, 0))
        count = count + 1 if start == window_start else 1
        hits[key] = (window_start, count)
        return count


REPOSITORIES = {"repairs": MemoryRepairRepository, "tracking_hits": MemoryTrackingHits}
