"""Inputs of the repairs use cases; the API reads its bodies straight into them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

import attrs

from techstore.application.sales.commands import PaymentLine
from techstore.application.shared.constraints import Money, Number, Sign, Text
from techstore.domain.repairs.rules import (
    ACCESSORIES_MAX_LENGTH,
    DIAGNOSIS_MAX_LENGTH,
    EQUIPMENT_MAX_LENGTH,
    MAX_PART_QUANTITY,
    NOTE_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    PROBLEM_MAX_LENGTH,
    SEARCH_MAX_LENGTH,
    SERIAL_MAX_LENGTH,
)

StatusName = Literal["received", "diagnosing", "awaiting_approval", "in_repair", "waiting_for_parts", "ready",
                     "delivered", "cancelled"]
Equipment = Annotated[str, Text(max_length=EQUIPMENT_MAX_LENGTH, blank=False)]
Serial = Annotated[str, Text(max_length=SERIAL_MAX_LENGTH)]
Problem = Annotated[str, Text(max_length=PROBLEM_MAX_LENGTH, blank=False, multiline=True)]
Accessories = Annotated[str, Text(max_length=ACCESSORIES_MAX_LENGTH, multiline=True)]
Diagnosis = Annotated[str, Text(max_length=DIAGNOSIS_MAX_LENGTH, multiline=True)]
Notes = Annotated[str, Text(max_length=NOTES_MAX_LENGTH, multiline=True)]
Price = Annotated[Decimal, Money(Sign.NOT_NEGATIVE)]
SEARCH = Text(max_length=SEARCH_MAX_LENGTH)


@attrs.frozen
class NewRepair:
    """A repair taken in (``POST /repairs``): status ``received``."""

    customer_id: Annotated[int, Number(minimum=1)]
    equipment: Equipment
    reported_problem: Problem
    serial_number: Serial | None = None
    accessories: Accessories | None = None
    price: Price | None = None
    promised_date: date | None = None
    notes: Notes | None = None


@attrs.frozen
class RepairChanges:
    """``PATCH /repairs/{id}``: only the fields given change; null clears an optional one."""

    equipment: Equipment | None = None
    serial_number: Serial | None = None
    accessories: Accessories | None = None
    diagnosis: Diagnosis | None = None
    price: Price | None = None
    promised_date: date | None = None
    notes: Notes | None = None


@attrs.frozen
class Transition:
    to: StatusName
    note: Annotated[str, Text(max_length=NOTE_MAX_LENGTH, multiline=True)] | None = None


@attrs.frozen
class Delivery:
    payments: list[PaymentLine]


@attrs.frozen
class PartUsed:
    product_id: Annotated[int, Number(minimum=1)]
    quantity: Annotated[int, Number(minimum=1, maximum=MAX_PART_QUANTITY,
                                    message=f"must be from 1 to {MAX_PART_QUANTITY}")]


@attrs.frozen
class RepairQuery:
    status: StatusName | None = None
    customer_id: int | None = None
    q: str | None = None  # number, customer name, serial number / IMEI
    open_only: bool = False  # the board: only repairs still in the workshop
