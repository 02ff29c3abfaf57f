"""Inputs of the cash drawer use cases; the API reads its bodies straight into them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

import attrs

from techstore.application.shared.constraints import Money, Number, Sign, Text
from techstore.domain.cash.journal import EntryKind
from techstore.domain.cash.sessions import NOTE_MAX_LENGTH, REASON_MAX_LENGTH
from techstore.domain.shared.payments import PaymentMethod

MovementType = Literal["pay_in", "pay_out"]
SessionStatusName = Literal["open", "closed"]


@attrs.frozen
class OpenDrawer:
    """Open the caller's drawer with the cash it starts with (``POST /cash-sessions``)."""

    opening_float: Annotated[Decimal, Money(Sign.NOT_NEGATIVE)]


@attrs.frozen
class NewCashMovement:
    """Cash put in or taken out of the caller's open drawer, with a reason."""

    type: MovementType
    amount: Annotated[Decimal, Money(Sign.POSITIVE)]
    reason: Annotated[str, Text(max_length=REASON_MAX_LENGTH, blank=False)]


@attrs.frozen
class CloseDrawer:
    """Close a drawer with the cash counted in it."""

    counted_cash: Annotated[Decimal, Money(Sign.NOT_NEGATIVE)]
    note: Annotated[str, Text(max_length=NOTE_MAX_LENGTH, multiline=True)] | None = None


@attrs.frozen
class SessionQuery:
    status: SessionStatusName | None = None
    user_id: Annotated[int, Number(minimum=1)] | None = None



@attrs.frozen
class JournalQuery:
    """``GET /journal``: UTC days ``first`` to ``last`` (both included), a method, a kind, a cash session."""

    first: date | None = None
    last: date | None = None
    method: PaymentMethod | None = None
    kind: EntryKind | None = None
    cash_session_id: int | None = None
