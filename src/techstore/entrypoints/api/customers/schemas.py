"""Answers of the customers endpoints (API.md, "Customers"). Request bodies are the
command classes of ``application.customers.commands``."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

import attrs

from techstore.application.customers.commands import PaidBy
from techstore.application.customers.ports import HistoryItem, Statement
from techstore.application.shared.pages import Page
from techstore.domain.customers.accounts import Movement
from techstore.domain.customers.customers import Customer

MovementTypeName = Literal["charge", "payment", "adjustment", "reversal", "refund"]
HistoryKindName = Literal["sale", "return", "repair", "payment"]


@attrs.frozen
class CustomerOut:
    id: int
    name: str
    email: str | None
    phone: str | None
    address: str | None
    tax_id: str | None
    notes: str | None
    credit_limit: Decimal | None
    balance: Decimal
    created_at: datetime
    updated_at: datetime
    accepts_email: bool  # emails about their repairs

    @classmethod
    def of(cls, c: Customer) -> CustomerOut:
        assert c.id is not None
        return cls(c.id, c.name, c.email, c.phone, c.address, c.tax_id, c.notes, c.credit_limit, c.balance,
                   c.created_at, c.updated_at, c.accepts_email)


@attrs.frozen
class CustomerPageOut:
    items: list[CustomerOut]
    total: int
    limit: int
    offset: int


@attrs.frozen
class MovementOut:
    id: int
    type: MovementTypeName
    amount: Decimal
    balance_before: Decimal
    balance_after: Decimal
    description: str
    sale_id: int | None
    repair_id: int | None
    created_by: int
    created_at: datetime
    # Beyond API.md: how a payment was made (cash, card, transfer); null for other movements.
    method: PaidBy | None

    @classmethod
    def of(cls, m: Movement) -> MovementOut:
        assert m.id is not None
        # A payment's method is never the account itself (``PaidBy``).
        return cls(m.id, m.type.value, m.amount, m.balance_before, m.balance_after, m.description, m.sale_id,
                   m.repair_id, m.created_by, m.created_at, m.method)  # type: ignore[arg-type]


@attrs.frozen
class MovementPageOut:
    """A page of a customer's movements, oldest first; with ``from``/``to``, the balance at either end
    of that period (a statement)."""

    items: list[MovementOut]
    total: int
    limit: int
    offset: int
    opening_balance: Decimal
    closing_balance: Decimal

    @classmethod
    def of(cls, statement: Statement) -> MovementPageOut:
        page = statement.movements
        return cls([MovementOut.of(m) for m in page.items], page.total, page.limit, page.offset,
                   statement.opening_balance, statement.closing_balance)


@attrs.frozen
class HistoryItemOut:
    """One line of a customer's history: a sale (``S-``), a return (``RT-``, its refund), a repair (``R-``, its
    price; null until priced) or a payment on account (no number; the amount paid, positive). ``id`` is the
    sale's, return's or repair's, or the payment's movement."""

    kind: HistoryKindName
    id: int
    number: str | None
    total: Decimal | None
    created_at: datetime

    @classmethod
    def of(cls, item: HistoryItem) -> HistoryItemOut:
        return cls(item.kind.value, item.id, item.number, item.total, item.created_at)


@attrs.frozen
class HistoryPageOut:
    """A page of a customer's history, newest first."""

    items: list[HistoryItemOut]
    total: int
    limit: int
    offset: int

    @classmethod
    def of(cls, page: Page[HistoryItem]) -> HistoryPageOut:
        return cls([HistoryItemOut.of(item) for item in page.items], page.total, page.limit, page.offset)
