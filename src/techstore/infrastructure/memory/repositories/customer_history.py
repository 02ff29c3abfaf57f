"""A customer's history over the in-memory store, the way the SQL adapter's ``UNION ALL`` lists it
(``tests/contract/test_customer_history.py`` holds the two equal)."""

from __future__ import annotations

from techstore.application.customers.ports import HistoryItem, HistoryKind
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.customers.accounts import Movement, MovementType
from techstore.domain.repairs.repairs import Repair
from techstore.domain.sales.returns import Return
from techstore.domain.sales.sales import Sale
from techstore.infrastructure.memory.store import MemoryStore


class MemoryCustomerHistory:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def of(self, customer_id: int, page: PageRequest) -> Page[HistoryItem]:
        sales: dict[int, Sale] = self._store.table("sales", dict)
        returns: dict[int, Return] = self._store.table("returns", dict)
        repairs: dict[int, Repair] = self._store.table("repairs", dict)
        movements: dict[int, Movement] = self._store.table("account_movements", dict)
        found = [HistoryItem(HistoryKind.SALE, sale_id, sale.number, sale.total, sale.created_at)
                 for sale_id, sale in sales.items() if sale.customer_id == customer_id and sale.number is not None]
        found += [HistoryItem(HistoryKind.RETURN, return_id, ret.number, ret.total, ret.created_at)
                  for return_id, ret in returns.items()
                  if ret.number is not None and sales[ret.sale_id].customer_id == customer_id]
        found += [HistoryItem(HistoryKind.REPAIR, repair_id, repair.number, repair.price, repair.received_at)
                  for repair_id, repair in repairs.items() if repair.customer_id == customer_id]
        found += [HistoryItem(HistoryKind.PAYMENT, movement_id, None, -movement.amount, movement.created_at)
                  for movement_id, movement in movements.items()
                  if movement.customer_id == customer_id and movement.type is MovementType.PAYMENT]
        found.sort(key=lambda item: (item.created_at, item.id, item.kind.value), reverse=True)
        return Page(found[page.offset: page.offset + page.limit], len(found), page.limit, page.offset)


REPOSITORIES = {"customer_history": MemoryCustomerHistory}
