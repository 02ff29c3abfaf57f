"""A receipt printed from Chromium: its page fits an 80 mm printer's width (about 302 CSS pixels) without
scrolling sideways, and printing it gives one page 80 mm wide and as long as the receipt (print.js fits the
named page ``receipt`` before the print; the PDF the server makes is tested in tests/integration)."""

from __future__ import annotations

import secrets

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer
from tests.e2e.test_sign_in import sign_in
from tests.pdfs import MM, RECEIPT_WIDTH, page_sizes

ROLL_WIDTH_PX = 302  # 80 mm at 96 CSS pixels per inch


def _sale_with_change(live_server: LiveServer) -> int:
    tag = secrets.token_hex(3).upper()
    with httpx.Client(base_url=live_server.url) as http:
        username, password = live_server.staff
        token = http.post("/api/v1/auth/token", json={"username": username, "password": password}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        admin_token = http.post("/api/v1/auth/token", json=dict(zip(("username", "password"), live_server.admin,
                                                                     strict=True))).json()
        product = http.post("/api/v1/products", json={"sku": f"ROLL-{tag}", "name": f"Charger {tag}",
                                                      "price": "19.90", "stock": 5},
                            headers={"Authorization": f"Bearer {admin_token['access_token']}"}).json()
        sale = http.post("/api/v1/sales", headers=headers, json={
            "items": [{"product_id": product["id"], "quantity": 2}],
            "payments": [{"method": "cash", "amount": "39.80"}], "tendered": "50.00"})
        assert sale.status_code == 201, sale.text
        assert (sale.json()["tendered"], sale.json()["change"]) == ("50.00", "10.20")
        return int(sale.json()["id"])


def test_a_receipt_fits_the_roll_on_screen_and_prints_80_mm_wide(page: Page, live_server: LiveServer) -> None:
    sale_id = _sale_with_change(live_server)
    sign_in(page, *live_server.staff)
    page.set_viewport_size({"width": ROLL_WIDTH_PX, "height": 800})
    page.goto(f"/sales/{sale_id}/receipt")
    receipt = page.get_by_role("article")
    expect(receipt.get_by_role("row").filter(has_text="Cash tendered")).to_contain_text("50.00")
    expect(receipt.get_by_role("row").filter(has_text="Change")).to_contain_text("10.20")
    assert page.evaluate("document.documentElement.scrollWidth") <= ROLL_WIDTH_PX

    sizes = page_sizes(page.pdf(prefer_css_page_size=True))
    assert len(sizes) == 1, sizes  # the page around the sheet prints on the sheet's page, not on one of its own
    width, height = sizes[0]
    assert abs(width - RECEIPT_WIDTH) < 1  # Chromium rounds page sizes to whole pixels
    assert 40 * MM < height < 200 * MM  # fitted to the receipt, not the 297 mm the stylesheet falls back on
    assert page.console_errors == []  # type: ignore[attr-defined]
