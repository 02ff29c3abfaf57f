"""Staff create a product, receive stock, and find it again: through live search, and with JavaScript off."""

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


def test_create_a_product_receive_stock_and_find_it(page: Page, page_without_js: Page, live_server: LiveServer) -> None:
    sign_in(page, *live_server.manager)  # the catalogue and its prices are a manager's
    page.get_by_role("link", name="Products", exact=True).click()
    expect(page.get_by_role("heading", name="Products")).to_be_visible()
    expect(page.get_by_label("Search")).to_be_focused()
    page.get_by_role("link", name="New product").click()

    # Bad input first: the form comes back with each message next to its field, nothing created.
    page.get_by_label("SKU").fill("e2e cable")
    page.get_by_label("Name").fill("Braided USB-C cable, 2 m")
    page.get_by_label("Price").fill("12.999")
    page.get_by_role("button", name="Create product").click()
    expect(page.get_by_text("Must be 1 to 40 letters, digits, - or _")).to_be_visible()
    expect(page.get_by_text(re.compile("at most two decimals"))).to_be_visible()
    expect(page.get_by_label("Name")).to_have_value("Braided USB-C cable, 2 m")

    page.get_by_label("SKU").fill("e2e-cable-2m")
    page.get_by_label("Price").fill("12.90")
    page.get_by_label("Initial stock").fill("3")
    page.get_by_role("button", name="Create product").click()
    expect(page).to_have_url(re.compile(r"/products/\d+\?done=created$"))
    expect(page.get_by_role("heading", name="Braided USB-C cable, 2 m")).to_be_visible()
    expect(page.get_by_test_id("stock")).to_have_text("3")

    page.get_by_label("Quantity received").fill("2000000")
    page.get_by_role("button", name="Receive").click()
    expect(page.get_by_text(re.compile("whole number from .* to 1000000"))).to_be_visible()
    expect(page.get_by_test_id("stock")).to_have_text("3")
    page.get_by_label("Quantity received").fill("7")
    page.get_by_label("Note").fill("Delivery 4411")
    page.get_by_role("button", name="Receive").click()
    expect(page.get_by_test_id("stock")).to_have_text("10")
    ledger = page.get_by_role("row").filter(has_text="Delivery 4411")
    expect(ledger).to_contain_text("Purchase")
    expect(ledger).to_contain_text("+7")

    # Live search: typing refreshes the results in place (HTMX), and the address follows.
    page.get_by_role("link", name="Products", exact=True).click()
    search = page.get_by_label("Search")
    search.press_sequentially("braided", delay=30)
    expect(page).to_have_url(re.compile(r"q=braided"))
    results = page.locator("#product-results")
    expect(results.get_by_role("row").filter(has_text="E2E-CABLE-2M")).to_contain_text("10")
    search.fill("no-such-thing")
    expect(results).to_contain_text("No product matches")
    # No script error (the 422 answers to the bad forms above are logged by Chromium as failed loads).
    assert [e for e in page.console_errors if "Failed to load resource" not in e] == []  # type: ignore[attr-defined]

    # Without JavaScript the same search is a plain form: Enter submits it.
    sign_in(page_without_js, *live_server.staff)
    page_without_js.goto("/products")
    page_without_js.get_by_label("Search").fill("e2e-CABLE")
    page_without_js.get_by_label("Search").press("Enter")
    expect(page_without_js).to_have_url(re.compile(r"/products\?q=e2e-CABLE"))
    expect(page_without_js.get_by_role("row").filter(has_text="E2E-CABLE-2M")).to_contain_text("Braided")


def test_an_admin_adjusts_stock_and_sees_a_category_in_use_explained(page: Page, live_server: LiveServer) -> None:
    sign_in(page, *live_server.admin)
    page.get_by_role("link", name="Categories", exact=True).click()
    page.get_by_label("New category").fill("E2E adapters")
    page.get_by_role("button", name="Create category").click()
    expect(page.get_by_text("The category was created.")).to_be_visible()

    page.goto("/products/new")
    page.get_by_label("SKU").fill("E2E-ADAPTER")
    page.get_by_label("Name").fill("USB-C to HDMI adapter")
    page.get_by_label("Price").fill("19.90")
    page.get_by_label("Category").select_option(label="E2E adapters")
    page.get_by_label("Initial stock").fill("2")
    page.get_by_role("button", name="Create product").click()

    page.get_by_label("Change").fill("-5")
    page.get_by_label("Reason").fill("stocktake")
    page.get_by_role("button", name="Adjust").click()
    expect(page.get_by_text(re.compile("cannot go below zero"))).to_be_visible()
    page.get_by_label("Change").fill("-1")
    page.get_by_label("Reason").fill("   ")  # the browser lets blanks through; the store does not
    page.get_by_role("button", name="Adjust").click()
    expect(page.get_by_text("Is required for an adjustment")).to_be_visible()
    page.get_by_label("Reason").fill("one broken in the box")
    page.get_by_role("button", name="Adjust").click()
    expect(page.get_by_test_id("stock")).to_have_text("1")

    page.get_by_role("link", name="Categories", exact=True).click()
    page.get_by_role("button", name="Delete E2E adapters").click()
    expect(page.get_by_text(re.compile("still has products"))).to_be_visible()


def test_a_bad_check_digit_is_named_and_deleting_asks_first_without_javascript(
        page_without_js: Page, live_server: LiveServer) -> None:
    page = page_without_js
    sign_in(page, *live_server.admin)
    page.goto("/products/new")
    page.get_by_label("SKU").fill("E2E-DEL-1")
    page.get_by_label("Name").fill("Tempered glass to delete")
    page.get_by_label("Price").fill("9.90")
    page.get_by_label("Barcode").fill("4006381333932")  # the last digit should be 1
    page.get_by_role("button", name="Create product").click()
    expect(page.get_by_text(re.compile("not a valid EAN-13 code"))).to_be_visible()
    page.get_by_label("Barcode").fill("4006381333931")
    page.get_by_role("button", name="Create product").click()
    expect(page.get_by_role("heading", name="Tempered glass to delete")).to_be_visible()
    detail = page.url.split("?")[0]

    # Delete leads to a question, not to a deletion; "Keep it" goes back with the product intact.
    page.get_by_role("link", name="Delete…").click()
    expect(page.get_by_role("heading", name="Delete Tempered glass to delete?")).to_be_visible()
    page.get_by_role("link", name="Keep it").click()
    expect(page).to_have_url(detail)
    page.get_by_role("link", name="Delete…").click()
    page.get_by_role("button", name="Delete the product").click()
    expect(page.get_by_text("The product was deleted.")).to_be_visible()
    assert page.goto(detail).status == 404  # type: ignore[union-attr]
