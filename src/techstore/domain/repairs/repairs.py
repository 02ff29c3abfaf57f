"""A repair order and its status machine.

``TRANSITIONS`` is the one table of allowed moves and their preconditions: the use case enforces it,
the API lists its targets in a 409, and the repair page shows only the buttons it allows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

import attrs

from techstore.domain.shared.errors import Conflict, FieldProblems
from techstore.domain.shared.money import out_of_range, round_cents
from techstore.domain.shared.payments import PaymentMethod
from techstore.domain.shared.time import utc

NUMBER_PREFIX = "R-"
ZERO = Decimal("0.00")


class RepairStatus(StrEnum):
    RECEIVED = "received"
    DIAGNOSING = "diagnosing"
    AWAITING_APPROVAL = "awaiting_approval"
    IN_REPAIR = "in_repair"
    WAITING_FOR_PARTS = "waiting_for_parts"
    READY = "ready"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return self.words.capitalize()

    @property
    def words(self) -> str:
        """The status as a sentence says it ("awaiting approval"), for messages people read."""
        return self.value.replace("_", " ")


S = RepairStatus
FINAL = frozenset({S.DELIVERED, S.CANCELLED})


@attrs.frozen
class Requirement:
    """A precondition of a move: ``holds`` on the repair, or the move is refused with ``missing``."""

    holds: Callable[[Repair], bool]
    missing: str


NEEDS_DIAGNOSIS = Requirement(lambda r: bool(r.diagnosis), "a diagnosis")
NEEDS_PRICE = Requirement(lambda r: r.price is not None, "a price")

# from -> {to: preconditions}. Delivery (ready -> delivered) goes only through ``deliver``, which takes payment.
TRANSITIONS: Mapping[RepairStatus, Mapping[RepairStatus, tuple[Requirement, ...]]] = {
    S.RECEIVED: {S.DIAGNOSING: (), S.CANCELLED: ()},
    S.DIAGNOSING: {S.AWAITING_APPROVAL: (NEEDS_DIAGNOSIS, NEEDS_PRICE), S.READY: (NEEDS_DIAGNOSIS,),
                   S.CANCELLED: ()},
    S.AWAITING_APPROVAL: {S.IN_REPAIR: (), S.READY: (NEEDS_DIAGNOSIS,), S.CANCELLED: ()},
    S.IN_REPAIR: {S.WAITING_FOR_PARTS: (), S.READY: (NEEDS_DIAGNOSIS,), S.CANCELLED: ()},
    S.WAITING_FOR_PARTS: {S.IN_REPAIR: (), S.CANCELLED: ()},
    S.READY: {S.DELIVERED: ()},
    S.DELIVERED: {},
    S.CANCELLED: {},
}
# Moves only a dedicated use case makes (delivery takes payment).
THROUGH_DELIVERY = frozenset({S.DELIVERED})


def targets(status: RepairStatus) -> list[RepairStatus]:
    """Where a repair in ``status`` may go, in the table's order."""
    return list(TRANSITIONS[status])


def repair_number(value: int) -> str:
    return f"{NUMBER_PREFIX}{value:06d}"


@attrs.frozen
class RepairPart:
    """A product consumed by the repair, its price copied when used."""

    product_id: int
    sku: str
    name: str
    quantity: int
    unit_price: Decimal
    line_total: Decimal
    added_by: int
    added_at: datetime = attrs.field(converter=utc)


@attrs.frozen
class HistoryEntry:
    from_status: RepairStatus | None  # None: the intake
    to_status: RepairStatus
    note: str | None
    created_by: int
    created_at: datetime = attrs.field(converter=utc)


@attrs.frozen
class RepairPayment:
    method: PaymentMethod = attrs.field(converter=PaymentMethod)  # the stores hand back its name
    amount: Decimal


@attrs.define
class Repair:
    id: int | None
    number: str | None  # given inside the intake's transaction (gap-free)
    tracking_code: str
    status: RepairStatus
    customer_id: int
    equipment: str
    serial_number: str | None
    reported_problem: str
    accessories: str | None
    diagnosis: str | None
    price: Decimal | None
    promised_date: date | None
    received_at: datetime = attrs.field(converter=utc)
    created_by: int = 0
    notes: str | None = None
    delivered_at: datetime | None = None
    updated_at: datetime | None = None
    charge_id: int | None = None
    customer_name: str = ""  # copied at intake, so the list shows and searches it without a join
    parts: list[RepairPart] = attrs.Factory(list)
    payments: list[RepairPayment] = attrs.Factory(list)

    @property
    def is_final(self) -> bool:
        return self.status in FINAL

    @property
    def is_open(self) -> bool:
        return not self.is_final

    def allowed(self) -> list[RepairStatus]:
        return targets(self.status)

    def require_editable(self) -> None:
        if self.is_final:
            raise Conflict(f"Repair {self.number} is {self.status.words}: it can no longer be changed.")

    def move(self, to: RepairStatus, *, through_delivery: bool = False) -> RepairStatus:
        """Check the move against ``TRANSITIONS`` and make it; returns the status it left.
        ``Conflict`` names the allowed targets (or the missing preconditions)."""
        allowed = TRANSITIONS[self.status]
        if to not in allowed or (to in THROUGH_DELIVERY and not through_delivery):
            listed = ", ".join(s.value for s in allowed) or "none (final)"
            hint = " (delivered only through delivery, with payment)" if to in THROUGH_DELIVERY else ""
            raise Conflict(f"Repair {self.number} cannot move from {self.status.value} to {to.value}{hint}. "
                           f"Allowed: {listed}.", field="to")
        missing = [req.missing for req in allowed[to] if not req.holds(self)]
        if missing:
            raise Conflict(f"Moving to {to.words} needs " + " and ".join(missing) + ".", field="to")
        left = self.status
        self.status = to
        return left

    def add_part(self, part: RepairPart) -> None:
        """The part's line joins the repair and its total the price; neither may leave the money range
        (422 on ``quantity``, what the part's request sets)."""
        self.require_editable()
        problems = FieldProblems()
        problems.check("quantity", out_of_range(part.line_total, f"the total of the part {part.sku}"))
        price = round_cents((self.price or ZERO) + part.line_total)
        problems.check("quantity", out_of_range(price, "the repair's price"))
        problems.raise_if_any()
        self.parts.append(part)
        self.price = price
