"""Staff register a customer, take a payment and read the statement, in Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, LiveServer
from tests.e2e.test_phone_width import WIDEST
from tests.e2e.test_sign_in import sign_in


def test_register_a_customer_take_a_payment_and_read_the_statement(page: Page, live_server: LiveServer) -> None:
    sign_in(page, *live_server.staff)
    page.get_by_role("link", name="Customers").click()
    expect(page.get_by_role("heading", name="Customers")).to_be_visible()
    page.get_by_role("link", name="New customer").click()

    # Bad input first: the form comes back with each message beside its field, and what was typed.
    page.get_by_label("Name").fill("Marta Ribeiro")
    page.get_by_label("Email", exact=True).fill("marta-at-example")
    # Staff see the credit limit new customers get, and may not change it (an admin sets limits).
    expect(page.get_by_label("Credit limit")).to_be_disabled()
    page.get_by_role("button", name="Register customer").click()
    expect(page.locator("#email-error")).to_contain_text("email address")
    expect(page.get_by_label("Name")).to_have_value("Marta Ribeiro")

    page.get_by_label("Email", exact=True).fill("marta@example.com")
    page.get_by_label("Phone").fill("+351 933 444 555")
    page.get_by_role("button", name="Register customer").click()
    expect(page).to_have_url(re.compile(r"/customers/\d+\?done=created$"))
    expect(page.get_by_role("heading", name="Marta Ribeiro")).to_be_visible()
    expect(page.locator("#balance")).to_have_text("0.00")

    # A payment of nothing is refused next to the amount; a real one leaves a credit.
    page.get_by_label("Amount").fill("0")
    page.get_by_role("button", name="Record payment").click()
    expect(page.locator("#payment-amount-error")).to_contain_text("more than 0")
    page.get_by_label("Amount").fill("25.50")
    page.get_by_label("Method").select_option("card")
    page.get_by_role("button", name="Record payment").click()
    expect(page.get_by_text("The payment was recorded.")).to_be_visible()
    expect(page.locator("#balance")).to_have_text("-25.50")

    statement = page.get_by_role("table")
    expect(statement.get_by_role("row").filter(has_text="Payment (card)")).to_contain_text("-25.50")
    expect(statement.get_by_role("row").filter(has_text="Closing balance")).to_contain_text("-25.50")

    # Staff get no adjustment form (an admin's) and no delete button (a manager's).
    expect(page.get_by_role("button", name="Adjust balance")).to_have_count(0)
    expect(page.get_by_role("button", name="Delete customer")).to_have_count(0)

    # The printable statement: the store, the customer, opening and closing balances.
    page.get_by_role("link", name="Printable statement").click()
    expect(page.get_by_role("heading", name="Account statement")).to_be_visible()
    expect(page.get_by_text("Marta Ribeiro").first).to_be_visible()
    expect(page.locator(".statement-totals")).to_contain_text("Opening balance")
    expect(page.locator(".statement-totals")).to_contain_text("-25.50")
    # No script error (the refusals above are answered 422/409, which the console notes as failed loads).
    errors = [e for e in page.console_errors if not e.startswith("Failed to load resource")]  # type: ignore[attr-defined]
    assert errors == []

    # The live search finds her by part of her phone number, without a page load.
    page.get_by_role("link", name="Customers").click()
    page.get_by_label("Search customers").fill("933 444")
    expect(page.locator("#customer-results").get_by_role("link", name="Marta Ribeiro")).to_be_visible()


# The longest details the rules allow, with unbroken words: where layouts break first.
LONG_NAME = "Maximiliana " + "Wolfeschlegelsteinhausenbergerdorff" * 3 + "-" + "x" * 2
LONG_EMAIL = "a" * 64 + "@" + "b" * 177 + ".example.com"  # 254 characters


@pytest.fixture(scope="module")
def long_customer(browser, live_server: LiveServer) -> str:  # type: ignore[no-untyped-def]
    """The path of a customer whose name and email are as long as the rules allow, with a movement."""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    sign_in(page, *live_server.admin)
    page.goto("/customers/new")
    page.get_by_label("Name").fill(LONG_NAME)
    page.get_by_label("Email", exact=True).fill(LONG_EMAIL)
    page.get_by_label("Address").fill("Rua " + "Comprida" * 20)
    page.get_by_role("button", name="Register customer").click()
    expect(page).to_have_url(re.compile(r"/customers/\d+\?done=created$"))
    path = page.url.split("?")[0].removeprefix(live_server.url)
    page.get_by_label("Adjustment").fill("1234567.89")
    page.get_by_label("Reason").fill("Carried over: " + "x" * 150)
    page.get_by_role("button", name="Adjust balance").click()
    context.close()
    return path


@pytest.mark.parametrize("screen", ["list", "search", "page", "page, refused", "edit", "statement"])
def test_customer_pages_fit_a_phone(phone_page: Page, live_server: LiveServer, long_customer: str,
                                   screen: str) -> None:
    sign_in(phone_page, *live_server.admin)
    if screen == "list":
        phone_page.goto("/customers")
    elif screen == "search":
        phone_page.goto("/customers?q=" + "Wolfeschlegel" * 7)
    elif screen == "page":
        phone_page.goto(long_customer)
    elif screen == "page, refused":
        phone_page.goto(long_customer)
        phone_page.get_by_role("button", name="Delete customer").click()
        expect(phone_page.locator(".alert-error")).to_be_visible()
    elif screen == "edit":
        phone_page.goto(long_customer + "/edit")
    else:
        phone_page.goto(long_customer + "/statement")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{screen} is {width}px wide: {phone_page.evaluate(WIDEST)}"


@pytest.fixture
def page_without_js(browser, live_server: LiveServer) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_searching_and_paying_without_javascript(page_without_js: Page, live_server: LiveServer) -> None:
    page = page_without_js
    sign_in(page, *live_server.staff)
    page.goto("/customers/new")
    page.get_by_label("Name").fill("Nuno Script")
    page.get_by_label("Phone").fill("+351 966 000 111")
    page.get_by_role("button", name="Register customer").click()
    page.goto("/customers")
    page.get_by_label("Search customers").fill("nuno scr")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/customers\?q=nuno\+scr$"))
    page.locator("#customer-results").get_by_role("link", name="Nuno Script").click()
    page.get_by_label("Amount").fill("12.00")
    page.get_by_role("button", name="Record payment").click()
    expect(page.locator("#balance")).to_have_text("-12.00")
