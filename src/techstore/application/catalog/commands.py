"""Inputs of the catalog use cases; the API reads its bodies straight into them.

The markers state each limit once: the API and the forms enforce them at the
edge, the OpenAPI document states them, and the domain checks them again.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

import attrs

from techstore.application.shared.constraints import INTEGER_MAX, Money, Number, Sign, Text
from techstore.application.taxes.commands import TaxRateId
from techstore.domain.catalog import rules
from techstore.domain.catalog.units import MAX_WARRANTY_MONTHS, SERIAL_MAX_LENGTH

CategoryName = Annotated[str, Text(max_length=rules.CATEGORY_NAME_MAX_LENGTH, blank=False)]
Description = Annotated[str, Text(max_length=rules.DESCRIPTION_MAX_LENGTH, multiline=True)]
Sku = Annotated[str, Text(min_length=1, max_length=rules.SKU_MAX_LENGTH, pattern=rules.SKU_PATTERN_SOURCE,
                          message=rules.SKU_MESSAGE)]
# The pattern states the barcode's shapes (domain/catalog/rules.py); the format "barcode" names the one rule it
# cannot: 8, 12 and 13 digits are EAN-8, UPC-A and EAN-13 with their check digit. Stored upper-case.
Barcode = Annotated[str, Text(min_length=1, max_length=rules.BARCODE_MAX_LENGTH, pattern=rules.BARCODE_PATTERN_SOURCE,
                              message=rules.BARCODE_MESSAGE, format="barcode",
                              description="8, 12 or 13 digits: an EAN-8, UPC-A or EAN-13 code with its check "
                                          "digit (format barcode); 9, 10, 11 or 14 digits: the store's own code; "
                                          "else the store's own text code, printed as Code 128. Stored "
                                          "upper-case; unique.")]
ProductName = Annotated[str, Text(max_length=rules.NAME_MAX_LENGTH, blank=False)]
Price = Annotated[Decimal, Money(Sign.NOT_NEGATIVE)]
Count = Annotated[int, Number(0, rules.MAX_STOCK, message=f"must be a whole number from 0 to {rules.MAX_STOCK}")]
CategoryId = Annotated[int, Number(1, INTEGER_MAX, message="must be the id of a category")]
Quantity = Annotated[int, Number(-rules.MAX_QUANTITY, rules.MAX_QUANTITY,
                                 message=f"must be a whole number from -{rules.MAX_QUANTITY} to {rules.MAX_QUANTITY}")]
Reason = Annotated[str, Text(max_length=rules.REASON_MAX_LENGTH)]
MovementType = Literal["purchase", "adjustment"]
# Serialized products (PRODUCT.md, "Serialized units"): "imei" (15 digits, Luhn check digit) or "serial".
SerialKindName = Literal["imei", "serial"]
WarrantyMonths = Annotated[int, Number(0, MAX_WARRANTY_MONTHS,
                                       message=f"must be a whole number of months from 0 to {MAX_WARRANTY_MONTHS}")]
# A unit's serial or IMEI as typed or scanned (stored upper-case); an IMEI's check digit is checked by the catalog.
SERIAL_PATTERN_SOURCE = r"^[A-Za-z0-9-]{1,40}$"
SERIAL_MESSAGE = f"must be an IMEI (15 digits) or a serial: letters, digits and -, up to {SERIAL_MAX_LENGTH}"
SupplierId = Annotated[int, Number(1, INTEGER_MAX, message="must be the id of a supplier")]
SupplierSku = Annotated[str, Text(max_length=60)]
Serial = Annotated[str, Text(min_length=1, max_length=SERIAL_MAX_LENGTH, pattern=SERIAL_PATTERN_SOURCE,
                             message=SERIAL_MESSAGE)]


@attrs.frozen
class NewCategory:
    """``POST /categories``, the categories page. ``tax_rate_id``: the rate of its products that name none
    (``null``: the default rate)."""

    name: CategoryName
    description: Description = ""
    tax_rate_id: TaxRateId | None = None


@attrs.frozen
class CategoryChanges:
    """``PATCH /categories/{id}``; fields left ``None`` stay as they are, but ``"tax_rate_id": null`` sent
    puts the category back on the default rate."""

    name: CategoryName | None = None
    description: Description | None = None
    tax_rate_id: TaxRateId | None = None


@attrs.frozen
class NewProduct:
    """``POST /products``, the new-product form. ``stock`` is the initial stock (an ``initial`` movement).
    ``tax_rate_id``: its own rate (``null``: its category's, else the default)."""

    sku: Sku
    name: ProductName
    price: Price
    barcode: Barcode | None = None
    description: Description = ""
    category_id: CategoryId | None = None
    cost: Price | None = None
    stock: Count = 0
    min_stock: Count = 0
    is_active: bool = True
    tax_rate_id: TaxRateId | None = None
    serial_kind: SerialKindName | None = None  # null: counted, not serialized
    warranty_months: WarrantyMonths = 0
    supplier_id: SupplierId | None = None  # the preferred supplier
    supplier_sku: SupplierSku | None = None  # the supplier's code for it
    reorder_quantity: Count = 0  # ordered beyond the minimum stock when reordering
    # Serialized with initial stock: one serial per unit (exactly ``stock`` of them).
    serials: list[Serial] = attrs.Factory(list)


@attrs.frozen
class ProductChanges:
    """``PATCH /products/{id}``, the edit form: the fields sent change. ``null`` clears barcode,
    description, category_id, cost and tax_rate_id, and leaves the other fields as they are. Stock is not
    here: it changes only through stock movements."""

    sku: Sku | None = None
    name: ProductName | None = None
    price: Price | None = None
    barcode: Barcode | None = None
    description: Description | None = None
    category_id: CategoryId | None = None
    cost: Price | None = None
    min_stock: Count | None = None
    is_active: bool | None = None
    tax_rate_id: TaxRateId | None = None
    # ``null`` sent: not serialized any more. Changing it is refused (409) while the product has stock.
    serial_kind: SerialKindName | None = None
    warranty_months: WarrantyMonths | None = None
    supplier_id: SupplierId | None = None  # ``null`` sent: no preferred supplier
    supplier_sku: SupplierSku | None = None
    reorder_quantity: Count | None = None


@attrs.frozen
class StockChange:
    """``POST /products/{id}/stock-movements``: goods received (``purchase``, quantity > 0) or an
    admin's ``adjustment`` (± quantity, with a reason). A serialized product's movement names one serial per
    unit: those received (or added), or those taken out by an adjustment down (written off: ``damaged``)."""

    type: MovementType
    quantity: Quantity
    reason: Reason | None = None
    serials: list[Serial] = attrs.Factory(list)


@attrs.frozen
class ProductQuery:
    """``GET /products``: ``q`` matches SKU, barcode or name (any part, any letter case)."""

    q: str = ""
    category_id: int | None = None
    low_stock: bool = False
