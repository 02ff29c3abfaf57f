"""Barcode labels for products (PRODUCT.md, "Catalog and inventory"): the layouts a PDF is laid out on, the
limits of one PDF, and which barcode a product's label carries.

A product whose barcode is an EAN-13, EAN-8 or UPC-A code (13, 8 or 12 digits: the catalog's rules hold their
check digit) is labelled with that code in its symbology; one with the store's own code (9, 10, 11 or 14 digits,
or text: ASCII letters, digits, spaces and ``- _ . / +``) with that code as Code 128, which encodes them all; a
product with no barcode with its SKU as Code 128. Either way the till's scanner finds the product by what the bars
read (``StockLedger.by_code``: barcode first, then SKU).
"""

from __future__ import annotations

import math
from decimal import Decimal
from enum import StrEnum

import attrs

MAX_PER_ITEM = 500  # labels of one product in one request
MAX_LABELS = 500  # labels in one PDF: a big delivery's units; more is a second PDF (each distinct page is laid out)


class LabelLayout(StrEnum):
    A4_3X8 = "a4-3x8"  # an A4 sheet of 3 × 8 labels (70 × 37.1 mm)
    ROLL_50X30 = "roll-50x30"  # a roll of 50 × 30 mm labels: one page each

    @property
    def per_page(self) -> int:
        return 24 if self is LabelLayout.A4_3X8 else 1


class Symbology(StrEnum):
    EAN13 = "ean13"
    EAN8 = "ean8"
    UPCA = "upca"
    CODE128 = "code128"


_BY_LENGTH = {13: Symbology.EAN13, 8: Symbology.EAN8, 12: Symbology.UPCA}


@attrs.frozen
class BarcodeSymbol:
    """What a label's bars encode, and how."""

    symbology: Symbology
    data: str

    @staticmethod
    def of(barcode: str | None, sku: str) -> BarcodeSymbol:
        if barcode is None:
            return BarcodeSymbol(Symbology.CODE128, sku)
        if barcode.isdigit() and len(barcode) in _BY_LENGTH:
            return BarcodeSymbol(_BY_LENGTH[len(barcode)], barcode)
        return BarcodeSymbol(Symbology.CODE128, barcode)


@attrs.frozen
class Label:
    """One product's label, ``quantity`` times."""

    product_id: int
    sku: str
    name: str
    price: Decimal
    symbol: BarcodeSymbol
    quantity: int


@attrs.frozen
class LabelSheet:
    layout: LabelLayout
    labels: tuple[Label, ...]

    @property
    def count(self) -> int:
        return sum(label.quantity for label in self.labels)

    @property
    def pages(self) -> int:
        return math.ceil(self.count / self.layout.per_page)

    def each(self) -> list[Label]:
        """Every label to print, in order, one per unit."""
        return [label for label in self.labels for _ in range(label.quantity)]
