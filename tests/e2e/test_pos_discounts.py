"""Issue 23: a line's own discount and the sale's, each an amount or a percent, typed at the till; the
totals show what they take off, the receipt prints each line's discount. With and without JavaScript.
Issue 24: the till's totals add each line's tax after its discounts, and the receipt marks the line's rate."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer
from tests.e2e.counter_shop import any_width, product, ring_up, tax_rate, without_js
from tests.e2e.test_sign_in import sign_in

__all__ = ["any_width", "without_js"]  # fixtures


def _totals(page: Page) -> dict[str, str]:
    terms = page.locator("#pos-totals dt").all_inner_texts()
    values = page.locator("#pos-totals dd").all_inner_texts()
    return dict(zip(terms, values, strict=True))


def test_a_percent_off_a_line_and_an_amount_off_the_sale(any_width: Page, live_server: LiveServer) -> None:
    page = any_width
    case, cable = product(live_server, "12.50", name="Phone case"), product(live_server, "9.99", name="USB cable")
    sign_in(page, *live_server.admin)  # above the staff's discount limit: no approval asked
    page.goto("/sales/new")
    ring_up(page, case, case, cable)
    page.get_by_label("Line discount").first.fill("10%")
    page.locator("#discount").fill("2.00")
    expect(page.locator("#pos-total")).to_have_text("30.49")
    totals = _totals(page)
    assert (totals["Line discounts"], totals["Subtotal"], totals["Discount"]) == ("−2.50", "32.49", "2.00")
    page.get_by_role("button", name="Exact cash").click()
    expect(page.locator("#pay_cash")).to_have_value("30.49")
    page.get_by_role("button", name="Sell (F9)").click()
    expect(page).to_have_url(re.compile(r"/sales/\d+/receipt\?new=1$"))
    receipt = page.get_by_role("article")
    expect(receipt.get_by_role("row").filter(has_text="Line discount")).to_contain_text("-2.50")
    expect(receipt.get_by_role("row").filter(has_text=re.compile(r"^\s*Total"))).to_contain_text("30.49")


def test_a_bad_discount_is_shown_beside_its_line_and_the_cart_is_kept(without_js: Page,
                                                                          live_server: LiveServer) -> None:
    page = without_js
    item = product(live_server, "12.50")
    sign_in(page, *live_server.admin)  # above the staff's discount limit: no approval asked
    page.goto("/sales/new")
    ring_up(page, item)
    page.get_by_label("Line discount").fill("12.51")
    page.locator("#pay_card").fill("0.01")
    page.get_by_role("button", name="Sell (F9)").click()
    line = page.get_by_role("row").filter(has_text="Phone case")
    expect(line).to_contain_text(re.compile(r"must not be more than the line's total, 12.50", re.I))
    expect(page.get_by_label("Line discount")).to_have_value("12.51")
    expect(page.get_by_label("Line discount")).to_have_attribute("aria-invalid", "true")

    page.get_by_label("Line discount").fill("15 %")
    page.get_by_role("button", name="Update totals").click()
    expect(page.get_by_label("Line discount")).to_have_value("15 %")
    page.locator("#pay_card").fill("10.62")
    page.get_by_role("button", name="Sell (F9)").click()
    expect(page).to_have_url(re.compile(r"/sales/\d+/receipt\?new=1$"))
    expect(page.get_by_role("article").get_by_role("row").filter(has_text="Line discount")).to_contain_text("-1.88")


def test_the_tax_is_added_after_the_discounts_and_the_receipt_marks_the_rate(any_width: Page,
                                                                             live_server: LiveServer) -> None:
    page = any_width
    rate = tax_rate(live_server, "23")
    item = product(live_server, "19.99", name="Taxed case", tax_rate_id=rate["id"])
    sign_in(page, *live_server.admin)  # above the staff's discount limit: no approval asked
    page.goto("/sales/new")
    ring_up(page, item)
    page.get_by_label("Line discount").fill("10%")  # 19.99 - 2.00 = 17.99; 23 % of it is 4.14 (4.1377)
    expect(page.locator("#pos-total")).to_have_text("22.13")
    expect(page.locator("#pos-tax")).to_have_text("4.14")
    page.get_by_role("button", name="Exact cash").click()
    expect(page.locator("#pay_cash")).to_have_value("22.13")
    page.get_by_role("button", name="Sell (F9)").click()
    expect(page).to_have_url(re.compile(r"/sales/\d+/receipt\?new=1$"))
    receipt = page.get_by_role("article")
    expect(receipt).to_contain_text(f"A {rate['name']} 23%")
    expect(receipt.get_by_role("row", name="Tax 4.14", exact=True)).to_be_visible()
    expect(receipt.get_by_role("row", name="Total 22.13", exact=True)).to_be_visible()
