"""Error pages keep a signed-in person's navigation, like every other page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer
from tests.e2e.test_sign_in import sign_in


def test_a_missing_page_keeps_the_navigation_of_a_signed_in_person(page: Page, live_server: LiveServer) -> None:
    sign_in(page, *live_server.admin)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    response = page.goto("/no-such-page")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="Dashboard")).to_be_visible()
    expect(navigation.get_by_role("link", name="Users")).to_be_visible()
    expect(page.get_by_role("link", name="Go to sign in")).to_have_count(0)
    page.get_by_role("link", name="Back to the dashboard").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


def test_signing_out_from_a_missing_page_works(page: Page, live_server: LiveServer) -> None:
    sign_in(page, *live_server.staff)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    page.goto("/no/such/page")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login\?next="))


def test_a_missing_page_like_a_forbidden_one(page: Page, live_server: LiveServer) -> None:
    """The 404 of an unknown address and the 403 of a page one may not open look alike."""
    sign_in(page, *live_server.staff)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    for path, status in (("/users", 403), ("/nothing-here", 404)):
        response = page.goto(path)
        assert response is not None and response.status == status
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        expect(page.get_by_role("link", name="Back to the dashboard")).to_be_visible()


def test_a_missing_page_offers_sign_in_to_a_visitor(page: Page) -> None:
    response = page.goto("/no-such-page")
    assert response is not None and response.status == 404
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)
    page.get_by_role("link", name="Go to sign in").click()
    expect(page).to_have_url(re.compile(r"/login$"))


def test_a_stale_session_cookie_gets_the_visitor_page(page: Page, live_server: LiveServer) -> None:
    page.context.add_cookies([{"name": "ts_access", "value": "not-a-token", "url": live_server.url}])
    response = page.goto("/no-such-page")
    assert response is not None and response.status == 404
    expect(page.get_by_role("link", name="Go to sign in")).to_be_visible()
