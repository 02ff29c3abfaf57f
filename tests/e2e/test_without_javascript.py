"""Every page works with JavaScript turned off: HTMX only enhances."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer
from tests.e2e.test_sign_in import sign_in


@pytest.fixture
def page_without_js(browser, live_server: LiveServer) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_sign_in_and_manage_users_without_javascript(page_without_js: Page, live_server: LiveServer) -> None:
    page = page_without_js
    sign_in(page, *live_server.admin)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    page.goto("/users/new")
    page.get_by_label("Username").fill("nojs")
    page.get_by_label("Full name").fill("No Script")
    page.get_by_label(re.compile("^Password")).fill("nojs-password-1")
    page.get_by_role("button", name="Create user").click()
    expect(page.get_by_role("row").filter(has_text="nojs")).to_contain_text("No Script")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
