"""Answers of the repairs endpoints (API.md, "Repairs"). Request bodies are the command classes of
``application.repairs.commands``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs

from techstore.application.repairs.commands import StatusName
from techstore.application.repairs.ports import Tracked
from techstore.domain.repairs.repairs import HistoryEntry, Repair, RepairPart
from techstore.domain.shared.payments import PaymentMethod


@attrs.frozen
class RepairPartOut:
    product_id: int
    sku: str
    name: str
    quantity: int
    unit_price: Decimal
    line_total: Decimal
    added_at: datetime

    @classmethod
    def of(cls, part: RepairPart) -> RepairPartOut:
        return cls(part.product_id, part.sku, part.name, part.quantity, part.unit_price, part.line_total,
                   part.added_at)


@attrs.frozen
class RepairPaymentOut:
    method: PaymentMethod
    amount: Decimal


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
    diagnosis: str | None
    price: Decimal | None
    promised_date: date | None
    received_at: datetime
    delivered_at: datetime | None
    created_by: int
    notes: str | None
    parts: list[RepairPartOut]
    # Beyond API.md: where the repair may go next (the status machine's table), and how delivery was paid.
    allowed_transitions: list[StatusName]
    payments: list[RepairPaymentOut]

    @classmethod
    def of(cls, repair: Repair) -> RepairOut:
        assert repair.id is not None and repair.number is not None
        return cls(repair.id, repair.number, repair.tracking_code, repair.status.value, repair.customer_id,
                   repair.equipment, repair.serial_number, repair.reported_problem, repair.accessories,
                   repair.diagnosis, repair.price, repair.promised_date, repair.received_at, repair.delivered_at,
                   repair.created_by, repair.notes, [RepairPartOut.of(p) for p in repair.parts],
                   [s.value for s in repair.allowed()],
                   [RepairPaymentOut(p.method, p.amount) for p in repair.payments])


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
    created_by: int
    created_at: datetime

    @classmethod
    def of(cls, entry: HistoryEntry) -> HistoryEntryOut:
        return cls(entry.from_status.value if entry.from_status else None,
                   entry.to_status.value, entry.note, entry.created_by, entry.created_at)


@attrs.frozen
class HistoryOut:
    items: list[HistoryEntryOut]


@attrs.frozen
class TrackedOut:
    """All the public may see: no customer, no price."""

    number: str
    equipment: str
    status: StatusName
    promised_date: date | None
    updated_at: datetime

    @classmethod
    def of(cls, found: Tracked) -> TrackedOut:
        return cls(found.number, found.equipment, found.status.value, found.promised_date,  # type: ignore[arg-type]
                   found.updated_at)
