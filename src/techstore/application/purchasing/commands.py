"""Inputs of the purchasing use cases; the API reads its bodies straight into them (API.md, "Suppliers and
purchase orders")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

import attrs

from techstore.application.catalog.commands import Serial
from techstore.application.shared.constraints import INTEGER_MAX, Money, Number, Sign, Text
from techstore.domain.purchasing import orders, suppliers

SupplierName = Annotated[str, Text(max_length=suppliers.NAME_MAX_LENGTH, blank=False)]
ContactName = Annotated[str, Text(max_length=suppliers.CONTACT_MAX_LENGTH)]
Email = Annotated[str, Text(max_length=suppliers.EMAIL_MAX_LENGTH)]
Phone = Annotated[str, Text(max_length=suppliers.PHONE_MAX_LENGTH)]
Notes = Annotated[str, Text(max_length=suppliers.NOTES_MAX_LENGTH, multiline=True)]
Id = Annotated[int, Number(1, INTEGER_MAX, message="must be an id")]
Quantity = Annotated[int, Number(1, orders.MAX_QUANTITY, message=f"must be from 1 to {orders.MAX_QUANTITY}")]
UnitCost = Annotated[Decimal, Money(Sign.NOT_NEGATIVE)]
StatusName = Literal["draft", "ordered", "partially_received", "received", "cancelled"]


@attrs.frozen
class NewSupplier:
    """``POST /suppliers``, the new-supplier form."""

    name: SupplierName
    contact_name: ContactName | None = None
    email: Email | None = None
    phone: Phone | None = None
    notes: Notes = ""


@attrs.frozen
class SupplierChanges:
    """``PATCH /suppliers/{id}``: the fields sent change; ``null`` clears contact name, email, phone, notes."""

    name: SupplierName | None = None
    contact_name: ContactName | None = None
    email: Email | None = None
    phone: Phone | None = None
    notes: Notes | None = None


@attrs.frozen
class NewOrderLine:
    product_id: Id
    quantity: Quantity
    unit_cost: UnitCost


@attrs.frozen
class NewPurchaseOrder:
    """``POST /purchase-orders``: a ``draft`` for a supplier."""

    supplier_id: Id
    lines: list[NewOrderLine]
    expected_date: date | None = None
    notes: Notes = ""


@attrs.frozen
class PurchaseOrderChanges:
    """``PATCH /purchase-orders/{id}`` (while ``draft``): the fields sent change; ``lines`` replaces them all."""

    supplier_id: Id | None = None
    lines: list[NewOrderLine] | None = None
    expected_date: date | None = None
    notes: Notes | None = None


@attrs.frozen
class ReceivedLineIn:
    line_id: Id
    quantity: Quantity
    serials: list[Serial] = attrs.Factory(list)


@attrs.frozen
class NewReceipt:
    """``POST /purchase-orders/{id}/receipts``: what came in, per line (never more than is outstanding)."""

    lines: list[ReceivedLineIn]


@attrs.frozen
class OrderQuery:
    """``GET /purchase-orders?status=&supplier_id=``."""

    status: StatusName | None = None
    supplier_id: int | None = None
