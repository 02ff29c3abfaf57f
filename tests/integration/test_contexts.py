"""What the one list of contexts (container/contexts.py) feeds behaves as the hand-written registries
did: the navigation bar (labels, order, the current page, Users for admins only) and the cash
context's rule on its members, taken from the settings when the container is built."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from starlette.testclient import TestClient

from techstore.application.cash.ports import JournalFilter
from techstore.application.cash.tenders import NoOpenSession
from techstore.application.shared.pages import PageRequest
from techstore.container import Container, build_container
from techstore.domain.cash.journal import Document, EntryKind, Tender
from techstore.domain.identity.users import Role
from techstore.domain.shared.payments import PaymentMethod
from tests.integration.test_web_session import csrf_from
from tests.support import settings_for_tests

PASSWORD = "contexts-password-1"
STAFF_BAR = ["Dashboard", "Sales", "Cash", "Customers", "Repairs", "Reports", "Products", "Purchasing", "Categories"]


def _bar(client: TestClient, username: str, path: str) -> tuple[list[str], list[str]]:
    """The navigation bar's labels, and those marked as the current page."""
    client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": csrf_from(
        client.get("/login").text)})
    page = client.get(path)
    assert page.status_code == 200
    bar = page.text.split('role="list">', 1)[1].split("</ul>", 1)[0]
    links = re.findall(r'<a href="[^"]+" class="nav-link"( aria-current="page")?>([^<]+)</a>', bar)
    return [label for _, label in links], [label for current, label in links if current]


@pytest.mark.parametrize(("username", "path", "bar", "current"), [
    ("clerk", "/cash", STAFF_BAR, ["Cash"]),
    ("clerk", "/sales/new", STAFF_BAR, ["Sales"]),
    ("boss", "/", [*STAFF_BAR, "Users", "Tax rates"], ["Dashboard"]),
    ("boss", "/users", [*STAFF_BAR, "Users", "Tax rates"], ["Users"]),
    ("boss", "/tax-rates", [*STAFF_BAR, "Users", "Tax rates"], ["Tax rates"]),
])
def test_the_bar_lists_every_context_in_order_marks_the_current_one_and_users_for_admins_only(
        container: Container, client: TestClient, username: str, path: str, bar: list[str],
        current: list[str]) -> None:
    container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN, full_name="The Boss")
    container.identity.provision_user()("clerk", PASSWORD, role=Role.STAFF, full_name="A Clerk")
    assert _bar(client, username, path) == (bar, current)


@pytest.mark.parametrize("required", [False, True])
def test_the_cash_contexts_rule_comes_from_the_settings_when_the_container_is_built(
        tmp_path: Path, required: bool) -> None:
    settings = attrs.evolve(settings_for_tests(tmp_path), require_cash_session=required)
    container = build_container(settings, "memory")
    with container.adapters.uow() as uow:
        def take_cash() -> None:
            uow.tenders.record(EntryKind.SALE, [Tender(PaymentMethod.CASH, Decimal("5.00"))], Document(sale_id=1),
                               user_id=1, now=datetime.now(UTC))

        if required:
            with pytest.raises(NoOpenSession):
                take_cash()
        else:
            take_cash()  # not required: journalled outside any drawer, no refusal
            assert [e.cash_session_id for e in uow.journal.list(JournalFilter(), PageRequest()).items] == [None]
