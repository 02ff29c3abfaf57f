"""axe-core on the pages a shop uses all day: no serious or critical violation.

axe-core is the npm package (package.json's devDependencies, installed by ``npm ci``), read from node_modules and
injected into the page by the test only: the app never serves it, and nothing is fetched from a CDN.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_sign_in import sign_in
from tests.support import require

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


@pytest.fixture(scope="module")
def axe_script() -> Path:
    if not AXE.exists():
        if require("TECHSTORE_REQUIRE_BROWSER"):
            pytest.fail(f"axe-core is required (TECHSTORE_REQUIRE_BROWSER=1) but {AXE} is missing: run npm ci")
        pytest.skip(f"axe-core not installed at {AXE} (npm ci)")
    return AXE


def _signed_in(page: Page) -> None:
    sign_in(page, "admin", "admin-demo-password")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


def _anonymous(page: Page) -> None:
    """Nobody signed in."""


def _refused_sign_in(page: Page) -> None:
    sign_in(page, "admin", "not-the-password")
    expect(page.get_by_role("alert")).to_be_visible()


def _refused_intake(page: Page) -> None:
    _signed_in(page)
    page.goto("/repairs/new")
    page.get_by_role("button", name="Take in").click()
    expect(page.locator(".field-error").first).to_be_visible()


def _customer_found(page: Page) -> None:
    _signed_in(page)
    page.goto("/repairs/new")
    page.get_by_label("Find customer").fill("Silva")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("radiogroup", name="Matching customers")).to_be_visible()


# Each page as first shown, then in the states that add to it (an error, a list of matches).
PAGES: dict[str, tuple[str, Callable[[Page], None]]] = {
    "login": ("/login", _anonymous),
    "login, refused": ("", _refused_sign_in),
    "dashboard": ("/", _signed_in),
    "repair intake": ("/repairs/new", _signed_in),
    "repair intake, refused": ("", _refused_intake),
    "repair intake, customers found": ("", _customer_found),
    "point of sale": ("/sales/new", _signed_in),
    "tax rates": ("/tax-rates", _signed_in),
    "categories, with their tax rates": ("/categories", _signed_in),
}
@pytest.fixture
def csp_free_page(browser, demo_shop: str) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    # bypass_csp: the app's Content-Security-Policy rightly refuses a script it did not serve, axe's included.
    context = browser.new_context(base_url=demo_shop, viewport={"width": 1366, "height": 768}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.mark.parametrize("screen", list(PAGES))
def test_no_serious_accessibility_violation(csp_free_page: Page, axe_script: Path, screen: str) -> None:
    page = csp_free_page
    path, prepare = PAGES[screen]
    prepare(page)
    if path:
        response = page.goto(path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
    page.add_script_tag(path=str(axe_script))
    violations = page.evaluate(RUN_AXE)
    serious = [v for v in violations if v["impact"] in SERIOUS]
    assert not serious, f"{screen}:\n" + "\n".join(json.dumps(v) for v in serious)
