"""Staff register a customer, take a payment and read the statement, in Chromium."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer
from tests.e2e.test_sign_in import sign_in


def test_register_a_customer_take_a_payment_and_read_the_statement(page: Page, live_server: LiveServer) -> None:
    sign_in(page, *live_server.staff)
    page.get_by_role("link", name="Customers").click()
    expect(page.get_by_role("heading", name="Customers")).to_be_visible()
    page.get_by_role("link", name="New customer").click()

    # Bad input first: the form comes back with each message beside its field, and what was typed.
    page.get_by_label("Name").fill("Marta Ribeiro")
    page.get_by_label("Email").fill("marta-at-example")
    page.get_by_label("Credit limit").fill("-5")
    page.get_by_role("button", name="Register customer").click()
    expect(page.locator("#email-error")).to_contain_text("email address")
    expect(page.locator("#credit_limit-error")).to_be_visible()
    expect(page.get_by_label("Name")).to_have_value("Marta Ribeiro")

    page.get_by_label("Email").fill("marta@example.com")
    page.get_by_label("Phone").fill("+351 933 444 555")
    page.get_by_label("Credit limit").fill("300")
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

    # Staff get no adjustment form; deleting is refused while the customer is in credit, and says why.
    expect(page.get_by_role("button", name="Adjust balance")).to_have_count(0)
    page.get_by_role("button", name="Delete customer").click()
    expect(page.get_by_text("settle the account before deleting")).to_be_visible()

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
