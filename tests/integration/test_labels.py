"""Barcode labels (``POST /api/v1/labels``, the ``/labels`` page): PDFs on both layouts with the right number
of pages, each label's text, and barcodes that decode (zxing-cpp, off the page rasterised by poppler's
``pdftoppm``) to the products' own codes; the limits (422 per field) and access."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import pytest
from starlette.testclient import TestClient

from techstore.application.catalog.commands import NewProduct
from techstore.container import Container
from techstore.domain.identity.users import Role
from techstore.entrypoints.web.labels import barcode_svg, bars
from tests.integration.test_web_session import csrf_from
from tests.labels_pdf import decoded, expected, page_count, text_of
from tests.pdfs import MM, page_sizes

pytestmark = pytest.mark.adapters("sqlite")
PASSWORD = "labels-password-1"
# sku, barcode, name, price: an EAN-13, an EAN-8, a UPC-A, none (its SKU as Code 128), and the store's own text code
# (itself as Code 128; stored upper-case as given here).
PRODUCTS = (("EAR-PODS", "4006381333931", "Ear pods", "49.90"),
            ("MINI-CABLE", "96385074", "Mini cable", "4.50"),
            ("US-CHARGER", "036000291452", "US charger", "19.00"),
            ("CASE-X_1", None, "Phone case", "1299.50"),
            ("SHELF-TAG", "TS-000123 A/B.7", "Shelf tag", "3.00"))


def _shop(container: Container) -> dict[str, Any]:
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    container.identity.provision_user()("sam", PASSWORD, role=Role.STAFF)
    create = container.catalog.create_product()
    ids = {sku: create(boss, NewProduct(sku, name, Decimal(price), barcode=barcode, stock=5)).id
           for sku, barcode, name, price in PRODUCTS}
    gone = create(boss, NewProduct("GONE", "Gone", Decimal("1.00")))
    container.catalog.delete_product()(boss, gone.id)
    return {"ids": ids, "gone": gone.id}


def _token(client: TestClient) -> dict[str, str]:
    answer = client.post("/api/v1/auth/token", json={"username": "sam", "password": PASSWORD})
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _codes(skus: list[str]) -> list[tuple[str, str]]:
    barcodes = {sku: barcode for sku, barcode, _, _ in PRODUCTS}
    return sorted(expected(barcodes[sku], sku) for sku in skus)


def test_an_a4_sheet_of_3_by_8_labels(container: Container, client: TestClient) -> None:
    shop = _shop(container)
    ids = shop["ids"]
    body = {"items": [{"product_id": ids["EAR-PODS"], "quantity": 22}, {"product_id": ids["CASE-X_1"], "quantity": 2},
                      {"product_id": ids["MINI-CABLE"], "quantity": 1}, {"product_id": ids["US-CHARGER"]},
                      {"product_id": ids["SHELF-TAG"]}],
            "layout": "a4-3x8"}
    answer = client.post("/api/v1/labels", json=body, headers=_token(client))
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    pdf = answer.content
    assert page_count(pdf) == math.ceil(27 / 24) == 2
    assert {(round(w / MM), round(h / MM)) for w, h in page_sizes(pdf)} == {(210, 297)}
    # Page 1: 22 ear pods and 2 cases; page 2: the mini cable, the charger and the shelf tag, each decoding to its
    # own code (the shelf tag's text code as Code 128, not its SKU).
    first, second = decoded(pdf)
    assert first == sorted(22 * _codes(["EAR-PODS"]) + 2 * _codes(["CASE-X_1"]))
    assert second == _codes(["MINI-CABLE", "US-CHARGER", "SHELF-TAG"])
    assert ("code128", "TS-000123 A/B.7") in second
    text = text_of(pdf)
    for shown in ("TechStore", "Ear pods", "49.90", "SKU EAR-PODS", "4006381333931", "1299.50", "SKU CASE-X_1",
                  "036000291452", "96385074", "TS-000123 A/B.7 · SKU SHELF-TAG"):
        assert shown in text, shown


def test_a_roll_has_one_50_by_30_mm_page_per_label(container: Container, client: TestClient) -> None:
    ids = _shop(container)["ids"]
    body = {"items": [{"product_id": ids["US-CHARGER"], "quantity": 2}, {"product_id": ids["CASE-X_1"]}],
            "layout": "roll-50x30"}
    answer = client.post("/api/v1/labels", json=body, headers=_token(client))
    assert answer.status_code == 200, answer.text
    pdf = answer.content
    assert page_count(pdf) == 3
    assert {(round(w / MM), round(h / MM)) for w, h in page_sizes(pdf)} == {(50, 30)}
    assert decoded(pdf) == [_codes(["US-CHARGER"]), _codes(["US-CHARGER"]), _codes(["CASE-X_1"])]


def test_the_bars_are_vectors_drawn_from_python_barcode_s_own_encoding() -> None:
    """The SVG embedded is python-barcode's: one rect per dark run of its modules, no bitmap."""
    from techstore.domain.catalog.labels import BarcodeSymbol

    symbol = BarcodeSymbol.of("4006381333931", "EAR-PODS")
    svg = barcode_svg(symbol, 62.0, 13.0).decode()
    modules = bars(symbol)
    dark_runs = [len(run) for run in modules.split("0") if run]
    widths = [float(w) for w in re.findall(r"h([0-9.]+)v", svg)]  # each bar: M x y h<width> v<height> h-… z
    module = widths[0] / dark_runs[0]
    assert [round(w / module) for w in widths] == dark_runs and "<image" not in svg


def test_the_limits_and_unknown_products_are_refused_per_field(container: Container, client: TestClient) -> None:
    shop = _shop(container)
    ids, headers = shop["ids"], _token(client)

    def fields(body: dict[str, Any]) -> list[str]:
        answer = client.post("/api/v1/labels", json=body, headers=headers)
        assert answer.status_code == 422, answer.text
        return [e["field"] for e in answer.json()["errors"]]

    one = ids["EAR-PODS"]
    assert fields({"items": [{"product_id": one}, {"product_id": 999_999}]}) == ["items[1].product_id"]
    assert fields({"items": [{"product_id": shop["gone"]}]}) == ["items[0].product_id"]
    assert fields({"items": [{"product_id": one, "quantity": 0}]}) == ["items[0].quantity"]
    assert fields({"items": [{"product_id": one, "quantity": 501}]}) == ["items[0].quantity"]
    assert fields({"items": [{"product_id": one, "quantity": 250}] * 2 + [{"product_id": one}]}) == ["items"]
    assert fields({"items": []}) == ["items"]
    assert fields({"items": [{"product_id": one}], "layout": "a5"}) == ["layout"]
    assert client.post("/api/v1/labels", json={"items": [{"product_id": one}]}).status_code == 401


def _post_form(client: TestClient, path: str, pairs: list[tuple[str, str]]) -> Any:
    """A form whose fields repeat (one product_id and quantity per line)."""
    return client.post(path, content=urlencode(pairs),
                       headers={"Content-Type": "application/x-www-form-urlencoded"})


def test_the_page_takes_lines_from_a_receipt_and_downloads_the_pdf(container: Container,
                                                                   client: TestClient) -> None:
    ids = _shop(container)["ids"]
    token = csrf_from(client.get("/login").text)
    client.post("/login", data={"username": "sam", "password": PASSWORD, "csrf_token": token})
    page = client.get(f"/labels?product_id={ids['EAR-PODS']}&quantity=2&product_id={ids['CASE-X_1']}&quantity=1")
    assert page.status_code == 200, page.text
    assert 'data-testid="chosen-labels"' in page.text and "Download PDF" in page.text
    assert 'data-testid="labels-summary">3 labels on 1 page.' in page.text
    assert 'value="EAR-PODS"' in page.text and 'value="CASE-X_1"' in page.text
    csrf = csrf_from(page.text)
    form = [("csrf_token", csrf), ("layout", "roll-50x30"), ("product_id", str(ids["EAR-PODS"])),
            ("quantity", "2"), ("product_id", str(ids["CASE-X_1"])), ("quantity", "1")]
    pdf = _post_form(client, "/labels/pdf", form)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("attachment;")
    assert page_count(pdf.content) == 3
    assert _post_form(client, "/labels/pdf", form[1:]).status_code == 403  # no CSRF token
    # Typed: a SKU (any case) and a barcode; an unknown code and a bad quantity are shown beside their fields.
    typed = client.get("/labels?code=ear-pods&quantity=1&code=96385074&quantity=4&layout=roll-50x30")
    assert typed.status_code == 200 and 'data-testid="labels-summary">5 labels on 5 pages.' in typed.text
    # A text code as typed (any case): the shelf tag's.
    tag = client.get("/labels", params={"code": "ts-000123 a/b.7", "quantity": "2"})
    assert tag.status_code == 200 and 'data-testid="labels-summary">2 labels on 1 page.' in tag.text
    assert "<td>Shelf tag</td>" in tag.text
    bad = client.get("/labels?code=NOPE&quantity=1&code=EAR-PODS&quantity=900")
    assert bad.status_code == 422
    assert 'id="code-0-error"' in bad.text and 'id="quantity-1-error"' in bad.text and "Download PDF" not in bad.text
    assert client.get("/labels?product_id=abc&quantity=1").status_code == 422
    client.cookies.clear()
    assert client.get("/labels", follow_redirects=False).status_code in (302, 303)
