"""Sales at the counter, through the sales use cases (the API's idempotency is tested over HTTP
in tests/integration/test_sales_api.py)."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when
from starlette.testclient import TestClient

from techstore.application.sales.commands import Approval, NewSale, PaymentLine, SaleLine, SaleQuery, VoidReason
from techstore.application.shared.idempotency import KeyedRequest, Outcome
from techstore.application.shared.pages import MAX_LIMIT, PageRequest
from techstore.domain.catalog.units import UnitStatus
from techstore.domain.sales.discounts import Discount
from techstore.domain.sales.sales import Sale
from techstore.domain.shared.errors import Conflict
from tests.acceptance.steps.api import API, _access_token, _bearer
from tests.acceptance.steps.catalog import _new_product, _product_id
from tests.acceptance.steps.customers import Ledger
from tests.acceptance.steps.grammar import phrase
from tests.acceptance.steps.story import SHOP_FLOOR, Story
from tests.acceptance.steps.web import _login_form_token

EVERYTHING = PageRequest(limit=MAX_LIMIT)


class Counter:
    """The sale a scenario is ringing up, and the sales it made."""

    def __init__(self) -> None:
        self.lines: list[SaleLine] = []
        self.discount: Discount | None = None
        self.typed_discounts: list[str] = []  # each line's discount as typed ("" for none)
        self.customer_id: int | None = None
        self.tendered: Decimal | None = None
        self.last: Sale | None = None


@pytest.fixture
def counter() -> Counter:
    return Counter()


def _sales(story: Story) -> Any:
    return story.container.sales


def _payments(text: str) -> list[PaymentLine]:
    """``cash 20.00 and card 14.99``, or ``nothing``."""
    paid: list[PaymentLine] = []
    for part in [] if text == "nothing" else text.split(" and "):
        method, amount = part.split()
        paid.append(PaymentLine(method, Decimal(amount)))  # type: ignore[arg-type]
    return paid


def _discount(text: str) -> Discount | None:
    """``5.00`` an amount, ``10%`` a percent, blank none."""
    text = text.strip()
    if not text:
        return None
    return Discount.percent_of(Decimal(text[:-1])) if text.endswith("%") else Discount.off(Decimal(text))


def _discount_json(text: str) -> Any:
    """A discount as an API client sends it: ``{"percent": "10"}`` for ``10%``, the bare amount otherwise."""
    text = text.strip()
    return {"percent": text[:-1]} if text.endswith("%") else text


def _command(counter: Counter, payments: str, approval: Approval | None = None) -> NewSale:
    return NewSale(list(counter.lines), _payments(payments), counter.customer_id, counter.discount,
                   tendered=counter.tendered, approval=approval)


def _ring_up(story: Story, counter: Counter, actor: str, payments: str, approval: Approval | None = None) -> Any:
    outcome = story.attempt(_sales(story).place_sale(), story.actor(actor), _command(counter, payments, approval),
                            SHOP_FLOOR)
    if isinstance(outcome, Sale):
        counter.last = outcome
    return outcome


def _ring_up_once(story: Story, counter: Counter, actor: str, key: str, payments: str) -> Any:
    command = _command(counter, payments)
    seller = story.actor(actor)
    request = KeyedRequest(f"{seller.id} sale", key, hashlib.sha256(repr(command).encode()).hexdigest())

    outcome = story.attempt(_sales(story).place_sale().once, seller, command, request)
    if isinstance(outcome, Outcome) and outcome.value is not None:
        counter.last = outcome.value
    return outcome


def _sale(story: Story, number: str) -> Sale:
    page = _sales(story).list_sales()(story.actor("sam"), SaleQuery(number=number), EVERYTHING)
    assert len(page.items) == 1, f"no sale {number}"
    sale: Sale = page.items[0]
    return sale


def _numbers(story: Story, query: SaleQuery) -> list[str]:
    page = _sales(story).list_sales()(story.actor("sam"), query, EVERYTHING)
    return sorted(sale.number for sale in page.items)


def serials_listed(text: str) -> list[str]:
    """``A, B`` as a line's serials (none when blank)."""
    return [serial.strip() for serial in text.split(",") if serial.strip()]


def _listed(text: str) -> list[str]:
    return sorted(n.strip() for n in text.split(","))


# The sale being rung up

@given("a sale of:")
def _(story: Story, counter: Counter, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    counter.lines = []
    counter.typed_discounts = []
    counter.discount = None
    counter.customer_id = None
    counter.tendered = None
    for row in rows:
        values = dict(zip(header, row, strict=True))
        typed = values.get("discount", "")
        counter.typed_discounts.append(typed)
        serials = serials_listed(values.get("serials", ""))
        price = values.get("unit price", "").strip()
        counter.lines.append(SaleLine(_product_id(story, values["sku"]), int(values["quantity"]), _discount(typed),
                                      serials or None, Decimal(price) if price else None))


@given("an empty sale")
def _(counter: Counter) -> None:
    counter.lines = []


@given("a sale of an unknown product")
def _(counter: Counter) -> None:
    counter.lines = [SaleLine(999_999, 1)]


@given(phrase("a discount of {amount}"))
def _(counter: Counter, amount: str) -> None:
    counter.discount = _discount(amount)


@given(phrase("cash tendered of {amount}"))
def _(counter: Counter, amount: str) -> None:
    counter.tendered = Decimal(amount)


@given(phrase('the customer "{name:Q}"'))
def _(counter: Counter, ledger: Ledger, name: str) -> None:
    counter.customer_id = ledger.ids[name]


@given(phrase("the customer number {customer_id:d}"))
def _(counter: Counter, customer_id: int) -> None:
    counter.customer_id = customer_id


@when(phrase('"{actor:Q}" rings it up paid by {payments}'))
def _(story: Story, counter: Counter, actor: str, payments: str) -> None:
    _ring_up(story, counter, actor, payments)


@given(phrase('"{actor:Q}" has rung it up paid by {payments}'))
def _(story: Story, counter: Counter, actor: str, payments: str) -> None:
    _ring_up(story, counter, actor, payments)
    story.accepted()


@given(phrase('"{actor:Q}" has tried to ring it up paid by {payments}'))
def _(story: Story, counter: Counter, actor: str, payments: str) -> None:
    _ring_up(story, counter, actor, payments)


@when(phrase('"{actor:Q}" rings it up with the key "{key:Q}" paid by {payments}'))
def _(story: Story, counter: Counter, actor: str, key: str, payments: str) -> None:
    _ring_up_once(story, counter, actor, key, payments)


@given(phrase('"{actor:Q}" has rung it up with the key "{key:Q}" paid by {payments}'))
def _(story: Story, counter: Counter, actor: str, key: str, payments: str) -> None:
    _ring_up_once(story, counter, actor, key, payments)
    story.accepted()


@given(phrase('"{actor:Q}" has tried to ring it up with the key "{key:Q}" paid by {payments}'))
def _(story: Story, counter: Counter, actor: str, key: str, payments: str) -> None:
    _ring_up_once(story, counter, actor, key, payments)


# Voiding

@when(phrase('"{actor:Q}" voids the sale "{number:Q}" because "{reason:Q}"'))
def _(story: Story, actor: str, number: str, reason: str) -> None:
    sale_id = _sale(story, number).id
    story.attempt(_sales(story).void_sale(), story.actor(actor), sale_id, VoidReason(reason))


@given(phrase('"{actor:Q}" has voided the sale "{number:Q}" because "{reason:Q}"'))
def _(story: Story, actor: str, number: str, reason: str) -> None:
    sale_id = _sale(story, number).id
    story.attempt(_sales(story).void_sale(), story.actor(actor), sale_id, VoidReason(reason))
    story.accepted()


# What was recorded

@then(phrase('the sale is "{number:Q}" with subtotal {subtotal}, discount {discount} and total {total}'))
def _(story: Story, counter: Counter, number: str, subtotal: str, discount: str, total: str) -> None:
    story.accepted()
    _figures_are(_sale(story, number), subtotal, discount, total)


@then(phrase('the sale "{number:Q}" has subtotal {subtotal}, discount {discount} and total {total}'))
def _(story: Story, number: str, subtotal: str, discount: str, total: str) -> None:
    """The sale recorded, however it was made (the API, the point of sale's page)."""
    _figures_are(_sale(story, number), subtotal, discount, total)


def _figures_are(sale: Sale, subtotal: str, discount: str, total: str) -> None:
    assert (sale.subtotal, sale.discount, sale.total) == (Decimal(subtotal), Decimal(discount), Decimal(total))
    assert sum((p.amount for p in sale.payments), Decimal(0)) == sale.total


ITEM_COLUMNS = {"sku": "sku", "name": "name", "quantity": "quantity", "unit price": "unit_price",
                "discount": "discount", "line total": "line_total", "share": "discount_share", "net": "net",
                "tax": "tax", "total": "total", "rate": "tax_rate.name"}


def _items_are(sale: Sale, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    assert set(header) <= ITEM_COLUMNS.keys(), header
    shown = [[str(attrgetter(ITEM_COLUMNS[column])(item)) for column in header] for item in sale.items]
    assert shown == rows


@then("the items of the sale are:")
def _(story: Story, counter: Counter, datatable: list[list[str]]) -> None:
    story.accepted()
    assert counter.last is not None and counter.last.number is not None
    _items_are(_sale(story, counter.last.number), datatable)


@then(phrase('the items of sale "{number:Q}" are:'))
def _(story: Story, number: str, datatable: list[list[str]]) -> None:
    _items_are(_sale(story, number), datatable)


@then(phrase("the discount shares of the items are {shares}"))
def _(story: Story, counter: Counter, shares: str) -> None:
    assert counter.last is not None and counter.last.number is not None
    sale = _sale(story, counter.last.number)
    assert [str(item.discount_share) for item in sale.items] == [s.strip() for s in shares.split(",")]


@then(phrase("the sale numbers are {numbers}"))
def _(story: Story, numbers: str) -> None:
    assert _numbers(story, SaleQuery()) == _listed(numbers)


@then("no sale was recorded")
def _(story: Story) -> None:
    assert _numbers(story, SaleQuery()) == []


@then(parsers.re(r'it is refused as a conflict naming (?P<names>"[^"]+"(?: and "[^"]+")*)$'))
def _(story: Story, names: str) -> None:
    error = story.refused(Conflict)
    for sku in names.replace('"', "").split(" and "):
        assert sku in error.detail, f"{sku} not named in {error.detail!r}"


@then("the answer was replayed")
def _(story: Story) -> None:
    outcome = story.accepted()
    assert isinstance(outcome, Outcome) and outcome.replayed


@then(phrase('the sale "{number:Q}" keeps cash tendered {tendered} and change {change}'))
def _(story: Story, number: str, tendered: str, change: str) -> None:
    story.accepted()
    sale = _sale(story, number)
    assert (sale.tendered, sale.change) == (Decimal(tendered), Decimal(change))


@then(phrase('the sale "{number:Q}" keeps no cash tendered and no change'))
def _(story: Story, number: str) -> None:
    story.accepted()
    sale = _sale(story, number)
    assert (sale.tendered, sale.change) == (None, None)


# The receipt, reprinted from the sale (through the web page)

@when(phrase('"{actor:Q}" reprints the receipt of the sale "{number:Q}"'))
def _(story: Story, client: TestClient, actor: str, number: str) -> None:
    token = _login_form_token(client)
    signed_in = client.post("/login", data={"username": actor, "password": story.passwords[actor],
                                            "csrf_token": token, "next": "/"}, follow_redirects=False)
    assert signed_in.status_code == 303, signed_in.text
    story.answered(client.get(f"/sales/{_sale(story, number).id}/receipt"))


@then(phrase("the receipt prints cash tendered {tendered} and change {change}"))
def _(story: Story, tendered: str, change: str) -> None:
    receipt = story.answer
    assert receipt.status_code == 200, receipt.status_code
    rows = re.findall(r"<tr><td>([^<]+)</td><td class=\"num\">([^<]+)</td></tr>", receipt.text)
    assert ("Cash tendered", tendered) in rows and ("Change", change) in rows, rows


@then(phrase('the sale "{number:Q}" is voided because "{reason:Q}"'))
def _(story: Story, number: str, reason: str) -> None:
    sale = _sale(story, number)
    assert sale.is_voided and sale.void_reason == reason


@then(phrase('the sale "{number:Q}" is not voided'))
def _(story: Story, number: str) -> None:
    assert not _sale(story, number).is_voided


@then(phrase("the {status} sales are {numbers}"))
def _(story: Story, status: str, numbers: str) -> None:
    assert _numbers(story, SaleQuery(status=status)) == _listed(numbers)  # type: ignore[arg-type]


@then(phrase('the sales of "{name:Q}" are {numbers}'))
def _(story: Story, ledger: Ledger, name: str, numbers: str) -> None:
    assert _numbers(story, SaleQuery(customer_id=ledger.ids[name])) == _listed(numbers)


@then(phrase('the sales numbered "{number:Q}" are {numbers}'))
def _(story: Story, number: str, numbers: str) -> None:
    assert _numbers(story, SaleQuery(number=number)) == _listed(numbers)


@then(phrase('the sales found by "{text:Q}" are {numbers}'))
def _(story: Story, text: str, numbers: str) -> None:
    expected = [] if numbers == "none" else _listed(numbers)
    assert _numbers(story, SaleQuery(q=text)) == expected


# Over HTTP

@when(phrase('"{actor:Q}" searches the sales through the API for "{text:Q}"'))
def _(story: Story, client: TestClient, actor: str, text: str) -> None:
    story.answered(client.get(f"{API}/sales", params={"q": text}, headers=_bearer(_access_token(story, client, actor))))


@then(phrase("the API answers the sales {numbers}"))
def _(story: Story, numbers: str) -> None:
    assert story.answer.status_code == 200, story.answer.text
    assert sorted(sale["number"] for sale in story.answer.json()["items"]) == _listed(numbers)

@when(phrase('"{actor:Q}" voids the sale "{number:Q}" through the API because "{reason:Q}"'))
def _(story: Story, client: TestClient, actor: str, number: str, reason: str) -> None:
    sale_id = _sale(story, number).id
    story.answered(client.post(f"{API}/sales/{sale_id}/void", json={"reason": reason},
                               headers=_bearer(_access_token(story, client, actor))))


@when(phrase('"{actor:Q}" sells through the API, paid by {payments}:'))
def _(story: Story, client: TestClient, actor: str, payments: str, datatable: list[list[str]]) -> None:
    _sell_through_the_api(story, client, actor, payments, datatable, None)


@when(phrase('"{actor:Q}" sells through the API with the discount {discount}, paid by {payments}:'))
def _(story: Story, client: TestClient, actor: str, discount: str, payments: str,
      datatable: list[list[str]]) -> None:
    _sell_through_the_api(story, client, actor, payments, datatable, json.loads(discount))


def _sell_through_the_api(story: Story, client: TestClient, actor: str, payments: str, datatable: list[list[str]],
                          discount: Any, approver: str | None = None) -> None:
    """POST /sales; a ``discount`` column holds each line's discount as JSON (``{"percent": "10"}``, ``"2.00"``)."""
    header, *rows = datatable
    items = []
    for values in (dict(zip(header, row, strict=True)) for row in rows):
        item = {"product_id": _product_id(story, values["sku"]), "quantity": int(values["quantity"])}
        if values.get("discount"):
            item["discount"] = json.loads(values["discount"])
        items.append(item)
    paid = [{"method": line.method, "amount": str(line.amount)} for line in _payments(payments)]
    body: dict[str, Any] = {"items": items, "payments": paid}
    if discount is not None:
        body["discount"] = discount
    if approver is not None:
        body["approval"] = {"username": approver, "password": story.passwords[approver]}
        story.typed_passwords.add(story.passwords[approver])
    story.answered(client.post(f"{API}/sales", json=body, headers=_bearer(_access_token(story, client, actor))))


# The point of sale's page: its figures, and its form's reading of what was typed

def _at_the_counter(story: Story, client: TestClient, counter: Counter, actor: str, payments: str,
                    action: str, extra: dict[str, str] | None = None) -> Any:
    """The point-of-sale form posted as a browser without JavaScript would (``payments`` may be "nothing")."""
    token = _login_form_token(client)
    signed_in = client.post("/login", data={"username": actor, "password": story.passwords[actor],
                                            "csrf_token": token, "next": "/"}, follow_redirects=False)
    assert signed_in.status_code == 303, signed_in.text
    pos = client.get("/sales/new")
    assert pos.status_code == 200, pos.status_code
    found = re.search(r'name="csrf_token" value="([^"]+)"', pos.text)
    assert found, "the point of sale carries no CSRF token"
    form: dict[str, str | list[str]] = {
        "csrf_token": found.group(1), "action": action,
        "line_product_id": [str(line.product_id) for line in counter.lines],
        "line_quantity": [str(line.quantity) for line in counter.lines],
        "line_discount": counter.typed_discounts or ["" for _ in counter.lines],
        "discount": str(counter.discount or "")}
    for payment in _payments(payments):
        form[f"pay_{payment.method}"] = str(payment.amount)
    if counter.tendered is not None:
        form["tendered"] = str(counter.tendered)
    form.update(extra or {})
    return story.answered(client.post("/sales/new", data=form, follow_redirects=False))


@when(phrase('"{actor:Q}" prices it at the point of sale paid by {payments}'))
def _(story: Story, client: TestClient, counter: Counter, actor: str, payments: str) -> None:
    _at_the_counter(story, client, counter, actor, payments, "update")


@when(phrase('"{actor:Q}" sells it at the point of sale paid by {payments}'))
def _(story: Story, client: TestClient, counter: Counter, actor: str, payments: str) -> None:
    _at_the_counter(story, client, counter, actor, payments, "sell")


@then(phrase("the point of sale shows {paid} paid, {due} still to pay and change {change}"))
def _(story: Story, paid: str, due: str, change: str) -> None:
    page = story.answer.text
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd[^>]*>([^<]+)</dd>", page))
    shown = (figures.get("Paid"), figures.get("Still to pay"), figures.get("Change to give"))
    assert shown == (paid, due, "—" if change == "none" else change), (story.answer.status_code, shown, page[:3000])


@then(phrase("the point of sale shows line discounts {lines}, subtotal {subtotal}, discount {discount} "
             "and total {total}"))
def _(story: Story, lines: str, subtotal: str, discount: str, total: str) -> None:
    page = story.answer.text
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd[^>]*>([^<]+)</dd>", page))
    shown = (figures.get("Line discounts", "none"), figures.get("Subtotal"), figures.get("Discount"),
             figures.get("Total"))
    assert shown == (lines if lines == "none" else f"−{lines}", subtotal, discount, total), (
        story.answer.status_code, shown)


@then(phrase('the point of sale sold "{number:Q}" paid by {payments}, '
             'with cash tendered {tendered} and change {change}'))
def _(story: Story, number: str, payments: str, tendered: str, change: str) -> None:
    assert story.answer.status_code == 303, story.answer.text
    sale = _sale(story, number)
    assert [(p.method.value, p.amount) for p in sale.payments] == [(p.method, p.amount) for p in _payments(payments)]
    assert (sale.tendered, sale.change) == (Decimal(tendered), Decimal(change))


# Serialized units (features/sales/serialized.feature)

@given(phrase('the serialized product "{sku:Q}" by "{kind:Q}" with {months:d} months of warranty, in stock: '
              '{serials}'))
def _(story: Story, sku: str, kind: str, months: int, serials: str) -> None:
    units = serials_listed(serials)
    fields: dict[str, Any] = {"sku": sku, "price": Decimal("500.00"), "stock": len(units), "serial_kind": kind,
                              "warranty_months": months, "serials": units}
    _new_product(story, **fields)


def unit_found(story: Story, serial: str) -> Any:
    found = _sales(story).find_unit_by_serial()(story.actor("sam"), serial)
    assert found is not None, f"no unit {serial!r}"
    return found.record


@then(phrase('the sale "{number:Q}" sold "{sku:Q}" as {serials}'))
def _(story: Story, number: str, sku: str, serials: str) -> None:
    items = [item for item in _sale(story, number).items if item.sku == sku]
    assert [list(item.serials) for item in items] == [serials_listed(serials)], items


@then(phrase('the unit "{serial:Q}" is sold on "{number:Q}" under warranty until {day}'))
def _(story: Story, serial: str, number: str, day: str) -> None:
    record = unit_found(story, serial)
    assert (record.unit.status, record.sale_number, record.unit.warranty_until) == (
        UnitStatus.SOLD, number, date.fromisoformat(day)), record


@then(phrase('the unit "{serial:Q}" is in stock'))
def _(story: Story, serial: str) -> None:
    assert unit_found(story, serial).unit.status is UnitStatus.IN_STOCK


@then(phrase('the unit "{serial:Q}" is sold'))
def _(story: Story, serial: str) -> None:
    assert unit_found(story, serial).unit.status is UnitStatus.SOLD


@then(phrase('the unit "{serial:Q}" is damaged'))
def _(story: Story, serial: str) -> None:
    assert unit_found(story, serial).unit.status is UnitStatus.DAMAGED


@then(phrase('it is refused as a conflict on "{field:Q}"'))
def _(story: Story, field: str) -> None:
    error = story.refused(Conflict)
    assert isinstance(error, Conflict) and error.field == field, (error, getattr(error, "field", None))


@when(phrase('"{actor:Q}" scans "{code:Q}" at the counter'))
def _(story: Story, actor: str, code: str) -> None:
    story.attempt(_sales(story).find_unit_by_serial(), story.actor(actor), code)


@when(phrase('"{actor:Q}" scans the code "{code:Q}" at the counter'))
def _(story: Story, actor: str, code: str) -> None:
    story.attempt(_sales(story).find_product_by_code(), story.actor(actor), code)


@then(phrase('the counter finds the product "{sku:Q}"'))
def _(story: Story, sku: str) -> None:
    found = story.accepted()
    assert found is not None and found.sku == sku, found


@then("the counter finds no product")
def _(story: Story) -> None:
    assert story.accepted() is None


@then(phrase('the counter adds "{sku:Q}" with the unit {serial}'))
def _(story: Story, sku: str, serial: str) -> None:
    found = story.accepted()
    assert found is not None and found.sellable, found
    assert (found.record.product.sku, found.record.unit.serial) == (sku, serial), found


@then(phrase('the counter refuses the unit, saying "{words:Q}"'))
def _(story: Story, words: str) -> None:
    found = story.accepted()
    assert found is not None and not found.sellable and words in found.refusal, found


@then("the counter finds no unit")
def _(story: Story) -> None:
    assert story.accepted() is None
