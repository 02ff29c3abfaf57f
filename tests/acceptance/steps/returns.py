"""Returns of sales, through the returns use cases (the API's idempotency header is tested over HTTP
in tests/integration/test_returns_api.py)."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

from pytest_bdd import given, then, when

from techstore.application.sales.commands import Approval, NewReturn, PaymentLine, ReturnLine, ReturnQuery
from techstore.application.shared.idempotency import KeyedRequest, Outcome
from techstore.domain.sales.returns import Return
from tests.acceptance.steps.catalog import _product_id
from tests.acceptance.steps.grammar import phrase
from tests.acceptance.steps.sales import EVERYTHING, _payments, _sale, serials_listed
from tests.acceptance.steps.story import SHOP_FLOOR, Story


def _refunds(text: str) -> list[PaymentLine]:
    return [] if text == "nothing" else _payments(text)


def _command(story: Story, reason: str, refunds: str, datatable: list[list[str]],
             approval: Approval | None = None) -> NewReturn:
    header, *rows = datatable
    lines = []
    for row in rows:
        values = dict(zip(header, row, strict=True))
        restock = values.get("restock", "yes") == "yes"
        serials = serials_listed(values.get("serials", ""))
        lines.append(ReturnLine(_product_id(story, values["sku"]), int(values["quantity"]), restock,
                                serials or None))
    return NewReturn(lines, _refunds(refunds), reason, approval)


def _return(story: Story, actor: str, number: str, reason: str, refunds: str, datatable: list[list[str]],
            key: str | None = None, approval: Approval | None = None) -> Any:
    sale_id = _sale(story, number).id
    command = _command(story, reason, refunds, datatable, approval)
    make = story.container.sales.make_return()
    if key is None:
        return story.attempt(make, story.actor(actor), sale_id, command, SHOP_FLOOR)
    clerk = story.actor(actor)
    request = KeyedRequest(f"{clerk.id} return", key, hashlib.sha256(repr(command).encode()).hexdigest())
    return story.attempt(make.once, clerk, sale_id, command, request)


def _returns(story: Story) -> list[Return]:
    page = story.container.sales.list_returns()(story.actor("sam"), ReturnQuery(), EVERYTHING)
    return list(page.items)


@when(phrase('"{actor:Q}" returns from "{number:Q}" because "{reason:Q}", refunded by {refunds}:'))
def _(story: Story, actor: str, number: str, reason: str, refunds: str, datatable: list[list[str]]) -> None:
    _return(story, actor, number, reason, refunds, datatable)


@given(phrase('"{actor:Q}" has returned from "{number:Q}" because "{reason:Q}", refunded by {refunds}:'))
def _(story: Story, actor: str, number: str, reason: str, refunds: str, datatable: list[list[str]]) -> None:
    _return(story, actor, number, reason, refunds, datatable)
    story.accepted()


@when(phrase('"{actor:Q}" returns with the key "{key:Q}" from "{number:Q}" because "{reason:Q}", '
             'refunded by {refunds}:'))
def _(story: Story, actor: str, key: str, number: str, reason: str, refunds: str,
      datatable: list[list[str]]) -> None:
    _return(story, actor, number, reason, refunds, datatable, key)


@then(phrase('the return is "{number:Q}" refunding {total}'))
def _(story: Story, number: str, total: str) -> None:
    outcome = story.accepted()
    ret = outcome.value if isinstance(outcome, Outcome) else outcome
    assert isinstance(ret, Return)
    assert (ret.number, ret.total) == (number, Decimal(total))
    assert sum((r.amount for r in ret.refunds), Decimal(0)) == ret.total
    stored = story.container.sales.get_return()(story.actor("sam"), ret.id)
    assert (stored.number, stored.total, stored.items) == (ret.number, ret.total, ret.items)


@then(phrase("the refunds of the items are {amounts}"))
def _(story: Story, amounts: str) -> None:
    ret = story.accepted()
    assert [str(item.refund_amount) for item in ret.items] == [a.strip() for a in amounts.split(",")]


@then(phrase('the sale "{number:Q}" has refunded {amount}'))
def _(story: Story, number: str, amount: str) -> None:
    sale = _sale(story, number)
    assert sale.refunded_total == Decimal(amount)
    returns = story.container.sales.returns_of_sale()(story.actor("sam"), sale.id)
    assert sum((ret.total for ret in returns), Decimal(0)) == sale.refunded_total


@then(phrase("the return numbers are {numbers}"))
def _(story: Story, numbers: str) -> None:
    expected = [] if numbers == "none" else sorted(n.strip() for n in numbers.split(","))
    assert sorted(str(ret.number) for ret in _returns(story)) == expected


@then(phrase('the return "{number:Q}" took back "{sku:Q}" as {serials}'))
def _(story: Story, number: str, sku: str, serials: str) -> None:
    found = [ret for ret in _returns(story) if ret.number == number]
    assert len(found) == 1, f"no return {number}"
    assert [list(item.serials) for item in found[0].items if item.sku == sku] == [serials_listed(serials)], found
