"""Products: what the store sells. Stock is read here but changes only through
stock movements (``stock.py``); a deleted or inactive product cannot be sold."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

from techstore.domain.catalog import rules
from techstore.domain.catalog.units import MAX_WARRANTY_MONTHS, SerialKind
from techstore.domain.shared.errors import FieldProblems
from techstore.domain.shared.money import MAX_AMOUNT
from techstore.domain.shared.time import utc, utc_or_none

_UNSET = object()


def money_problem(amount: Decimal | None) -> str | None:
    if amount is None:
        return None
    if amount < 0:
        return "must be 0 or more"
    if amount > MAX_AMOUNT or amount != amount.quantize(Decimal("0.01")):
        return "must be an amount such as 12.50"
    return None


def _serial_kind(value: object) -> SerialKind | None:
    return None if value is None else SerialKind(str(value))


@attrs.define
class Product:
    id: int | None
    sku: str
    barcode: str | None
    name: str
    description: str
    category_id: int | None
    price: Decimal
    cost: Decimal | None
    stock: int
    min_stock: int
    is_active: bool
    created_at: datetime = attrs.field(converter=utc)
    updated_at: datetime = attrs.field(converter=utc)
    deleted_at: datetime | None = attrs.field(default=None, converter=utc_or_none)
    # Its own tax rate; None: its category's, else the store's default.
    tax_rate_id: int | None = None
    # Serialized (PRODUCT.md, "Serialized units"): every unit in stock has its own serial of this kind.
    serial_kind: SerialKind | None = attrs.field(default=None, converter=_serial_kind)
    warranty_months: int = 0  # a sold unit's warranty (0: none)
    # Purchasing (PRODUCT.md, "Suppliers and purchasing"): the preferred supplier, its code for the product, and
    # how many to order beyond the minimum stock when reordering.
    supplier_id: int | None = None
    supplier_sku: str | None = None
    reorder_quantity: int = 0

    @classmethod
    def create(
        cls,
        *,
        sku: str,
        name: str,
        price: Decimal,
        now: datetime,
        barcode: str | None = None,
        description: str = "",
        category_id: int | None = None,
        cost: Decimal | None = None,
        min_stock: int = 0,
        is_active: bool = True,
        tax_rate_id: int | None = None,
        serial_kind: SerialKind | str | None = None,
        warranty_months: int = 0,
        supplier_id: int | None = None,
        supplier_sku: str | None = None,
        reorder_quantity: int = 0,
    ) -> Product:
        """A new product with no stock yet (its initial stock is a movement). Raises
        ``ValidationFailed`` naming every field that breaks a rule."""
        problems = FieldProblems()
        problems.check("sku", rules.sku_problem(sku))
        problems.check("barcode", rules.barcode_problem(barcode))
        problems.check("name", rules.line_problem(name, rules.NAME_MAX_LENGTH))
        problems.check("description", rules.description_problem(description))
        problems.check("price", money_problem(price))
        problems.check("cost", money_problem(cost))
        problems.check("min_stock", rules.count_problem(min_stock))
        problems.check("serial_kind", serial_kind_problem(serial_kind))
        problems.check("warranty_months", warranty_problem(warranty_months))
        problems.check("supplier_sku", supplier_sku_problem(supplier_sku))
        problems.check("reorder_quantity", rules.count_problem(reorder_quantity))
        problems.raise_if_any()
        return cls(
            id=None, sku=rules.normalise_sku(sku), barcode=_barcode(barcode), name=name.strip(),
            description=description.strip(), category_id=category_id, price=price, cost=cost, stock=0,
            min_stock=min_stock, is_active=is_active, created_at=now, updated_at=now, tax_rate_id=tax_rate_id,
            serial_kind=serial_kind, warranty_months=warranty_months, supplier_id=supplier_id,
            supplier_sku=_blank_none(supplier_sku), reorder_quantity=reorder_quantity,
        )

    def change(self, *, now: datetime, **changes: object) -> None:
        """Apply changes to the fields named (never ``stock``); validates all first,
        so a refused change changes nothing. ``None`` clears the optional ones."""
        for field in changes:
            if field not in _CHANGEABLE:
                raise ValueError(f"a product's {field} cannot be changed here")
        # The product as it would be (a dict, not a copy: an import changes thousands of products).
        would: dict[str, Any] = {field: changes[field] if field in changes else getattr(self, field)
                                 for field in _CHECKED}
        problems = FieldProblems()
        if "sku" in changes:
            problems.check("sku", rules.sku_problem(would["sku"]))
        problems.check("barcode", rules.barcode_problem(would["barcode"]))
        problems.check("name", rules.line_problem(would["name"], rules.NAME_MAX_LENGTH))
        problems.check("description", rules.description_problem(would["description"]))
        problems.check("price", money_problem(would["price"]))
        problems.check("cost", money_problem(would["cost"]))
        problems.check("min_stock", rules.count_problem(would["min_stock"]))
        if "serial_kind" in changes:
            problems.check("serial_kind", serial_kind_problem(changes["serial_kind"]))
        problems.check("warranty_months", warranty_problem(would["warranty_months"]))
        problems.check("supplier_sku", supplier_sku_problem(would["supplier_sku"]))
        problems.check("reorder_quantity", rules.count_problem(would["reorder_quantity"]))
        problems.raise_if_any()
        for field, value in changes.items():
            if field == "serial_kind":
                value = _serial_kind(value)
            elif field == "sku":
                value = rules.normalise_sku(value)  # type: ignore[arg-type]
            elif field == "barcode":
                value = _barcode(value)
            elif isinstance(value, str) and field in ("name", "description"):
                value = value.strip()
            elif field == "supplier_sku":
                value = _blank_none(value)  # type: ignore[arg-type]
            setattr(self, field, value)
        self.updated_at = now

    def delete(self, now: datetime) -> None:
        self.deleted_at = now
        self.updated_at = now

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_low_on_stock(self) -> bool:
        return self.stock <= self.min_stock

    @property
    def is_sellable(self) -> bool:
        return self.is_active and not self.is_deleted

    @property
    def is_serialized(self) -> bool:
        return self.serial_kind is not None

    @property
    def search_text(self) -> str:
        """What a search matches, case-folded once here so every store compares alike (SQLite's
        ``lower()`` folds only ASCII). Lines apart: a search, being one line, cannot span two fields."""
        return search_key("\n".join((self.sku, self.barcode or "", self.name)))


def serial_kind_problem(kind: object) -> str | None:
    if kind is None or kind in tuple(SerialKind):
        return None
    return "must be imei, serial or null (not serialized)"


def warranty_problem(months: int) -> str | None:
    if not 0 <= months <= MAX_WARRANTY_MONTHS:
        return f"must be a whole number of months from 0 to {MAX_WARRANTY_MONTHS}"
    return None


SUPPLIER_SKU_MAX_LENGTH = 60


def _barcode(barcode: object) -> str | None:
    """Stored upper-case (rules.normalise_barcode); ``None``: none."""
    return None if barcode is None else rules.normalise_barcode(str(barcode))


def supplier_sku_problem(code: str | None) -> str | None:
    if code is None or not code.strip():
        return None
    return rules.line_problem(code, SUPPLIER_SKU_MAX_LENGTH)


def _blank_none(text: str | None) -> str | None:
    return (text.strip() or None) if text is not None else None


def search_key(text: str) -> str:
    return text.casefold()


# What ``change`` checks, whether it was named or not.
_CHECKED = ("sku", "barcode", "name", "description", "price", "cost", "min_stock", "warranty_months", "supplier_sku",
            "reorder_quantity")
_CHANGEABLE = frozenset(
    {"sku", "barcode", "name", "description", "category_id", "price", "cost", "min_stock", "is_active", "tax_rate_id",
     "serial_kind", "warranty_months", "supplier_id", "supplier_sku", "reorder_quantity"}
)
