"""What ``techstore check money`` finds wrong: the values the ``money_audit`` query port answers with, and
the rule of a journal entry that belongs to no document.

Amounts are signed as the journal holds them (+ taken, − paid out): a return's refunds of 12.50 should have
refund entries adding up to −12.50, an account payment of 30.00 (a movement of −30.00) an entry of +30.00.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from techstore.domain.cash.journal import DRAWER_MOVEMENTS, EntryKind
from techstore.domain.reports.figures import ZERO

# What each kind of entry must name: the document it belongs to.
NAMES = {
    EntryKind.SALE: "sale_id", EntryKind.REVERSAL: "sale_id", EntryKind.REFUND: "return_id",
    EntryKind.REPAIR_DEPOSIT: "repair_id", EntryKind.REPAIR_PAYMENT: "repair_id", EntryKind.REPAIR_REFUND: "repair_id",
    EntryKind.ACCOUNT_PAYMENT: "movement_id", EntryKind.PAY_IN: "cash_session_id",
    EntryKind.PAY_OUT: "cash_session_id",
}
KINDS = tuple(kind.value for kind in EntryKind)


@attrs.frozen
class DocumentMismatch:
    """A document whose journal entries (of ``entries`` kinds, by ``method``, or every method when None) do
    not add up to what the document says (``expected``)."""

    document: str  # "sale", "return", "repair", "account payment"
    document_id: int
    reference: str  # its number, or the customer's name for an account payment
    method: str | None
    entries: str  # which entries were added up, as the message names them
    expected: Decimal
    found: Decimal
    says: str  # what in the document gives ``expected``

    def describe(self) -> str:
        by = f", {self.method}" if self.method else ""
        return (f"{self.document} {self.reference} (id {self.document_id}){by}: its {self.entries} entries add up "
                f"to {self.found}, {self.says} {self.expected}")


@attrs.frozen
class LooseEntry:
    """A journal entry that belongs to no document it could: see ``loose_problem``."""

    entry_id: int
    kind: str
    method: str
    amount: Decimal
    problem: str

    def describe(self) -> str:
        return f"journal entry {self.entry_id} ({self.kind}, {self.method} {self.amount}): {self.problem}"


@attrs.frozen
class SessionMismatch:
    """A cash session whose running cash total is not the sum of its cash entries, or (closed) whose stored
    expected cash is not its float plus its cash entries."""

    session_id: int
    user_name: str
    opening_float: Decimal
    stored: Decimal | None  # None while open
    cash_entries: Decimal
    cash_total: Decimal | None = None  # the row's running total, when it differs from the entries

    @property
    def computed(self) -> Decimal:
        return self.opening_float + self.cash_entries

    def describe(self) -> str:
        problems = []
        if self.cash_total is not None:
            problems.append(f"its running cash total is {self.cash_total}, but its cash entries add up to "
                            f"{self.cash_entries}")
        if self.stored is not None and self.stored != self.computed:
            problems.append(f"expected cash stored at the close {self.stored}, but its float {self.opening_float} "
                            f"plus its cash entries {self.cash_entries} make {self.computed}")
        return f"cash session {self.session_id} ({self.user_name}): " + "; ".join(problems)


@attrs.frozen
class RollupMismatch:
    """A row of a daily rollup (``figures``: what it holds, by name) that is not what the documents of its
    day add up to (``documents``; None on either side when that side has no such row)."""

    rollup: str  # "days", "products", "methods", "taxes"
    day: str
    key: str  # the row's key within its day: a product id, a method and kind, a rate
    rolled: str | None
    documents: str | None
    against: str = "the documents"  # a month's or year's rows are held to its days' rows

    def describe(self) -> str:
        key = f" {self.key}" if self.key else ""
        return (f"report rollup, {self.rollup} of {self.day}{key}: rolled up as {self.rolled or 'nothing'}, "
                f"{self.against} add up to {self.documents or 'nothing'}")


@attrs.frozen
class RevenueTotals:
    """The period's revenue summed straight from the documents, without local days."""

    sales_count: int = 0
    sales_amount: Decimal = ZERO
    returns_count: int = 0
    refunded: Decimal = ZERO
    repairs_count: int = 0
    repairs_amount: Decimal = ZERO
    repairs_parts: Decimal = ZERO


def loose_problem(kind: str, *, sale_id: int | None, return_id: int | None, repair_id: int | None,
                  movement_id: int | None, cash_session_id: int | None, repair_delivered: bool) -> str | None:
    """Why an entry belongs to no document it could (None when it does): a kind the journal does not know,
    a missing document id for its kind, or a repair's payment on a repair not delivered."""
    if kind not in KINDS:
        return f"the kind {kind!r} is not one the journal knows"
    entry_kind = EntryKind(kind)
    named = {"sale_id": sale_id, "return_id": return_id, "repair_id": repair_id, "movement_id": movement_id,
             "cash_session_id": cash_session_id}
    missing = NAMES[entry_kind]
    if named[missing] is None:
        what = "cash session" if entry_kind in DRAWER_MOVEMENTS else missing.removesuffix("_id").replace("_", " ")
        return f"an entry of kind {kind} names no {what}"
    if entry_kind is EntryKind.REPAIR_PAYMENT and not repair_delivered:
        return f"a repair payment for repair id {repair_id}, which is not delivered"
    return None
