"""The money journal: every amount that changes hands, or is put on a customer's account, is one entry.

An entry is signed (+ taken, − paid out) and names the document it belongs to (a sale, a return, a repair,
an account payment, a cash movement), the cash session that held it (cash, and every method taken while the
user's drawer was open, so the X report can total cards against the card terminal), the user and the time.
Entries are never changed: a void adds reversing entries. Everything that shows money taken reads them.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

import attrs

from techstore.domain.shared.payments import PaymentMethod
from techstore.domain.shared.time import utc

ZERO = Decimal("0.00")


class EntryKind(StrEnum):
    SALE = "sale"
    REFUND = "refund"  # money back for a return
    REPAIR_DEPOSIT = "repair_deposit"
    REPAIR_PAYMENT = "repair_payment"  # what a repair's delivery took
    REPAIR_REFUND = "repair_refund"  # a cancelled repair's deposits given back
    ACCOUNT_PAYMENT = "account_payment"  # a customer paying what they owe
    PAY_IN = "pay_in"  # cash put in the drawer (change from the bank)
    PAY_OUT = "pay_out"  # cash taken out (a courier paid at the door)
    REVERSAL = "reversal"  # undoes an entry of a voided document


# Money coming in takes a positive sign; these kinds pay out, so they are stored negative.
OUTGOING = frozenset({EntryKind.REFUND, EntryKind.REPAIR_REFUND, EntryKind.PAY_OUT})
DRAWER_MOVEMENTS = frozenset({EntryKind.PAY_IN, EntryKind.PAY_OUT})
RECEIVED = frozenset({EntryKind.ACCOUNT_PAYMENT, EntryKind.REPAIR_DEPOSIT, EntryKind.REPAIR_PAYMENT})


@attrs.frozen
class Tender:
    """Money offered by one method: always more than zero (the entry's kind says which way it goes)."""

    method: PaymentMethod
    amount: Decimal


@attrs.frozen
class Document:
    """What an entry belongs to: the ids that apply (a return names its sale and the sale's customer too)."""

    sale_id: int | None = None
    return_id: int | None = None
    repair_id: int | None = None
    customer_id: int | None = None
    movement_id: int | None = None  # the account movement it made or paid (a charge, a refund, a payment)


@attrs.frozen
class JournalEntry:
    id: int | None
    kind: EntryKind
    method: PaymentMethod
    amount: Decimal  # signed: + taken, − paid out
    document: Document
    cash_session_id: int | None
    user_id: int
    created_at: datetime = attrs.field(converter=utc)
    note: str | None = None  # a pay-in's or pay-out's reason
    reverses_id: int | None = None  # the entry a reversal undoes

    @classmethod
    def of(cls, kind: EntryKind, tender: Tender, document: Document, *, session_id: int | None, user_id: int,
           now: datetime, note: str | None = None) -> JournalEntry:
        amount = -tender.amount if kind in OUTGOING else tender.amount
        # The account movement belongs to the ``account`` part of a document (its charge or refund), or to the
        # whole of an account payment; the cash and card parts of a sale on account made no movement.
        if tender.method is not PaymentMethod.ACCOUNT and kind is not EntryKind.ACCOUNT_PAYMENT:
            document = attrs.evolve(document, movement_id=None)
        return cls(None, kind, tender.method, amount, document, session_id, user_id, now, note)

    def reversed(self, *, session_id: int | None, user_id: int, now: datetime) -> JournalEntry:
        """The entry that undoes this one: the opposite amount, by the same method, for the same document."""
        return JournalEntry(None, EntryKind.REVERSAL, self.method, -self.amount, self.document, session_id,
                            user_id, now, reverses_id=self.id)

