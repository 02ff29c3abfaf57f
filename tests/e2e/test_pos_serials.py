"""A phone by its IMEI, in Chromium: scanned at the till and sold (the product's barcode asks for the next unit's
IMEI, scanned into the focused field), the IMEI looked up (sold, the customer, the warranty's end), then taken in
for repair: the intake finds the sale and says "under warranty until", and so does the repair."""

from __future__ import annotations

import re
import secrets

import httpx
from playwright.sync_api import Page, expect
from stdnum import ean, luhn

from tests.e2e.conftest import LiveServer
from tests.e2e.test_sign_in import sign_in


def _imei() -> str:
    body = "35" + "".join(str(secrets.randbelow(10)) for _ in range(12))
    return body + luhn.calc_check_digit(body)


def _phone(live_server: LiveServer) -> dict[str, object]:
    """A serialized phone (two units in stock) and a customer, made through the API on the shared live server."""
    tag = secrets.token_hex(3).upper()
    body = "".join(str(secrets.randbelow(10)) for _ in range(11))
    imeis = [_imei(), _imei()]
    with httpx.Client(base_url=live_server.url) as http:
        username, password = live_server.admin
        token = http.post("/api/v1/auth/token", json={"username": username, "password": password}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        phone = {"sku": f"PHONE-{tag}", "barcode": body + ean.calc_check_digit(body), "name": f"Phone {tag}",
                 "price": "400.00", "stock": 2, "serial_kind": "imei", "warranty_months": 24, "serials": imeis}
        made = http.post("/api/v1/products", json=phone, headers=headers)
        assert made.status_code == 201, made.text
        customer = {"name": f"Rita {tag}", "phone": f"+351 91{secrets.randbelow(10**7):07d}"}
        registered = http.post("/api/v1/customers", json=customer, headers=headers)
        assert registered.status_code == 201, registered.text
    return {"imeis": imeis, "barcode": phone["barcode"], "name": phone["name"], "customer": customer["name"],
            "headers": headers}


def test_an_imei_scanned_sold_looked_up_and_repaired_under_warranty(page: Page, live_server: LiveServer) -> None:
    shop = _phone(live_server)
    first, second = shop["imeis"]  # type: ignore[misc]
    sign_in(page, *live_server.staff)
    page.goto("/sales/new")
    expect(page.locator("#code")).to_be_focused()

    # The scanner types the IMEI and Enter: the phone joins the sale with that unit.
    page.keyboard.type(first)
    page.keyboard.press("Enter")
    expect(page.locator("[data-serial]").filter(has_text=first)).to_be_visible()
    # The product's barcode: the line's serial field takes the focus, and the next scan fills it.
    expect(page.locator("#code")).to_be_focused()
    page.keyboard.type(str(shop["barcode"]))
    page.keyboard.press("Enter")
    expect(page.locator("#serial-0")).to_be_focused()
    page.keyboard.type(second)
    page.keyboard.press("Enter")
    expect(page.locator("[data-serial]").filter(has_text=second)).to_be_visible()
    expect(page.locator("#quantity-0")).to_have_text("2")
    expect(page.locator("#pos-total")).to_contain_text("800.00")
    # Settled: htmx focuses the new form's autofocus field 20 ms after the swap, and would take the customer's
    # name typed before then into the code field.
    expect(page.locator("#code")).to_be_focused()

    page.locator("#customer_q").fill(str(shop["customer"]))
    page.get_by_role("button", name="Find").click()
    page.locator("#customer-results .pos-result").filter(has_text=str(shop["customer"])).click()
    expect(page.get_by_role("button", name="No customer")).to_be_visible()
    expect(page.locator("#code")).to_be_focused()  # the form is back, settled
    page.keyboard.press("F8")
    expect(page.locator("#pay_cash")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.type("800.00")
    expect(page.locator("#pos-due")).to_have_text("0.00")
    page.keyboard.press("F9")
    expect(page).to_have_url(re.compile(r"/sales/\d+/receipt\?new=1$"))
    expect(page.locator("body")).to_contain_text(f"IMEI {first}")
    expect(page.locator("body")).to_contain_text(f"IMEI {second}")

    # Looked up: sold, to the customer, under warranty until the sale's date plus 24 months.
    with httpx.Client(base_url=live_server.url) as http:
        unit = http.get(f"/api/v1/units/{first}", headers=shop["headers"]).json()  # type: ignore[arg-type]
    assert unit["status"] == "sold" and unit["customer_id"] is not None and unit["warranty_until"], unit
    looked_up = page.goto(f"/units/{first}")
    if looked_up is not None and looked_up.status == 200:  # the unit's page (the catalog's)
        expect(page.locator("body")).to_contain_text(first)
        expect(page.locator("body")).to_contain_text(str(shop["customer"]))

    # Taken in for repair: the intake finds the sale by the IMEI and says it is under warranty.
    page.goto("/repairs/new")
    page.get_by_label("Find by serial / IMEI").fill(first)
    page.get_by_label("Find by serial / IMEI").press("Enter")
    expect(page.locator("[data-unit]")).to_contain_text(str(shop["customer"]))
    expect(page.locator("[data-warranty]")).to_contain_text("Under warranty until")
    expect(page.get_by_label("Serial number / IMEI")).to_have_value(first)
    page.get_by_label("Reported problem").fill("No sound from the speaker")
    page.get_by_label("Done under warranty").check()
    page.get_by_role("button", name="Take in").click()
    expect(page).to_have_url(re.compile(r"/repairs/\d+"))
    expect(page.locator("#repair-coverage")).to_contain_text("under warranty until")
    expect(page.locator("#repair-sold-unit")).to_contain_text(first)
    assert page.console_errors == []  # type: ignore[attr-defined]
