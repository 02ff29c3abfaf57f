"""What the point-of-sale browser tests sell: products and customers made through the API, fresh per
test (the live server is shared), and the two widths the counter is used at."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from stdnum import ean

from tests.e2e.conftest import PHONE, LiveServer

DESKTOP = {"width": 1366, "height": 768}
WIDTHS = {"desktop": ({"viewport": DESKTOP}),
          "phone": ({"viewport": PHONE, "is_mobile": True, "has_touch": True})}


def settled(page: Page) -> None:
    """Wait until htmx has swapped and settled the form it was asked for: it focuses the new form's autofocus
    field when it settles (20 ms after the swap), and keys typed before that may land in the field replaced. A
    person's next key comes later than that; a test's comes at once."""
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")


def ring_up(page: Page, *items: dict[str, object]) -> None:
    """Each item's barcode typed into the till's code field and added: its line shows, and the code field has the
    focus again for the next."""
    for item in items:
        page.locator("#code").fill(str(item["barcode"]))
        page.get_by_role("button", name="Add", exact=True).click()
        expect(page.get_by_role("row").filter(has_text=str(item["name"])).first).to_be_visible()
        expect(page.locator("#code")).to_be_focused()
        settled(page)  # typing goes where aimed


def api(live_server: LiveServer, method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    with httpx.Client(base_url=live_server.url) as http:
        username, password = live_server.admin
        token = http.post("/api/v1/auth/token", json={"username": username, "password": password}).json()
        answer = http.request(method, path, json=body, headers={"Authorization": f"Bearer {token['access_token']}"})
        assert answer.status_code == 201, answer.text
        made: dict[str, Any] = answer.json()
        return made


def product(live_server: LiveServer, price: str, stock: int = 10, name: str = "Phone case",
            tax_rate_id: int | None = None) -> dict[str, Any]:
    tag = secrets.token_hex(3).upper()
    body = "".join(str(secrets.randbelow(10)) for _ in range(11))
    barcode = body + ean.calc_check_digit(body)  # a UPC-A code: its check digit is checked
    made = {"sku": f"P-{tag}", "barcode": barcode, "name": f"{name} {tag}", "price": price, "stock": stock}
    if tax_rate_id is not None:
        made["tax_rate_id"] = tax_rate_id
    return api(live_server, "POST", "/api/v1/products", made)


def tax_rate(live_server: LiveServer, percent: str) -> dict[str, Any]:
    """A new rate (never the default: other tests' products keep theirs)."""
    return api(live_server, "POST", "/api/v1/tax-rates", {"name": f"Rate {secrets.token_hex(3)}", "percent": percent})


def customer(live_server: LiveServer, credit_limit: str | None = None) -> dict[str, Any]:
    tag = secrets.token_hex(3)
    body: dict[str, Any] = {"name": f"Ana Silva {tag}", "phone": f"+351 91{secrets.randbelow(10**7):07d}",
                            "email": f"ana.silva.{tag}@example.com"}
    if credit_limit is not None:
        body["credit_limit"] = credit_limit
    return api(live_server, "POST", "/api/v1/customers", body)


@pytest.fixture(params=list(WIDTHS))
def any_width(browser: Browser, live_server: LiveServer, request: pytest.FixtureRequest) -> Iterator[Page]:
    """The same test at 1366 px and on a 390 px phone."""
    from tests.e2e.conftest import _fresh_page

    yield from _fresh_page(browser, live_server, request, **WIDTHS[request.param])


@pytest.fixture
def without_js(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def desktop(browser: Browser, live_server: LiveServer, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh page at 1366 x 768, a shop's desktop screen."""
    from tests.e2e.conftest import _fresh_page

    yield from _fresh_page(browser, live_server, request, viewport=DESKTOP)
