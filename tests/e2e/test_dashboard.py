"""The dashboard and the reports page in Chromium on demo data (``demo seed --sales``, a year of history):
the chart (SVG, labelled) and its text alternative, a refused range shown beside its field, and a section of
the report downloaded as CSV."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from techstore.container import build_container
from techstore.entrypoints.app import create_app
from techstore.entrypoints.cli.demo import seed_demo
from techstore.infrastructure.sqlalchemy.migrations.migrate import upgrade
from tests.e2e.conftest import PHONE
from tests.e2e.test_phone_width import WIDEST
from tests.e2e.test_sign_in import sign_in
from tests.support import fast_hashing, serving, settings_for_tests


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on SQLite with the demo data and 1,500 sales over the past year."""
    var_dir = tmp_path_factory.mktemp("demo")
    url = f"sqlite:///{var_dir / 'demo.db'}"
    upgrade(url)
    container = build_container(settings_for_tests(var_dir, url), "sql")
    fast_hashing(container)
    seed_demo(container, sales=1500)
    with serving(create_app(container)) as base:
        yield base
    container.shutdown_resources()


@pytest.fixture
def demo_page(browser, demo_url: str) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=demo_url, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_the_dashboard_chart_has_its_table_and_a_report_downloads_as_csv(demo_page: Page) -> None:
    page = demo_page
    sign_in(page, "admin", "admin-demo-password")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    chart = page.get_by_role("img", name="Net revenue per day, last 30 days")
    expect(chart).to_be_visible()
    assert chart.locator("rect").count() == 30  # a bar per day
    page.get_by_text("The figures as a table").click()
    table = page.get_by_test_id("daily-net-table")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(30)
    nets = table.locator("tbody tr td:last-child").all_inner_texts()
    assert any(net != "0.00" for net in nets), nets  # the demo sold on the last 30 days
    expect(page.get_by_role("heading", name="Repairs by status")).to_be_visible()

    page.get_by_role("link", name="Reports", exact=True).click()
    expect(page.get_by_role("heading", name="Reports", level=1)).to_be_visible()
    page.get_by_label("From", exact=True).fill("2026-02-01")
    page.get_by_label("To", exact=True).fill("2026-01-01")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#to-error")).to_contain_text("must not be before from")
    today = datetime.now(UTC).date()
    page.get_by_label("From", exact=True).fill((today - timedelta(days=6)).isoformat())
    page.get_by_label("To", exact=True).fill(today.isoformat())
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Top products by revenue")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("region", name="By day").get_by_role("link", name="CSV").click()
    path = download.value.path()
    assert path is not None
    with open(path, encoding="utf-8") as csv:
        lines = csv.read().splitlines()
    assert lines[0] == "day,sales_count,sales_amount,returns_count,refunded,repairs_count,repairs_amount,net,money_net"
    assert len(lines) == 8 and lines[1].startswith((today - timedelta(days=6)).isoformat())


def test_the_dashboard_on_demo_data_fits_a_phone(browser, demo_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=demo_url, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, "sam", "staff-demo-password")
    for path in ("/", "/reports"):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width}px wide: {page.evaluate(WIDEST)}"
        # Longer names than the demo's (the catalogue's limit is 200 characters) must scroll inside their table.
        loose = page.evaluate("[...document.querySelectorAll('table')].filter(t => !t.closest('.table-wrap')).length")
        assert loose == 0, f"{path}: {loose} table(s) outside a .table-wrap"
    context.close()
