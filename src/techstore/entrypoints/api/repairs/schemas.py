"""Answers of the repairs endpoints (API.md, "Repairs"). Request bodies are the command classes of
``application.repairs.commands``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

import attrs

from techstore.application.repairs.commands import CheckName, StatusName
from techstore.application.repairs.ports import Tracked
from techstore.domain.repairs.condition import Condition
from techstore.domain.repairs.lines import RepairLine
from techstore.domain.repairs.repairs import Deposit, HistoryEntry, Repair
from techstore.domain.shared.payments import PaymentMethod
from techstore.entrypoints.api.sales.schemas import PercentText

BY_CUSTOMER = "customer, through the tracking page"


@attrs.frozen
class RepairPartOut:
    """The older shape of a part line (``parts``), kept for clients written before lines."""

    product_id: int
    sku: str
    name: str
    quantity: int
    unit_price: Decimal
    line_total: Decimal
    added_at: datetime

    @classmethod
    def of(cls, part: RepairLine) -> RepairPartOut:
        assert part.product_id is not None
        return cls(part.product_id, part.sku or "", part.description, part.quantity, part.unit_price,
                   part.line_total, part.added_at)


@attrs.frozen
class RepairLineOut:
    id: int
    kind: Literal["labour", "part"]
    description: str
    product_id: int | None
    quantity: int
    unit_price: Decimal
    tax_rate: str  # the rate's name, as it was when the line was added
    tax_percent: PercentText
    net: Decimal
    tax: Decimal
    line_total: Decimal  # net + tax: what the line costs the customer
    serials: list[str]  # a serialized part's units (empty otherwise)

    @classmethod
    def of(cls, line: RepairLine) -> RepairLineOut:
        assert line.id is not None
        return cls(line.id, line.kind.value, line.description, line.product_id, line.quantity,
                   line.unit_price, line.tax_rate.name, str(line.tax_rate.percent), line.net, line.tax,
                   line.line_total, list(line.serials))


@attrs.frozen
class RepairPaymentOut:
    method: PaymentMethod
    amount: Decimal
    kind: Literal["deposit", "delivery", "refund"]


@attrs.frozen
class DepositOut:
    """A deposit's receipt."""

    id: int
    repair_id: int
    repair_number: str
    payments: list[RepairPaymentOut]
    total: Decimal
    created_by: int
    created_at: datetime

    @classmethod
    def of(cls, repair: Repair, deposit: Deposit) -> DepositOut:
        assert deposit.id is not None and repair.id is not None and repair.number is not None
        return cls(deposit.id, repair.id, repair.number,
                   [RepairPaymentOut(p.method, p.amount, p.kind.value) for p in deposit.payments],
                   deposit.total, deposit.created_by, deposit.created_at)


@attrs.frozen
class ConditionOut:
    notes: str | None
    screen: CheckName
    housing: CheckName
    buttons: CheckName
    camera: CheckName
    charging_port: CheckName
    water_damage: CheckName

    @classmethod
    def of(cls, condition: Condition) -> ConditionOut:
        return cls(condition.notes, *(check.value for _, _, check in condition.checks()))


@attrs.frozen
class RepairOut:
    id: int
    number: str
    tracking_code: str
    status: StatusName
    customer_id: int
    equipment: str
    serial_number: str | None
    reported_problem: str
    accessories: str | None
    condition: ConditionOut
    diagnosis: str | None
    lines: list[RepairLineOut]
    price: Decimal  # the lines' total, tax included
    tax_total: Decimal
    quote_total: Decimal | None  # the total last sent to the customer for approval
    deposits: Decimal  # what the deposits add up to
    to_pay: Decimal  # what delivery takes: the total less the deposits, nothing under warranty
    warranty: bool
    under_warranty_until: date | None  # the warranty found for this serial at intake
    related_repair_id: int | None  # the earlier repair whose warranty covers it
    # The serial of the sold unit (a serialized product sold here) this repair is, found at intake; null
    # otherwise. ``GET /api/v1/units/{serial}`` tells its product, sale and warranty.
    sold_unit: str | None
    promised_date: date | None
    received_at: datetime
    delivered_at: datetime | None
    created_by: int
    notes: str | None
    allowed_transitions: list[StatusName]
    # Beyond API.md: the older part lines, the deposits' receipts, delivery's payments and refunds, and this
    # repair's own warranty once delivered.
    parts: list[RepairPartOut]
    deposit_receipts: list[DepositOut]
    payments: list[RepairPaymentOut]
    warranty_until: date | None

    @classmethod
    def of(cls, repair: Repair) -> RepairOut:
        assert repair.id is not None and repair.number is not None
        return cls(repair.id, repair.number, repair.tracking_code, repair.status.value, repair.customer_id,
                   repair.equipment, repair.serial_number, repair.reported_problem, repair.accessories,
                   ConditionOut.of(repair.condition), repair.diagnosis,
                   [RepairLineOut.of(line) for line in repair.lines], repair.price, repair.tax_total,
                   repair.quote_total, repair.deposit_total, repair.to_pay, repair.warranty,
                   repair.under_warranty_until, repair.related_repair_id, repair.sold_unit, repair.promised_date,
                   repair.received_at, repair.delivered_at, repair.created_by, repair.notes,
                   [s.value for s in repair.allowed()], [RepairPartOut.of(p) for p in repair.parts],
                   [DepositOut.of(repair, d) for d in repair.deposits],
                   [RepairPaymentOut(p.method, p.amount, p.kind.value) for p in repair.payments],
                   repair.warranty_until)


@attrs.frozen
class RepairPageOut:
    items: list[RepairOut]
    total: int
    limit: int
    offset: int


@attrs.frozen
class HistoryEntryOut:
    from_status: StatusName | None
    to_status: StatusName
    note: str | None
    created_by: int | None  # null: the customer answered on the tracking page
    created_by_name: str  # the user's name, or "customer, through the tracking page"
    by_customer: bool
    created_at: datetime

    @classmethod
    def of(cls, entry: HistoryEntry) -> HistoryEntryOut:
        return cls(entry.from_status.value if entry.from_status else None,
                   entry.to_status.value, entry.note, entry.created_by,
                   BY_CUSTOMER if entry.by_customer else (entry.created_by_name or f"user {entry.created_by}"),
                   entry.by_customer, entry.created_at)


@attrs.frozen
class HistoryOut:
    items: list[HistoryEntryOut]


@attrs.frozen
class QuotedLineOut:
    description: str
    line_total: Decimal


@attrs.frozen
class QuoteOut:
    lines: list[QuotedLineOut]
    total: Decimal


@attrs.frozen
class TrackedOut:
    """All the public may see: no customer; the quote only while the repair awaits approval."""

    number: str
    equipment: str
    status: StatusName
    promised_date: date | None
    updated_at: datetime
    quote: QuoteOut | None

    @classmethod
    def of(cls, found: Tracked) -> TrackedOut:
        quote = None
        if found.quote_total is not None:
            quote = QuoteOut([QuotedLineOut(x.description, x.line_total) for x in found.quote], found.quote_total)
        return cls(found.number, found.equipment, found.status.value, found.promised_date,
                   found.updated_at, quote)
