"""A sale at the counter with the keyboard only, in Chromium: a barcode typed and Enter (as a scanner
does), a product found by live search with the arrow keys, a split cash and card payment, F9 to sell;
the receipt opens, its PDF downloads, and Enter starts the next sale."""

from __future__ import annotations

import re
import secrets

import httpx
from playwright.sync_api import Page, expect
from stdnum import ean

from tests.e2e.conftest import LiveServer
from tests.e2e.test_sign_in import sign_in


def _products(live_server: LiveServer) -> tuple[dict[str, str], dict[str, str]]:
    """Two products made through the API (the live server is shared: names and codes are fresh)."""
    tag = secrets.token_hex(3).upper()
    body = "".join(str(secrets.randbelow(10)) for _ in range(11))
    barcode = body + ean.calc_check_digit(body)  # a UPC-A code: its check digit is checked
    with httpx.Client(base_url=live_server.url) as http:
        username, password = live_server.admin
        token = http.post("/api/v1/auth/token", json={"username": username, "password": password}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        first = {"sku": f"SCAN-{tag}", "barcode": barcode, "name": f"Screen guard {tag}", "price": "12.50",
                 "stock": 5}
        second = {"sku": f"BANK-{tag}", "name": f"Power bank {tag}", "price": "29.99", "stock": 3}
        for body in (first, second):
            assert http.post("/api/v1/products", json=body, headers=headers).status_code == 201
    return {k: str(v) for k, v in first.items()}, {k: str(v) for k, v in second.items()}


def test_a_keyboard_only_sale_with_a_scanned_barcode_and_a_split_payment(page: Page, live_server: LiveServer) -> None:
    guard, bank = _products(live_server)
    sign_in(page, *live_server.staff)
    page.goto("/sales/new")
    code = page.locator("#code")
    expect(code).to_be_focused()

    # The scanner types the barcode and Enter: the product joins the sale, the field is ready again.
    page.keyboard.type(guard["barcode"])
    page.keyboard.press("Enter")
    expect(page.get_by_role("row").filter(has_text=guard["name"])).to_be_visible()
    expect(page.locator("#code")).to_be_focused()
    expect(page.locator("#code")).to_have_value("")

    # A few letters of the name, the down arrow into the results, Enter adds the one chosen.
    page.keyboard.type(f"bank {bank['sku'][-6:]}".lower().split()[0])
    result = page.locator("#product-results .pos-result").filter(has_text=bank["name"])
    expect(result).to_be_visible()
    page.keyboard.press("ArrowDown")
    while not result.evaluate("element => element === document.activeElement"):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.get_by_role("row").filter(has_text=bank["name"])).to_be_visible()
    expect(page.locator("#pos-total")).to_have_text("42.49")  # priced by the server
    expect(page.locator("#code")).to_be_focused()

    # F8: the payments. Cash and card; the change for the cash tendered comes from the server.
    page.keyboard.press("F8")
    expect(page.locator("#pay_cash")).to_be_focused()
    page.keyboard.type("20.00")
    page.keyboard.press("Tab")
    page.keyboard.type("22.49")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator("#tendered")).to_be_focused()
    page.keyboard.type("50.00")
    expect(page.locator("#pos-change")).to_have_text("30.00")
    expect(page.locator("#pos-due")).to_have_text("0.00")

    # F9 sells: the receipt opens.
    page.keyboard.press("F9")
    expect(page).to_have_url(re.compile(r"/sales/\d+/receipt\?new=1$"))  # the change is kept with the sale
    receipt = page.get_by_role("article")
    expect(receipt).to_contain_text(guard["name"])
    expect(receipt).to_contain_text(bank["name"])
    expect(receipt).to_contain_text("42.49")
    expect(receipt).to_contain_text("Sam Seller")
    expect(receipt.get_by_role("row").filter(has_text="Change")).to_contain_text("30.00")
    expect(receipt.get_by_role("row").filter(has_text="Cash tendered")).to_contain_text("50.00")
    number = re.search(r"S-\d{6}", receipt.inner_text())
    assert number is not None

    # Its PDF, generated on the server.
    pdf_link = page.get_by_role("link", name="PDF")
    pdf = page.request.get(pdf_link.get_attribute("href") or "")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")

    # One keystroke for the next customer.
    expect(page.get_by_role("link", name="New sale (Enter)")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/sales/new$"))
    expect(page.locator("#code")).to_be_focused()
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_what_is_typed_while_an_item_is_being_added_is_kept(page: Page, live_server: LiveServer) -> None:
    """A scan answers with the whole form; a cash amount typed before that answer arrives survives it."""
    guard, _bank = _products(live_server)
    sign_in(page, *live_server.staff)
    page.goto("/sales/new")

    def slowly(route, request):  # type: ignore[no-untyped-def]
        if request.method == "POST" and request.url.endswith("/sales/new"):
            page.wait_for_timeout(600)  # the answer is on its way while the cashier types
        route.continue_()

    page.route("**/sales/new", slowly)
    page.locator("#code").fill(guard["barcode"])
    page.locator("#code").press("Enter")
    page.locator("#pay_cash").fill("12.50")
    expect(page.get_by_role("row").filter(has_text=guard["name"])).to_be_visible()
    expect(page.locator("#pay_cash")).to_have_value("12.50")
    expect(page.locator("#pos-due")).to_have_text("0.00")  # the totals followed the carried amount
