"""Signing in through the real login page in Chromium."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer


def sign_in(page: Page, username: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_signing_in_reaches_the_dashboard(page: Page, live_server: LiveServer) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login\?next=%2F$"))
    page.get_by_label("Username").fill(live_server.staff[0])
    page.get_by_label("Password").fill(live_server.staff[1])
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.get_by_text("Sam Seller").first).to_be_visible()
    # Staff see no Users link, and the page itself is refused.
    expect(page.get_by_role("link", name="Users")).to_have_count(0)
    assert page.goto("/users").status == 403
    assert not [e for e in page.console_errors if "Content Security Policy" in e]  # type: ignore[attr-defined]


def test_a_wrong_password_gets_one_generic_message(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server.staff[0], "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("Wrong username or password")
    expect(page.get_by_label("Username")).to_have_value(live_server.staff[0])
    sign_in(page, "nobody-here", "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("Wrong username or password")


def test_signing_out_ends_the_session(page: Page, live_server: LiveServer) -> None:
    sign_in(page, *live_server.staff)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login\?next="))


def _submit_without_browser_checks(page: Page) -> None:
    """The browser would stop an empty required field itself; the server must say so too."""
    page.locator("form[action='/login']").evaluate("form => { form.noValidate = true; }")
    page.get_by_role("button", name="Sign in").click()


def test_an_empty_field_says_it_is_required(page: Page, live_server: LiveServer) -> None:
    page.goto("/login")
    _submit_without_browser_checks(page)
    expect(page.locator("#username-error")).to_have_text("Is required")
    expect(page.locator("#password-error")).to_have_text("Is required")
    expect(page.get_by_label("Username")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_have_count(0)  # not the generic "wrong username or password"

    page.get_by_label("Username").fill(live_server.staff[0])
    _submit_without_browser_checks(page)
    expect(page.locator("#password-error")).to_have_text("Is required")
    expect(page.locator("#username-error")).to_have_count(0)
    expect(page.get_by_label("Username")).to_have_value(live_server.staff[0])
