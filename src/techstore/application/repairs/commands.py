"""Inputs of the repairs use cases; the API reads its bodies straight into them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

import attrs

from techstore.application.sales.commands import PaymentLine, Serials
from techstore.application.shared.constraints import Money, Number, Sign, Text
from techstore.domain.repairs.rules import (
    ACCESSORIES_MAX_LENGTH,
    CONDITION_MAX_LENGTH,
    CONFIRM_MAX_LENGTH,
    DIAGNOSIS_MAX_LENGTH,
    EQUIPMENT_MAX_LENGTH,
    LINE_DESCRIPTION_MAX_LENGTH,
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
CheckName = Literal["not_checked", "ok", "damaged"]
Note = Annotated[str, Text(max_length=NOTE_MAX_LENGTH, multiline=True)]


@attrs.frozen
class ConditionIn:
    """The device's condition at intake: free text and the checklist (``damaged`` for water damage: signs
    of it found)."""

    notes: Annotated[str, Text(max_length=CONDITION_MAX_LENGTH, multiline=True)] | None = None
    screen: CheckName = "not_checked"
    housing: CheckName = "not_checked"
    buttons: CheckName = "not_checked"
    camera: CheckName = "not_checked"
    charging_port: CheckName = "not_checked"
    water_damage: CheckName = "not_checked"


@attrs.frozen
class NewRepair:
    """A repair taken in (``POST /repairs``): status ``received``."""

    customer_id: Annotated[int, Number(minimum=1)]
    equipment: Equipment
    reported_problem: Problem
    serial_number: Serial | None = None
    accessories: Accessories | None = None
    condition: ConditionIn | None = None
    price: Price | None = None  # the older input: one labour line "Repair"
    promised_date: date | None = None
    warranty: bool = False  # only when the serial is under warranty (409 otherwise)
    notes: Notes | None = None
    deposits: list[PaymentLine] = attrs.Factory(list)  # beyond API.md: a deposit taken with the intake


@attrs.frozen
class RepairChanges:
    """``PATCH /repairs/{id}``: only the fields given change; null clears an optional one."""

    equipment: Equipment | None = None
    serial_number: Serial | None = None
    accessories: Accessories | None = None
    condition: ConditionIn | None = None
    diagnosis: Diagnosis | None = None
    price: Price | None = None  # sets the labour line "Repair" (null removes it)
    promised_date: date | None = None
    notes: Notes | None = None


@attrs.frozen
class Transition:
    to: StatusName
    note: Note | None = None


@attrs.frozen
class Delivery:
    """Payments add up to ``to_pay``: the total less the deposits, nothing under warranty."""

    payments: list[PaymentLine] = attrs.Factory(list)
    tendered: Annotated[Decimal, Money(Sign.POSITIVE)] | None = None


@attrs.frozen
class NewLine:
    """``labour``: description and amount (taxed at ``tax_rate_id``, else the default rate); ``part``: a
    product from stock and a quantity (its price and rate copied); a serialized product's ``serials`` name its
    units (exactly ``quantity``, each in stock: 422 on ``serials``, 409 naming those not in stock). ``requote``
    (only while ``in_repair``) adds it even past the approved quote and moves the repair back to
    ``awaiting_approval``: the new total becomes the quote and the customer is asked again."""

    kind: Literal["labour", "part"]
    description: Annotated[str, Text(max_length=LINE_DESCRIPTION_MAX_LENGTH, blank=False)] | None = None
    amount: Annotated[Decimal, Money(Sign.NOT_NEGATIVE)] | None = None
    tax_rate_id: Annotated[int, Number(minimum=1)] | None = None
    product_id: Annotated[int, Number(minimum=1)] | None = None
    quantity: Annotated[int, Number(minimum=1, maximum=MAX_PART_QUANTITY,
                                    message=f"must be from 1 to {MAX_PART_QUANTITY}")] | None = None
    serials: Serials | None = None
    requote: bool = False  # in repair, past the quote: add it and send the repair back for approval


@attrs.frozen
class QuoteAnswer:
    """Staff record the customer's answer to the quote (by phone, at the counter)."""

    approved: bool
    note: Note | None = None


@attrs.frozen
class OnlineAnswer:
    """The customer's answer on the tracking page, confirmed with the last four digits of the phone on file
    (or the email when there is no phone)."""

    approved: bool
    confirm: Annotated[str, Text(max_length=CONFIRM_MAX_LENGTH, blank=False)]


@attrs.frozen
class DepositIn:
    payments: list[PaymentLine]


@attrs.frozen
class Cancellation:
    """Refunds give the deposits back: together exactly the deposits (none without deposits)."""

    note: Note | None = None
    refunds: list[PaymentLine] = attrs.Factory(list)


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
