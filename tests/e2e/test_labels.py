"""Labels on the demo data, in Chromium: ``/labels`` with the lines ready-made (as a receipt of goods links to
it: one ``product_id`` and ``quantity`` pair per line), "Download PDF", and the PDF downloaded has one A4 page
whose barcodes decode to the products' codes (an EAN-13, and a SKU as Code 128)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer, _fresh_page
from tests.e2e.test_sign_in import sign_in
from tests.labels_pdf import decoded, expected, page_count

DEMO_ADMIN = ("admin", "admin-demo-password")


def _two_demo_products(base: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A demo product with an EAN-13 barcode and one without a barcode, read through the API."""
    with httpx.Client(base_url=base) as http:
        token = http.post("/api/v1/auth/token", json={"username": DEMO_ADMIN[0], "password": DEMO_ADMIN[1]}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        products = http.get("/api/v1/products", params={"limit": 200}, headers=headers).json()["items"]
    with_ean = next(p for p in products if p["barcode"] and len(p["barcode"]) == 13)
    without = next((p for p in products if not p["barcode"]), None)
    if without is None:  # every demo product has a barcode: any other one will do
        without = next(p for p in products if p["id"] != with_ean["id"])
    return with_ean, without


@pytest.fixture
def demo_page(browser: Any, demo_shop: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    yield from _fresh_page(browser, LiveServer(demo_shop, DEMO_ADMIN, DEMO_ADMIN), request)


def test_labels_for_a_receipt_download_as_a_pdf_whose_barcodes_decode(demo_page: Page, demo_shop: str,
                                                                     tmp_path: Path) -> None:
    page = demo_page
    first, second = _two_demo_products(demo_shop)
    sign_in(page, *DEMO_ADMIN)
    page.goto(f"/labels?product_id={first['id']}&quantity=2&product_id={second['id']}&quantity=1")
    chosen = page.get_by_test_id("chosen-labels")
    expect(chosen).to_contain_text(first["sku"])
    expect(chosen).to_contain_text(second["sku"])
    expect(page.get_by_test_id("labels-summary")).to_have_text("3 labels on 1 page.")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF").click()
    saved = tmp_path / "labels.pdf"
    download.value.save_as(saved)
    pdf = saved.read_bytes()
    assert pdf.startswith(b"%PDF") and page_count(pdf) == 1
    assert decoded(pdf) == [sorted([expected(first["barcode"], first["sku"])] * 2
                                   + [expected(second["barcode"], second["sku"])])]
