"""A drawer's figures from its signed journal tallies: outgoing figures are shown positive, and a drawer with
none of them shows 0.00, never "-0.00" (a Decimal zero negated keeps its sign when printed)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal as D

from techstore.domain.cash.journal import EntryKind
from techstore.domain.cash.sessions import CashSession, SessionStatus, Tally

T0 = datetime(2026, 12, 7, 9, tzinfo=UTC)


def test_a_drawer_without_refunds_or_pay_outs_prints_zero_not_minus_zero() -> None:
    session = CashSession(1, 1, SessionStatus.OPEN, D("100.00"), T0,
                          tallies=[Tally(EntryKind.SALE, "cash", 1, D("10.00"))])
    assert [str(f) for f in (session.cash_refunds, session.pay_outs)] == ["0.00", "0.00"]


def test_outgoing_figures_are_positive_and_the_expected_cash_adds_every_signed_cash_entry() -> None:
    session = CashSession(1, 1, SessionStatus.OPEN, D("100.00"), T0, tallies=[
        Tally(EntryKind.SALE, "cash", 2, D("30.00")), Tally(EntryKind.REVERSAL, "cash", 1, D("-10.00")),
        Tally(EntryKind.REFUND, "cash", 1, D("-5.00")), Tally(EntryKind.PAY_OUT, "cash", 1, D("-2.50")),
        Tally(EntryKind.PAY_IN, "cash", 1, D("20.00")), Tally(EntryKind.REPAIR_PAYMENT, "cash", 1, D("29.99")),
        Tally(EntryKind.SALE, "card", 1, D("200.00"))])
    figures = (session.cash_sales, session.cash_received, session.cash_refunds, session.pay_ins, session.pay_outs)
    assert [str(f) for f in figures] == ["20.00", "29.99", "5.00", "20.00", "2.50"]
    assert session.expected_cash == D("100.00") + D("20.00") + D("29.99") - D("5.00") + D("20.00") - D("2.50")
    assert session.totals_by_method["card"].amount == D("200.00")
