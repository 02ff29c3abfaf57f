"""The cash drawer's repositories (``uow.cash_sessions``, ``uow.journal``) behave alike on every adapter set: one
open session per user, locking reads return the row, a session's journal entries add up to signed tallies per
kind and method, pay-ins and pay-outs come back as movements, a close persists only on commit, the list filters
and pages, and the journal lists and filters its entries and refuses a second reversal of one entry."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import attrs
import pytest

from techstore.application.cash.ports import JournalFilter, SessionFilter
from techstore.application.shared.errors import DuplicateKey
from techstore.application.shared.pages import PageRequest
from techstore.container import Container
from techstore.domain.cash.journal import Document, EntryKind, JournalEntry, Tender
from techstore.domain.cash.sessions import CashSession, Movement, SessionStatus, Tally
from techstore.domain.identity.users import Role, User
from techstore.domain.shared.payments import PaymentMethod
from tests.contract.conftest import T0, id_of_stored

D = Decimal
EVERYTHING = PageRequest()


def a_session(user_id: int, *, at: timedelta = timedelta(0), opening_float: str = "100.00") -> CashSession:
    return CashSession(None, user_id, SessionStatus.OPEN, D(opening_float), T0 + at)


def entry(session_id: int | None, kind: EntryKind, method: str, amount: str, user_id: int, *,
          at: timedelta = timedelta(0), note: str | None = None) -> JournalEntry:
    return JournalEntry.of(kind, Tender(PaymentMethod(method), D(amount)), Document(), session_id=session_id,
                           user_id=user_id, now=T0 + at, note=note)


@pytest.fixture
def open_session(container: Container) -> Callable[..., CashSession]:
    def run(user_id: int, **kwargs: object) -> CashSession:
        with container.adapters.uow() as uow:
            session: CashSession = uow.cash_sessions.open(a_session(user_id, **kwargs))
            uow.commit()
        return session

    return run


def plain(session: CashSession | None) -> CashSession | None:
    """The session with its figures as lists: adapters may hand back any sequence."""
    if session is None:
        return None
    return attrs.evolve(session, tallies=list(session.tallies), movements=list(session.movements))


def closed(session: CashSession, *, at: timedelta = timedelta(hours=8)) -> CashSession:
    session.status, session.closed_at = SessionStatus.CLOSED, session.opened_at + at
    session.counted_cash, session.closed_expected, session.note = D("150.00"), D("151.00"), "one short"
    return session


def test_one_open_session_per_user_and_a_new_one_after_the_close(
        container: Container, staff: User, open_session: Callable[..., CashSession]) -> None:
    user_id = id_of_stored(staff.id)
    first = open_session(user_id)
    with pytest.raises(DuplicateKey) as refused, container.adapters.uow() as uow:
        uow.cash_sessions.open(a_session(user_id))
    assert refused.value.key == "user_id"
    with container.adapters.uow() as uow:
        uow.cash_sessions.close(closed(first))
        uow.commit()
    second = open_session(user_id, at=timedelta(days=1))
    assert second.id != first.id
    with container.adapters.uow(read_only=True) as uow:
        assert plain(uow.cash_sessions.get(id_of_stored(first.id))) == plain(first)
        assert uow.cash_sessions.get(999_999) is None


def test_locking_reads_return_the_row_without_figures(
        container: Container, staff: User, open_session: Callable[..., CashSession]) -> None:
    user_id = id_of_stored(staff.id)
    session = open_session(user_id)
    with container.adapters.uow() as uow:
        uow.journal.add([entry(session.id, EntryKind.SALE, "cash", "10.00", user_id)])
        uow.commit()
    with container.adapters.uow() as uow:
        locked, locked_open = uow.cash_sessions.lock(id_of_stored(session.id)), uow.cash_sessions.lock_open_of(user_id)
        assert (uow.cash_sessions.lock(999_999), uow.cash_sessions.lock_open_of(999_999)) == (None, None)
        assert uow.cash_sessions.open_of(999_999) is None
    assert plain(locked) == plain(locked_open) == plain(session)
    assert locked is not None and list(locked.tallies) == [] and list(locked.movements) == []


def test_entries_add_up_per_kind_and_method_and_drawer_movements_come_back(
        container: Container, staff: User, open_session: Callable[..., CashSession]) -> None:
    user_id = id_of_stored(staff.id)
    other = container.identity.provision_user()("other", "other-password-1", role=Role.STAFF)
    session, theirs = open_session(user_id), open_session(id_of_stored(other.id))
    session_id = id_of_stored(session.id)
    with container.adapters.uow() as uow:
        uow.journal.add([entry(session_id, EntryKind.SALE, "cash", "10.00", user_id),
                         entry(session_id, EntryKind.SALE, "cash", "2.50", user_id),
                         entry(session_id, EntryKind.SALE, "card", "7.00", user_id),
                         entry(session_id, EntryKind.REFUND, "cash", "1.25", user_id),
                         entry(theirs.id, EntryKind.SALE, "cash", "99.00", id_of_stored(other.id)),
                         entry(None, EntryKind.SALE, "cash", "50.00", user_id)])  # outside any drawer
        pay_in = uow.journal.add_one(entry(session_id, EntryKind.PAY_IN, "cash", "20.00", user_id, note="change"))
        pay_out = uow.journal.add_one(entry(session_id, EntryKind.PAY_OUT, "cash", "5.00", user_id,
                                            at=timedelta(minutes=1), note="courier"))
        uow.commit()
    assert pay_in.id is not None and pay_out.id is not None and pay_in.id != pay_out.id
    with container.adapters.uow(read_only=True) as uow:
        by_id, open_now = uow.cash_sessions.get(session_id), uow.cash_sessions.open_of(user_id)
    assert plain(by_id) == plain(open_now) and by_id is not None
    assert sorted(by_id.tallies, key=lambda t: (t.kind, t.method)) == [
        Tally(EntryKind.PAY_IN, "cash", 1, D("20.00")), Tally(EntryKind.PAY_OUT, "cash", 1, D("-5.00")),
        Tally(EntryKind.REFUND, "cash", 1, D("-1.25")), Tally(EntryKind.SALE, "card", 1, D("7.00")),
        Tally(EntryKind.SALE, "cash", 2, D("12.50"))]
    assert list(by_id.movements) == [Movement(pay_in.id, EntryKind.PAY_IN, D("20.00"), "change", T0),
                                     Movement(pay_out.id, EntryKind.PAY_OUT, D("5.00"), "courier",
                                              T0 + timedelta(minutes=1))]
    assert by_id.expected_cash == D("100.00") + D("12.50") - D("1.25") + D("20.00") - D("5.00")
    with container.adapters.uow() as uow:  # the running cash total moves with the row, in the transaction
        uow.cash_sessions.add_cash(session_id, D("26.25"))
        uow.cash_sessions.add_cash(session_id, D("-0.25"))
        uow.commit()
    with container.adapters.uow() as uow:
        uow.cash_sessions.add_cash(session_id, D("1000.00"))  # rolled back
    with container.adapters.uow(read_only=True) as uow:
        locked = uow.cash_sessions.open_of(user_id)
    assert locked is not None and locked.cash_total == D("26.00")


def test_a_close_persists_after_commit_and_vanishes_after_rollback(
        container: Container, staff: User, open_session: Callable[..., CashSession]) -> None:
    user_id = id_of_stored(staff.id)
    session = open_session(user_id)
    with container.adapters.uow() as uow:
        uow.cash_sessions.close(closed(open_session_copy(session)))  # not committed
    with container.adapters.uow(read_only=True) as uow:
        assert plain(uow.cash_sessions.open_of(user_id)) == plain(session)
    with container.adapters.uow() as uow:
        uow.cash_sessions.close(closed(session))
        uow.commit()
    with container.adapters.uow(read_only=True) as uow:
        assert uow.cash_sessions.open_of(user_id) is None
        assert plain(uow.cash_sessions.get(id_of_stored(session.id))) == plain(session)


def open_session_copy(session: CashSession) -> CashSession:
    return CashSession(session.id, session.user_id, session.status, session.opening_float, session.opened_at)


def test_the_list_filters_and_pages_newest_first_with_figures(
        container: Container, staff: User, open_session: Callable[..., CashSession]) -> None:
    user_id = id_of_stored(staff.id)
    other_id = id_of_stored(container.identity.provision_user()("other", "other-password-1", role=Role.STAFF).id)
    sessions = []
    for n in range(3):
        session = open_session(user_id, at=timedelta(days=n))
        with container.adapters.uow() as uow:
            uow.journal.add([entry(session.id, EntryKind.SALE, "cash", f"{n + 1}.00", user_id)])
            uow.cash_sessions.close(closed(session))
            uow.commit()
        sessions.append(session)
    theirs = open_session(other_id)

    def listed(query: SessionFilter, page: PageRequest = EVERYTHING) -> tuple[list[int | None], int]:
        with container.adapters.uow(read_only=True) as uow:
            found = uow.cash_sessions.list(query, page)
        return [s.id for s in found.items], found.total

    ids = [s.id for s in sessions]
    assert listed(SessionFilter()) == ([theirs.id, *ids[::-1]], 4)
    assert listed(SessionFilter(), PageRequest(limit=2, offset=1)) == (ids[::-1][:2], 4)
    assert listed(SessionFilter(), PageRequest(limit=2, offset=9)) == ([], 4)
    assert listed(SessionFilter(status=SessionStatus.OPEN)) == ([theirs.id], 1)
    assert listed(SessionFilter(status=SessionStatus.CLOSED, user_id=user_id)) == (ids[::-1], 3)
    assert listed(SessionFilter(user_id=other_id)) == ([theirs.id], 1)
    with container.adapters.uow(read_only=True) as uow:
        page = uow.cash_sessions.list(SessionFilter(user_id=user_id), PageRequest())
    assert [list(s.tallies) for s in page.items] == [[Tally(EntryKind.SALE, "cash", 1, D("1.00") * n)]
                                                     for n in (3, 2, 1)]


def test_the_journal_lists_in_order_filters_and_reverses_an_entry_once(container: Container, staff: User,
                                                                     open_session: Callable[..., CashSession]) -> None:
    user_id = id_of_stored(staff.id)
    session_id = id_of_stored(open_session(user_id).id)
    with container.adapters.uow() as uow:
        uow.journal.add([entry(session_id, EntryKind.SALE, "cash", "10.00", user_id),
                         entry(None, EntryKind.SALE, "card", "7.00", user_id, at=timedelta(days=1)),
                         entry(session_id, EntryKind.REFUND, "cash", "3.00", user_id, at=timedelta(days=2))])
        uow.commit()

    def listed(query: JournalFilter, page: PageRequest = EVERYTHING) -> tuple[list[str], int]:
        with container.adapters.uow(read_only=True) as uow:
            found = uow.journal.list(query, page)
        return [str(e.amount) for e in found.items], found.total

    assert listed(JournalFilter()) == (["10.00", "7.00", "-3.00"], 3)
    assert listed(JournalFilter(), PageRequest(limit=1, offset=1)) == (["7.00"], 3)
    assert listed(JournalFilter(start=T0 + timedelta(hours=1), end=T0 + timedelta(days=2))) == (["7.00"], 1)
    assert listed(JournalFilter(method=PaymentMethod.CASH, kind=EntryKind.REFUND)) == (["-3.00"], 1)
    assert listed(JournalFilter(cash_session_id=session_id)) == (["10.00", "-3.00"], 2)
    with container.adapters.uow(read_only=True) as uow:
        first = uow.journal.list(JournalFilter(), PageRequest(limit=1)).items[0]
    with container.adapters.uow() as uow:
        uow.journal.add([first.reversed(session_id=None, user_id=user_id, now=T0)])
        uow.commit()
    with pytest.raises(Exception), container.adapters.uow() as uow:  # noqa: B017 - DuplicateKey or IntegrityError
        uow.journal.add([first.reversed(session_id=None, user_id=user_id, now=T0)])
    assert listed(JournalFilter(kind=EntryKind.REVERSAL)) == (["-10.00"], 1)
