"""Letters typed into the point of sale's code field while an added item's form is settling still search."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer
from tests.e2e.test_sales import _products
from tests.e2e.test_sign_in import sign_in


def test_letters_typed_as_the_form_comes_back_search(page: Page, live_server: LiveServer) -> None:
    guard, bank = _products(live_server)
    sign_in(page, *live_server.staff)
    page.goto("/sales/new")
    # Widen the gap between a swap and its settling (20 ms by default) so the typing surely falls in it.
    page.evaluate("htmx.config.defaultSettleDelay = 400")
    page.keyboard.type(guard["barcode"])
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/sales/new")):
        page.keyboard.press("Enter")
    page.wait_for_selector("#pos tbody tr")  # the new form is in: htmx wires its fields when it settles
    page.locator("#code").focus()
    page.keyboard.type("bank")  # before that, as a fast hand does in the 20 ms
    expect(page.locator("#product-results .pos-result").filter(has_text=bank["name"])).to_be_visible()
