"""What the purchasing use cases need from the outside world, and the port it offers the catalog
(``supplier_check``: which supplier a product may name)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from techstore.application.catalog.ports import StockKeeper
from techstore.application.notifications.ports import Outbox
from techstore.application.purchasing.commands import OrderQuery
from techstore.application.shared.numbering import NumberSequences
from techstore.application.shared.pages import Page, PageRequest
from techstore.application.shared.unit_of_work import UnitOfWork
from techstore.domain.purchasing.orders import PurchaseOrder, Receipt, Suggestion
from techstore.domain.purchasing.suppliers import Supplier


class SupplierRepository(Protocol):
    def get(self, supplier_id: int) -> Supplier | None:
        """Deleted suppliers too (their ``deleted_at`` is set)."""
        ...

    def get_for_share(self, supplier_id: int) -> Supplier | None:
        """Like ``get``; the row cannot be deleted until the transaction ends (a product or an order names it)."""
        ...

    def get_by_name(self, name: str) -> Supplier | None:
        """A supplier not deleted, whatever the letter case."""
        ...

    def list(self, page: PageRequest) -> Page[Supplier]:
        """Suppliers not deleted, by name; one statement."""
        ...

    def all(self) -> Sequence[Supplier]:
        """Every supplier not deleted, by name."""
        ...

    def add(self, supplier: Supplier) -> Supplier:
        """Raises ``DuplicateKey("name")``."""
        ...

    def update(self, supplier: Supplier) -> None:
        """Every field (a deleted one frees its name); raises ``DuplicateKey("name")``."""
        ...


class PurchaseOrderRepository(Protocol):
    def get(self, order_id: int) -> PurchaseOrder | None: ...

    def get_for_update(self, order_id: int) -> PurchaseOrder | None:
        """Like ``get``; the order's row stays locked until the transaction ends (receipts, moves queue)."""
        ...

    def list(self, query: OrderQuery, page: PageRequest) -> Page[PurchaseOrder]:
        """Newest first, with their lines; two statements whatever the page size."""
        ...

    def add(self, order: PurchaseOrder) -> PurchaseOrder:
        """The order and its lines; ids set."""
        ...

    def update(self, order: PurchaseOrder, lines_replaced: bool = False) -> None:
        """Header and each line's quantity received; ``lines_replaced``: the lines are written anew (a draft)."""
        ...

    def add_receipt(self, receipt: Receipt) -> Receipt: ...

    def receipt(self, receipt_id: int) -> Receipt | None: ...

    def receipts(self, order_id: int) -> Sequence[Receipt]:
        """An order's receipts, oldest first."""
        ...

    def suggestions(self) -> Sequence[Suggestion]:
        """Active products (not deleted) at or below their minimum stock with something to order
        (``min_stock + reorder_quantity − stock`` > 0), with their preferred supplier, last unit cost and what is
        on open orders (``on_order``); one statement however many."""
        ...


class PurchasingUnitOfWork(UnitOfWork, Protocol):
    suppliers: SupplierRepository
    purchase_orders: PurchaseOrderRepository
    stock: StockKeeper  # the catalog's port: products, and goods received at a weighted cost
    numbers: NumberSequences
    outbox: Outbox  # the notifications context's outbox


class PurchasingUnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> PurchasingUnitOfWork: ...
