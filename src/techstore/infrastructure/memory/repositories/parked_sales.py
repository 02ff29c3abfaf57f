"""In-memory repository of parked sales (copies in and out; the store's lock makes it serial)."""

from __future__ import annotations

import attrs

from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.sales.parked import ParkedSale
from techstore.infrastructure.memory.store import MemoryStore


def _copy(parked: ParkedSale) -> ParkedSale:
    return attrs.evolve(parked, lines=list(parked.lines))


class MemoryParkedSaleRepository:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    @property
    def _rows(self) -> dict[int, ParkedSale]:
        return self._store.table("parked_sales", dict)

    def add(self, parked: ParkedSale) -> ParkedSale:
        parked.id = self._store.next_id("parked_sales")
        self._rows[parked.id] = _copy(parked)
        return parked

    def get(self, parked_id: int) -> ParkedSale | None:
        parked = self._rows.get(parked_id)
        return _copy(parked) if parked else None

    def list(self, page: PageRequest) -> Page[ParkedSale]:
        found = sorted(self._rows.values(), key=lambda p: (p.created_at, p.id or 0), reverse=True)
        return Page([_copy(p) for p in found[page.offset: page.offset + page.limit]], len(found), page.limit,
                    page.offset)

    def remove(self, parked_id: int) -> bool:
        return self._rows.pop(parked_id, None) is not None


REPOSITORIES = {"parked_sales": MemoryParkedSaleRepository}
