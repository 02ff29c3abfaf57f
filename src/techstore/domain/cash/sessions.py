"""A cash session: one user's drawer from the opening float to the count at the close.

While open, every amount the user takes or pays is a journal entry against it (``journal.py``), cash or not,
so the running figures (X) show totals by method; the drawer itself only holds the cash. The figures are
tallies of those signed entries: expected cash is the float plus every cash entry (sales less their
reversals, cash received on accounts and repairs, less cash refunds, plus pay-ins, less pay-outs). Closing
records the count and the difference (counted − expected: negative is short); a closed session never
changes again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

import attrs

from techstore.domain.cash.journal import DRAWER_MOVEMENTS, RECEIVED, EntryKind
from techstore.domain.shared.errors import Conflict
from techstore.domain.shared.money import within_range
from techstore.domain.shared.payments import PaymentMethod
from techstore.domain.shared.time import utc

ZERO = Decimal("0.00")
CASH = PaymentMethod.CASH.value
METHODS = tuple(method.value for method in PaymentMethod)  # the drawer's totals, by name
REASON_MAX_LENGTH = 200
NOTE_MAX_LENGTH = 1000


class SessionStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


# The input that carries an entry's amount, in the request that records it: where a refusal is reported.
FIELD_OF = {EntryKind.SALE: "payments", EntryKind.ACCOUNT_PAYMENT: "amount", EntryKind.REPAIR_DEPOSIT: "payments",
            EntryKind.REPAIR_PAYMENT: "payments", EntryKind.REFUND: "refunds", EntryKind.REPAIR_REFUND: "refunds",
            EntryKind.PAY_IN: "amount",
            EntryKind.PAY_OUT: "amount", EntryKind.REVERSAL: "reason"}


@attrs.frozen
class Tally:
    """How many entries of one kind and method, and their signed amount (+ in, − out)."""

    kind: EntryKind
    method: str
    count: int
    amount: Decimal


@attrs.frozen
class Movement:
    """A pay-in or pay-out (its journal entry), with its reason; ``amount`` > 0, the kind says the way."""

    id: int | None
    kind: EntryKind
    amount: Decimal
    reason: str
    created_at: datetime = attrs.field(converter=utc)


@attrs.frozen
class MethodTotal:
    count: int
    amount: Decimal  # money in less money out by this method


@attrs.define
class CashSession:
    id: int | None
    user_id: int
    status: SessionStatus
    opening_float: Decimal
    opened_at: datetime = attrs.field(converter=utc)
    closed_at: datetime | None = None
    counted_cash: Decimal | None = None
    closed_expected: Decimal | None = None  # expected cash as it stood at the close
    note: str | None = None
    tallies: Sequence[Tally] = ()
    movements: Sequence[Movement] = ()
    # Kept with the row, in the transaction of each cash entry: the sum of its cash entries (what the tallies
    # add up to), so the range of the expected cash is checked under the row's lock without summing them.
    cash_total: Decimal = ZERO

    @property
    def is_open(self) -> bool:
        return self.status is SessionStatus.OPEN

    def _cash(self, *kinds: EntryKind) -> Decimal:
        return sum((t.amount for t in self.tallies if t.kind in kinds and t.method == CASH), ZERO)

    @property
    def cash_sales(self) -> Decimal:
        """Cash sales less the cash of sales voided since (their reversals)."""
        return self._cash(EntryKind.SALE, EntryKind.REVERSAL)

    @property
    def cash_received(self) -> Decimal:
        return self._cash(*RECEIVED)

    @property
    def cash_refunds(self) -> Decimal:
        # not -x: a Decimal zero negated prints "-0.00"
        return ZERO - self._cash(EntryKind.REFUND, EntryKind.REPAIR_REFUND)

    @property
    def pay_ins(self) -> Decimal:
        return self._cash(EntryKind.PAY_IN)

    @property
    def pay_outs(self) -> Decimal:
        return ZERO - self._cash(EntryKind.PAY_OUT)

    @property
    def expected_cash(self) -> Decimal:
        """The float plus every cash entry; as it stood at the close once closed."""
        if self.closed_expected is not None:
            return self.closed_expected
        return self.opening_float + sum((t.amount for t in self.tallies if t.method == CASH), ZERO)

    @property
    def difference(self) -> Decimal | None:
        """Counted less expected once closed: negative when the drawer is short."""
        return None if self.counted_cash is None else self.counted_cash - self.expected_cash

    @property
    def totals_by_method(self) -> dict[str, MethodTotal]:
        """Per method, the number of entries (pay-ins and pay-outs aside) and money in less money out."""
        totals = {}
        for method in METHODS:
            count, amount = 0, ZERO
            for t in self.tallies:
                if t.method != method or t.kind in DRAWER_MOVEMENTS:
                    continue
                count += t.count
                amount += t.amount
            totals[method] = MethodTotal(count, amount)
        return totals

    def pay_out_allowed(self, amount: Decimal) -> None:
        """A pay-out never takes the expected cash below zero (409: the drawer does not hold it). ``self`` is
        the row as read under its lock, so no other amount can join meanwhile."""
        self.require_open()
        holds = self.opening_float + self.cash_total
        if amount > holds:
            raise Conflict(f"The drawer holds only {holds}: it cannot pay out {amount}.", field="amount")

    def take_cash(self, delta: Decimal, kind: EntryKind) -> None:
        """Cash (``delta``, signed) of an entry of ``kind`` joins this session, read under its lock: its expected
        cash stays within the money range (it is stored at the close, NUMERIC(12,2)), else 422 on the input
        that carried the entry (``FIELD_OF``), and the caller's transaction rolls back."""
        within_range(self.opening_float + self.cash_total + delta, FIELD_OF[kind], "the drawer's expected cash")
        self.cash_total += delta

    def require_open(self) -> None:
        if not self.is_open:
            raise Conflict(f"Cash session {self.id} is closed: it does not change any more.")

    def close(self, counted: Decimal, note: str | None, now: datetime) -> None:
        self.require_open()
        self.closed_expected = self.expected_cash
        self.counted_cash = counted
        self.note = note
        self.closed_at = utc(now)
        self.status = SessionStatus.CLOSED


def difference_words(difference: Decimal | None, written: Callable[[Decimal], str] = str) -> str:
    """``short 1.00``, ``over 0.50`` or ``exact``, as the Z report prints it (the amount as ``written``
    writes it: the pages write it in the store's locale)."""
    if difference is None:
        return ""
    if difference < ZERO:
        return f"short {written(-difference)}"
    if difference > ZERO:
        return f"over {written(difference)}"
    return "exact"
