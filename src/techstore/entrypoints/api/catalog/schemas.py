"""Bodies of the catalog endpoints that are not use-case inputs (API.md, "Catalog").

Request bodies that are a use case's input are the command classes of
``application.catalog.commands``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

import attrs

from techstore.application.catalog.commands import SERIAL_MESSAGE, SERIAL_PATTERN_SOURCE, SerialKindName, StockChange
from techstore.application.catalog.imports import ImportResult
from techstore.application.catalog.ports import UnitRecord
from techstore.application.shared.constraints import Text
from techstore.domain.catalog import rules
from techstore.domain.catalog.categories import Category
from techstore.domain.catalog.products import Product
from techstore.domain.catalog.stock import StockMovement
from techstore.domain.catalog.units import SERIAL_MAX_LENGTH, SerialKind, Unit
from techstore.entrypoints.http.schemas import text_schema

MovementTypeOut = Literal["initial", "purchase", "adjustment", "sale", "sale_void", "return", "repair_part",
                          "repair_part_back"]


def serial_kind_out(kind: SerialKind | None) -> SerialKindName | None:
    return None if kind is None else kind.value


@attrs.frozen
class CategoryOut:
    id: int
    name: str
    description: str
    tax_rate_id: int | None  # null: the default rate

    @classmethod
    def of(cls, category: Category) -> CategoryOut:
        assert category.id is not None
        return cls(category.id, category.name, category.description, category.tax_rate_id)


@attrs.frozen
class CategoryPageOut:
    items: list[CategoryOut]
    total: int
    limit: int
    offset: int


@attrs.frozen
class ProductOut:
    id: int
    sku: str
    barcode: str | None
    name: str
    description: str
    category_id: int | None
    tax_rate_id: int | None  # null: its category's rate, else the default
    supplier_id: int | None  # the preferred supplier
    supplier_sku: str | None  # the supplier's code for it
    price: Decimal
    cost: Decimal | None
    stock: int
    min_stock: int
    reorder_quantity: int  # ordered beyond the minimum stock when reordering
    serial_kind: SerialKindName | None  # null: counted, not serialized
    warranty_months: int
    is_active: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, p: Product) -> ProductOut:
        assert p.id is not None
        kind = serial_kind_out(p.serial_kind)
        return cls(p.id, p.sku, p.barcode, p.name, p.description, p.category_id, p.tax_rate_id, p.supplier_id,
                   p.supplier_sku, p.price, p.cost, p.stock, p.min_stock, p.reorder_quantity, kind, p.warranty_months,
                   p.is_active, p.created_at, p.updated_at)


@attrs.frozen
class ProductPageOut:
    items: list[ProductOut]
    total: int
    limit: int
    offset: int


@attrs.frozen
class StockMovementOut:
    id: int
    type: MovementTypeOut
    quantity: int
    stock_before: int
    stock_after: int
    reason: str
    sale_id: int | None
    return_id: int | None
    repair_id: int | None
    purchase_order_id: int | None
    created_by: int
    created_at: datetime

    @classmethod
    def of(cls, m: StockMovement) -> StockMovementOut:
        assert m.id is not None
        return cls(m.id, m.kind.value, m.quantity, m.stock_before, m.stock_after, m.reason,
                   m.reference.sale_id, m.reference.return_id, m.reference.repair_id, m.reference.purchase_order_id,
                   m.created_by, m.created_at)


@attrs.frozen
class StockMovementPageOut:
    items: list[StockMovementOut]
    total: int
    limit: int
    offset: int


UnitStatusOut = Literal["in_stock", "sold", "damaged"]


@attrs.frozen
class UnitOut:
    """A unit of a serialized product (``GET /products/{id}/units``)."""

    serial: str
    status: UnitStatusOut
    sale_id: int | None
    sold_at: datetime | None
    warranty_until: date | None

    @classmethod
    def of(cls, unit: Unit) -> UnitOut:
        return cls(unit.serial, unit.status.value, unit.sale_id, unit.sold_at, unit.warranty_until)


@attrs.frozen
class UnitPageOut:
    items: list[UnitOut]
    total: int
    limit: int
    offset: int


@attrs.frozen
class UnitRecordOut:
    """A unit looked up by its serial (``GET /units/{serial}``): its product, status, the sale it left with and
    that sale's customer, its warranty's end and the repairs of its serial."""

    product_id: int
    sku: str
    name: str
    serial: str
    serial_kind: SerialKindName | None
    status: UnitStatusOut
    sale_id: int | None
    sale_number: str | None
    sold_at: datetime | None
    customer_id: int | None
    customer_name: str | None
    warranty_until: date | None
    repair_ids: list[int]

    @classmethod
    def of(cls, record: UnitRecord) -> UnitRecordOut:
        unit, product = record.unit, record.product
        kind = serial_kind_out(product.serial_kind)
        return cls(product.id, product.sku, product.name, unit.serial, kind, unit.status.value, unit.sale_id,
                   record.sale_number, unit.sold_at, record.customer_id, record.customer_name, unit.warranty_until,
                   list(record.repair_ids))


@attrs.frozen
class ImportResultOut:
    """What an import did: products created and updated, rows that changed nothing, movements written."""

    created: int
    updated: int
    unchanged: int
    stock_movements: int

    @classmethod
    def of(cls, result: ImportResult) -> ImportResultOut:
        return cls(result.created, result.updated, result.unchanged, result.stock_movements)


def stock_change_schema() -> dict[str, Any]:
    """``StockChange`` as JSON Schema, with what ties its fields together: a purchase adds 1 or more,
    an adjustment adds or removes (not 0) and needs a reason. The converter reads the class; the use
    case enforces these ties (422), and this states them."""
    limit = rules.MAX_QUANTITY
    reason = text_schema(Text(max_length=rules.REASON_MAX_LENGTH))
    required_reason = text_schema(Text(max_length=rules.REASON_MAX_LENGTH, blank=False))
    serials = {
        "type": "array", "uniqueItems": True,
        "description": "Serialized products only (else empty): one serial per unit, exactly |quantity| of them "
                       "(422 otherwise; an IMEI must carry its Luhn check digit). Received ones must not be in "
                       "stock already (409); an adjustment down names units in stock, written off as damaged.",
        "items": text_schema(Text(min_length=1, max_length=SERIAL_MAX_LENGTH, pattern=SERIAL_PATTERN_SOURCE,
                                  message=SERIAL_MESSAGE)),
    }
    return {
        "description": StockChange.__doc__,
        "oneOf": [
            {"type": "object", "additionalProperties": False, "required": ["type", "quantity"],
             "properties": {"type": {"const": "purchase"},
                            "quantity": {"type": "integer", "minimum": 1, "maximum": limit},
                            "reason": {"anyOf": [reason, {"type": "null"}]}, "serials": serials}},
            {"type": "object", "additionalProperties": False, "required": ["type", "quantity", "reason"],
             "properties": {"type": {"const": "adjustment"},
                            "quantity": {"type": "integer", "minimum": -limit, "maximum": limit,
                                         "not": {"const": 0}},
                            "reason": required_reason, "serials": serials}},
        ],
    }
