"""Issue 28, in Chromium on the demo data: a technician's bar has no till, drawer, sales or reports, and those
pages answer 403; their dashboard shows the repairs, not the money. A manager's bar has the till and the
purchasing, not the users or the tax rates."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer, _fresh_page
from tests.e2e.test_sign_in import sign_in

DEMO_ADMIN = ("admin", "admin-demo-password")
TECHNICIAN = ("theo", "technician-demo-password")
MANAGER = ("mia", "manager-demo-password")


@pytest.fixture
def demo_page(browser: Any, demo_shop: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    yield from _fresh_page(browser, LiveServer(demo_shop, DEMO_ADMIN, DEMO_ADMIN), request)


def _bar(page: Page) -> list[str]:
    return [text.strip() for text in page.locator("nav[aria-label] ul a.nav-link").all_inner_texts()]


def test_a_technician_has_no_till_or_drawer(demo_page: Page) -> None:
    page = demo_page
    sign_in(page, *TECHNICIAN)
    expect(page.get_by_role("heading", name="Repairs by status")).to_be_visible()
    bar = _bar(page)
    assert "Repairs" in bar and "Customers" in bar, bar
    for hidden in ("Sales", "Cash", "Reports", "Purchasing", "Users", "Tax rates"):
        assert hidden not in bar, bar
    expect(page.get_by_role("heading", name="Today's net revenue")).to_have_count(0)
    for path in ("/sales/new", "/cash", "/sales", "/reports"):
        answer = page.goto(path)
        assert answer is not None and answer.status == 403, (path, answer and answer.status)
        expect(page.locator("main")).to_contain_text("technician")
    page.goto("/repairs/new")
    expect(page.get_by_label("Reported problem")).to_be_visible()


def test_a_manager_has_the_till_and_purchasing_not_the_users(demo_page: Page) -> None:
    page = demo_page
    sign_in(page, *MANAGER)
    expect(page.get_by_role("heading", name="Today's net revenue")).to_be_visible()
    bar = _bar(page)
    for shown in ("Sales", "Cash", "Reports", "Purchasing", "Products"):
        assert shown in bar, bar
    for hidden in ("Users", "Tax rates"):
        assert hidden not in bar, bar
    answer = page.goto("/users")
    assert answer is not None and answer.status == 403
