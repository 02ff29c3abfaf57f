"""Repairs, through the repairs use cases (the HTTP side is tested in tests/integration/test_repairs_api.py)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs
import pytest
from dependency_injector import providers
from pytest_bdd import given, parsers, step, then, when

from techstore.application.repairs.commands import (
    Cancellation,
    ConditionIn,
    Delivery,
    DepositIn,
    NewLine,
    NewRepair,
    OnlineAnswer,
    PartUsed,
    QuoteAnswer,
    RepairChanges,
    RepairQuery,
    Transition,
)
from techstore.application.repairs.ports import Tracked
from techstore.application.sales.commands import PaymentLine
from techstore.application.shared.pages import MAX_LIMIT, PageRequest
from techstore.domain.identity.users import User
from techstore.domain.notifications.messages import Message
from techstore.domain.repairs.condition import check_label
from techstore.domain.repairs.lines import RepairLine
from techstore.domain.repairs.repairs import TRANSITIONS, Repair, RepairStatus
from techstore.domain.shared.errors import Conflict, DomainError, PermissionDenied
from tests.acceptance.steps.catalog import _product_id
from tests.acceptance.steps.customers import Ledger
from tests.acceptance.steps.grammar import phrase
from tests.acceptance.steps.story import Story

EVERYTHING = PageRequest(limit=MAX_LIMIT)
PUBLIC_ADDRESS = "203.0.113.9"
# How a fresh repair reaches each status (diagnosis and price are set first, so every precondition holds).
PATHS: dict[str, list[str]] = {
    "received": [],
    "diagnosing": ["diagnosing"],
    "awaiting_approval": ["diagnosing", "awaiting_approval"],
    "in_repair": ["diagnosing", "awaiting_approval", "in_repair"],
    "waiting_for_parts": ["diagnosing", "awaiting_approval", "in_repair", "waiting_for_parts"],
    "ready": ["diagnosing", "ready"],
    "delivered": ["diagnosing", "ready", "delivered"],
    "cancelled": ["cancelled"],
}


class Workshop:
    """The repairs a scenario took in, the last one first in mind."""

    def __init__(self) -> None:
        self.repairs: list[Repair] = []
        self.users: dict[str, User] = {}

    @property
    def last(self) -> Repair:
        assert self.repairs, "no repair was taken in"
        return self.repairs[-1]


@pytest.fixture
def workshop() -> Workshop:
    return Workshop()


def _repairs(story: Story) -> Any:
    return story.container.repairs


def _user(story: Story, workshop: Workshop, name: str) -> User:
    if name not in workshop.users:  # signing in hashes a password: once per user and scenario
        workshop.users[name] = story.actor(name)
    return workshop.users[name]


def _listed(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _payments(text: str) -> list[PaymentLine]:
    paid = []
    for part in text.split(" and "):
        method, amount = part.split()
        paid.append(PaymentLine(method, Decimal(amount)))  # type: ignore[arg-type]
    return paid


def _take_in(story: Story, workshop: Workshop, ledger: Ledger, actor: str, equipment: str, customer: str,
             problem: str, serial: str | None = None) -> Any:
    command = NewRepair(ledger.ids[customer], equipment, problem, serial_number=serial)
    outcome = story.attempt(_repairs(story).take_repair_in(), _user(story, workshop, actor), command)
    if isinstance(outcome, Repair):
        workshop.repairs.append(outcome)
    return outcome


def _fresh(story: Story, workshop: Workshop) -> Repair:
    repair = _repairs(story).get_repair()(_user(story, workshop, "sam"), workshop.last.id)
    assert isinstance(repair, Repair)
    return repair


def _bring_to(story: Story, workshop: Workshop, repair: Repair, status: str, *, prepare: bool = False) -> None:
    """Walk ``repair`` from ``received`` to ``status``, setting what the moves need on the way (and, with
    ``prepare``, what every move out of ``status`` needs)."""
    sam = _user(story, workshop, "sam")
    repairs = _repairs(story)
    if prepare or status not in ("received", "diagnosing", "cancelled"):
        current = repairs.get_repair()(sam, repair.id)
        changes, fields = RepairChanges(diagnosis=current.diagnosis or "Worn part"), ["diagnosis"]
        if not current.lines:  # awaiting approval needs a line: the older price input makes one
            changes, fields = attrs.evolve(changes, price=Decimal("50.00")), ["diagnosis", "price"]
        repairs.change_repair()(sam, repair.id, changes, fields)
    for move in PATHS[status]:
        if move == "delivered":
            to_pay = repairs.get_repair()(sam, repair.id).to_pay
            repairs.deliver_repair()(sam, repair.id, Delivery([PaymentLine("cash", to_pay)] if to_pay else []))
        elif move == "in_repair" and repairs.get_repair()(sam, repair.id).status is RepairStatus.AWAITING_APPROVAL:
            repairs.answer_quote()(sam, repair.id, QuoteAnswer(True, "by phone"))
        else:
            repairs.move_repair()(sam, repair.id, Transition(move))  # type: ignore[arg-type]


def _new_in(story: Story, workshop: Workshop, status: str) -> Repair:
    sam = _user(story, workshop, "sam")
    base = workshop.last
    repair = _repairs(story).take_repair_in()(sam, NewRepair(base.customer_id, "Spare phone", "Test"))
    _bring_to(story, workshop, repair, status, prepare=True)
    return repair  # type: ignore[no-any-return]


# Taking in

@when(phrase('"{actor:Q}" takes in a "{equipment:Q}" from "{customer:Q}" for "{problem:Q}"'))
def _(story: Story, workshop: Workshop, ledger: Ledger, actor: str, equipment: str, customer: str,
      problem: str) -> None:
    _take_in(story, workshop, ledger, actor, equipment, customer, problem)


@given(phrase('"{actor:Q}" has taken in a "{equipment:Q}" from "{customer:Q}" for "{problem:Q}"'))
def _(story: Story, workshop: Workshop, ledger: Ledger, actor: str, equipment: str, customer: str,
      problem: str) -> None:
    _take_in(story, workshop, ledger, actor, equipment, customer, problem)
    story.accepted()


@given(phrase('"{actor:Q}" has taken in a "{equipment:Q}" with serial "{serial:Q}" from "{customer:Q}" for '
              '"{problem:Q}"'))
def _(story: Story, workshop: Workshop, ledger: Ledger, actor: str, equipment: str, serial: str, customer: str,
      problem: str) -> None:
    _take_in(story, workshop, ledger, actor, equipment, customer, problem, serial)
    story.accepted()


# Setting a repair up

@given(phrase('the repair is "{status}"'))
def _(story: Story, workshop: Workshop, status: str) -> None:
    _bring_to(story, workshop, workshop.last, status)


@given(phrase("the repair has the price {price}"))
def _(story: Story, workshop: Workshop, price: str) -> None:
    _repairs(story).change_repair()(_user(story, workshop, "sam"), workshop.last.id,
                                    RepairChanges(price=Decimal(price)), ["price"])


@given(phrase('the repair has the diagnosis "{diagnosis:Q}"'))
def _(story: Story, workshop: Workshop, diagnosis: str) -> None:
    _repairs(story).change_repair()(_user(story, workshop, "sam"), workshop.last.id,
                                    RepairChanges(diagnosis=diagnosis), ["diagnosis"])


# Acting on it

@when(phrase('"{actor:Q}" moves the repair to "{to}" noting "{note:Q}"'))
def _(story: Story, workshop: Workshop, actor: str, to: str, note: str) -> None:
    story.attempt(_repairs(story).move_repair(), _user(story, workshop, actor), workshop.last.id,
                  Transition(to, note))  # type: ignore[arg-type]


@when(phrase('"{actor:Q}" moves the repair to "{to}"'))
def _(story: Story, workshop: Workshop, actor: str, to: str) -> None:
    story.attempt(_repairs(story).move_repair(), _user(story, workshop, actor), workshop.last.id,
                  Transition(to))  # type: ignore[arg-type]


@when(phrase('"{actor:Q}" changes the diagnosis of the repair to "{diagnosis:Q}"'))
def _(story: Story, workshop: Workshop, actor: str, diagnosis: str) -> None:
    story.attempt(_repairs(story).change_repair(), _user(story, workshop, actor), workshop.last.id,
                  RepairChanges(diagnosis=diagnosis), ["diagnosis"])


@when(phrase('"{actor:Q}" uses {quantity:d} of "{sku:Q}" on the repair'))
def _(story: Story, workshop: Workshop, actor: str, quantity: int, sku: str) -> None:
    story.attempt(_repairs(story).use_part(), _user(story, workshop, actor), workshop.last.id,
                  PartUsed(_product_id(story, sku), quantity))


@step(phrase('"{actor:Q}" delivers the repair paid by {payments}'))
def _(story: Story, workshop: Workshop, actor: str, payments: str) -> None:
    story.attempt(_repairs(story).deliver_repair(), _user(story, workshop, actor), workshop.last.id,
                  Delivery(_payments(payments)))


@when("someone looks the repair up by its tracking code")
def _(story: Story, workshop: Workshop) -> None:
    story.attempt(_repairs(story).track_repair(), PUBLIC_ADDRESS, workshop.last.tracking_code)


@when(phrase('someone looks up the tracking code "{code:Q}"'))
def _(story: Story, code: str) -> None:
    story.attempt(_repairs(story).track_repair(), PUBLIC_ADDRESS, code)


@given(phrase("someone has looked up {count:d} unknown codes"))
def _(story: Story, count: int) -> None:
    for index in range(count):
        story.attempt(_repairs(story).track_repair(), PUBLIC_ADDRESS, f"unknown-{index}")


# What came of it

@then(phrase('the repair is "{status}"'))
def _(story: Story, workshop: Workshop, status: str) -> None:
    assert _fresh(story, workshop).status.value == status


@then(phrase("the repair numbers are {numbers}"))
def _(story: Story, workshop: Workshop, numbers: str) -> None:
    page = _repairs(story).list_repairs()(_user(story, workshop, "sam"), RepairQuery(), EVERYTHING)
    assert sorted(r.number for r in page.items) == _listed(numbers)


@then(phrase("the repair has a tracking code of at least {length:d} URL-safe characters"))
def _(workshop: Workshop, length: int) -> None:
    assert re.fullmatch(rf"[A-Za-z0-9_-]{{{length},}}", workshop.last.tracking_code)


@then("the two repairs have different tracking codes")
def _(workshop: Workshop) -> None:
    assert workshop.repairs[0].tracking_code != workshop.repairs[1].tracking_code


@then("the history of the repair is:")
def _(story: Story, workshop: Workshop, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    history = _repairs(story).repair_history()(_user(story, workshop, "sam"), workshop.last.id)
    ids = {user.id: name for name, user in workshop.users.items()}
    seen = []
    for entry in history:
        by = "the customer" if entry.by_customer else ids.get(entry.created_by, str(entry.created_by))
        row = {"from": entry.from_status.value if entry.from_status else "", "to": entry.to_status.value,
               "by": by, "note": entry.note or ""}
        seen.append([row[column] for column in header])
    assert seen == rows


@then(phrase('every move from "{start}" to "{targets}" is accepted and kept in the history'))
def _(story: Story, workshop: Workshop, ledger: Ledger, start: str, targets: str) -> None:
    _take_in(story, workshop, ledger, "sam", "iPhone 12", next(iter(ledger.ids)), "Cracked screen")
    sam = _user(story, workshop, "sam")
    wanted = _listed(targets)
    assert wanted == [s.value for s in TRANSITIONS[RepairStatus(start)]], "the table lists other targets"
    for target in wanted:
        repair = _new_in(story, workshop, start)
        moved = _repairs(story).move_repair()(sam, repair.id, Transition(target))  # type: ignore[arg-type]
        assert moved.status.value == target
        last = _repairs(story).repair_history()(sam, repair.id)[-1]
        assert (last.from_status.value, last.to_status.value, last.created_by) == (start, target, sam.id)


@then(phrase('every move from "{start}" to "{refused}" is refused listing "{allowed}"'))
def _(story: Story, workshop: Workshop, ledger: Ledger, start: str, refused: str, allowed: str) -> None:
    _take_in(story, workshop, ledger, "sam", "iPhone 12", next(iter(ledger.ids)), "Cracked screen")
    sam = _user(story, workshop, "sam")
    repair = _new_in(story, workshop, start)
    listed = "none (final)" if allowed == "none" else allowed
    history = len(_repairs(story).repair_history()(sam, repair.id))
    for target in _listed(refused):
        outcome = story.attempt(_repairs(story).move_repair(), sam, repair.id,
                                Transition(target))  # type: ignore[arg-type]
        assert isinstance(outcome, Conflict), f"{start} -> {target} was not refused"
        assert f"Allowed: {listed}." in outcome.detail, outcome.detail
    assert _repairs(story).get_repair()(sam, repair.id).status.value == start
    assert len(_repairs(story).repair_history()(sam, repair.id)) == history


@then(phrase('the repair\'s diagnosis is "{diagnosis:Q}" and its equipment "{equipment:Q}"'))
def _(story: Story, workshop: Workshop, diagnosis: str, equipment: str) -> None:
    repair = _fresh(story, workshop)
    assert (repair.diagnosis, repair.equipment) == (diagnosis, equipment)


@then(phrase('the repairs found by "{text:Q}" are {numbers}'))
def _(story: Story, workshop: Workshop, text: str, numbers: str) -> None:
    page = _repairs(story).list_repairs()(_user(story, workshop, "sam"), RepairQuery(q=text), EVERYTHING)
    assert sorted(r.number for r in page.items) == _listed(numbers)


@then(phrase('the repairs with the status "{status}" are {numbers}'))
def _(story: Story, workshop: Workshop, status: str, numbers: str) -> None:
    page = _repairs(story).list_repairs()(_user(story, workshop, "sam"), RepairQuery(status=status),  # type: ignore[arg-type]
                                          EVERYTHING)
    assert sorted(r.number for r in page.items) == _listed(numbers)


@then(phrase("the repairs still in the workshop are {numbers}"))
def _(story: Story, workshop: Workshop, numbers: str) -> None:
    page = _repairs(story).list_repairs()(_user(story, workshop, "sam"), RepairQuery(open_only=True), EVERYTHING)
    assert sorted(r.number for r in page.items) == _listed(numbers)


@then(phrase("the price of the repair is {price}"))
def _(story: Story, workshop: Workshop, price: str) -> None:
    assert _fresh(story, workshop).price == Decimal(price)


@then("the repair has no lines")
def _(story: Story, workshop: Workshop) -> None:
    repair = _fresh(story, workshop)
    assert (repair.lines, repair.price) == ([], Decimal("0.00"))


@then("the repair has a delivery date")
def _(story: Story, workshop: Workshop) -> None:
    assert _fresh(story, workshop).delivered_at == story.clock.now()


@then(parsers.re(r'the public answer shows (?P<number>R-\d+), "(?P<equipment>[^"]+)" and "(?P<status>\w+)" only'))
def _(story: Story, number: str, equipment: str, status: str) -> None:
    found = story.outcome
    assert isinstance(found, Tracked), found
    assert (found.number, found.equipment, found.status.value) == (number, equipment, status)
    assert not isinstance(found, DomainError)


# ---------------------------------------------------------------- lines, quotes, deposits, warranty (issue 25)

CUSTOMER_ONLINE = "customer, through the tracking page"
# The repairs container's singletons built from the settings (terms), and the use cases holding them.
_TERMS_USERS = ("terms", "take_repair_in", "change_repair", "move_repair", "add_line", "use_part", "answer_quote",
                "deliver_repair", "cancel_repair", "answer_online")


def _settings_changed(story: Story, **changes: Any) -> None:
    """As if the store had started with these settings: the repairs use cases are built again from them."""
    container = story.container
    container.settings.override(providers.Object(attrs.evolve(container.settings(), **changes)))
    for name in _TERMS_USERS:
        getattr(container.repairs, name).reset()


def _line_of(story: Story, workshop: Workshop, description: str) -> RepairLine:
    found = [line for line in _fresh(story, workshop).lines if line.description == description]
    assert len(found) == 1, f"no single line {description!r}"
    return found[0]


def _by_number(story: Story, workshop: Workshop, number: str) -> Repair:
    page = _repairs(story).list_repairs()(_user(story, workshop, "sam"), RepairQuery(q=number), EVERYTHING)
    found: list[Repair] = [r for r in page.items if r.number == number]
    assert len(found) == 1, number
    return found[0]


def _rate_named(story: Story, name: str | None) -> int | None:
    if name is None:
        return None
    with story.container.adapters.uow(read_only=True) as uow:
        rate = uow.tax_rates.get_by_name(name)
    assert rate is not None, f"no tax rate {name!r}"
    return int(rate.id)


def _add_labour(story: Story, workshop: Workshop, actor: str, description: str, amount: str,
                rate: str | None = None) -> Any:
    return story.attempt(_repairs(story).add_line(), _user(story, workshop, actor), workshop.last.id,
                         NewLine("labour", description, Decimal(amount), _rate_named(story, rate)))


def _ask_again(story: Story, workshop: Workshop, actor: str, description: str, amount: str) -> Any:
    """A labour line added with ``requote``: past the approved quote, the customer is asked again."""
    return story.attempt(_repairs(story).add_line(), _user(story, workshop, actor), workshop.last.id,
                         NewLine("labour", description, Decimal(amount), requote=True))


def _add_part(story: Story, workshop: Workshop, actor: str, quantity: int, sku: str,
              serials: list[str] | None = None) -> Any:
    return story.attempt(_repairs(story).add_line(), _user(story, workshop, actor), workshop.last.id,
                         NewLine("part", product_id=_product_id(story, sku), quantity=quantity, serials=serials))


def _intake(story: Story, workshop: Workshop, ledger: Ledger, actor: str, command: NewRepair) -> Any:
    outcome = story.attempt(_repairs(story).take_repair_in(), _user(story, workshop, actor), command)
    if isinstance(outcome, Repair):
        workshop.repairs.append(outcome)
    return outcome


@given("the store's prices include tax for repairs")
def _(story: Story) -> None:
    """TECHSTORE_PRICES_INCLUDE_TAX=true: labour amounts and part prices include their tax."""
    _settings_changed(story, prices_include_tax=True)


@given(phrase("repairs carry a warranty of {days:d} days"))
def _(story: Story, days: int) -> None:
    """TECHSTORE_REPAIR_WARRANTY_DAYS."""
    _settings_changed(story, repair_warranty_days=days)


@when(phrase('"{actor:Q}" takes in a "{equipment:Q}" from "{customer:Q}" for "{problem:Q}" with the price {price}'))
def _(story: Story, workshop: Workshop, ledger: Ledger, actor: str, equipment: str, customer: str, problem: str,
      price: str) -> None:
    _intake(story, workshop, ledger, actor, NewRepair(ledger.ids[customer], equipment, problem,
                                                      price=Decimal(price)))


@step(phrase('"{actor:Q}" takes in a "{equipment:Q}" from "{customer:Q}" for "{problem:Q}" with a deposit of '
             '{payments}'))
def _(story: Story, workshop: Workshop, ledger: Ledger, actor: str, equipment: str, customer: str, problem: str,
      payments: str) -> None:
    _intake(story, workshop, ledger, actor, NewRepair(ledger.ids[customer], equipment, problem,
                                                      deposits=_payments(payments)))


@when(phrase('"{actor:Q}" takes in a "{equipment:Q}" with serial "{serial:Q}" from "{customer:Q}" for '
             '"{problem:Q}" under warranty'))
def _(story: Story, workshop: Workshop, ledger: Ledger, actor: str, equipment: str, serial: str, customer: str,
      problem: str) -> None:
    _intake(story, workshop, ledger, actor, NewRepair(ledger.ids[customer], equipment, problem,
                                                      serial_number=serial, warranty=True))


@when(phrase('"{actor:Q}" takes in a "{equipment:Q}" with serial "{serial:Q}" from "{customer:Q}" for '
             '"{problem:Q}"'))
def _(story: Story, workshop: Workshop, ledger: Ledger, actor: str, equipment: str, serial: str, customer: str,
      problem: str) -> None:
    _take_in(story, workshop, ledger, actor, equipment, customer, problem, serial)


@when(phrase('"{actor:Q}" takes in a "{equipment:Q}" from "{customer:Q}" for "{problem:Q}" noting "{notes:Q}" '
             'and the checks:'))
def _(story: Story, workshop: Workshop, ledger: Ledger, actor: str, equipment: str, customer: str, problem: str,
      notes: str, datatable: list[list[str]]) -> None:
    _header, *rows = datatable
    checks = {item.strip().lower().replace(" ", "_"): check.strip() for item, check in rows}
    _intake(story, workshop, ledger, actor, NewRepair(ledger.ids[customer], equipment, problem,
                                                      condition=ConditionIn(notes, **checks)))  # type: ignore[arg-type]


@when(phrase('"{actor:Q}" adds a labour line "{description:Q}" of {amount} taxed at "{rate:Q}"'))
def _(story: Story, workshop: Workshop, actor: str, description: str, amount: str, rate: str) -> None:
    _add_labour(story, workshop, actor, description, amount, rate)


@when(phrase('"{actor:Q}" adds a labour line "{description:Q}" of {amount}'))
def _(story: Story, workshop: Workshop, actor: str, description: str, amount: str) -> None:
    _add_labour(story, workshop, actor, description, amount)


@given(phrase('the repair has a labour line "{description:Q}" of {amount} taxed at "{rate:Q}"'))
def _(story: Story, workshop: Workshop, description: str, amount: str, rate: str) -> None:
    _add_labour(story, workshop, "sam", description, amount, rate)
    story.accepted()


@given(phrase('the repair has a labour line "{description:Q}" of {amount}'))
def _(story: Story, workshop: Workshop, description: str, amount: str) -> None:
    _add_labour(story, workshop, "sam", description, amount)
    story.accepted()


@when(phrase('"{actor:Q}" asks the customer again with a labour line "{description:Q}" of {amount}'))
def _(story: Story, workshop: Workshop, actor: str, description: str, amount: str) -> None:
    _ask_again(story, workshop, actor, description, amount)


@when(phrase('"{actor:Q}" gives the repair the price {price}'))
def _(story: Story, workshop: Workshop, actor: str, price: str) -> None:
    """The API's older ``price`` input, on a repair already taken in."""
    story.attempt(_repairs(story).change_repair(), _user(story, workshop, actor), workshop.last.id,
                  RepairChanges(price=Decimal(price)), ["price"])


@when(phrase('"{actor:Q}" adds {quantity:d} of "{sku:Q}" as a part line'))
def _(story: Story, workshop: Workshop, actor: str, quantity: int, sku: str) -> None:
    _add_part(story, workshop, actor, quantity, sku)


@given(phrase('the repair has {quantity:d} of "{sku:Q}" as a part line'))
def _(story: Story, workshop: Workshop, quantity: int, sku: str) -> None:
    _add_part(story, workshop, "sam", quantity, sku)
    story.accepted()


@when(phrase('"{actor:Q}" removes the line "{description:Q}"'))
def _(story: Story, workshop: Workshop, actor: str, description: str) -> None:
    story.attempt(_repairs(story).remove_line(), _user(story, workshop, actor), workshop.last.id,
                  _line_of(story, workshop, description).id)


@step(parsers.re(r'"(?P<actor>[^"]+)" records that the customer (?P<answer>approved|declined) the quote noting '
                 r'"(?P<note>[^"]*)"'))
def _(story: Story, workshop: Workshop, actor: str, answer: str, note: str) -> None:
    story.attempt(_repairs(story).answer_quote(), _user(story, workshop, actor), workshop.last.id,
                  QuoteAnswer(answer == "approved", note))


@when(parsers.re(r'the customer (?P<answer>approves|declines) the quote on the tracking page confirming '
                 r'"(?P<confirm>[^"]*)"'))
def _(story: Story, workshop: Workshop, answer: str, confirm: str) -> None:
    story.attempt(_repairs(story).answer_online(), PUBLIC_ADDRESS, workshop.last.tracking_code,
                  OnlineAnswer(answer == "approves", confirm))


@given(phrase('the customer has confirmed "{confirm:Q}" {times:d} times on the tracking page'))
def _(story: Story, workshop: Workshop, confirm: str, times: int) -> None:
    for _ in range(times):
        outcome = story.attempt(_repairs(story).answer_online(), PUBLIC_ADDRESS, workshop.last.tracking_code,
                                OnlineAnswer(True, confirm))
        assert isinstance(outcome, PermissionDenied), outcome


@step(phrase('"{actor:Q}" takes a deposit of {payments}'))
def _(story: Story, workshop: Workshop, actor: str, payments: str) -> None:
    story.attempt(_repairs(story).take_deposit(), _user(story, workshop, actor), workshop.last.id,
                  DepositIn(_payments(payments)))


@when(phrase('"{actor:Q}" cancels the repair noting "{note:Q}" refunding {refunds}'))
def _(story: Story, workshop: Workshop, actor: str, note: str, refunds: str) -> None:
    story.attempt(_repairs(story).cancel_repair(), _user(story, workshop, actor), workshop.last.id,
                  Cancellation(note, _payments(refunds)))


@when(phrase('"{actor:Q}" cancels the repair noting "{note:Q}"'))
def _(story: Story, workshop: Workshop, actor: str, note: str) -> None:
    story.attempt(_repairs(story).cancel_repair(), _user(story, workshop, actor), workshop.last.id,
                  Cancellation(note))


@when(phrase('"{actor:Q}" delivers the repair with nothing to pay'))
def _(story: Story, workshop: Workshop, actor: str) -> None:
    story.attempt(_repairs(story).deliver_repair(), _user(story, workshop, actor), workshop.last.id, Delivery([]))


@when("someone looks the repair up by its tracking code again")
def _(story: Story, workshop: Workshop) -> None:
    story.attempt(_repairs(story).track_repair(), PUBLIC_ADDRESS, workshop.last.tracking_code)


@then("the lines of the repair are:")
def _(story: Story, workshop: Workshop, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    seen = []
    for line in _fresh(story, workshop).lines:
        row = {"kind": line.kind.value, "description": line.description, "quantity": str(line.quantity),
               "unit price": str(line.unit_price), "rate": line.tax_rate.name, "percent": str(line.tax_rate.percent),
               "net": str(line.net), "tax": str(line.tax), "total": str(line.line_total)}
        seen.append([row[column] for column in header])
    assert seen == rows, seen


@then(phrase("the repair's total is {total} with tax {tax}"))
def _(story: Story, workshop: Workshop, total: str, tax: str) -> None:
    repair = _fresh(story, workshop)
    assert (repair.price, repair.tax_total) == (Decimal(total), Decimal(tax)), (repair.price, repair.tax_total)


@then(phrase("the quote of the repair is {quote}"))
def _(story: Story, workshop: Workshop, quote: str) -> None:
    assert _fresh(story, workshop).quote_total == Decimal(quote)


@then("the repair has no quote")
def _(story: Story, workshop: Workshop) -> None:
    assert _fresh(story, workshop).quote_total is None


@then(phrase("the repair holds {deposits} in deposits and has {to_pay} to pay"))
def _(story: Story, workshop: Workshop, deposits: str, to_pay: str) -> None:
    repair = _fresh(story, workshop)
    assert (repair.deposit_total, repair.to_pay) == (Decimal(deposits), Decimal(to_pay)), (repair.deposit_total,
                                                                                            repair.to_pay)


@then(phrase("the repair's warranty runs until {days:d} days from today"))
def _(story: Story, workshop: Workshop, days: int) -> None:
    assert _fresh(story, workshop).warranty_until == story.clock.now().date() + timedelta(days=days)


@then(phrase("the repair is flagged under the warranty of {number} until {days:d} days from today"))
def _(story: Story, workshop: Workshop, number: str, days: int) -> None:
    repair = _fresh(story, workshop)
    assert (repair.related_repair_id, repair.under_warranty_until) == (
        _by_number(story, workshop, number).id, story.clock.now().date() + timedelta(days=days))


@then("the repair is not flagged under any warranty")
def _(story: Story, workshop: Workshop) -> None:
    repair = _fresh(story, workshop)
    assert (repair.related_repair_id, repair.under_warranty_until, repair.warranty) == (None, None, False)


@then("the repair is done under warranty")
def _(story: Story, workshop: Workshop) -> None:
    assert _fresh(story, workshop).warranty


@then(phrase('the condition of the repair notes "{notes:Q}" and is:'))
def _(story: Story, workshop: Workshop, notes: str, datatable: list[list[str]]) -> None:
    _header, *rows = datatable
    condition = _fresh(story, workshop).condition
    assert condition.notes == notes
    assert [[label, check_label(item, check)] for item, label, check in condition.checks()] == rows


@then("it is refused as a wrong confirmation")
def _(story: Story) -> None:
    story.refused(PermissionDenied)


@then(phrase("the public answer shows the quote of {total}:"))
def _(story: Story, total: str, datatable: list[list[str]]) -> None:
    _header, *rows = datatable
    found = story.accepted()
    assert isinstance(found, Tracked)
    assert found.quote_total == Decimal(total)
    assert [[q.description, str(q.line_total)] for q in found.quote] == rows


@then("the public answer shows no quote")
def _(story: Story) -> None:
    found = story.accepted()
    assert isinstance(found, Tracked) and (found.quote, found.quote_total) == ((), None)


@then("the books hold: money, stock and accounts")
def _(story: Story) -> None:
    """``techstore check money``, ``check stock`` and ``check accounts`` find nothing."""
    container = story.container
    assert container.reports.check_money()().problems == []
    assert list(container.catalog.find_stock_drift()()) == []
    assert list(container.customers.check_accounts()()) == []


@then(parsers.re(r'the history of the repair ends with "(?P<start>\w*)" to "(?P<to>\w+)" by '
                 r'(?P<by>"[^"]+"|the customer) noting "(?P<note>[^"]*)"'))
def _(story: Story, workshop: Workshop, start: str, to: str, by: str, note: str) -> None:
    last = _repairs(story).repair_history()(_user(story, workshop, "sam"), workshop.last.id)[-1]
    names = {user.id: name for name, user in workshop.users.items()}
    who = "the customer" if last.by_customer else f'"{names.get(last.created_by)}"'
    assert (last.from_status.value if last.from_status else "", last.to_status.value, who, last.note or "") == (
        start, to, by, note)


# Units sold here (features/repairs/sold_units.feature)

@when(phrase('"{actor:Q}" adds {quantity:d} of "{sku:Q}" as a part line naming {serials}'))
def _(story: Story, workshop: Workshop, actor: str, quantity: int, sku: str, serials: str) -> None:
    _add_part(story, workshop, actor, quantity, sku, [s.strip() for s in serials.split(",")])


@then(phrase('the repair is the sold unit "{serial:Q}"'))
def _(story: Story, workshop: Workshop, serial: str) -> None:
    repair = _fresh(story, workshop)
    assert (repair.sold_unit, repair.unit_id is not None) == (serial, True), repair


@then("the repair is no sold unit")
def _(story: Story, workshop: Workshop) -> None:
    repair = _fresh(story, workshop)
    assert (repair.sold_unit, repair.unit_id) == (None, None), repair


@then(phrase("the repair is flagged under the sale's warranty until {day}"))
def _(story: Story, workshop: Workshop, day: str) -> None:
    repair = _fresh(story, workshop)
    assert (repair.related_repair_id, repair.under_warranty_until) == (None, date.fromisoformat(day)), repair


# The customer's messages (features/repairs/messages.feature)

def _messages(story: Story, workshop: Workshop) -> list[Message]:
    with story.container.adapters.uow(read_only=True) as uow:
        return list(uow.outbox.for_repair(workshop.last.id))


@given(phrase('the store\'s public address is "{url:Q}"'))
def _(story: Story, url: str) -> None:
    """TECHSTORE_PUBLIC_URL: the tracking links in messages are built on it."""
    _settings_changed(story, public_url=url)


@then("the repair has no messages")
def _(story: Story, workshop: Workshop) -> None:
    assert _messages(story, workshop) == []


@then("the repair's messages are:")
def _(story: Story, workshop: Workshop, datatable: list[list[str]]) -> None:
    _header, *rows = datatable
    seen = [[m.channel.value, m.to, m.subject, ", ".join(a.filename for a in m.attachments)]
            for m in _messages(story, workshop)]
    assert seen == rows


@then(phrase('the quote\'s message asks for {total} and links to "{url:Q}" and the repair\'s code'))
def _(story: Story, workshop: Workshop, total: str, url: str) -> None:
    (asked,) = [m for m in _messages(story, workshop) if m.template == "repair_awaiting_approval"]
    assert asked.facts["quote_total"] == total
    assert asked.facts["tracking_url"] == url + workshop.last.tracking_code


@then(phrase("the quote's messages ask for {totals}"))
def _(story: Story, workshop: Workshop, totals: str) -> None:
    """Every "please approve" message of the repair, oldest first: the quote each one sent."""
    asked = [m.facts["quote_total"] for m in _messages(story, workshop) if m.template == "repair_awaiting_approval"]
    assert asked == [t.strip() for t in totals.replace(" and ", ", ").split(",")]


@then(phrase('every message of the repair is "{status}"'))
def _(story: Story, workshop: Workshop, status: str) -> None:
    assert {m.status.value for m in _messages(story, workshop)} == {status}
