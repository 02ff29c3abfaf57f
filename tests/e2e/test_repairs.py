"""A repair from intake to delivery on account, in Chromium: the customer registered inline at intake with the
device's condition, a labour estimate and a deposit by card; a labour line added; the quote approved by the
customer on the public page, signed out (a wrong confirmation first); delivery for what is left to pay; the
charge on the customer's statement; and the public page with nothing personal on it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer
from tests.e2e.test_sign_in import sign_in


def test_take_a_repair_in_have_its_quote_approved_online_and_deliver_it(page: Page,
                                                                         live_server: LiveServer) -> None:
    sign_in(page, *live_server.staff)
    page.get_by_role("link", name="Repairs").click()
    expect(page.get_by_role("heading", name="Repairs")).to_be_visible()
    page.get_by_role("link", name="New repair").click()

    # Nothing chosen and nothing typed: each message beside its field.
    page.get_by_role("button", name="Take in").click()
    expect(page.locator("#customer_id-error")).to_contain_text("Choose a customer")

    page.get_by_text("Register a new customer").click()
    page.get_by_label("New customer's name").fill("Tiago Fonseca")
    page.get_by_label("New customer's phone").fill("+351 914 222 333")
    page.get_by_label("Equipment").fill("Phone, Apple iPhone 13")
    page.get_by_label("Serial number / IMEI").fill("353912110987654")
    page.get_by_label("Reported problem").fill("Back glass shattered")
    page.get_by_label("Accessories left").fill("Silicone case")
    page.get_by_label("Housing", exact=True).select_option("damaged")
    page.get_by_label("Water damage", exact=True).select_option(label="No signs")
    page.get_by_label("Condition notes").fill("Corner dent")
    page.get_by_label("Labour estimate").fill("60.00")
    page.get_by_label("Deposit method").select_option("card")
    page.get_by_label("Deposit amount").fill("20.00")
    page.get_by_role("button", name="Take in").click()
    expect(page.get_by_text("The repair was taken in.")).to_be_visible()
    expect(page.locator("#repair-status")).to_have_text("Received")
    expect(page.get_by_role("button", name="Move to ready")).to_have_count(0)
    expect(page.locator("#repair-deposits")).to_contain_text("20.00")
    repair_url = page.url.split("?")[0]

    page.get_by_label("Labour description").fill("Back glass fitting")
    page.get_by_label("Labour amount").fill("35.00")
    page.get_by_role("button", name="Add labour").click()
    expect(page.locator("#repair-total")).to_have_text("95.00")
    expect(page.locator("#repair-to-pay")).to_have_text("75.00")

    page.get_by_label("Diagnosis").fill("Back glass replaced")
    page.get_by_role("button", name="Save details").click()
    page.get_by_role("button", name="Move to diagnosing").click()
    page.get_by_role("button", name="Move to awaiting approval").click()
    expect(page.locator("#repair-status")).to_have_text("Awaiting approval")
    # The quote of 95.00 went to the customer: it stays as sent, so the page offers no line changes and says why.
    expect(page.locator("#lines-frozen")).to_contain_text("The quote of 95.00 is with the customer")
    expect(page.get_by_role("button", name="Add labour")).to_have_count(0)
    expect(page.get_by_role("button", name="Add part")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Remove "))).to_have_count(0)
    number = re.search(r"R-\d{6}", page.get_by_role("heading", level=1).inner_text())
    assert number is not None

    page.get_by_role("link", name="Intake ticket").click()
    expect(page.locator(".ticket-qr svg")).to_be_visible()
    expect(page.locator("#receipt-sheet")).to_contain_text("Housing: damaged")
    expect(page.locator("#receipt-sheet")).to_contain_text("Corner dent")
    track_url = page.locator("[data-track-url]").get_attribute("href")
    assert track_url is not None and "/track/" in track_url

    # The customer, signed out, answers the quote.
    page.context.clear_cookies()
    page.goto(track_url)
    expect(page.locator("#track-status")).to_have_text("Awaiting approval")
    expect(page.locator("#track-quote-total")).to_have_text("95.00")
    page.get_by_label("Last four digits of your phone").fill("0000")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("#confirm-error")).to_contain_text("does not match")
    page.get_by_label("Last four digits of your phone").fill("2333")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("you approved the quote")).to_be_visible()
    expect(page.locator("#track-status")).to_have_text("In repair")

    sign_in(page, *live_server.staff)
    page.goto(repair_url)
    expect(page.locator("#repair-history")).to_contain_text("customer, through the tracking page")
    page.get_by_role("button", name="Move to ready").click()
    expect(page.locator("#repair-status")).to_have_text("Ready")
    expect(page.get_by_label("Payment 1 amount")).to_have_value("75.00")
    page.get_by_label("Payment 1 method").select_option("account")
    page.get_by_role("button", name="Deliver").click()
    expect(page.get_by_text("The repair was delivered.")).to_be_visible()

    page.get_by_role("link", name="Tiago Fonseca").click()
    statement = page.get_by_role("table").filter(has_text="Opening balance")  # the history is a table too
    expect(statement.get_by_role("row").filter(has_text=f"Repair {number.group(0)}")).to_contain_text("75.00")

    page.context.clear_cookies()
    page.goto(track_url)
    expect(page.locator("#track-status")).to_have_text("Delivered")
    body = page.locator("body").inner_text()
    for personal in ("Tiago", "Fonseca", "914", "95.00", "353912110987654", "Silicone", "Corner"):
        assert personal not in body
