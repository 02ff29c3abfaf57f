"""Issue 26's walk on the demo data (what `make run` seeds), in Chromium: a demo phone's IMEI, still in stock, is
scanned at the till and sold to a demo customer; looked up on /units/{imei} it is sold, to that customer, under
warranty until the sale's date plus the phone's warranty months; taken in for repair, the intake finds the sale
by the IMEI, says "under warranty until", and the repair is flagged and linked to the unit."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer, _fresh_page
from tests.e2e.test_sign_in import sign_in

DEMO_ADMIN = ("admin", "admin-demo-password")


def _a_phone_in_stock(base: str) -> tuple[str, str, int, str]:
    """(IMEI, product name, warranty months) of a demo phone unit in stock, and a demo customer's name, read
    through the API."""
    with httpx.Client(base_url=base) as http:
        token = http.post("/api/v1/auth/token", json={"username": DEMO_ADMIN[0], "password": DEMO_ADMIN[1]}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        customer = http.get("/api/v1/customers", params={"limit": 1, "offset": 7}, headers=headers).json()
        name = customer["items"][0]["name"]
        phones = http.get("/api/v1/products", params={"q": "PHN-", "limit": 50}, headers=headers).json()["items"]
        for phone in phones:
            if phone["serial_kind"] == "imei" and phone["stock"] > 0 and phone["is_active"]:
                units = http.get(f"/api/v1/products/{phone['id']}/units", params={"status": "in_stock"},
                                 headers=headers).json()
                items = units["items"] if isinstance(units, dict) else units
                return items[0]["serial"], phone["name"], phone["warranty_months"], name
    raise AssertionError("the demo has no serialized phone in stock")


@pytest.fixture
def demo_page(browser: Any, demo_shop: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    yield from _fresh_page(browser, LiveServer(demo_shop, DEMO_ADMIN, DEMO_ADMIN), request)


def test_a_demo_phone_scanned_sold_looked_up_and_taken_in_under_warranty(demo_page: Page, demo_shop: str) -> None:
    page = demo_page
    imei, name, months, customer = _a_phone_in_stock(demo_shop)
    assert months > 0
    sign_in(page, *DEMO_ADMIN)
    page.goto("/sales/new")
    expect(page.locator("#code")).to_be_focused()
    page.keyboard.type(imei)  # the scanner: the IMEI, then Enter
    page.keyboard.press("Enter")
    expect(page.locator("[data-serial]").filter(has_text=imei)).to_be_visible()
    expect(page.locator(".pos-lines")).to_contain_text(name)
    # The answer swapped the whole form in: wait until htmx has wired it (its code field focused) before the
    # next click, or the click lands on a form htmx has not taken over yet.
    expect(page.locator("#code")).to_be_focused()
    page.wait_for_load_state("networkidle")

    page.locator("#customer_q").fill(customer)
    page.get_by_role("button", name="Find").click()
    found = page.locator("#customer-results .pos-result").filter(has_text=customer).first
    expect(found).to_be_visible()
    found.click()
    expect(page.get_by_role("button", name="No customer")).to_be_visible()
    expect(page.locator("#code")).to_be_focused()  # the form is back, settled
    due = page.locator("#pos-due").inner_text().strip()  # the total with tax, nothing paid yet
    page.keyboard.press("F8")  # to the payments: cash first, then card
    expect(page.locator("#pay_cash")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#pay_card")).to_be_focused()
    page.keyboard.type(due)
    expect(page.locator("#pos-due")).to_have_text("0.00")
    page.keyboard.press("F9")
    expect(page).to_have_url(re.compile(r"/sales/\d+/receipt\?new=1$"))
    expect(page.locator("body")).to_contain_text(f"IMEI {imei}")

    page.goto(f"/units/{imei}")
    body = page.locator("body")
    expect(body).to_contain_text("Sold")
    expect(body).to_contain_text(customer)
    expect(body).to_contain_text("Under warranty until")
    expect(body).to_contain_text(str(date.today().year + (date.today().month - 1 + months) // 12))

    page.goto("/repairs/new")
    page.get_by_label("Find by serial / IMEI").fill(imei)
    page.get_by_label("Find by serial / IMEI").press("Enter")
    expect(page.locator("[data-unit]")).to_contain_text(customer)
    expect(page.locator("[data-warranty]")).to_contain_text("Under warranty until")
    expect(page.get_by_label("Serial number / IMEI")).to_have_value(imei)
    page.get_by_label("Reported problem").fill("Microphone does not work")
    page.get_by_label("Done under warranty").check()
    page.get_by_role("button", name="Take in").click()
    expect(page).to_have_url(re.compile(r"/repairs/\d+"))
    expect(page.locator("#repair-coverage")).to_contain_text("under warranty until")
    expect(page.locator("#repair-sold-unit")).to_contain_text(imei)
