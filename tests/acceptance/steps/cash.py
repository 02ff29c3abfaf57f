"""The cash drawer, through its use cases; sales, returns and account payments record into it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
from dependency_injector import providers
from pytest_bdd import given, then, when

from techstore.application.cash.commands import CloseDrawer, JournalQuery, NewCashMovement, OpenDrawer, SessionQuery
from techstore.application.shared.pages import MAX_LIMIT, PageRequest
from techstore.container.root import members
from techstore.domain.cash.journal import JournalEntry
from techstore.domain.cash.sessions import CashSession, difference_words
from tests.acceptance.steps.grammar import phrase
from tests.acceptance.steps.story import Story

EVERYTHING = PageRequest(limit=MAX_LIMIT)


def _cash(story: Story) -> Any:
    return story.container.cash


def _current(story: Story, actor: str) -> CashSession:
    session = _cash(story).current_session()(story.actor(actor))
    assert session is not None, f"{actor} has no open session"
    return session  # type: ignore[no-any-return]


def _newest(story: Story, actor: str) -> CashSession:
    user = story.actor(actor)
    page = _cash(story).list_sessions()(user, SessionQuery(user_id=user.id), EVERYTHING)
    return page.items[0]  # type: ignore[no-any-return]


def _cash_rule(story: Story, adapter_set: str, *, required: bool) -> None:
    """The store's rule on cash outside a drawer, as the container builds it from the settings."""
    settings = attrs.evolve(story.container.settings(), require_cash_session=required)
    kind = "memory" if adapter_set == "memory" else "sql"
    story.container.adapters.members.last_overriding.override(providers.Object(members(kind, settings)))


@given("the store requires an open cash session for cash")
def _(story: Story, adapter_set: str) -> None:
    _cash_rule(story, adapter_set, required=True)


@when(phrase('"{actor:Q}" opens the drawer with {amount}'))
def _(story: Story, actor: str, amount: str) -> None:
    story.attempt(_cash(story).open_session(), story.actor(actor), OpenDrawer(Decimal(amount)))


@given(phrase('"{actor:Q}" has opened the drawer with {amount}'))
def _(story: Story, actor: str, amount: str) -> None:
    story.attempt(_cash(story).open_session(), story.actor(actor), OpenDrawer(Decimal(amount)))
    story.accepted()


@when(phrase('"{actor:Q}" pays {kind} {amount} because "{reason:Q}"'))
def _(story: Story, actor: str, kind: str, amount: str, reason: str) -> None:
    session = _newest(story, actor)
    story.attempt(_cash(story).add_movement(), story.actor(actor), session.id,
                  NewCashMovement(f"pay_{kind}", Decimal(amount), reason))  # type: ignore[arg-type]


@when(phrase('"{actor:Q}" pays {kind} {amount} into the drawer of "{owner:Q}" because "{reason:Q}"'))
def _(story: Story, actor: str, kind: str, amount: str, owner: str, reason: str) -> None:
    session = _newest(story, owner)
    story.attempt(_cash(story).add_movement(), story.actor(actor), session.id,
                  NewCashMovement(f"pay_{kind}", Decimal(amount), reason))  # type: ignore[arg-type]


@when(phrase('"{actor:Q}" closes the drawer of "{owner:Q}" counting {amount}'))
def _(story: Story, actor: str, owner: str, amount: str) -> None:
    session = _newest(story, owner)
    story.attempt(_cash(story).close_session(), story.actor(actor), session.id, CloseDrawer(Decimal(amount)))


@given(phrase('"{actor:Q}" has closed the drawer counting {amount}'))
def _(story: Story, actor: str, amount: str) -> None:
    session = _newest(story, actor)
    story.attempt(_cash(story).close_session(), story.actor(actor), session.id, CloseDrawer(Decimal(amount)))
    story.accepted()


@when(phrase('"{actor:Q}" reads the drawer of "{owner:Q}"'))
def _(story: Story, actor: str, owner: str) -> None:
    story.attempt(_cash(story).get_session(), story.actor(actor), _newest(story, owner).id)


@then(phrase('the drawer of "{actor:Q}" expects {expected}: float {opening}, sales {sales}, received {received}, '
             'refunds {refunds}, pay-ins {ins}, pay-outs {outs}'))
def _(story: Story, actor: str, expected: str, opening: str, sales: str, received: str, refunds: str, ins: str,
      outs: str) -> None:
    s = _newest(story, actor)
    figures = (s.expected_cash, s.opening_float, s.cash_sales, s.cash_received, s.cash_refunds, s.pay_ins, s.pay_outs)
    assert figures == tuple(Decimal(v) for v in (expected, opening, sales, received, refunds, ins, outs)), figures


@then(phrase('the drawer of "{actor:Q}" took {method} {count:d} times for {amount}'))
def _(story: Story, actor: str, method: str, count: int, amount: str) -> None:
    total = _newest(story, actor).totals_by_method[method]
    assert (total.count, total.amount) == (count, Decimal(amount)), total


@then(phrase('the drawer of "{actor:Q}" is closed {words}, counted {counted}, difference {difference}'))
def _(story: Story, actor: str, words: str, counted: str, difference: str) -> None:
    s = _newest(story, actor)
    assert not s.is_open
    assert (s.counted_cash, s.difference) == (Decimal(counted), Decimal(difference))
    assert difference_words(s.difference) == words


@then(phrase('"{actor:Q}" has no open drawer'))
def _(story: Story, actor: str) -> None:
    assert _cash(story).current_session()(story.actor(actor)) is None


@then(phrase('"{actor:Q}" sees {count:d} sessions'))
def _(story: Story, actor: str, count: int) -> None:
    assert _cash(story).list_sessions()(story.actor(actor), SessionQuery(), EVERYTHING).total == count


@given("the store lets cash be taken outside a drawer")
def _(story: Story, adapter_set: str) -> None:
    _cash_rule(story, adapter_set, required=False)


@when(phrase('"{actor:Q}" reads the journal'))
def _(story: Story, actor: str) -> None:
    story.attempt(_cash(story).list_journal(), story.actor(actor), JournalQuery(), EVERYTHING)


def _journal(story: Story) -> list[JournalEntry]:
    return list(_cash(story).list_journal()(story.actor("ada"), JournalQuery(), EVERYTHING).items)


def _document(story: Story, entry: JournalEntry) -> str:
    """How a scenario names an entry's document: a return's, sale's or repair's number, or the customer paying."""
    d, admin = entry.document, story.actor("ada")
    if d.repair_id is not None:
        return str(story.container.repairs.get_repair()(admin, d.repair_id).number)
    if d.return_id is not None:
        return str(story.container.sales.get_return()(admin, d.return_id).number)
    if d.sale_id is not None:
        return str(story.container.sales.get_sale()(admin, d.sale_id).number)
    if d.customer_id is not None:
        return str(story.container.customers.get_customer()(admin, d.customer_id).name)
    return ""


@then("the journal holds, in order:")
def _(story: Story, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    drawers = {s.id: s.user_id for s in _cash(story).list_sessions()(story.actor("ada"), SessionQuery(),
                                                                      EVERYTHING).items}
    names = {story.actor(name).id: name for name in ("ada", "sam")}
    found = [{"kind": e.kind.value, "method": e.method.value, "amount": str(e.amount),
              "document": _document(story, e),
              "drawer": "" if e.cash_session_id is None else names[drawers[e.cash_session_id]]}
             for e in _journal(story)]
    assert found == [dict(zip(header, row, strict=True)) for row in rows], found


@then("the journal is empty")
def _(story: Story) -> None:
    assert _journal(story) == []
