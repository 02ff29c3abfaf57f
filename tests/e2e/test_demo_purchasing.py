"""Issue 27's walk on the demo data (what `make run` seeds), in Chromium: Monday's reorder suggestions turned into
draft orders, one per supplier; Volt Distribution's (cables and chargers, counted, no serials) placed, then
received in two deliveries, half of every line and then the rest; each receipt's "Print labels for this
receipt" names every product received with its quantity, one label per unit, and the second's PDF holds exactly
those labels, their barcodes decoding to the products' codes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer, _fresh_page
from tests.e2e.test_sign_in import sign_in
from tests.labels_pdf import decoded, expected

DEMO_ADMIN = ("admin", "admin-demo-password")
SUPPLIER = "Volt Distribution"


@pytest.fixture
def demo_page(browser: Any, demo_shop: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    yield from _fresh_page(browser, LiveServer(demo_shop, DEMO_ADMIN, DEMO_ADMIN), request)


def _order_lines(base: str, order_id: int) -> dict[int, tuple[int, str, str | None]]:
    """The order's lines through the API: {line id: (product id, SKU, the product's barcode)}."""
    with httpx.Client(base_url=base) as http:
        token = http.post("/api/v1/auth/token", json={"username": DEMO_ADMIN[0], "password": DEMO_ADMIN[1]}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        order = http.get(f"/api/v1/purchase-orders/{order_id}", headers=headers).json()
        barcodes = {line["product_id"]: http.get(f"/api/v1/products/{line['product_id']}", headers=headers)
                    .json()["barcode"] for line in order["lines"]}
    return {line["id"]: (line["product_id"], line["sku"], barcodes[line["product_id"]]) for line in order["lines"]}


def _receive(page: Page, part: str) -> dict[str, int]:
    """Fill the receive form: ``half`` of every line's outstanding quantity (rounded down), or ``rest``; submit.
    What was typed, by input id."""
    typed: dict[str, int] = {}
    inputs = page.locator("#receive input[type=number]")
    for index in range(inputs.count()):
        field = inputs.nth(index)
        outstanding = int(field.get_attribute("max") or "0")
        quantity = outstanding // 2 if part == "half" else outstanding
        if quantity:
            field.fill(str(quantity))
            typed[field.get_attribute("id") or ""] = quantity
    page.get_by_role("button", name="Receive goods").click()
    return typed


def _labels_link(page: Page, lines: dict[int, tuple[int, str, str | None]], typed: dict[str, int]) -> None:
    """The receipt's labels link: /labels with product_id and quantity, a pair per line received."""
    link = page.get_by_role("link", name="Print labels for this receipt")
    href = link.get_attribute("href") or ""
    parts = urlsplit(href)
    assert parts.path == "/labels", href
    pairs = parse_qsl(parts.query)
    assert [key for key, _ in pairs] == ["product_id", "quantity"] * (len(pairs) // 2), href
    got = {int(pairs[i][1]): int(pairs[i + 1][1]) for i in range(0, len(pairs), 2)}
    wanted = {lines[int(key.removeprefix("quantity_"))][0]: quantity for key, quantity in typed.items()}
    assert got == wanted, (href, wanted)


def test_suggestions_made_into_orders_one_placed_and_received_in_two_parts(demo_page: Page, demo_shop: str) -> None:
    page = demo_page
    sign_in(page, *DEMO_ADMIN)
    page.goto("/purchase-orders/suggestions")
    expect(page.get_by_role("heading", name=SUPPLIER)).to_be_visible()
    suggested = page.locator("section").filter(has=page.get_by_role("heading", name=SUPPLIER)).locator("tbody tr")
    count = suggested.count()
    assert count > 1, "the demo suggests several of Volt's products"
    page.get_by_role("button", name="Make draft orders").click()
    expect(page).to_have_url(re.compile(r"/purchase-orders\?status=draft"))
    drafts = page.locator("tbody tr").filter(has_text=SUPPLIER)
    expect(drafts).to_have_count(1)  # the demo's own draft is SoundWave's
    for name in ("Northwind Mobile", "Pacific Computing", "SoundWave Audio"):
        expect(page.locator("tbody tr").filter(has_text=name).first).to_be_visible()
    drafts.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/purchase-orders/\d+$"))
    order_id = int(page.url.rsplit("/", 1)[1])
    expect(page.locator("#receive tbody tr")).to_have_count(count)  # one line per suggestion

    page.get_by_role("button", name="Place order").click()
    expect(page.locator("#order-status")).to_have_text(re.compile("ordered", re.IGNORECASE))
    lines = _order_lines(demo_shop, order_id)

    typed = _receive(page, "half")
    expect(page).to_have_url(re.compile(rf"/purchase-orders/{order_id}/receipts/\d+$"))
    expect(page.locator("body")).to_contain_text("partially received", ignore_case=True)
    _labels_link(page, lines, typed)

    page.get_by_role("link", name=re.compile("PO-")).first.click()
    expect(page.locator("#order-status")).to_have_text(re.compile("partially received", re.IGNORECASE))
    typed = _receive(page, "rest")
    expect(page).to_have_url(re.compile(rf"/purchase-orders/{order_id}/receipts/\d+$"))
    _labels_link(page, lines, typed)

    # The receipt's labels, printed: one per unit received, each barcode the product's own code.
    page.get_by_role("link", name="Print labels for this receipt").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF").click()
    pdf = Path(download.value.path()).read_bytes()
    wanted = sorted(expected(barcode, sku) for line_id, (_, sku, barcode) in lines.items()
                    for _ in range(typed.get(f"quantity_{line_id}", 0)))
    assert sorted(code for codes in decoded(pdf) for code in codes) == wanted
    page.goto(f"/purchase-orders/{order_id}")
    expect(page.locator("#order-status")).to_have_text(re.compile(r"^\s*received\s*$", re.IGNORECASE))
    expect(page.get_by_role("button", name="Receive goods")).to_have_count(0)
    expect(page.locator("ul li a").filter(has_text="Receipt")).to_have_count(2)
    assert page.console_errors == []  # type: ignore[attr-defined]
