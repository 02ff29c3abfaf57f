"""An admin manages tax rates through the pages: add one (a refusal shown beside the field), make it the
default, deactivate it, delete it after a confirmation; the product form offers the active rates. The page
fits a phone and shows every column on a laptop."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, LiveServer
from tests.e2e.test_phone_width import WIDEST
from tests.e2e.test_sign_in import sign_in
from tests.e2e.test_wide_screen import CUT_OFF, LAPTOP

# The longest name the rules allow, one unbroken word: where a layout breaks first.
LONG_NAME = "Reduced" + "x" * 53


def _row(page: Page, name: str):  # type: ignore[no-untyped-def]
    return page.get_by_role("row").filter(has=page.get_by_text(name, exact=True))


def test_an_admin_adds_moves_the_default_deactivates_and_deletes_a_rate(page: Page, live_server: LiveServer) -> None:
    sign_in(page, *live_server.admin)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Tax rates").click()
    expect(page.get_by_role("heading", name="Tax rates")).to_be_visible()
    expect(_row(page, "Sales tax")).to_contain_text("Default")

    # A bad percent: the form comes back with the message beside the field, what was typed kept.
    page.get_by_label("New rate").fill("Books e2e")
    page.get_by_label("Percent").fill("6.2501")
    page.get_by_role("button", name="Add rate").click()
    expect(page.locator("#percent-error")).to_contain_text("three decimals")
    expect(page.get_by_label("New rate")).to_have_value("Books e2e")
    page.get_by_label("Percent").fill("6.25")
    page.get_by_role("button", name="Add rate").click()
    expect(page).to_have_url(re.compile(r"/tax-rates\?done=created$"))
    expect(_row(page, "Books e2e")).to_contain_text("6.25%")

    # The product form offers it.
    page.goto("/products/new")
    expect(page.get_by_label("Tax rate").locator("option", has_text="Books e2e (6.25%)")).to_have_count(1)

    # Made the default, then the default moved back: always exactly one.
    page.goto("/tax-rates")
    page.get_by_role("link", name="Edit Books e2e").click()
    page.get_by_label("The default rate").check()
    page.get_by_role("button", name="Save changes").click()
    expect(_row(page, "Books e2e")).to_contain_text("Default")
    expect(page.locator("tbody .badge", has_text="Default")).to_have_count(1)
    page.get_by_role("link", name="Edit Sales tax").click()
    page.get_by_label("The default rate").check()
    page.get_by_role("button", name="Save changes").click()
    expect(_row(page, "Sales tax")).to_contain_text("Default")
    expect(page.locator("tbody .badge", has_text="Default")).to_have_count(1)

    # Deactivated: no longer offered to products.
    page.get_by_role("button", name="Deactivate Books e2e").click()
    expect(page).to_have_url(re.compile(r"done=deactivated$"))
    expect(_row(page, "Books e2e")).to_contain_text("Inactive")
    page.goto("/products/new")
    expect(page.get_by_label("Tax rate").locator("option", has_text="Books e2e")).to_have_count(0)

    # Deleted after a confirmation page.
    page.goto("/tax-rates")
    page.get_by_role("link", name="Delete Books e2e").click()
    expect(page.get_by_role("heading", name="Delete Books e2e?")).to_be_visible()
    page.get_by_role("button", name="Delete the rate").click()
    expect(page).to_have_url(re.compile(r"/tax-rates\?done=deleted$"))
    expect(_row(page, "Books e2e")).to_have_count(0)


def test_the_tax_rates_page_fits_a_phone_and_a_laptop(browser, live_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    for viewport, phone in ((PHONE, True), (LAPTOP, False)):
        context = browser.new_context(base_url=live_server.url, viewport=viewport, is_mobile=phone, has_touch=phone)
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, *live_server.admin)
        page.goto("/tax-rates")
        if phone and not page.get_by_text(LONG_NAME, exact=True).count():
            page.get_by_label("New rate").fill(LONG_NAME)
            page.get_by_label("Percent").fill("99.999")
            page.get_by_role("button", name="Add rate").click()
            expect(_row(page, LONG_NAME)).to_be_visible()
        for path in ("/tax-rates", f"/tax-rates/{_rate_id(page, LONG_NAME)}",
                     f"/tax-rates/{_rate_id(page, LONG_NAME)}/delete", "/categories", "/products/new"):
            page.goto(path)
            if phone:
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= PHONE["width"], f"{path} is {width}px wide: {page.evaluate(WIDEST)}"
            else:
                assert page.evaluate(CUT_OFF) == [], path
            page.goto("/tax-rates")
        context.close()


def _rate_id(page: Page, name: str) -> str:
    href = _row(page, name).get_by_role("link", name=f"Edit {name}").get_attribute("href")
    assert href is not None
    found = re.search(r"/tax-rates/(\d+)$", href)
    assert found, href
    return found.group(1)
