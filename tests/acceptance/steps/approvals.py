"""A manager's approval at the counter (features/sales/approvals.feature): sales and returns approved on the
spot, through the use cases and the API."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

from pytest_bdd import given, then, when
from starlette.testclient import TestClient

from techstore.application.sales.commands import Approval
from techstore.domain.identity.users import username_key
from tests.acceptance.steps.grammar import phrase
from tests.acceptance.steps.returns import _return, _returns
from tests.acceptance.steps.sales import Counter, _at_the_counter, _ring_up, _sale, _sell_through_the_api
from tests.acceptance.steps.story import Story


def _approval(story: Story, approver: str, password: str | None = None) -> Approval:
    return Approval(approver, story.passwords[approver] if password is None else password)


@when(phrase('"{actor:Q}" rings it up with "{approver:Q}"\'s approval, paid by {payments}'))
def _(story: Story, counter: Counter, actor: str, approver: str, payments: str) -> None:
    _ring_up(story, counter, actor, payments, _approval(story, approver))


@given(phrase('"{actor:Q}" has rung it up with "{approver:Q}"\'s approval, paid by {payments}'))
def _(story: Story, counter: Counter, actor: str, approver: str, payments: str) -> None:
    _ring_up(story, counter, actor, payments, _approval(story, approver))
    story.accepted()


@when(phrase('"{actor:Q}" rings it up with "{approver:Q}"\'s approval and the password "{password:Q}", '
             'paid by {payments}'))
def _(story: Story, counter: Counter, actor: str, approver: str, password: str, payments: str) -> None:
    _ring_up(story, counter, actor, payments, _approval(story, approver, password))


@given(phrase('"{actor:Q}" has tried {count:d} more approvals by "{approver:Q}" with the password "{password:Q}", '
               'paid by {payments}'))
def _(story: Story, counter: Counter, actor: str, count: int, approver: str, password: str, payments: str) -> None:
    for _ in range(count):
        _ring_up(story, counter, actor, payments, _approval(story, approver, password))
        assert "wrong" in story.outcome.detail, story.outcome


@when(phrase('"{actor:Q}" returns from "{number:Q}" because "{reason:Q}" with "{approver:Q}"\'s approval, '
             'refunded by {refunds}:'))
def _(story: Story, actor: str, number: str, reason: str, approver: str, refunds: str,
      datatable: list[list[str]]) -> None:
    _return(story, actor, number, reason, refunds, datatable, approval=_approval(story, approver))


@when(phrase('"{actor:Q}" sells through the API with "{approver:Q}"\'s approval and the discount {discount}, '
             'paid by {payments}:'))
def _(story: Story, client: TestClient, actor: str, approver: str, discount: str, payments: str,
      datatable: list[list[str]]) -> None:
    _sell_through_the_api(story, client, actor, payments, datatable, json.loads(discount), approver)


@then(phrase('the sale "{number:Q}" was approved by "{approver:Q}"'))
def _(story: Story, number: str, approver: str) -> None:
    assert _sale(story, number).approved_by == story.user_id(approver)


@then(phrase('the sale "{number:Q}" was approved by no one'))
def _(story: Story, number: str) -> None:
    assert _sale(story, number).approved_by is None


@then(phrase('the return "{number:Q}" was approved by "{approver:Q}"'))
def _(story: Story, number: str, approver: str) -> None:
    [ret] = [r for r in _returns(story) if r.number == number]
    assert ret.approved_by == story.user_id(approver)


@then(phrase('"{username:Q}" has {count:d} failed sign-in attempt'))
@then(phrase('"{username:Q}" has {count:d} failed sign-in attempts'))
def _(story: Story, username: str, count: int) -> None:
    with story.container.adapters.uow(read_only=True) as uow:
        since = story.clock.now() - timedelta(hours=1)
        failures = uow.login_attempts.recent_failures(username_key(username), "", since).everywhere
    assert len(failures) == count, failures


@then(phrase('the answer\'s detail says "{text:Q}"'))
def _(story: Story, text: str) -> None:
    detail = story.answer.json()["detail"]
    assert text in detail, detail


@then(phrase('the answer\'s approved_by is "{approver:Q}"'))
def _(story: Story, approver: str) -> None:
    answer: Any = story.answer.json()
    assert answer["approved_by"] == story.user_id(approver), answer


@then(phrase('no answer shows "{username:Q}"\'s password'))
def _(story: Story, username: str) -> None:
    password = story.passwords[username]
    assert all(password not in answer.text for answer in story.answers)


@then(phrase('the receipt says "{text:Q}"'))
def _(story: Story, text: str) -> None:
    receipt = story.answer
    assert receipt.status_code == 200, receipt.status_code
    assert text in receipt.text, receipt.text


# The point of sale's page, as a browser without JavaScript posts it

@when(phrase('"{actor:Q}" sells it at the point of sale with "{approver:Q}"\'s approval, paid by {payments}'))
def _(story: Story, client: TestClient, counter: Counter, actor: str, approver: str, payments: str) -> None:
    password = story.passwords[approver]
    story.typed_passwords.add(password)
    _at_the_counter(story, client, counter, actor, payments, "sell",
                    {"approver_username": approver, "approver_password": password})


@then(phrase('the point of sale asks for a manager\'s approval of "{reason:Q}", keeping the discount "{discount:Q}"'))
def _(story: Story, reason: str, discount: str) -> None:
    page = story.answer
    assert page.status_code == 403, page.status_code
    assert f"A manager&#39;s approval is needed for {reason}" in page.text or \
        f"A manager's approval is needed for {reason}" in page.text, page.text
    assert re.search(r'<label for="approver_username"[^>]*>Manager(&#39;|\')s username</label>', page.text)
    assert re.search(r'<label for="approver_password"[^>]*>Manager(&#39;|\')s password</label>', page.text)
    assert re.search(rf'name="discount"[^>]*value="{re.escape(discount)}"', page.text), "the discount was not kept"
