"""Issue 23: every refusal at the till shows its reason next to what caused it, with and without
JavaScript, and keeps everything typed: over the credit limit (beside the account payment), short of
stock (beside the line)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer
from tests.e2e.counter_shop import any_width, customer, product, settled, without_js
from tests.e2e.test_sign_in import sign_in

__all__ = ["any_width", "without_js"]  # fixtures


def _ring_up_on_account(page: Page, live_server: LiveServer) -> dict[str, object]:
    """A 60.00 sale on account for a customer whose credit limit is 50.00, with a note typed."""
    item = product(live_server, "60.00")
    buyer = customer(live_server, credit_limit="50.00")
    sign_in(page, *live_server.staff)
    page.goto("/sales/new")
    page.locator("#code").fill(str(item["barcode"]))
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_role("row").filter(has_text=str(item["name"]))).to_be_visible()
    expect(page.locator("#code")).to_be_focused()  # the new form has settled: typing goes where aimed
    page.locator("#customer_q").fill(str(buyer["name"]))
    page.get_by_role("button", name="Find").click()
    page.locator("#customer-results .pos-result").filter(has_text=str(buyer["name"])).click()
    expect(page.locator("#pos")).to_contain_text("balance 0.00")
    expect(page.locator("#code")).to_be_focused()
    page.locator("#pay_account").fill("60.00")
    page.locator("#notes").fill("Deliver on Monday")
    return {"item": item, "buyer": buyer}


def _the_refusal_is_beside_the_account_payment(page: Page, typed: dict[str, object]) -> None:
    message = page.locator("#pay_account-error")
    expect(message).to_be_visible()
    expect(message).to_contain_text("credit limit of 50.00")
    expect(page.locator("#pay_account")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#pay_account")).to_have_value("60.00")  # everything typed is kept
    expect(page.locator("#notes")).to_have_value("Deliver on Monday")
    expect(page.get_by_role("row").filter(has_text=str(typed["item"]["name"]))).to_be_visible()  # type: ignore[index]
    expect(page.locator("#pos")).to_contain_text(str(typed["buyer"]["name"]))  # type: ignore[index]


def test_over_the_credit_limit_is_shown_beside_the_account_payment(any_width: Page, live_server: LiveServer) -> None:
    page = any_width
    typed = _ring_up_on_account(page, live_server)
    page.get_by_role("button", name="Sell (F9)").click()
    _the_refusal_is_beside_the_account_payment(page, typed)
    assert "/sales/new" in page.url


def test_over_the_credit_limit_without_javascript(without_js: Page, live_server: LiveServer) -> None:
    page = without_js
    typed = _ring_up_on_account(page, live_server)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Sell (F9)").click()
    assert answer.value.status == 409
    _the_refusal_is_beside_the_account_payment(page, typed)


def test_short_of_stock_is_shown_beside_the_line(any_width: Page, live_server: LiveServer) -> None:
    page = any_width
    scarce = product(live_server, "10.00", stock=1, name="Last one")
    plenty = product(live_server, "5.00", stock=10, name="Plenty")
    sign_in(page, *live_server.staff)
    page.goto("/sales/new")
    for item in (plenty, scarce, scarce):
        page.locator("#code").fill(str(item["barcode"]))
        page.locator("#code").press("Enter")
        expect(page.locator("#code")).to_have_value("")
        expect(page.locator("#code")).to_be_focused()
        settled(page)
    expect(page.locator("#pos-total")).to_have_text("25.00")
    page.locator("#pay_card").fill("25.00")
    page.keyboard.press("F9")
    message = page.locator("#items\\[1\\]\\.quantity-error")
    expect(message).to_be_visible()
    expect(message).to_contain_text("asked 2, 1 in stock")
    expect(page.get_by_role("row").filter(has_text=str(scarce["name"]))).to_contain_text("asked 2, 1 in stock")
    expect(page.locator("#items\\[0\\]\\.quantity-error")).to_have_count(0)
    expect(page.locator("#pay_card")).to_have_value("25.00")
