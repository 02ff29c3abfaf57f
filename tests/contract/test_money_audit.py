"""``techstore check money``'s comparisons (the ``money_audit`` port and the ``CheckMoney`` use case) on every
adapter set: consistent books hold; each kind of tampering is named, the same way by every adapter."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import attrs
import pytest
from sqlalchemy import update

from techstore.application.cash.commands import CloseDrawer
from techstore.application.repairs.commands import Cancellation, DepositIn, NewRepair
from techstore.application.sales.commands import PaymentLine
from techstore.container import Container
from techstore.domain.cash.journal import Document, EntryKind, JournalEntry
from techstore.domain.shared.errors import ValidationFailed
from techstore.domain.shared.payments import PaymentMethod
from techstore.infrastructure.clock import ManualClock
from techstore.infrastructure.sqlalchemy.tables.cash import cash_sessions
from tests.contract.test_reports_queries import _at, _money_days

D = Decimal


def _close_sams_drawer(container: Container, clock: ManualClock, sam: object) -> int:
    _at(clock, "2026-02-12T18:00")
    session = container.cash.current_session()(sam)
    # Float 100.00 + sale 20.00 + Ana's 15.00 + pay-in 50.00 − pay-out 5.00 + repair 29.99 = 209.99.
    assert session.expected_cash == D("209.99")
    container.cash.close_session()(sam, session.id, CloseDrawer(D("209.99")))
    return int(session.id)


def _add_entries(container: Container, *entries: JournalEntry) -> None:
    with container.adapters.uow() as uow:
        uow.journal.add(list(entries))
        uow.commit()


def _set_expected(container: Container, adapter_set: str, session_id: int, amount: Decimal) -> None:
    """A closed session's stored expected cash changed behind the application's back."""
    if adapter_set == "memory":
        sessions = container.adapters.store().table("cash_sessions", dict)
        sessions[session_id] = attrs.evolve(sessions[session_id], closed_expected=amount)
        return
    with container.adapters.engine().begin() as connection:
        connection.execute(update(cash_sessions).where(cash_sessions.c.id == session_id)
                           .values(expected_cash=amount))


def test_consistent_books_hold_over_any_period(container: Container, clock: ManualClock) -> None:
    shop = _money_days(container, clock)
    _close_sams_drawer(container, clock, shop["sam"])
    check = container.reports.check_money()
    everything = check()
    assert (everything.first, everything.last, everything.problems) == (date(2026, 2, 1), date(2026, 2, 12), [])
    one_day = check(date(2026, 2, 11), date(2026, 2, 11))
    assert one_day.holds and (one_day.first, one_day.last) == (date(2026, 2, 11), date(2026, 2, 11))


def test_an_empty_store_holds_and_a_reversed_range_is_refused(container: Container) -> None:
    found = container.reports.check_money()()
    assert (found.first, found.last, found.holds) == (None, None, True)
    with pytest.raises(ValidationFailed) as refused:
        container.reports.check_money()(date(2026, 2, 2), date(2026, 2, 1))
    assert [e.field for e in refused.value.errors] == ["to"]


def test_every_discrepancy_is_named(container: Container, clock: ManualClock, adapter_set: str) -> None:
    shop = _money_days(container, clock)
    session_id = _close_sams_drawer(container, clock, shop["sam"])
    sam_id, at = shop["sam"].id, datetime(2026, 2, 12, 18, 30, tzinfo=UTC)
    rita_sale = 2  # S-000002, Rita's 12.50 in cash
    _add_entries(
        container,
        # A card entry no payment of Rita's sale explains, and a refund of no return.
        JournalEntry(None, EntryKind.SALE, PaymentMethod.CARD, D("5.00"), Document(sale_id=rita_sale), None,
                     sam_id, at),
        JournalEntry(None, EntryKind.REFUND, PaymentMethod.CASH, D("-1.00"), Document(), None, sam_id, at),
    )
    _set_expected(container, adapter_set, session_id, D("210.99"))

    found = container.reports.check_money()()
    assert found.problems == [
        "sale S-000002 (id 2), card: its sale entries add up to 5.00, its payments say 0.00",
        "sale S-000002 (id 2), card: its sale and reversal entries add up to 5.00, its payments say 0.00",
        "sale S-000002 (id 2): its sale and reversal entries add up to 17.50, its total is 12.50",
        "journal entry 13 (refund, cash -1.00): an entry of kind refund names no return",
        "cash session 1 (Sam Seller): expected cash stored at the close 210.99, but its float 100.00 plus its "
        "cash entries 109.99 make 209.99",
    ], found.problems
    # The period of the tampering only: the sale and the repair are of other days, the drawer closed that day.
    assert len(container.reports.check_money()(date(2026, 2, 12), date(2026, 2, 12)).problems) == 2


def test_a_void_reversed_twice_and_a_repair_paid_otherwise_are_named(container: Container,
                                                                     clock: ManualClock) -> None:
    """An extra reversal stands for a void done twice; a card entry for a repair paid by transfer."""
    shop = _money_days(container, clock)
    sam_id, at = shop["sam"].id, datetime(2026, 2, 12, 19, 0, tzinfo=UTC)
    sale_id = shop["sale"].id  # S-000001: cash 20.00 and card 10.00, voided on the 11th
    _add_entries(
        container,
        JournalEntry(None, EntryKind.REVERSAL, PaymentMethod.CASH, D("-20.00"), Document(sale_id=sale_id), None,
                     sam_id, at),
        JournalEntry(None, EntryKind.REPAIR_PAYMENT, PaymentMethod.CARD, D("45.00"), Document(repair_id=2), None,
                     sam_id, at),
    )
    problems = container.reports.check_money()(date(2026, 2, 10), date(2026, 2, 12)).problems
    assert problems == [
        "sale S-000001 (id 1), cash: its sale and reversal entries add up to -20.00, voided, they should come to "
        "0.00",
        "sale S-000001 (id 1): its sale and reversal entries add up to -20.00, voided, they should come to 0.00",
        "repair R-000002 (id 2), card: its repair_deposit, repair_payment and repair_refund entries add up to "
        "45.00, its deposits, payments and refunds say 0.00",
    ], problems


def test_deposits_and_their_refunds_are_checked_against_the_journal(container: Container, clock: ManualClock) -> None:
    """A repair's deposits (``repair_deposit``) and a cancellation's refunds (``repair_refund``) balance its
    journal; an entry they do not explain is named with the repair."""
    shop = _money_days(container, clock)
    sam, ana_id = shop["sam"], shop["fixed"].customer_id
    _at(clock, "2026-02-13T10:00")
    repairs = container.repairs
    kept = repairs.take_repair_in()(sam, NewRepair(ana_id, "Watch", "Strap", deposits=[
        PaymentLine(PaymentMethod.CARD, D("25.00"))]))
    dropped = repairs.take_repair_in()(sam, NewRepair(ana_id, "Radio", "Hum"))
    repairs.take_deposit()(sam, dropped.id, DepositIn([PaymentLine(PaymentMethod.TRANSFER, D("10.00")),
                                                       PaymentLine(PaymentMethod.CARD, D("5.00"))]))
    repairs.cancel_repair()(sam, dropped.id, Cancellation("Not worth it", [
        PaymentLine(PaymentMethod.TRANSFER, D("15.00"))]))
    day = (date(2026, 2, 13), date(2026, 2, 13))
    assert container.reports.check_money()(*day).problems == []
    _add_entries(container, JournalEntry(None, EntryKind.REPAIR_DEPOSIT, PaymentMethod.CASH, D("7.00"),
                                         Document(repair_id=kept.id), None, sam.id,
                                         datetime(2026, 2, 13, 11, 0, tzinfo=UTC)))
    assert container.reports.check_money()(*day).problems == [
        f"repair {kept.number} (id {kept.id}), cash: its repair_deposit, repair_payment and repair_refund entries "
        "add up to 7.00, its deposits, payments and refunds say 0.00",
    ]
