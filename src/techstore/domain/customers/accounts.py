"""Account movements: the only way a customer's balance changes.

Each movement records the balance before and after it, so the chain of a
customer's movements can be checked: each one starts where the previous one
ended, and the last one ends at the balance. Movements are never changed.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

import attrs

from techstore.domain.shared.errors import Conflict, ValidationFailed
from techstore.domain.shared.money import out_of_range
from techstore.domain.shared.payments import PaymentMethod
from techstore.domain.shared.time import utc

ZERO = Decimal("0.00")


class MovementType(StrEnum):
    CHARGE = "charge"  # + a sale or repair paid on account
    PAYMENT = "payment"  # - the customer paying
    ADJUSTMENT = "adjustment"  # ± an admin, with a reason
    REVERSAL = "reversal"  # the opposite of the charge it reverses
    REFUND = "refund"  # - a return refunded to the account


@attrs.define
class Movement:
    id: int | None
    customer_id: int
    type: MovementType
    amount: Decimal
    balance_before: Decimal
    balance_after: Decimal
    description: str
    created_by: int
    created_at: datetime = attrs.field(converter=utc)
    sale_id: int | None = None
    repair_id: int | None = None
    method: PaymentMethod | None = None
    # The charge a reversal undoes (a charge is reversed at most once).
    reverses_id: int | None = None


@attrs.frozen
class Entry:
    """What a movement is about, before it is placed on the account."""

    type: MovementType
    amount: Decimal
    description: str
    created_by: int
    created_at: datetime
    sale_id: int | None = None
    repair_id: int | None = None
    method: PaymentMethod | None = None
    reverses_id: int | None = None


def check_sign(entry: Entry) -> None:
    """Each type of movement moves the balance one way (adjustments either way, never by nothing)."""
    kind, amount = entry.type, entry.amount
    if kind is MovementType.CHARGE and amount <= 0:
        raise ValidationFailed.single("amount", "a charge must be more than 0")
    if kind in (MovementType.PAYMENT, MovementType.REFUND) and amount >= 0:
        raise ValidationFailed.single("amount", f"a {kind.value} must lower the balance (less than 0)")
    if kind is MovementType.ADJUSTMENT and amount == 0:
        raise ValidationFailed.single("amount", "must not be 0")
    if kind is MovementType.REVERSAL and amount == 0:
        raise ValidationFailed.single("amount", "must not be 0")


def place(entry: Entry, *, customer_id: int, balance: Decimal, credit_limit: Decimal | None,
          field: str | None = "amount") -> Movement:
    """The movement ``entry`` makes on an account whose balance is ``balance`` (read under a lock).

    Rules: the sign fits the type; a charge may not take the balance above the
    credit limit (409); no balance leaves the money range: 422 on ``field``, the
    input that carried the amount (``payments`` for a sale on account), or 409 when
    no input did (``None``: a void reverses what the sale charged)."""
    check_sign(entry)
    after = balance + entry.amount
    if entry.type is MovementType.CHARGE and credit_limit is not None and after > credit_limit:
        raise Conflict(
            f"The charge of {entry.amount} would take the balance to {after}, above the credit limit of "
            f"{credit_limit}.", field="amount")
    beyond = out_of_range(after, "the balance")
    if beyond is not None:
        if field is None:
            raise Conflict(beyond[:1].upper() + beyond[1:] + ".")
        raise ValidationFailed.single(field, beyond)
    return Movement(
        id=None, customer_id=customer_id, type=entry.type, amount=entry.amount, balance_before=balance,
        balance_after=after, description=entry.description, created_by=entry.created_by,
        created_at=entry.created_at, sale_id=entry.sale_id, repair_id=entry.repair_id, method=entry.method,
        reverses_id=entry.reverses_id,
    )
