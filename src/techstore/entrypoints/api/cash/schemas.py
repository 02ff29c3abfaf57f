"""Answers of the cash drawer endpoints (API.md, "Cash drawer")."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

import attrs

from techstore.application.cash.commands import MovementType, SessionStatusName
from techstore.domain.cash.journal import JournalEntry
from techstore.domain.cash.sessions import CashSession, Movement


@attrs.frozen
class MethodTotalOut:
    count: int
    amount: Decimal


@attrs.frozen
class TotalsByMethodOut:
    cash: MethodTotalOut
    card: MethodTotalOut
    transfer: MethodTotalOut
    account: MethodTotalOut


@attrs.frozen
class CashMovementOut:
    id: int
    type: MovementType
    amount: Decimal
    reason: str
    created_at: datetime

    @classmethod
    def of(cls, movement: Movement) -> CashMovementOut:
        assert movement.id is not None
        kind: Literal["pay_in", "pay_out"] = "pay_in" if movement.kind.value == "pay_in" else "pay_out"
        return cls(movement.id, kind, movement.amount, movement.reason, movement.created_at)


@attrs.frozen
class CashSessionOut:
    id: int
    user_id: int
    status: SessionStatusName
    opening_float: Decimal
    opened_at: datetime
    closed_at: datetime | None
    cash_sales: Decimal
    cash_received: Decimal
    cash_refunds: Decimal
    pay_ins: Decimal
    pay_outs: Decimal
    expected_cash: Decimal
    counted_cash: Decimal | None
    difference: Decimal | None
    totals_by_method: TotalsByMethodOut
    movements: list[CashMovementOut]
    note: str | None

    @classmethod
    def of(cls, s: CashSession) -> CashSessionOut:
        assert s.id is not None
        totals = {name: MethodTotalOut(t.count, t.amount) for name, t in s.totals_by_method.items()}
        status: SessionStatusName = "open" if s.is_open else "closed"
        return cls(s.id, s.user_id, status, s.opening_float, s.opened_at, s.closed_at, s.cash_sales,
                   s.cash_received, s.cash_refunds, s.pay_ins, s.pay_outs, s.expected_cash, s.counted_cash,
                   s.difference, TotalsByMethodOut(**totals), [CashMovementOut.of(m) for m in s.movements], s.note)


@attrs.frozen
class CashSessionPageOut:
    items: list[CashSessionOut]
    total: int
    limit: int
    offset: int


@attrs.frozen
class JournalEntryOut:
    """API.md "Journal": an entry never changes; ``amount`` is signed (+ taken, − paid out)."""

    id: int
    kind: Literal["sale", "refund", "repair_deposit", "repair_payment", "repair_refund", "account_payment", "pay_in",
                  "pay_out", "reversal"]
    method: Literal["cash", "card", "transfer", "account"]
    amount: Decimal
    sale_id: int | None
    return_id: int | None
    repair_id: int | None
    customer_id: int | None
    movement_id: int | None
    cash_session_id: int | None
    user_id: int
    created_at: datetime

    @classmethod
    def of(cls, entry: JournalEntry) -> JournalEntryOut:
        assert entry.id is not None
        d = entry.document
        return cls(entry.id, entry.kind.value, entry.method.value, entry.amount,
                   d.sale_id, d.return_id, d.repair_id, d.customer_id, d.movement_id, entry.cash_session_id,
                   entry.user_id, entry.created_at)


@attrs.frozen
class JournalPageOut:
    items: list[JournalEntryOut]
    total: int
    limit: int
    offset: int
