"""Issue 23: a sale parked at the till to serve the next customer, then resumed and sold, in Chromium: with
JavaScript (scanner and keys as ever) and without it; and a parked sale dropped, after a confirmation that
works without JavaScript. The live server is shared: each test finds its own parked sale by its products."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import LiveServer
from tests.e2e.counter_shop import desktop, product, settled, without_js
from tests.e2e.test_sign_in import sign_in

__all__ = ["desktop", "without_js"]  # fixtures


def _lines(page: Page) -> Locator:
    return page.locator('#pos input[name="line_product_id"]')


def _parked_row(page: Page, name: str) -> Locator:
    return page.locator("#parked-sales tbody tr").filter(has_text=name)


def _scan(page: Page, barcode: str) -> None:
    """As a scanner does: the code and Enter, into the focused code field."""
    expect(page.locator("#code")).to_be_focused()
    page.keyboard.type(barcode)
    page.keyboard.press("Enter")
    expect(page.locator("#code")).to_have_value("")
    settled(page)


def test_park_serve_another_customer_then_resume_and_sell(desktop: Page, live_server: LiveServer) -> None:
    page = desktop
    guard = product(live_server, "12.50", name="Screen guard")
    bank = product(live_server, "29.99", name="Power bank")
    cable = product(live_server, "5.00", name="Cable")
    sign_in(page, *live_server.staff)
    page.goto("/sales/new")

    # Two items rung up with the scanner, then parked: the till is empty and ready for the next customer.
    _scan(page, str(guard["barcode"]))
    _scan(page, str(bank["barcode"]))
    expect(page.locator("#pos-total")).to_have_text("42.49")
    page.get_by_role("button", name="Park").click()
    expect(page).to_have_url(re.compile(r"/sales/new\?done=parked$"))
    expect(page.get_by_role("status").filter(has_text="Sale parked")).to_be_visible()
    expect(_lines(page)).to_have_count(0)
    expect(page.locator("#pos-total")).to_have_text("0.00")
    expect(page.locator("#code")).to_be_focused()
    parked = _parked_row(page, str(guard["name"]))
    expect(parked).to_contain_text("2 items")
    expect(parked).to_contain_text(str(bank["name"]))
    expect(parked).to_contain_text("Sam Seller")
    expect(page.locator("#parked-title")).to_contain_text(re.compile(r"Parked sales \(\d+\)"))

    # The next customer: scanned, exact cash, F9; the receipt opens and Enter starts the next sale.
    _scan(page, str(cable["barcode"]))
    page.get_by_role("button", name="Exact cash").click()
    expect(page.locator("#pay_cash")).to_have_value("5.00")
    settled(page)
    page.keyboard.press("F9")
    expect(page).to_have_url(re.compile(r"/sales/\d+/receipt\?new=1$"))
    expect(page.get_by_role("article")).to_contain_text(str(cable["name"]))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/sales/new$"))

    # Resumed: the two items are back in the till, and the sale is no longer parked.
    _parked_row(page, str(guard["name"])).get_by_role("button", name=re.compile("^Resume")).click()
    expect(page.get_by_role("status").filter(has_text="Resumed the sale Sam Seller parked at")).to_be_visible()
    expect(_lines(page)).to_have_count(2)
    expect(page.locator(".pos-lines").get_by_role("row").filter(has_text=str(guard["name"]))).to_be_visible()
    expect(page.locator(".pos-lines").get_by_role("row").filter(has_text=str(bank["name"]))).to_be_visible()
    expect(page.locator("#pos-total")).to_have_text("42.49")
    expect(_parked_row(page, str(guard["name"]))).to_have_count(0)

    # And sold, from the keyboard: F8 to the cash, the total typed, F9.
    expect(page.locator("#code")).to_be_focused()
    page.keyboard.press("F8")
    page.keyboard.type("42.49")
    settled(page)
    page.keyboard.press("F9")
    expect(page).to_have_url(re.compile(r"/sales/\d+/receipt\?new=1$"))
    receipt = page.get_by_role("article")
    expect(receipt).to_contain_text(str(guard["name"]))
    expect(receipt).to_contain_text(str(bank["name"]))
    expect(receipt).to_contain_text("42.49")
    assert page.console_errors == []  # type: ignore[attr-defined]


def _add(page: Page, barcode: str) -> None:
    page.locator("#code").fill(barcode)
    page.get_by_role("button", name="Add", exact=True).click()


def test_park_and_resume_without_javascript(without_js: Page, live_server: LiveServer) -> None:
    page = without_js
    guard = product(live_server, "12.50", name="Screen guard")
    bank = product(live_server, "29.99", name="Power bank")
    cable = product(live_server, "5.00", name="Cable")
    sign_in(page, *live_server.staff)
    page.goto("/sales/new")
    _add(page, str(guard["barcode"]))
    _add(page, str(bank["barcode"]))
    page.locator("#notes").fill("Comes back at noon")
    page.get_by_role("button", name="Update totals").click()
    expect(page.locator("#pos-total")).to_have_text("42.49")
    page.get_by_role("button", name="Park").click()
    expect(page).to_have_url(re.compile(r"/sales/new\?done=parked$"))
    expect(page.get_by_role("status").filter(has_text="Sale parked")).to_be_visible()
    expect(_lines(page)).to_have_count(0)
    expect(_parked_row(page, str(guard["name"]))).to_contain_text("2 items")

    _add(page, str(cable["barcode"]))
    page.locator("#pay_cash").fill("5.00")
    page.get_by_role("button", name="Sell (F9)").click()
    expect(page).to_have_url(re.compile(r"/sales/\d+/receipt\?new=1$"))

    page.goto("/sales/new")
    _parked_row(page, str(guard["name"])).get_by_role("button", name=re.compile("^Resume")).click()
    expect(_lines(page)).to_have_count(2)
    expect(page.locator("#pos-total")).to_have_text("42.49")
    expect(page.locator("#notes")).to_have_value("Comes back at noon")
    expect(_parked_row(page, str(guard["name"]))).to_have_count(0)
    page.locator("#pay_card").fill("42.49")
    page.get_by_role("button", name="Sell (F9)").click()
    expect(page).to_have_url(re.compile(r"/sales/\d+/receipt\?new=1$"))
    expect(page.get_by_role("article")).to_contain_text(str(bank["name"]))


def test_dropping_a_parked_sale_asks_first_without_javascript(without_js: Page, live_server: LiveServer) -> None:
    page = without_js
    case = product(live_server, "9.00", name="Forgotten case")
    sign_in(page, *live_server.staff)
    page.goto("/sales/new")
    _add(page, str(case["barcode"]))
    page.get_by_role("button", name="Park").click()
    row = _parked_row(page, str(case["name"]))

    # Drop… asks; "Keep it" keeps it.
    row.get_by_role("button", name=re.compile("^Drop…")).click()
    expect(row).to_contain_text("Drop this parked sale?")
    row.get_by_role("button", name="Keep it").click()
    expect(row).to_have_count(1)
    expect(row.get_by_role("button", name="Drop it")).to_have_count(0)

    # Asked again and confirmed: it is gone.
    row.get_by_role("button", name=re.compile("^Drop…")).click()
    row.get_by_role("button", name="Drop it").click()
    expect(page.get_by_role("status").filter(has_text="The parked sale was dropped.")).to_be_visible()
    expect(row).to_have_count(0)
