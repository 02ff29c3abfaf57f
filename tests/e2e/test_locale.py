"""TECHSTORE_LOCALE=de_DE at the till (issue 23: "Decimal commas are refused"): the cashier types "20,00",
the totals the server sends back while typing show the change with a comma, and so does the receipt."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import LiveServer, _fresh_page, serve_shop
from tests.e2e.counter_shop import DESKTOP, product, settled
from tests.e2e.test_sign_in import sign_in


@pytest.fixture(scope="module")
def german_shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    yield from serve_shop(tmp_path_factory.mktemp("de-DE"), locale="de_DE")


@pytest.fixture
def till(browser: Browser, german_shop: LiveServer, request: pytest.FixtureRequest) -> Iterator[Page]:
    yield from _fresh_page(browser, german_shop, request, viewport=DESKTOP)  # type: ignore[misc]


def test_a_sale_paid_with_a_decimal_comma(till: Page, german_shop: LiveServer) -> None:
    page = till
    item = product(german_shop, "16.09")  # the API reads and writes its JSON as it always has
    sign_in(page, *german_shop.staff)
    page.goto("/sales/new")
    expect(page.locator("#tendered")).to_have_attribute("placeholder", "0,00")
    page.locator("#code").fill(str(item["barcode"]))
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_role("row").filter(has_text=str(item["name"]))).to_contain_text("16,09")
    settled(page)

    page.locator("#pay_cash").fill("10,00")
    expect(page.locator("#pos-due")).to_have_text("6,09")
    page.get_by_role("button", name="Rest in cash").click()  # the server fills it in, the German way
    expect(page.locator("#pay_cash")).to_have_value("16,09")
    settled(page)
    page.locator("#tendered").fill("20,00")
    expect(page.locator("#pos-change")).to_have_text("3,91")
    expect(page.locator("#pos-due")).to_have_text("0,00")

    page.keyboard.press("F9")
    expect(page).to_have_url(re.compile(r"/sales/\d+/receipt\?new=1$"))
    receipt = page.get_by_role("article")
    expect(receipt.get_by_role("row").filter(has_text="Cash tendered")).to_contain_text("20,00")
    expect(receipt.get_by_role("row").filter(has_text="Change")).to_contain_text("3,91")
    expect(receipt.get_by_role("row").filter(has_text=re.compile(r"^\s*Cash\s*\d"))).to_contain_text("16,09")
    assert not re.search(r"(?<![\d.])\d+\.\d\d(?![\d.])", receipt.inner_text())  # no amount with a point


def test_a_decimal_point_is_refused_at_the_till_next_to_its_field(till: Page, german_shop: LiveServer) -> None:
    page = till
    item = product(german_shop, "5.00")
    sign_in(page, *german_shop.staff)
    page.goto("/sales/new")
    page.locator("#code").fill(str(item["barcode"]))
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_role("row").filter(has_text=str(item["name"]))).to_be_visible()
    settled(page)
    page.locator("#pay_cash").fill("5.00")
    page.keyboard.press("F9")
    expect(page.locator("#pay_cash-error")).to_contain_text("such as 12,50")
    expect(page.locator("#pay_cash")).to_have_value("5.00")  # kept as typed, to correct
    expect(page).to_have_url(re.compile(r"/sales/new$"))
