"""Products: staff create, change and find them; admins delete them (softly)."""

from __future__ import annotations

from collections.abc import Collection

import attrs

from techstore.application.catalog.commands import NewProduct, ProductChanges, ProductQuery
from techstore.application.catalog.ledger import StockLedger
from techstore.application.catalog.ports import CatalogUnitOfWork, CatalogUnitOfWorkFactory
from techstore.application.shared.errors import DuplicateKey
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.catalog.products import Product
from techstore.domain.catalog.stock import MovementKind
from techstore.domain.identity.users import User, require_manager
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import Conflict, NotFound, ValidationFailed

INITIAL_STOCK = "Initial stock"
NOT_SERIALIZED = "must be empty: the product is not serialized (serial_kind is null)"
CLEARABLE = frozenset({"barcode", "description", "category_id", "cost", "tax_rate_id", "serial_kind", "supplier_id",
                       "supplier_sku"})


def product_not_found(product_id: int) -> NotFound:
    return NotFound(f"Product {product_id} does not exist.")


def duplicate(key: str, product: Product) -> Conflict:
    if key == "barcode":
        return Conflict(f"Another product has the barcode {product.barcode}.", field="barcode")
    return Conflict(f"Another product has the SKU {product.sku}.", field="sku")


def live_product(uow: CatalogUnitOfWork, product_id: int) -> Product:
    product = uow.products.get(product_id)
    if product is None or product.is_deleted:
        raise product_not_found(product_id)
    return product


def check_unique(uow: CatalogUnitOfWork, product: Product) -> None:
    """Rule: SKU and barcode are unique among all products, deleted ones too (history stays unambiguous)."""
    other = uow.products.get_by_sku(product.sku)
    if other is not None and other.id != product.id:
        raise duplicate("sku", product)
    if product.barcode is not None:
        other = uow.products.get_by_barcode(product.barcode)
        if other is not None and other.id != product.id:
            raise duplicate("barcode", product)


def check_category(uow: CatalogUnitOfWork, category_id: int | None) -> None:
    # Locked, so the category cannot be deleted while a product joins it.
    if category_id is not None and uow.categories.get_for_update(category_id) is None:
        raise Conflict(f"There is no category {category_id}.", field="category_id")


def check_no_stock(uow: CatalogUnitOfWork, product: Product) -> None:
    """Rule: a product's serial kind changes only while it has no stock (409): its units in stock would no
    longer match it. The row is locked first (a change of 0), so a purchase cannot slip in meanwhile."""
    assert product.id is not None
    locked = uow.products.change_stock(product.id, 0)
    stock = locked.after if locked is not None else product.stock
    if stock:
        raise Conflict(f"{product.sku} has {stock} in stock: its serial kind can change only when none is left.",
                       field="serial_kind")


def check_tax_rate(uow: CatalogUnitOfWork, tax_rate_id: int | None, before: int | None = None) -> None:
    """Rule: a product or a category newly names only an active rate (409); one that already names a rate
    since deactivated keeps it."""
    if tax_rate_id is not None and tax_rate_id != before:
        uow.taxes.check_assignable(tax_rate_id)


def check_supplier(uow: CatalogUnitOfWork, supplier_id: int | None, before: int | None = None) -> None:
    """Rule: a product newly names only a supplier that exists and is not deleted (409)."""
    if supplier_id is not None and supplier_id != before:
        uow.supplier_check.check_assignable(supplier_id)


class SearchProducts:
    """Products that are not deleted, matching SKU, barcode or name, in a category, low on stock."""

    def __init__(self, uow: CatalogUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, query: ProductQuery, page: PageRequest) -> Page[Product]:
        with self._uow(read_only=True) as uow:
            return uow.products.search(query, page)


class GetProduct:
    def __init__(self, uow: CatalogUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, product_id: int) -> Product:
        with self._uow(read_only=True) as uow:
            return live_product(uow, product_id)


class CreateProduct:
    """Rules: SKU (stored upper-case) and barcode are unique (409); the initial stock is an
    ``initial`` movement, so the ledger accounts for every unit from the start."""

    def __init__(self, uow: CatalogUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, command: NewProduct) -> Product:
        assert actor.id is not None
        now = self._clock.now()
        product = Product.create(
            sku=command.sku, barcode=command.barcode, name=command.name, description=command.description,
            category_id=command.category_id, price=command.price, cost=command.cost,
            min_stock=command.min_stock, is_active=command.is_active, tax_rate_id=command.tax_rate_id, now=now,
            serial_kind=command.serial_kind, warranty_months=command.warranty_months,
            supplier_id=command.supplier_id, supplier_sku=command.supplier_sku,
            reorder_quantity=command.reorder_quantity,
        )
        if command.serials and product.serial_kind is None:
            raise ValidationFailed.single("serials", NOT_SERIALIZED)
        with self._uow() as uow:
            check_category(uow, product.category_id)
            check_tax_rate(uow, product.tax_rate_id)
            check_supplier(uow, product.supplier_id)
            check_unique(uow, product)
            try:
                product = uow.products.add(product)
            except DuplicateKey as error:
                raise duplicate(error.key, product) from None
            assert product.id is not None
            if command.stock:
                StockLedger(uow).move(product.id, MovementKind.INITIAL, command.stock, INITIAL_STOCK, actor.id, now,
                                      serials=command.serials)
                product.stock = command.stock
            elif command.serials:
                raise ValidationFailed.single("serials", "must be empty without initial stock (one serial per unit)")
            uow.commit()
        return product


class UpdateProduct:
    """Change any field but stock: the fields that are not ``None``, and of the optional ones
    (barcode, description, category, cost, tax rate) those named in ``given`` are cleared by ``None``."""

    def __init__(self, uow: CatalogUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, product_id: int, changes: ProductChanges,
                 given: Collection[str] | None = None) -> Product:
        values = attrs.asdict(changes)
        given = frozenset(given if given is not None else ())
        # Null leaves a required field as it is and clears an optional one (when given).
        chosen = {k: v for k, v in values.items() if v is not None or (k in CLEARABLE and k in given)}
        if chosen.get("description", "") is None:
            chosen["description"] = ""
        with self._uow() as uow:
            product = live_product(uow, product_id)
            rate_before = product.tax_rate_id
            supplier_before = product.supplier_id
            kind_before = product.serial_kind
            product.change(now=self._clock.now(), **chosen)
            if product.serial_kind != kind_before:
                check_no_stock(uow, product)
            if "category_id" in chosen:
                check_category(uow, product.category_id)
            check_tax_rate(uow, product.tax_rate_id, before=rate_before)
            check_supplier(uow, product.supplier_id, before=supplier_before)
            check_unique(uow, product)
            try:
                uow.products.update(product)
            except DuplicateKey as error:
                raise duplicate(error.key, product) from None
            uow.commit()
        return product


class DeleteProduct:
    """Admins only. A soft delete: the product vanishes from lists and cannot be sold; its
    movements, and the sales and repairs that name it, stay whole."""

    def __init__(self, uow: CatalogUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, product_id: int) -> None:
        require_manager(actor)
        with self._uow() as uow:
            product = live_product(uow, product_id)
            product.delete(self._clock.now())
            uow.products.update(product)
            uow.commit()
