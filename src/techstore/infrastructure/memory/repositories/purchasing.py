"""In-memory repositories of the purchasing context; the unit of work holds the store's lock."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from decimal import Decimal

import attrs

from techstore.application.purchasing.commands import OrderQuery
from techstore.application.shared.errors import DuplicateKey
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.catalog.products import Product
from techstore.domain.purchasing.orders import OPEN, OrderStatus, PurchaseOrder, Receipt, Suggestion
from techstore.domain.purchasing.suppliers import Supplier, supplier_key
from techstore.infrastructure.memory.store import MemoryStore


class MemorySupplierRepository:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    @property
    def _rows(self) -> dict[int, Supplier]:
        return self._store.table("suppliers", dict)

    def _live(self) -> list[Supplier]:
        return sorted((x for x in self._rows.values() if not x.is_deleted), key=lambda x: x.key)

    def get(self, supplier_id: int) -> Supplier | None:
        found = self._rows.get(supplier_id)
        return attrs.evolve(found) if found else None

    def get_for_share(self, supplier_id: int) -> Supplier | None:
        return self.get(supplier_id)

    def get_by_name(self, name: str) -> Supplier | None:
        key = supplier_key(name)
        return next((attrs.evolve(x) for x in self._live() if x.key == key), None)

    def list(self, page: PageRequest) -> Page[Supplier]:
        live = self._live()
        return Page([attrs.evolve(x) for x in live[page.offset:page.offset + page.limit]], len(live), page.limit,
                    page.offset)

    def all(self) -> Sequence[Supplier]:
        return [attrs.evolve(x) for x in self._live()]

    def _check_unique(self, supplier: Supplier) -> None:
        if not supplier.is_deleted and any(x.key == supplier.key and x.id != supplier.id for x in self._live()):
            raise DuplicateKey("name")

    def add(self, supplier: Supplier) -> Supplier:
        self._check_unique(supplier)
        supplier.id = self._store.next_id("suppliers")
        self._rows[supplier.id] = attrs.evolve(supplier)
        return supplier

    def update(self, supplier: Supplier) -> None:
        assert supplier.id in self._rows
        self._check_unique(supplier)
        self._rows[supplier.id] = attrs.evolve(supplier)


class MemoryPurchaseOrderRepository:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    @property
    def _rows(self) -> dict[int, PurchaseOrder]:
        return self._store.table("purchase_orders", dict)

    @property
    def _receipt_rows(self) -> dict[int, Receipt]:
        return self._store.table("purchase_receipts", dict)

    def get(self, order_id: int) -> PurchaseOrder | None:
        found = self._rows.get(order_id)
        return copy.deepcopy(found) if found else None

    def get_for_update(self, order_id: int) -> PurchaseOrder | None:
        return self.get(order_id)

    def list(self, query: OrderQuery, page: PageRequest) -> Page[PurchaseOrder]:
        found = sorted((x for x in self._rows.values()
                        if (query.status is None or x.status.value == query.status)
                        and (query.supplier_id is None or x.supplier_id == query.supplier_id)),
                       key=lambda x: -(x.id or 0))
        return Page([copy.deepcopy(x) for x in found[page.offset:page.offset + page.limit]], len(found),
                    page.limit, page.offset)

    def _number_lines(self, order: PurchaseOrder) -> None:
        for line in order.lines:
            if line.id is None:
                line.id = self._store.next_id("purchase_order_lines")

    def add(self, order: PurchaseOrder) -> PurchaseOrder:
        if any(x.number == order.number for x in self._rows.values()):
            raise DuplicateKey("number")
        order.id = self._store.next_id("purchase_orders")
        self._number_lines(order)
        self._rows[order.id] = copy.deepcopy(order)
        return order

    def update(self, order: PurchaseOrder, lines_replaced: bool = False) -> None:
        assert order.id in self._rows
        if lines_replaced:
            for line in order.lines:
                line.id = None
        self._number_lines(order)
        self._rows[order.id] = copy.deepcopy(order)

    def add_receipt(self, receipt: Receipt) -> Receipt:
        receipt.id = self._store.next_id("purchase_receipts")
        self._receipt_rows[receipt.id] = copy.deepcopy(receipt)
        return receipt

    def receipt(self, receipt_id: int) -> Receipt | None:
        found = self._receipt_rows.get(receipt_id)
        return copy.deepcopy(found) if found else None

    def receipts(self, order_id: int) -> Sequence[Receipt]:
        return [copy.deepcopy(x) for x in sorted(self._receipt_rows.values(), key=lambda x: x.id or 0)
                if x.purchase_order_id == order_id]

    def suggestions(self) -> Sequence[Suggestion]:
        products: dict[int, Product] = self._store.table("products", dict)
        suppliers: dict[int, Supplier] = self._store.table("suppliers", dict)
        on_order: dict[int, int] = {}
        for order in self._rows.values():
            if order.status in OPEN:
                for line in order.lines:
                    on_order[line.product_id] = on_order.get(line.product_id, 0) + line.outstanding
        found = []
        for product in sorted(products.values(), key=lambda x: x.sku):
            if product.is_deleted or not product.is_active or product.stock > product.min_stock:
                continue
            if product.min_stock + product.reorder_quantity - product.stock <= 0:
                continue
            supplier = suppliers.get(product.supplier_id) if product.supplier_id is not None else None
            if supplier is not None and supplier.is_deleted:
                supplier = None
            assert product.id is not None
            found.append(Suggestion(product.id, product.sku, product.name, supplier.id if supplier else None,
                                    supplier.name if supplier else None, product.stock, product.min_stock,
                                    product.reorder_quantity, _or(self._last_cost(product.id), product.cost),
                                    on_order.get(product.id, 0)))
        return found

    def _last_cost(self, product_id: int) -> Decimal | None:
        best = None
        for order in self._rows.values():
            if order.status is OrderStatus.CANCELLED:
                continue
            for line in order.lines:
                if line.product_id == product_id and (best is None or (line.id or 0) > (best.id or 0)):
                    best = line
        return best.unit_cost if best else None


def _or(first: Decimal | None, second: Decimal | None) -> Decimal | None:
    return first if first is not None else second


REPOSITORIES = {
    "suppliers": MemorySupplierRepository,
    "purchase_orders": MemoryPurchaseOrderRepository,
}
