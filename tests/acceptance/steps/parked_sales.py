"""Parked sales: carts put aside through the use cases, resumed and sold, dropped; and once through the point
of sale's form, as a browser without JavaScript posts it."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from pytest_bdd import given, then, when
from starlette.testclient import TestClient

from techstore.application.sales.commands import NewSale, SaleLine
from techstore.application.sales.parked import NewParkedSale, ParkedItem
from techstore.application.shared.pages import MAX_LIMIT, PageRequest
from techstore.domain.sales.discounts import Discount
from techstore.domain.sales.parked import ParkedSale
from techstore.domain.sales.sales import Sale
from tests.acceptance.steps.catalog import _product_id
from tests.acceptance.steps.customers import Ledger
from tests.acceptance.steps.grammar import phrase
from tests.acceptance.steps.sales import Counter, _payments
from tests.acceptance.steps.story import Story
from tests.acceptance.steps.web import _login_form_token

UNKNOWN_PRODUCT = 999_999


class HeldCarts:
    """The cart a scenario is about to park, the last one parked, and the last one resumed."""

    def __init__(self) -> None:
        self.items: list[ParkedItem] = []
        self.customer_id: int | None = None
        self.discount: Discount | None = None
        self.notes: str | None = None
        self.last_id: int | None = None
        self.resumed: ParkedSale | None = None


@pytest.fixture
def held_carts() -> HeldCarts:
    return HeldCarts()


def _discount(text: str) -> Discount | None:
    """``10%`` a percent, ``5.00`` an amount, nothing none. (Out-of-range discounts are the API's 422s:
    tests/integration/test_parked_sales_api.py.)"""
    text = text.strip()
    if not text:
        return None
    if text.endswith("%"):
        return Discount.percent_of(Decimal(text[:-1]))
    return Discount.off(Decimal(text))


def _shown(discount: Discount | None) -> str:
    if discount is None:
        return ""
    return str(discount)


def _park(story: Story, held_carts: HeldCarts, actor: str) -> Any:
    command = NewParkedSale(list(held_carts.items), held_carts.customer_id, held_carts.discount, held_carts.notes)
    outcome = story.attempt(story.container.sales.park_sale(), story.actor(actor), command)
    if isinstance(outcome, ParkedSale):
        held_carts.last_id = outcome.id
    return outcome


def _resume(story: Story, held_carts: HeldCarts, actor: str) -> Any:
    assert held_carts.last_id is not None, "nothing was parked"
    outcome = story.attempt(story.container.sales.resume_parked_sale(), story.actor(actor), held_carts.last_id)
    if isinstance(outcome, ParkedSale):
        held_carts.resumed = outcome
    return outcome


def _listed(story: Story) -> list[Any]:
    return list(story.container.sales.list_parked_sales()(story.actor("ada"), PageRequest(limit=MAX_LIMIT)).items)


# The cart

@given("a cart of:")
def _(story: Story, held_carts: HeldCarts, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    held_carts.items = []
    for row in rows:
        values = dict(zip(header, row, strict=True))
        sku = values["sku"]
        product_id = UNKNOWN_PRODUCT if sku == "UNKNOWN" else _product_id(story, sku)
        held_carts.items.append(ParkedItem(product_id, int(values["quantity"]),
                                           discount=_discount(values.get("discount", ""))))


@given("an empty cart")
def _(held_carts: HeldCarts) -> None:
    held_carts.items = []


@given(phrase('the cart is for "{name:Q}" with a discount of "{discount:Q}" and the note "{note:Q}"'))
def _(held_carts: HeldCarts, ledger: Ledger, name: str, discount: str, note: str) -> None:
    held_carts.customer_id = ledger.ids[name]
    held_carts.discount = _discount(discount)
    held_carts.notes = note


@given(phrase("the cart's discount is \"{discount:Q}\""))
def _(held_carts: HeldCarts, discount: str) -> None:
    held_carts.discount = _discount(discount)


@given(phrase("the cart is for the customer number {number:d}"))
def _(held_carts: HeldCarts, number: int) -> None:
    held_carts.customer_id = number


# Parking, resuming, dropping, selling

@when(phrase('"{actor:Q}" parks the cart'))
def _(story: Story, held_carts: HeldCarts, actor: str) -> None:
    _park(story, held_carts, actor)


@given(phrase('"{actor:Q}" has parked the cart'))
def _(story: Story, held_carts: HeldCarts, actor: str) -> None:
    _park(story, held_carts, actor)
    story.accepted()


@when(phrase('"{actor:Q}" resumes the parked sale'))
def _(story: Story, held_carts: HeldCarts, actor: str) -> None:
    _resume(story, held_carts, actor)


@given(phrase('"{actor:Q}" has resumed the parked sale'))
def _(story: Story, held_carts: HeldCarts, actor: str) -> None:
    _resume(story, held_carts, actor)
    story.accepted()


@when(phrase('"{actor:Q}" drops the parked sale'))
def _(story: Story, held_carts: HeldCarts, actor: str) -> None:
    assert held_carts.last_id is not None, "nothing was parked"
    story.attempt(story.container.sales.drop_parked_sale(), story.actor(actor), held_carts.last_id)


@when(phrase('"{actor:Q}" sells the resumed cart paid by {payments}'))
def _(story: Story, held_carts: HeldCarts, counter: Counter, actor: str, payments: str) -> None:
    """A sale of what came back, as the till rings it up: its lines, customer, discount (an amount) and notes."""
    parked = held_carts.resumed
    assert parked is not None
    command = NewSale([SaleLine(line.product_id, line.quantity, line.discount) for line in parked.lines],
                      _payments(payments), parked.customer_id, parked.discount, parked.notes)
    outcome = story.attempt(story.container.sales.place_sale(), story.actor(actor), command)
    if isinstance(outcome, Sale):
        counter.last = outcome


# What is parked

@then("the parked sales are:")
def _(story: Story, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    listed = _listed(story)
    names = story.identity.get_user_names()(story.actor("ada"), {held.parked.user_id for held in listed})
    shown = []
    for held in listed:
        parked = held.parked
        items = ", ".join(" ".join(filter(None, (line.sku, str(line.quantity), _shown(line.discount))))
                          for line in parked.lines)
        values = {"customer": parked.customer_name or "", "parked by": names[parked.user_id], "items": items,
                  "discount": _shown(parked.discount), "notes": parked.notes or "",
                  "stale": "yes" if held.stale else "no"}
        shown.append([values[column] for column in header])
    assert shown == rows


@then("there are no parked sales")
def _(story: Story) -> None:
    assert _listed(story) == []


# At the point of sale (the form, as posted without JavaScript)

def _till(story: Story, client: TestClient, actor: str) -> str:
    """Signed in as ``actor``, the point of sale's CSRF token."""
    client.cookies.clear()
    token = _login_form_token(client)
    signed_in = client.post("/login", data={"username": actor, "password": story.passwords[actor],
                                            "csrf_token": token, "next": "/"}, follow_redirects=False)
    assert signed_in.status_code == 303, signed_in.text
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/sales/new").text)
    assert found, "the point of sale carries no CSRF token"
    return found.group(1)


@when(phrase('"{actor:Q}" parks the cart at the point of sale'))
def _(story: Story, client: TestClient, held_carts: HeldCarts, actor: str) -> None:
    form = {"csrf_token": _till(story, client, actor), "action": "park",
            "line_product_id": [str(item.product_id) for item in held_carts.items],
            "line_quantity": [str(item.quantity) for item in held_carts.items]}
    parked = client.post("/sales/new", data=form, follow_redirects=False)
    assert parked.status_code == 303, parked.text
    story.answered(client.get(parked.headers["location"]))


@then(phrase('the point of sale is empty and says "{text:Q}"'))
def _(story: Story, text: str) -> None:
    page = story.answer.text
    assert story.answer.status_code == 200 and text in page
    assert 'name="line_product_id"' not in page and "Nothing yet: scan a product." in page


@then(phrase("the point of sale lists {count:d} parked sale"))
@then(phrase("the point of sale lists {count:d} parked sales"))
def _(story: Story, count: int) -> None:
    page = story.answer.text
    assert f"Parked sales ({count})" in page
    assert len(re.findall(r'value="resume:\d+"', page)) == count


@when(phrase('"{actor:Q}" resumes it at the point of sale'))
def _(story: Story, client: TestClient, actor: str) -> None:
    token = _till(story, client, actor)
    (parked_id,) = re.findall(r'value="resume:(\d+)"', client.get("/sales/new").text)
    story.answered(client.post("/sales/new", data={"csrf_token": token, "action": f"resume:{parked_id}"}))


@then(phrase("the point of sale holds {lines}"))
def _(story: Story, lines: str) -> None:
    page = story.answer.text
    assert story.answer.status_code == 200, page
    ids = [int(i) for i in re.findall(r'name="line_product_id" value="(\d+)"', page)]
    quantities = re.findall(r'name="line_quantity"[^>]*value="(\d+)"', page)
    held = [f"{_sku_of(story, product_id)} {quantity}" for product_id, quantity in zip(ids, quantities, strict=True)]
    assert ", ".join(held) == lines
    assert "Resumed the sale Sam Seller parked at" in page


def _sku_of(story: Story, product_id: int) -> str:
    with story.container.adapters.uow(read_only=True) as uow:
        product = uow.products.get(product_id)
    assert product is not None
    return str(product.sku)
