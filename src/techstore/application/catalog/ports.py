"""What the catalog use cases need from the outside world, and the port the
catalog offers other contexts (``StockKeeper``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple, Protocol

import attrs

from techstore.application.catalog.commands import ProductQuery
from techstore.application.shared.pages import Page, PageRequest
from techstore.application.shared.unit_of_work import UnitOfWork
from techstore.application.taxes.ports import TaxesPort
from techstore.domain.catalog.categories import Category
from techstore.domain.catalog.products import Product
from techstore.domain.catalog.stock import Line, MovementKind, Reference, StockMovement
from techstore.domain.catalog.units import SerialKind, Unit, UnitStatus
from techstore.domain.shared.taxes import UNTAXED, AppliedRate


class StockChanged(NamedTuple):
    """What one guarded change of a product's stock saw, its row locked: the stock before and after, and whether
    the product is serialized (so a sale of counted products needs no second read of its rows)."""

    before: int
    after: int
    serialized: bool


@attrs.frozen
class ProductSnapshot:
    """What another context may know of a product: enough to sell it, or to refuse to."""

    id: int
    sku: str
    name: str
    price: Decimal
    stock: int
    is_active: bool
    is_deleted: bool
    cost: Decimal | None = None  # what the store paid, if known: a sale keeps it on its line (margins)
    # The rate it is taxed at: its own, else its category's, else the default. The stores always fill it, in
    # the statement that reads the product; the default here only keeps hand-made snapshots short.
    tax_rate: AppliedRate = UNTAXED
    serial_kind: SerialKind | None = None  # serialized: every unit sold or put back names its serial
    warranty_months: int = 0

    @property
    def is_sellable(self) -> bool:
        return self.is_active and not self.is_deleted


@attrs.frozen
class StockDrift:
    """A product whose stock differs from the sum of its movements, or (serialized) from its units in stock
    (should never exist)."""

    product_id: int
    sku: str
    stock: int
    ledger: int
    units_in_stock: int | None = None  # serialized products only


@attrs.frozen
class ExportRow:
    product: Product
    category: str


class CategoryRepository(Protocol):
    def get(self, category_id: int) -> Category | None: ...

    def get_for_update(self, category_id: int) -> Category | None:
        """Like ``get``; the row stays locked until the transaction ends (a product joining it,
        the category being deleted: one waits for the other)."""
        ...

    def get_by_name(self, name: str) -> Category | None:
        """Case-insensitive lookup."""
        ...

    def list(self, page: PageRequest) -> Page[Category]: ...

    def all(self) -> Sequence[Category]:
        """Every category, by name (a store has tens of them, not thousands)."""
        ...

    def add(self, category: Category) -> Category:
        """Raises ``DuplicateKey("name")`` when the name is taken (case-insensitively)."""
        ...

    def update(self, category: Category) -> None:
        """Raises ``DuplicateKey("name")`` when the new name is taken."""
        ...

    def delete(self, category: Category, now: datetime) -> None:
        """Soft delete: the category vanishes and its name is free again."""
        ...

    def in_use(self, category_id: int) -> bool:
        """Whether a product that is not deleted belongs to it."""
        ...


class ProductRepository(Protocol):
    def get(self, product_id: int) -> Product | None:
        """Deleted products too (their ``deleted_at`` is set)."""
        ...

    def many(self, product_ids: Sequence[int]) -> Mapping[int, Product]:
        """The live (not deleted) products among ``product_ids``, by id, in one statement."""
        ...

    def get_by_sku(self, sku: str) -> Product | None: ...

    def get_by_barcode(self, barcode: str) -> Product | None: ...

    def search(self, query: ProductQuery, page: PageRequest) -> Page[Product]:
        """Products that are not deleted, by SKU; one statement whatever the page size."""
        ...

    def add(self, product: Product) -> Product:
        """Store a new product with stock 0; raises ``DuplicateKey("sku")`` or ``DuplicateKey("barcode")``."""
        ...

    def update(self, product: Product) -> None:
        """Every field but stock; raises ``DuplicateKey`` like ``add``."""
        ...

    def change_stock(self, product_id: int, quantity: int) -> StockChanged | None:
        """Add ``quantity`` (signed) to the stock in one guarded statement, never a read then a
        write: ``stock = stock + q WHERE stock + q >= 0``. Returns what it saw, or None when
        the stock would go below zero or the product does not exist. The row stays locked until
        the transaction ends."""
        ...

    def receive_at_cost(self, product_id: int, quantity: int, unit_cost: Decimal) -> tuple[int, int] | None:
        """Goods received (``quantity`` > 0) at ``unit_cost``: the stock grows and the cost becomes the weighted
        average ``(stock × cost + quantity × unit cost) / (stock + quantity)`` half-up to cents (the unit cost
        when the product has none), in ONE statement on the product row, so the stock weighed is the stock added
        to, whatever sells meanwhile. Returns (before, after), or None when the product does not exist. The
        row stays locked until the transaction ends."""
        ...

    def change_stock_many(self, changes: Sequence[tuple[int, int]]) -> None:
        """Add each (product id, quantity) to stock, in one batch, on rows this transaction
        created or locked (an import): their before and after are already known."""
        ...

    def snapshots(self, product_ids: Sequence[int]) -> Mapping[int, ProductSnapshot]:
        """The products asked for that exist (deleted ones included), with their tax rates, in one statement."""
        ...

    def snapshot_by_sku(self, sku: str) -> ProductSnapshot | None:
        """The product with this SKU (deleted too), with its tax rate, in one statement."""
        ...

    def snapshot_by_barcode(self, barcode: str) -> ProductSnapshot | None:
        """The product with this barcode (deleted too), with its tax rate, in one statement."""
        ...

    def by_skus_for_update(self, skus: Sequence[str]) -> Mapping[str, Product]:
        """The products with these SKUs, locked until the transaction ends (an import)."""
        ...

    def skus_by_barcodes(self, barcodes: Sequence[str]) -> Mapping[str, str]:
        """The SKU of each product that has one of these barcodes (an import checks them at once)."""
        ...

    def add_many(self, products: Sequence[Product]) -> Sequence[Product]:
        """Bulk ``add`` (an import); the products come back with their ids."""
        ...

    def update_many(self, products: Sequence[Product]) -> None:
        """Bulk ``update`` (an import)."""
        ...

    def export(self) -> Iterator[ExportRow]:
        """Every product that is not deleted, by SKU, with its category's name."""
        ...

    def drift(self) -> Sequence[StockDrift]:
        """Products whose stock is not the sum of their movements."""
        ...


class StockMovementRepository(Protocol):
    def add_many(self, movements: Sequence[StockMovement]) -> Sequence[StockMovement]:
        """Store the movements; they come back with their ids."""
        ...

    def add_batch(self, movements: Sequence[StockMovement]) -> None:
        """Store many movements at once (an import); their ids are not read back."""
        ...

    def for_product(self, product_id: int, page: PageRequest) -> Page[StockMovement]:
        """Newest first."""
        ...


class UnitRepository(Protocol):
    """The units of serialized products (``uow.units``). Every change is one guarded statement per call on the
    rows named, which the caller's product rows (locked by ``change_stock``) already serialize; each answers the
    serials it could not change, so the caller names them."""

    def receive(self, product_id: int, serials: Sequence[str], now: datetime) -> Sequence[str]:
        """Put these units in stock (new ones added, sold or damaged ones back in stock, their sale forgotten).
        Answers the serials already in stock (left as they are)."""
        ...

    def sell(self, product_id: int, serials: Sequence[str], sale_id: int | None, sold_at: datetime,
             warranty_until: date | None) -> Sequence[str]:
        """Units in stock leave: ``sold`` (with the sale, if any, and the warranty's end). Answers those not in
        stock."""
        ...

    def restock(self, product_id: int, serials: Sequence[str], return_id: int | None) -> Sequence[str]:
        """Sold units back in stock (a void, a return, a part taken back). Answers those that are not sold."""
        ...

    def write_off(self, product_id: int, serials: Sequence[str], was: UnitStatus,
                  return_id: int | None) -> Sequence[str]:
        """Units that were ``was`` become ``damaged``. Answers those that were not."""
        ...

    def for_product(self, product_id: int, status: UnitStatus | None, page: PageRequest) -> Page[Unit]:
        """A product's units, by serial."""
        ...


@attrs.frozen
class UnitRecord:
    """A unit looked up by its serial (API.md ``/units/{serial}``): the unit, its product, the sale it left with
    (its number and customer) and the repairs of its serial."""

    unit: Unit
    product: ProductSnapshot
    sale_number: str | None = None
    customer_id: int | None = None
    customer_name: str | None = None
    repair_ids: tuple[int, ...] = ()


class UnitLookup(Protocol):
    """The units by serial, across the contexts that touch them (``uow.unit_lookup``)."""

    def find(self, serial: str) -> UnitRecord | None:
        """The unit with this serial (normalised): the one in stock if any, else the latest sold or damaged."""
        ...


class StockKeeper(Protocol):
    """The catalog's port for other contexts (sales, returns, repairs), used inside the
    caller's unit of work (``uow.stock``): the catalog's rules run on the caller's transaction,
    and a refusal anywhere rolls back everything."""

    def sellable(self, product_ids: Sequence[int]) -> Mapping[int, ProductSnapshot]:
        """Snapshots of the products asked for that exist, with the rate each is taxed at, in one statement.
        A sale refuses those that are missing, inactive or deleted (``ProductSnapshot.is_sellable``)."""
        ...

    def by_code(self, code: str) -> ProductSnapshot | None:
        """The product (not deleted) whose barcode or, failing that, SKU is ``code`` in any letter case (both are
        stored upper-case): what a scanner or a clerk types at the counter. With its tax rate, read in the
        statement that finds it."""
        ...

    def take(self, lines: Sequence[Line], kind: MovementKind, reference: Reference, user_id: int,
             now: datetime) -> Sequence[StockMovement]:
        """Take stock for every line (``sale`` or ``repair_part``), writing one movement per
        product. Raises ``ShortOfStock`` naming every product short at once; the caller's
        unit of work then rolls back, so nothing at all is taken. A serialized product's line names exactly its
        units' serials (``ValidationFailed`` on ``serials`` otherwise); each must be in stock, marked sold by one
        guarded statement (``UnitsUnavailable``, 409, naming those that are not)."""
        ...

    def put_back(self, lines: Sequence[Line], kind: MovementKind, reference: Reference, user_id: int,
                 now: datetime) -> Sequence[StockMovement]:
        """Put stock back (``sale_void``, ``return``, ``repair_part_back``), one movement per product; a
        serialized product's named units are in stock again."""
        ...

    def receive(self, lines: Sequence[CostedLine], reference: Reference, user_id: int,
                now: datetime) -> Sequence[StockMovement]:
        """Goods received against a purchase order: per line (locked in product id order) the stock grows and
        the product's cost becomes the weighted average, in one statement on its row (``receive_at_cost``); one
        ``purchase`` movement per line, with ``reference``; a serialized product's units named one per unit
        (422 for a wrong count or serial, 409 if one is already in stock)."""
        ...

    def write_off(self, lines: Sequence[Line], reference: Reference, now: datetime) -> None:
        """Units of serialized products that came back damaged (a return without restock): marked ``damaged``,
        the stock unchanged. Lines of products that are not serialized are ignored."""
        ...


@attrs.frozen
class CostedLine:
    """Goods received on one line: a product, a quantity (> 0), what one unit cost, the serials of its units."""

    product_id: int
    quantity: int
    unit_cost: Decimal
    serials: tuple[str, ...] = ()


class SupplierCheck(Protocol):
    """The purchasing context's answer to which supplier a product may name (``uow.supplier_check``)."""

    def check_assignable(self, supplier_id: int) -> None:
        """Refuse (409 on ``supplier_id``) a supplier that does not exist or is deleted; the supplier stays as
        checked until the caller's transaction ends."""
        ...


class CatalogUnitOfWork(UnitOfWork, Protocol):
    categories: CategoryRepository
    products: ProductRepository
    stock_movements: StockMovementRepository
    units: UnitRepository
    unit_lookup: UnitLookup
    stock: StockKeeper
    taxes: TaxesPort  # the taxes context's port: which rates a product or a category may name
    supplier_check: SupplierCheck  # the purchasing context's: which supplier a product may name


class CatalogUnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> CatalogUnitOfWork: ...
