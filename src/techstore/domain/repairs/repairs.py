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

from techstore.domain.repairs.condition import NOT_RECORDED, Condition
from techstore.domain.repairs.lines import LineKind, RepairLine, lines_total, tax_total
from techstore.domain.shared.errors import Conflict, FieldProblems
from techstore.domain.shared.money import out_of_range
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
NEEDS_LINES = Requirement(lambda r: bool(r.lines), "at least one line (labour or part)")

# from -> {to: preconditions}. Delivery (ready -> delivered) goes only through ``deliver``, which takes payment.
TRANSITIONS: Mapping[RepairStatus, Mapping[RepairStatus, tuple[Requirement, ...]]] = {
    S.RECEIVED: {S.DIAGNOSING: (), S.CANCELLED: ()},
    S.DIAGNOSING: {S.AWAITING_APPROVAL: (NEEDS_DIAGNOSIS, NEEDS_LINES), S.READY: (NEEDS_DIAGNOSIS,),
                   S.CANCELLED: ()},
    S.AWAITING_APPROVAL: {S.IN_REPAIR: (), S.READY: (NEEDS_DIAGNOSIS,), S.CANCELLED: ()},
    S.IN_REPAIR: {S.WAITING_FOR_PARTS: (), S.AWAITING_APPROVAL: (NEEDS_DIAGNOSIS, NEEDS_LINES),
                  S.READY: (NEEDS_DIAGNOSIS,), S.CANCELLED: ()},
    S.WAITING_FOR_PARTS: {S.IN_REPAIR: (), S.CANCELLED: ()},
    S.READY: {S.DELIVERED: ()},
    S.DELIVERED: {},
    S.CANCELLED: {},
}
# Moves only a dedicated use case makes (delivery takes payment).
THROUGH_DELIVERY = frozenset({S.DELIVERED})
# Once approved, the lines may grow only up to the quote: beyond it the customer is asked again.
WITHIN_QUOTE = frozenset({S.IN_REPAIR, S.WAITING_FOR_PARTS, S.READY})


def targets(status: RepairStatus) -> list[RepairStatus]:
    """Where a repair in ``status`` may go, in the table's order."""
    return list(TRANSITIONS[status])


def repair_number(value: int) -> str:
    return f"{NUMBER_PREFIX}{value:06d}"


class MoneyKind(StrEnum):
    DEPOSIT = "deposit"  # taken before delivery
    DELIVERY = "delivery"  # what delivery took: the total less the deposits
    REFUND = "refund"  # deposits given back when the repair is cancelled


@attrs.frozen
class HistoryEntry:
    from_status: RepairStatus | None  # None: the intake
    to_status: RepairStatus
    note: str | None
    created_by: int | None  # None: the customer, through the tracking page
    created_at: datetime = attrs.field(converter=utc)
    created_by_name: str | None = None  # filled when read

    @property
    def by_customer(self) -> bool:
        return self.created_by is None


@attrs.frozen
class RepairPayment:
    method: PaymentMethod = attrs.field(converter=PaymentMethod)  # the stores hand back its name
    amount: Decimal
    kind: MoneyKind = attrs.field(default=MoneyKind.DELIVERY, converter=MoneyKind)
    deposit_id: int | None = None  # the deposit (its receipt) a deposit's payment belongs to


@attrs.frozen
class Deposit:
    """Money taken before delivery, with its own receipt: one or more payments."""

    id: int | None
    payments: tuple[RepairPayment, ...]
    created_by: int
    created_at: datetime = attrs.field(converter=utc)

    @property
    def total(self) -> Decimal:
        return sum((p.amount for p in self.payments), ZERO)


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
    promised_date: date | None
    received_at: datetime = attrs.field(converter=utc)
    created_by: int = 0
    notes: str | None = None
    delivered_at: datetime | None = None
    updated_at: datetime | None = None
    charge_id: int | None = None
    customer_name: str = ""  # copied at intake, so the list shows and searches it without a join
    condition: Condition = NOT_RECORDED
    lines: list[RepairLine] = attrs.Factory(list)
    quote_total: Decimal | None = None  # the lines' total when last sent for approval
    deposits: list[Deposit] = attrs.Factory(list)
    payments: list[RepairPayment] = attrs.Factory(list)  # delivery's, then a cancellation's refunds
    warranty: bool = False  # done under warranty: nothing to pay
    related_repair_id: int | None = None  # the earlier repair whose warranty covers this serial
    under_warranty_until: date | None = None  # the warranty found at intake for this serial
    warranty_until: date | None = None  # this repair's own warranty, from its delivery
    price_cache: Decimal | None = None  # the stored lines' total, for lists read without their lines
    wrong_answers: int = 0  # wrong confirmations on the tracking page since the last lock
    answers_locked_until: datetime | None = None
    unit_id: int | None = None  # the sold unit (a serialized product) this repair's serial is, found at intake

    @property
    def sold_unit(self) -> str | None:
        """The serial of the sold unit this repair is (its serial number, as found at intake), if it is one."""
        return self.serial_number if self.unit_id is not None else None

    @property
    def is_final(self) -> bool:
        return self.status in FINAL

    @property
    def is_open(self) -> bool:
        return not self.is_final

    @property
    def price(self) -> Decimal:
        """The lines' total, tax included (read-only: lines make it)."""
        return self.price_cache if self.price_cache is not None else lines_total(self.lines)

    @property
    def tax_total(self) -> Decimal:
        return tax_total(self.lines)

    @property
    def parts(self) -> list[RepairLine]:
        return [line for line in self.lines if line.kind is LineKind.PART]

    @property
    def deposit_total(self) -> Decimal:
        return sum((d.total for d in self.deposits), ZERO)

    @property
    def to_pay(self) -> Decimal:
        """What delivery takes: nothing under warranty, else the total less the deposits (never below 0)."""
        return ZERO if self.warranty else max(ZERO, self.price - self.deposit_total)

    @property
    def paid_total(self) -> Decimal:
        """What the customer paid for it: deposits and delivery's payments (refunds aside)."""
        return self.deposit_total + sum((p.amount for p in self.delivery_payments), ZERO)

    @property
    def delivery_payments(self) -> list[RepairPayment]:
        return [p for p in self.payments if p.kind is MoneyKind.DELIVERY]

    @property
    def refunds(self) -> list[RepairPayment]:
        return [p for p in self.payments if p.kind is MoneyKind.REFUND]

    def allowed(self) -> list[RepairStatus]:
        return targets(self.status)

    def require_editable(self) -> None:
        if self.is_final:
            raise Conflict(f"Repair {self.number} is {self.status.words}: it can no longer be changed.")

    def move(self, to: RepairStatus, *, through_delivery: bool = False, through_cancel: bool = False) -> RepairStatus:
        """Check the move against ``TRANSITIONS`` and make it; returns the status it left.
        ``Conflict`` names the allowed targets (or the missing preconditions). Entering ``awaiting_approval``
        makes the lines' total the quote."""
        allowed = TRANSITIONS[self.status]
        if to not in allowed or (to in THROUGH_DELIVERY and not through_delivery):
            listed = ", ".join(s.value for s in allowed) or "none (final)"
            hint = " (delivered only through delivery, with payment)" if to in THROUGH_DELIVERY else ""
            raise Conflict(f"Repair {self.number} cannot move from {self.status.value} to {to.value}{hint}. "
                           f"Allowed: {listed}.", field="to")
        missing = [req.missing for req in allowed[to] if not req.holds(self)]
        if missing:
            raise Conflict(f"Moving to {to.words} needs " + " and ".join(missing) + ".", field="to")
        if to is S.CANCELLED and self.deposits and not through_cancel:
            raise Conflict(f"Repair {self.number} holds deposits of {self.deposit_total}: cancel it with their "
                           "refunds.", field="to")
        left = self.status
        self.status = to
        if to is S.AWAITING_APPROVAL:
            self.quote_total = self.price
        return left

    @property
    def lines_open(self) -> bool:
        """Whether lines may be added or removed now: not once final, nor while the quote is with the customer."""
        return self.is_open and self.status is not S.AWAITING_APPROVAL

    def require_lines_open(self) -> None:
        """Refused (409) once final, and while the customer is asked: the quote they were sent (the lines' total
        on entering ``awaiting_approval``) stands until their answer is recorded, so what they approve is the
        total they saw."""
        self.require_editable()
        if self.status is S.AWAITING_APPROVAL:
            raise Conflict(f"{self.number}'s quote of {self.quote_total} is with the customer: record their answer "
                           "first (approved, then add work up to the quote; declined, then ready).")

    def add_line(self, line: RepairLine, *, requote: bool = False) -> None:
        """The line joins the repair. Refused past the money range (422 on ``quantity`` for a part, ``amount`` for
        labour), while the quote is with the customer (409), and while approved work is under way, past the
        approved quote (409): the customer is asked again first. ``requote`` (only ``in_repair``) lets it pass the
        quote: the caller then moves the repair back to ``awaiting_approval``, which makes the new total the
        quote."""
        self.require_lines_open()
        problems = FieldProblems()
        field = "quantity" if line.is_part else "amount"  # what the request named: a part's quantity sets its total
        problems.check(field, out_of_range(line.line_total, f"the line {line.description}"))
        price = self.price + line.line_total
        problems.check(field, out_of_range(price, "the repair's total"))
        problems.raise_if_any()
        if requote and self.status is not S.IN_REPAIR:
            raise Conflict(f"Repair {self.number} is {self.status.words}: only a repair in repair goes back to the "
                           "customer with a new quote.", field="requote")
        if not requote and self.status in WITHIN_QUOTE and self.quote_total is not None and price > self.quote_total:
            hint = (" To add it, ask the customer again (requote): the repair goes back to awaiting approval, "
                    "the new total its quote." if self.status is S.IN_REPAIR else "")
            raise Conflict(f"That would bring repair {self.number} to {price}, beyond the approved quote of "
                           f"{self.quote_total}.{hint}", field=field)
        self.lines.append(line)

    def remove_line(self, line_id: int) -> RepairLine:
        self.require_lines_open()
        for index, line in enumerate(self.lines):
            if line.id == line_id:
                del self.lines[index]
                return line
        raise LookupError(line_id)

    def add_deposit(self, deposit: Deposit) -> None:
        """Deposits are taken any time before delivery (or cancellation). The deposit's total, and the repair's
        deposits with it (what a cancellation refunds), stay within the money range (422 on ``payments``)."""
        self.require_editable()
        problems = FieldProblems()
        problems.check("payments", out_of_range(deposit.total, "the deposit")
                       or out_of_range(self.deposit_total + deposit.total, "the repair's deposits"))
        problems.raise_if_any()
        self.deposits.append(deposit)

    def require_deliverable(self) -> None:
        """Only from ``ready``; deposits beyond the total would leave money to give back, which delivery does
        not do: the counter adds the work first, or cancels (refunding them)."""
        if self.status is not S.READY:
            self.move(S.DELIVERED, through_delivery=True)  # raises, listing the allowed moves
        if not self.warranty and self.deposit_total > self.price:
            raise Conflict(f"Repair {self.number} holds deposits of {self.deposit_total}, more than its total of "
                           f"{self.price}.", field="payments")
