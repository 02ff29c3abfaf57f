"""Customers and their accounts, through the use cases (and the accounts port other contexts use)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import attrs
import parse
import pytest
from dependency_injector import providers
from pytest_bdd import given, parsers, then, when
from starlette.testclient import TestClient

from techstore.application.customers.account import period_of
from techstore.application.customers.commands import CustomerChanges, NewAdjustment, NewCustomer, NewPayment
from techstore.application.customers.ports import Statement
from techstore.application.shared.pages import MAX_LIMIT, Page, PageRequest
from techstore.container import Container
from techstore.container.root import MEMORY_MEMBERS, SQL_MEMBERS
from techstore.domain.customers.accounts import Movement
from techstore.domain.customers.customers import Customer
from techstore.domain.shared.errors import Conflict
from techstore.infrastructure.members import Members
from tests.acceptance.steps.api import API, _access_token, _bearer
from tests.acceptance.steps.grammar import TYPES
from tests.acceptance.steps.story import Story

EVERYTHING = PageRequest(limit=MAX_LIMIT)


@parse.with_pattern(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
def _date(text: str) -> date:
    return date.fromisoformat(text)


def phrase(pattern: str) -> parsers.parse:
    """The shared grammar, and dates written 2026-01-31."""
    return parsers.parse(pattern, extra_types={**TYPES, "Date": _date})


class Ledger:
    """The customers a scenario made, by name, and the last charge a sale made."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.last_charge: Movement | None = None
        self.sales = 0


@pytest.fixture
def ledger() -> Ledger:
    return Ledger()


def _customers(story: Story) -> Any:
    return story.container.customers


def _id(ledger: Ledger, name: str) -> int:
    return ledger.ids[name]


def _optional(text: str) -> str | None:
    return text or None


def _register(story: Story, ledger: Ledger, actor: str, command: NewCustomer) -> Any:
    outcome = story.attempt(_customers(story).register_customer(), story.actor(actor), command)
    if isinstance(outcome, Customer):
        assert outcome.id is not None
        ledger.ids[outcome.name] = outcome.id
    return outcome


def _stored(story: Story, name: str, ledger: Ledger) -> Customer:
    with story.container.adapters.uow() as uow:
        customer: Customer | None = uow.customers.get(_id(ledger, name))
    assert customer is not None
    return customer


def _at(story: Story, day: date) -> None:
    """Move the clock forward to noon (UTC) of ``day``."""
    target = datetime.combine(day, datetime.min.time(), tzinfo=UTC).replace(hour=12)
    assert target >= story.clock.now(), "scenarios only move time forward"
    story.clock.advance(target - story.clock.now())


# Registering and changing

@given(phrase('the customer "{name:Q}" with the email "{email:Q}"'))
def _(story: Story, ledger: Ledger, name: str, email: str) -> None:
    _register(story, ledger, "ada", NewCustomer(name, email=email))
    story.accepted()


@given(phrase('the customer "{name:Q}" with the email "{email:Q}" who accepts no emails'))
def _(story: Story, ledger: Ledger, name: str, email: str) -> None:
    _register(story, ledger, "ada", NewCustomer(name, email=email, accepts_email=False))
    story.accepted()


@given(phrase('the customer "{name:Q}" with the phone "{phone:Q}"'))
def _(story: Story, ledger: Ledger, name: str, phone: str) -> None:
    _register(story, ledger, "ada", NewCustomer(name, phone=phone))
    story.accepted()


@when(phrase('"{actor:Q}" registers the customer "{name:Q}" with the email "{email:Q}" and the phone "{phone:Q}"'))
def _(story: Story, ledger: Ledger, actor: str, name: str, email: str, phone: str) -> None:
    _register(story, ledger, actor, NewCustomer(name, email=_optional(email), phone=_optional(phone)))


@when(phrase('"{actor:Q}" registers the customer "{name:Q}" with the phone "{phone:Q}" and a credit limit of '
             '{limit}'))
def _(story: Story, ledger: Ledger, actor: str, name: str, phone: str, limit: str) -> None:
    _register(story, ledger, actor, NewCustomer(name, phone=phone, credit_limit=Decimal(limit)))


# The store's default credit limit (TECHSTORE_DEFAULT_CREDIT_LIMIT)

@given(phrase("the store's default credit limit is {limit}"))
def _(story: Story, limit: str) -> None:
    """As the container builds the use case from the settings ("empty": the variable set empty, no limit)."""
    container = story.container
    settings = attrs.evolve(container.settings(), default_credit_limit=None if limit == "empty" else Decimal(limit))
    container.settings.override(providers.Object(settings))
    container.customers.register_customer.reset()


@when(phrase('"{actor:Q}" registers the customer "{name:Q}" with the phone "{phone:Q}" and no credit limit given'))
def _(story: Story, ledger: Ledger, actor: str, name: str, phone: str) -> None:
    outcome = story.attempt(_customers(story).register_customer(), story.actor(actor),
                            NewCustomer(name, phone=phone), ["name", "phone"])
    if isinstance(outcome, Customer):
        ledger.ids[outcome.name] = outcome.id  # type: ignore[assignment]


@when(phrase('"{actor:Q}" registers the customer "{name:Q}" through the API with {body}'))
def _(story: Story, client: TestClient, ledger: Ledger, actor: str, name: str, body: str) -> None:
    answer = story.answered(client.post(f"{API}/customers", json=json.loads(body),
                                        headers=_bearer(_access_token(story, client, actor))))
    if answer.status_code == 201:
        ledger.ids[name] = answer.json()["id"]


@then(phrase('the credit limit of "{name:Q}" is {limit}'))
def _(story: Story, ledger: Ledger, name: str, limit: str) -> None:
    expected = None if limit == "none" else Decimal(limit)
    assert _stored(story, name, ledger).credit_limit == expected


@when(phrase('"{actor:Q}" registers the customer "{name:Q}" with the phone "{phone:Q}" and the tax id "{tax_id:Q}"'))
def _(story: Story, ledger: Ledger, actor: str, name: str, phone: str, tax_id: str) -> None:
    _register(story, ledger, actor, NewCustomer(name, phone=phone, tax_id=tax_id))


@then(phrase('the tax id of "{name:Q}" is "{tax_id:Q}"'))
def _(story: Story, ledger: Ledger, name: str, tax_id: str) -> None:
    assert _stored(story, name, ledger).tax_id == _optional(tax_id)


@when(phrase('"{actor:Q}" changes the {field} of "{name:Q}" to "{value:Q}"'))
def _(story: Story, ledger: Ledger, actor: str, field: str, name: str, value: str) -> None:
    changes = CustomerChanges(**{field: _optional(value)})
    story.attempt(_customers(story).update_customer(), story.actor(actor), _id(ledger, name), changes, [field])


@when(phrase('"{actor:Q}" sets the credit limit of "{name:Q}" to {limit}'))
def _(story: Story, ledger: Ledger, actor: str, name: str, limit: str) -> None:
    changes = CustomerChanges(credit_limit=Decimal(limit))
    story.attempt(_customers(story).update_customer(), story.actor(actor), _id(ledger, name), changes,
                  ["credit_limit"])


@given(phrase('"{name:Q}" has a credit limit of {limit}'))
def _(story: Story, ledger: Ledger, name: str, limit: str) -> None:
    changes = CustomerChanges(credit_limit=Decimal(limit))
    story.attempt(_customers(story).update_customer(), story.actor("ada"), _id(ledger, name), changes,
                  ["credit_limit"])
    story.accepted()


# Deleting

@given(phrase('"{actor:Q}" has deleted the customer "{name:Q}"'))
def _(story: Story, ledger: Ledger, actor: str, name: str) -> None:
    story.attempt(_customers(story).delete_customer(), story.actor(actor), _id(ledger, name))
    story.accepted()


@when(phrase('"{actor:Q}" deletes the customer "{name:Q}"'))
def _(story: Story, ledger: Ledger, actor: str, name: str) -> None:
    story.attempt(_customers(story).delete_customer(), story.actor(actor), _id(ledger, name))


@when(phrase('"{actor:Q}" deletes customer number {number:d}'))
def _(story: Story, actor: str, number: int) -> None:
    story.attempt(_customers(story).delete_customer(), story.actor(actor), number)


class OneOpenRepair:
    """Stands in for the repairs context: the customers named have one repair open."""

    customer_ids: set[int] = set()

    def __init__(self, _uow: Any) -> None:
        pass

    def count_for(self, customer_id: int) -> int:
        return 1 if customer_id in self.customer_ids else 0


@given(phrase('"{name:Q}" has a repair open'))
def _(story: Story, ledger: Ledger, name: str, adapter_set: str) -> None:
    # The way the repairs context will plug in: its own ``open_repairs`` port among the members.
    repairs = type("Repairs", (OneOpenRepair,), {"customer_ids": {_id(ledger, name)}})
    container: Container = story.container
    base = MEMORY_MEMBERS if adapter_set == "memory" else SQL_MEMBERS
    members = Members(base.repositories, {**base.ports, "open_repairs": repairs})
    container.adapters.members.last_overriding.override(providers.Object(members))


# Looking

@when(phrase('"{actor:Q}" searches the customers for "{query:Q}"'))
def _(story: Story, actor: str, query: str) -> None:
    story.attempt(_customers(story).search_customers(), story.actor(actor), query, EVERYTHING)


@when(phrase('"{actor:Q}" looks up the customer "{name:Q}"'))
def _(story: Story, ledger: Ledger, actor: str, name: str) -> None:
    story.attempt(_customers(story).get_customer(), story.actor(actor), _id(ledger, name))


@then(phrase('the customers found are "{names:Q}"'))
def _(story: Story, names: str) -> None:
    page = story.accepted()
    assert isinstance(page, Page)
    expected = [n.strip() for n in names.split(",") if n.strip()]
    assert [c.name for c in page.items] == expected
    assert page.total == len(expected)


@then(phrase('the customers found by "{actor:Q}" are "{names:Q}"'))
def _(story: Story, actor: str, names: str) -> None:
    page = _customers(story).search_customers()(story.actor(actor), "", EVERYTHING)
    assert [c.name for c in page.items] == [n.strip() for n in names.split(",") if n.strip()]


@then("the customers are:")
def _(story: Story, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    expected = [dict(zip(header, row, strict=True)) for row in rows]
    page = _customers(story).search_customers()(story.actor("ada"), "", EVERYTHING)
    shown = [{"name": c.name, "email": c.email or "", "phone": c.phone or "", "balance": str(c.balance)}
             for c in page.items]
    assert shown == expected


@then("there are no customers")
def _(story: Story) -> None:
    assert _customers(story).search_customers()(story.actor("ada"), "", EVERYTHING).total == 0


@then(phrase('the email of "{name:Q}" is still "{email:Q}"'))
def _(story: Story, ledger: Ledger, name: str, email: str) -> None:
    assert _stored(story, name, ledger).email == email


@then(phrase('it is refused as a conflict about "{field:Q}"'))
def _(story: Story, field: str) -> None:
    error = story.refused(Conflict)
    assert isinstance(error, Conflict) and error.field == field, error
    assert field in error.detail or field == "phone" and "phone" in error.detail


# Movements

def _charge(story: Story, ledger: Ledger, actor: str, name: str, amount: str) -> Any:
    """What a sale on account does: the accounts port, on the sale's own unit of work."""
    seller = story.actor(actor)
    customer_id = ledger.ids.get(name, 0)

    def sell() -> Movement:
        with story.container.adapters.uow() as uow:
            ledger.sales += 1
            movement: Movement = uow.accounts.charge(customer_id, Decimal(amount),
                                                     description=f"Sale S-{ledger.sales:06d}", user_id=seller.id,
                                                     now=story.clock.now(), sale_id=ledger.sales)
            uow.commit()
        return movement

    outcome = story.attempt(sell)
    if isinstance(outcome, Movement):
        ledger.last_charge = outcome
    return outcome


@given(phrase('a sale by "{actor:Q}" has charged "{name:Q}" {amount}'))
def _(story: Story, ledger: Ledger, actor: str, name: str, amount: str) -> None:
    _charge(story, ledger, actor, name, amount)
    story.accepted()


@given(phrase('on {day:Date} a sale by "{actor:Q}" has charged "{name:Q}" {amount}'))
def _(story: Story, ledger: Ledger, day: date, actor: str, name: str, amount: str) -> None:
    _at(story, day)
    _charge(story, ledger, actor, name, amount)
    story.accepted()


@when(phrase('a sale by "{actor:Q}" charges "{name:Q}" {amount}'))
def _(story: Story, ledger: Ledger, actor: str, name: str, amount: str) -> None:
    _charge(story, ledger, actor, name, amount)


@when("the sale's charge is reversed")
def _(story: Story, ledger: Ledger) -> None:
    charge = ledger.last_charge
    assert charge is not None and charge.id is not None

    def void() -> Movement:
        with story.container.adapters.uow() as uow:
            movement: Movement = uow.accounts.reverse(charge.id, description="Sale voided",
                                                      user_id=charge.created_by, now=story.clock.now())
            uow.commit()
        return movement

    story.attempt(void)


@when(phrase('a return refunds {amount} to the account of "{name:Q}"'))
def _(story: Story, ledger: Ledger, amount: str, name: str) -> None:
    clerk = story.actor("sam")

    def refund() -> Movement:
        with story.container.adapters.uow() as uow:
            movement: Movement = uow.accounts.refund(_id(ledger, name), Decimal(amount), description="Return",
                                                     user_id=clerk.id, now=story.clock.now())
            uow.commit()
        return movement

    story.attempt(refund)


def _pay(story: Story, actor: str, customer_id: int, amount: str, method: str) -> None:
    def pay() -> Movement:  # the method is read as the command is made: scenarios try bad ones
        movement: Movement = _customers(story).take_payment()(story.actor(actor), customer_id,
                                                             NewPayment(Decimal(amount), method))
        return movement

    story.attempt(pay)


@when(phrase('"{actor:Q}" takes a payment of {amount} by {method} from "{name:Q}"'))
def _(story: Story, ledger: Ledger, actor: str, amount: str, method: str, name: str) -> None:
    _pay(story, actor, _id(ledger, name), amount, method)


@given(phrase('"{actor:Q}" has taken a payment of {amount} by {method} from "{name:Q}"'))
def _(story: Story, ledger: Ledger, actor: str, amount: str, method: str, name: str) -> None:
    _pay(story, actor, _id(ledger, name), amount, method)
    story.accepted()


@given(phrase('on {day:Date} "{actor:Q}" has taken a payment of {amount} by {method} from "{name:Q}"'))
def _(story: Story, ledger: Ledger, day: date, actor: str, amount: str, method: str, name: str) -> None:
    _at(story, day)
    _pay(story, actor, _id(ledger, name), amount, method)
    story.accepted()


@when(phrase('"{actor:Q}" takes a payment of {amount} by {method} from customer number {number:d}'))
def _(story: Story, actor: str, amount: str, method: str, number: int) -> None:
    _pay(story, actor, number, amount, method)


def _adjust(story: Story, ledger: Ledger, actor: str, name: str, amount: str, reason: str) -> None:
    command = NewAdjustment(Decimal(amount), reason)
    story.attempt(_customers(story).adjust_balance(), story.actor(actor), _id(ledger, name), command)


@when(phrase('"{actor:Q}" adjusts the balance of "{name:Q}" by {amount} because "{reason:Q}"'))
def _(story: Story, ledger: Ledger, actor: str, name: str, amount: str, reason: str) -> None:
    _adjust(story, ledger, actor, name, amount, reason)


@given(phrase('"{actor:Q}" has adjusted the balance of "{name:Q}" by {amount} because "{reason:Q}"'))
def _(story: Story, ledger: Ledger, actor: str, name: str, amount: str, reason: str) -> None:
    _adjust(story, ledger, actor, name, amount, reason)
    story.accepted()


# The account

def _statement(story: Story, ledger: Ledger, name: str, first: date | None = None,
               last: date | None = None) -> Statement:
    statement: Statement = _customers(story).get_statement()(story.actor("ada"), _id(ledger, name),
                                                             period_of(first, last), EVERYTHING)
    return statement


@then(phrase('the balance of "{name:Q}" is {amount}'))
def _(story: Story, ledger: Ledger, name: str, amount: str) -> None:
    assert _stored(story, name, ledger).balance == Decimal(amount)


@then(phrase('"{name:Q}" has no movements'))
def _(story: Story, ledger: Ledger, name: str) -> None:
    assert list(_statement(story, ledger, name).movements.items) == []


@then(phrase('the movements of "{name:Q}" are:'))
def _(story: Story, ledger: Ledger, name: str, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    expected = [dict(zip(header, row, strict=True)) for row in rows]
    shown = [{"type": m.type.value, "amount": str(m.amount), "balance before": str(m.balance_before),
              "balance after": str(m.balance_after), "description": m.description}
             for m in _statement(story, ledger, name).movements.items]
    assert shown == expected


@when(phrase('"{actor:Q}" asks for the statement of "{name:Q}" from {first:Date} to {last:Date}'))
def _(story: Story, ledger: Ledger, actor: str, name: str, first: date, last: date) -> None:
    story.attempt(_customers(story).get_statement(), story.actor(actor), _id(ledger, name),
                  period_of(first, last), EVERYTHING)


@then(parsers.parse("the statement opens at {opening} and closes at {closing}"))
def _(story: Story, opening: str, closing: str) -> None:
    statement = story.accepted()
    assert isinstance(statement, Statement)
    assert (statement.opening_balance, statement.closing_balance) == (Decimal(opening), Decimal(closing))


@then("the statement shows:")
def _(story: Story, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    statement = story.accepted()
    shown = [{"type": m.type.value, "amount": str(m.amount), "balance after": str(m.balance_after)}
             for m in statement.movements.items]
    assert shown == [dict(zip(header, row, strict=True)) for row in rows]


@then("the statement shows no movements")
def _(story: Story) -> None:
    assert list(story.accepted().movements.items) == []


@then("every account passes the check")
def _(story: Story) -> None:
    assert list(_customers(story).check_accounts()()) == []


# Restoring

@when(phrase('"{actor:Q}" restores the customer "{name:Q}"'))
def _(story: Story, ledger: Ledger, actor: str, name: str) -> None:
    story.attempt(_customers(story).restore_customer(), story.actor(actor), _id(ledger, name))


@given(phrase('"{actor:Q}" has restored the customer "{name:Q}"'))
def _(story: Story, ledger: Ledger, actor: str, name: str) -> None:
    story.attempt(_customers(story).restore_customer(), story.actor(actor), _id(ledger, name))
    story.accepted()


@when(phrase('"{actor:Q}" restores customer number {number:d}'))
def _(story: Story, actor: str, number: int) -> None:
    story.attempt(_customers(story).restore_customer(), story.actor(actor), number)


@then(phrase('"{actor:Q}" can look up the customer "{name:Q}"'))
def _(story: Story, ledger: Ledger, actor: str, name: str) -> None:
    customer = _customers(story).get_customer()(story.actor(actor), _id(ledger, name))
    assert customer.name == name and not customer.is_deleted


def _restore_through_api(story: Story, client: TestClient, actor: str, customer_id: int) -> None:
    story.answered(client.post(f"{API}/customers/{customer_id}/restore",
                               headers=_bearer(_access_token(story, client, actor))))


@when(phrase('"{actor:Q}" restores the customer "{name:Q}" through the API'))
def _(story: Story, client: TestClient, ledger: Ledger, actor: str, name: str) -> None:
    _restore_through_api(story, client, actor, _id(ledger, name))


@when(phrase('"{actor:Q}" restores customer number {number:d} through the API'))
def _(story: Story, client: TestClient, actor: str, number: int) -> None:
    _restore_through_api(story, client, actor, number)


@then(phrase('the answer\'s detail names "{words:Q}"'))
def _(story: Story, words: str) -> None:
    assert words in story.answer.json()["detail"], story.answer.text


@then(phrase('the answer is the customer "{name:Q}" with the balance "{balance:Q}"'))
def _(story: Story, ledger: Ledger, name: str, balance: str) -> None:
    answer = story.answer.json()
    assert (answer["id"], answer["name"], answer["balance"]) == (_id(ledger, name), name, balance), answer


# The customer's history (sales, returns, repairs, payments)

class HistoryReading:
    """The page of a customer's history a scenario last asked for, and who asked."""

    def __init__(self) -> None:
        self.actor = ""
        self.customer_id = 0
        self.page = PageRequest()


@pytest.fixture
def history_reading() -> HistoryReading:
    return HistoryReading()


def _read_history(story: Story, reading: HistoryReading, *, deleted: bool = False) -> None:
    read = _customers(story).get_history()
    story.attempt(read.even_deleted if deleted else read, story.actor(reading.actor), reading.customer_id,
                  reading.page)


@when(phrase('"{actor:Q}" reads the history of "{name:Q}", {limit:d} at a time'))
def _(story: Story, ledger: Ledger, history_reading: HistoryReading, actor: str, name: str, limit: int) -> None:
    history_reading.actor, history_reading.customer_id = actor, _id(ledger, name)
    history_reading.page = PageRequest(limit=limit)
    _read_history(story, history_reading)


@when(phrase('"{actor:Q}" reads the next page of the history'))
def _(story: Story, history_reading: HistoryReading, actor: str) -> None:
    page = history_reading.page
    history_reading.actor, history_reading.page = actor, PageRequest(page.limit, page.offset + page.limit)
    _read_history(story, history_reading)


@when(phrase('"{actor:Q}" reads the history of the deleted customer "{name:Q}"'))
def _(story: Story, ledger: Ledger, history_reading: HistoryReading, actor: str, name: str) -> None:
    history_reading.actor, history_reading.customer_id = actor, _id(ledger, name)
    history_reading.page = EVERYTHING
    _read_history(story, history_reading, deleted=True)


@then(phrase("the history shows, of {total:d}:"))
def _(story: Story, total: int, datatable: list[list[str]]) -> None:
    page = story.accepted()
    assert isinstance(page, Page)
    header, *rows = datatable
    assert header == ["type", "number", "total"]
    shown = [[item.kind.value, item.number or "", str(item.total)] for item in page.items]
    assert (shown, page.total) == (rows, total)


@when(phrase('"{actor:Q}" asks the API for the history of "{name:Q}"'))
def _(story: Story, client: TestClient, ledger: Ledger, actor: str, name: str) -> None:
    headers = _bearer(_access_token(story, client, actor))
    story.answered(client.get(f"{API}/customers/{_id(ledger, name)}/history", headers=headers))


@when(phrase('"{actor:Q}" asks the API for the history of customer number {number:d}'))
def _(story: Story, client: TestClient, actor: str, number: int) -> None:
    story.answered(client.get(f"{API}/customers/{number}/history",
                              headers=_bearer(_access_token(story, client, actor))))


@then(phrase("the API answers the history {lines}"))
def _(story: Story, lines: str) -> None:
    """``payment 20.00, sale S-000001 25.00``: each line's kind, its number (a payment has none), its total."""
    answer = story.answer
    assert answer.status_code == 200, answer.text
    expected = []
    for line in lines.split(", "):
        kind, *number, total = line.split()
        expected.append({"kind": kind, "number": number[0] if number else None, "total": total})
    body = answer.json()
    assert [{k: item[k] for k in ("kind", "number", "total")} for item in body["items"]] == expected
    assert body["total"] == len(expected)
