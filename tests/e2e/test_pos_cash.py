"""Issue 23: the change to give is the cash tendered less the cash due, shown only once the payments
cover the sale; tendered alone means cash for the total; the "Exact cash" and "Rest in cash" keys fill the
cash payment, with and without JavaScript."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer
from tests.e2e.counter_shop import any_width, product, ring_up, without_js
from tests.e2e.test_sign_in import sign_in

__all__ = ["any_width", "without_js"]  # fixtures


def test_tendered_alone_is_cash_for_the_total(any_width: Page, live_server: LiveServer) -> None:
    page = any_width
    item = product(live_server, "16.09")
    sign_in(page, *live_server.staff)
    page.goto("/sales/new")
    ring_up(page, item)
    page.locator("#tendered").fill("20")
    expect(page.locator("#pos-change")).to_have_text("3.91")
    expect(page.locator("#pos-due")).to_have_text("0.00")
    page.keyboard.press("F9")
    expect(page).to_have_url(re.compile(r"/sales/\d+/receipt\?new=1$"))
    receipt = page.get_by_role("article")
    expect(receipt.get_by_role("row").filter(has_text="Cash tendered")).to_contain_text("20.00")
    expect(receipt.get_by_role("row").filter(has_text="Change")).to_contain_text("3.91")
    expect(receipt.get_by_role("row").filter(has_text=re.compile(r"^\s*Cash\s*\d"))).to_contain_text("16.09")


def test_no_change_is_shown_while_the_payments_do_not_cover_the_sale(any_width: Page,
                                                                       live_server: LiveServer) -> None:
    page = any_width
    item = product(live_server, "16.09")
    sign_in(page, *live_server.staff)
    page.goto("/sales/new")
    ring_up(page, item)
    page.locator("#pay_cash").fill("10.00")
    page.locator("#tendered").fill("20")
    expect(page.locator("#pos-due")).to_have_text("6.09")
    expect(page.locator("#pos-change")).to_have_text("—")
    page.get_by_role("button", name="Rest in cash").click()
    expect(page.locator("#pay_cash")).to_have_value("16.09")
    expect(page.locator("#pos-due")).to_have_text("0.00")
    expect(page.locator("#pos-change")).to_have_text("3.91")
    expect(page.locator("#tendered")).to_have_value("20")


def test_the_cash_keys_without_javascript(without_js: Page, live_server: LiveServer) -> None:
    page = without_js
    item = product(live_server, "134.97")
    sign_in(page, *live_server.staff)
    page.goto("/sales/new")
    ring_up(page, item)
    page.locator("#pay_cash").fill("24.97")
    page.locator("#tendered").fill("30.00")
    page.get_by_role("button", name="Update totals").click()
    expect(page.locator("#pos-due")).to_have_text("110.00")
    expect(page.locator("#pos-change")).to_have_text("—")  # not 5.03: 110.00 is still to pay

    page.locator("#pay_cash").fill("")
    page.locator("#pay_card").fill("110.00")
    page.get_by_role("button", name="Rest in cash").click()
    expect(page.locator("#pay_cash")).to_have_value("24.97")
    expect(page.locator("#pay_card")).to_have_value("110.00")
    expect(page.locator("#pos-change")).to_have_text("5.03")

    page.get_by_role("button", name="Exact cash").click()
    expect(page.locator("#pay_cash")).to_have_value("134.97")
    expect(page.locator("#pay_card")).to_have_value("")
    expect(page.locator("#pos-due")).to_have_text("0.00")
    page.locator("#tendered").fill("")
    page.get_by_role("button", name="Sell (F9)").click()
    expect(page).to_have_url(re.compile(r"/sales/\d+/receipt\?new=1$"))
    expect(page.get_by_role("article")).to_contain_text("134.97")
