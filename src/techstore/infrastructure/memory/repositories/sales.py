"""In-memory repository of the sales context (copies in and out; the store's lock makes it serial)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from decimal import Decimal

import attrs

from techstore.application.sales.ports import ReturnFilter, SaleFilter
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.sales.returns import Return
from techstore.domain.sales.sales import Sale
from techstore.infrastructure.memory.repositories.customers import customers_named
from techstore.infrastructure.memory.store import MemoryStore


def _copy(sale: Sale) -> Sale:
    return attrs.evolve(sale, items=list(sale.items), payments=list(sale.payments))


def _wanted(sale: Sale, query: SaleFilter, named: Collection[int]) -> bool:
    return (sale.number is not None
            and (query.start is None or sale.created_at >= query.start)
            and (query.end is None or sale.created_at < query.end)
            and (query.customer_id is None or sale.customer_id == query.customer_id)
            and (query.status is None or sale.status is query.status)
            and (query.number is None or sale.number == query.number)
            and (query.text is None or query.text.upper() in sale.number or sale.customer_id in named))


class MemorySaleRepository:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    @property
    def _rows(self) -> dict[int, Sale]:
        return self._store.table("sales", dict)

    def add(self, sale: Sale) -> Sale:
        sale.id = self._store.next_id("sales")
        self._rows[sale.id] = _copy(sale)
        return sale

    def finish(self, sale: Sale) -> None:
        assert sale.id in self._rows
        if any(other.number == sale.number for other in self._rows.values()):
            raise ValueError(f"duplicate sale number {sale.number}")
        self._rows[sale.id] = _copy(sale)

    def get(self, sale_id: int) -> Sale | None:
        sale = self._rows.get(sale_id)
        return _copy(sale) if sale else None

    def get_for_update(self, sale_id: int) -> Sale | None:
        return self.get(sale_id)

    def void(self, sale: Sale) -> None:
        assert sale.id in self._rows
        self._rows[sale.id] = _copy(sale)

    def list(self, query: SaleFilter, page: PageRequest) -> Page[Sale]:
        named = set() if query.text is None else customers_named(self._store, query.text)
        found = sorted((sale for sale in self._rows.values() if _wanted(sale, query, named)),
                       key=lambda sale: -(sale.id or 0))
        items = [_copy(sale) for sale in found[page.offset: page.offset + page.limit]]
        return Page(items, len(found), page.limit, page.offset)

    def numbers(self) -> Sequence[str]:
        return sorted(sale.number for sale in self._rows.values() if sale.number is not None)

    def refunded(self, sale_id: int, refunded_total: Decimal) -> None:
        self._rows[sale_id] = attrs.evolve(self._rows[sale_id], refunded_total=refunded_total)


def _copy_return(ret: Return) -> Return:
    return attrs.evolve(ret, items=list(ret.items), refunds=list(ret.refunds))


class MemoryReturnRepository:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    @property
    def _rows(self) -> dict[int, Return]:
        return self._store.table("returns", dict)

    def add(self, ret: Return) -> Return:
        ret.id = self._store.next_id("returns")
        self._rows[ret.id] = _copy_return(ret)
        return ret

    def finish(self, ret: Return) -> None:
        assert ret.id in self._rows
        if any(other.number == ret.number for other in self._rows.values()):
            raise ValueError(f"duplicate return number {ret.number}")
        self._rows[ret.id] = _copy_return(ret)

    def get(self, return_id: int) -> Return | None:
        ret = self._rows.get(return_id)
        return _copy_return(ret) if ret and ret.number else None

    def of_sale(self, sale_id: int) -> list[Return]:
        return [_copy_return(ret) for _, ret in sorted(self._rows.items())
                if ret.sale_id == sale_id and ret.number is not None]

    def list(self, query: ReturnFilter, page: PageRequest) -> Page[Return]:
        found = [ret for _, ret in sorted(self._rows.items(), reverse=True)
                 if ret.number is not None
                 and (query.start is None or ret.created_at >= query.start)
                 and (query.end is None or ret.created_at < query.end)]
        items = [_copy_return(ret) for ret in found[page.offset: page.offset + page.limit]]
        return Page(items, len(found), page.limit, page.offset)

    def numbers(self) -> Sequence[str]:
        return sorted(ret.number for ret in self._rows.values() if ret.number is not None)


REPOSITORIES = {"sales": MemorySaleRepository, "returns": MemoryReturnRepository}
