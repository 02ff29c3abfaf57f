"""An admin manages users through the pages."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer
from tests.e2e.test_sign_in import sign_in


def test_admin_creates_a_staff_user_who_can_then_sign_in(page: Page, live_server: LiveServer) -> None:
    sign_in(page, *live_server.admin)
    page.get_by_role("link", name="Users").click()
    expect(page.get_by_role("heading", name="Users")).to_be_visible()
    page.get_by_role("link", name="New user").click()

    # Bad input first: the form comes back with the message next to the field.
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Full name").fill("Casey Counter")
    page.get_by_label("Role").select_option("staff")
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create user").click()
    expect(page.get_by_text("at least 10 characters").first).to_be_visible()
    expect(page.get_by_label("Full name")).to_have_value("Casey Counter")

    page.get_by_label("Password").fill("casey-password-1")
    page.get_by_role("button", name="Create user").click()
    expect(page).to_have_url(re.compile(r"/users\?done=created$"))
    row = page.get_by_role("row").filter(has_text="casey")
    expect(row).to_contain_text("Casey Counter")
    expect(row).to_contain_text(re.compile("staff", re.I))

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "casey", "casey-password-1")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


def test_a_script_in_a_name_is_shown_as_text(page: Page, live_server: LiveServer) -> None:
    sign_in(page, *live_server.admin)
    page.goto("/users/new")
    page.get_by_label("Username").fill("mallory")
    page.get_by_label("Full name").fill("<script>alert(1)</script>")
    page.get_by_label("Password").fill("mallory-password-1")
    page.get_by_role("button", name="Create user").click()
    expect(page.get_by_role("row").filter(has_text="mallory")).to_contain_text("<script>alert(1)</script>")
