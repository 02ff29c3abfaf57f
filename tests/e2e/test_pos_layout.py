"""Issue 23: the till at a desktop's 1366 px and on a 390 px phone. Customer results lay out as lines of
text (not a letter per line) and Enter in the customer field picks the first; on a phone the till is no
wider than the screen and a line's Remove button is there to press. And the scanner still works with
the keyboard alone."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, LiveServer
from tests.e2e.counter_shop import customer, desktop, product, settled
from tests.e2e.test_phone_width import WIDEST
from tests.e2e.test_sign_in import sign_in

__all__ = ["desktop"]  # fixtures


def test_enter_in_the_customer_field_picks_the_first_found(desktop: Page, live_server: LiveServer) -> None:
    page = desktop
    buyer = customer(live_server)
    sign_in(page, *live_server.staff)
    page.goto("/sales/new")
    page.keyboard.press("F4")
    expect(page.locator("#customer_q")).to_be_focused()
    page.keyboard.type(str(buyer["name"]))
    found = page.locator("#customer-results .pos-result").filter(has_text=str(buyer["name"]))
    expect(found).to_be_visible()
    # The name reads on one line: the result is as wide as its list, and about one line of text high.
    name = found.locator("span").first
    box, row = name.bounding_box(), found.bounding_box()
    assert box is not None and row is not None
    assert box["height"] < 40, f"the name takes {box['height']}px of height"
    assert box["width"] > 100 and row["width"] > 200
    page.keyboard.press("Enter")
    expect(page.locator("input[name=customer_id]")).to_have_value(str(buyer["id"]))
    expect(page.locator("#pos")).to_contain_text(str(buyer["name"]))


def test_the_till_fits_a_phone_and_remove_is_at_hand(phone_page: Page, live_server: LiveServer) -> None:
    page = phone_page
    item = product(live_server, "19.99", name="Wireless charging stand with a long name")
    sign_in(page, *live_server.staff)
    page.goto("/sales/new")
    page.locator("#code").fill(str(item["barcode"]))
    page.get_by_role("button", name="Add", exact=True).click()
    row = page.get_by_role("row").filter(has_text=str(item["name"]))
    expect(row).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the till is {width}px wide: {page.evaluate(WIDEST)}"
    remove = row.get_by_role("button", name="Remove")
    box = remove.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    remove.click(trial=True)  # nothing covers it: a tap reaches it
    remove.tap()
    expect(page.locator("#pos")).to_contain_text("Nothing yet")


def test_a_keyboard_only_sale_with_a_fast_scanner(desktop: Page, live_server: LiveServer) -> None:
    page = desktop
    first, second = product(live_server, "12.50"), product(live_server, "7.25", name="Cable")
    sign_in(page, *live_server.staff)
    page.goto("/sales/new")
    expect(page.locator("#code")).to_be_focused()
    for item in (first, second):
        page.keyboard.type(str(item["barcode"]), delay=4)  # a scanner: 4 ms a key, then Enter
        page.keyboard.press("Enter")
        expect(page.get_by_role("row").filter(has_text=str(item["name"]))).to_be_visible()
        expect(page.locator("#code")).to_be_focused()
    expect(page.locator("#pos-total")).to_have_text("19.75")
    settled(page)  # a person presses F8 a tenth of a second after the scan at the soonest
    page.keyboard.press("F8")
    expect(page.locator("#pay_cash")).to_be_focused()
    page.keyboard.type("19.75")
    page.keyboard.press("F9")
    expect(page).to_have_url(re.compile(r"/sales/\d+/receipt\?new=1$"))
    expect(page.get_by_role("article")).to_contain_text("19.75")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_field_chosen_while_an_item_is_being_added_keeps_the_focus(desktop: Page, live_server: LiveServer) -> None:
    """The answer to a scan brings a new form whose code field asks for the focus; a cashier who moved to
    the cash field meanwhile keeps typing there."""
    page = desktop
    item = product(live_server, "12.50")
    sign_in(page, *live_server.staff)
    page.goto("/sales/new")

    def slowly(route, request):  # type: ignore[no-untyped-def]
        if request.method == "POST" and request.url.endswith("/sales/new"):
            page.wait_for_timeout(600)  # the answer is on its way while the cashier moves on
        route.continue_()

    page.route("**/sales/new", slowly)
    page.locator("#code").fill(str(item["barcode"]))
    page.locator("#code").press("Enter")
    page.locator("#pay_cash").click()
    expect(page.get_by_role("row").filter(has_text=str(item["name"]))).to_be_visible()
    page.wait_for_timeout(100)  # the new form has settled
    expect(page.locator("#pay_cash")).to_be_focused()
    page.keyboard.type("12.50")
    expect(page.locator("#pay_cash")).to_have_value("12.50")
    expect(page.locator("#code")).to_have_value("")
