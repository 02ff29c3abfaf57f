"""Barcode labels: which products, how many of each, on which layout (``POST /labels``, the ``/labels`` page).
The use case reads the products (one statement for all of them) and checks the limits; the edge lays the
sheet out as a PDF (``entrypoints/web/labels.py``)."""

from __future__ import annotations

from typing import Annotated

import attrs

from techstore.application.catalog.ports import CatalogUnitOfWorkFactory
from techstore.application.shared.constraints import Number, Text
from techstore.domain.catalog import rules
from techstore.domain.catalog.labels import (
    MAX_LABELS,
    MAX_PER_ITEM,
    BarcodeSymbol,
    Label,
    LabelLayout,
    LabelSheet,
)
from techstore.domain.catalog.products import Product
from techstore.domain.identity.users import User
from techstore.domain.shared.errors import FieldError, PermissionDenied, ValidationFailed

QUANTITY_MESSAGE = f"must be from 1 to {MAX_PER_ITEM}"
NOT_A_PRODUCT = "is not a product (unknown or deleted)"
# A SKU or a barcode as typed on the page (the longer of the two).
CODE = Text(max_length=max(rules.SKU_MAX_LENGTH, rules.BARCODE_MAX_LENGTH))


@attrs.frozen
class LabelItem:
    product_id: Annotated[int, Number(minimum=1)]
    quantity: Annotated[int, Number(minimum=1, maximum=MAX_PER_ITEM, message=QUANTITY_MESSAGE)] = 1


@attrs.frozen
class NewLabels:
    """Labels to print: each product ``quantity`` times (1 to 500), at most 500 labels in all, on an A4
    sheet of 3 × 8 labels (``a4-3x8``) or a roll of 50 × 30 mm labels (``roll-50x30``, a page each)."""

    items: list[LabelItem]
    layout: LabelLayout = attrs.field(default=LabelLayout.A4_3X8, converter=LabelLayout)


def _signed_in(actor: User) -> None:
    if not actor.is_active:
        raise PermissionDenied("Sign in to print labels.")


def label_problems(items: list[LabelItem]) -> list[FieldError]:
    """The limits, per field: at least one item, each 1 to 500, at most 500 in all."""
    if not items:
        return [FieldError("items", "must name at least one product")]
    errors = [FieldError(f"items[{n}].quantity", QUANTITY_MESSAGE)
              for n, item in enumerate(items) if not 1 <= item.quantity <= MAX_PER_ITEM]
    total = sum(item.quantity for item in items)
    if not errors and total > MAX_LABELS:
        errors.append(FieldError("items", f"must make at most {MAX_LABELS} labels in all (asked for {total})"))
    return errors


class PrintLabels:
    """The labels of the products asked for, in the order asked; 422 on ``items[i].product_id`` for a product
    that does not exist (or is deleted), on ``items[i].quantity`` or ``items`` past the limits."""

    def __init__(self, uow: CatalogUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, command: NewLabels) -> LabelSheet:
        _signed_in(actor)
        if errors := label_problems(command.items):
            raise ValidationFailed(errors)
        with self._uow(read_only=True) as uow:
            products = uow.products.many(sorted({item.product_id for item in command.items}))
        missing = [FieldError(f"items[{n}].product_id", NOT_A_PRODUCT) for n, item in enumerate(command.items)
                   if item.product_id not in products]
        if missing:
            raise ValidationFailed(missing)
        return LabelSheet(command.layout, tuple(_label(products[item.product_id], item.quantity)
                                                for item in command.items))


def _label(product: Product, quantity: int) -> Label:
    assert product.id is not None
    return Label(product.id, product.sku, product.name, product.price, BarcodeSymbol.of(product.barcode, product.sku),
                 quantity)


class FindLabelProduct:
    """The live product whose barcode or, failing that, SKU is ``code`` (any letter case), or None: the same
    order as the till's scanner (``StockLedger.by_code``), so a label's code finds the product it does there."""

    def __init__(self, uow: CatalogUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, code: str) -> Product | None:
        _signed_in(actor)
        code = code.strip()
        if not code or CODE.problem(code) is not None:
            return None
        with self._uow(read_only=True) as uow:
            product = None
            if rules.barcode_problem(code) is None:
                product = uow.products.get_by_barcode(rules.normalise_barcode(code))
            if product is None or product.is_deleted:
                product = uow.products.get_by_sku(rules.normalise_sku(code))
        return None if product is None or product.is_deleted else product
