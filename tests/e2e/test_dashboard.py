"""The dashboard and the reports page in Chromium: the chart (SVG, labelled) and its text alternative, and a
section of the report downloaded as CSV."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer
from tests.e2e.test_sign_in import sign_in


def test_the_dashboard_chart_has_its_table_and_a_report_downloads_as_csv(page: Page,
                                                                          live_server: LiveServer) -> None:
    sign_in(page, *live_server.staff)
    page.get_by_role("link", name="Dashboard").first.click()
    chart = page.get_by_role("img", name="Net sales per day, last 30 days")
    expect(chart).to_be_visible()
    page.get_by_text("The figures as a table").click()
    table = page.get_by_test_id("daily-net-table")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(30)

    page.get_by_role("link", name="Reports").first.click()
    expect(page.get_by_role("heading", name="Reports", level=1)).to_be_visible()
    page.get_by_label("From", exact=True).fill("2026-02-01")
    page.get_by_label("To", exact=True).fill("2026-01-01")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#to-error")).to_contain_text("must not be before from")
    page.get_by_label("From", exact=True).fill("2026-01-01")
    page.get_by_role("button", name="Show").click()
    with page.expect_download() as download:
        page.get_by_role("region", name="By day").get_by_role("link", name="CSV").click()
    path = download.value.path()
    assert path is not None
    with open(path, encoding="utf-8") as csv:
        lines = csv.read().splitlines()
    assert lines[0] == "day,sales_count,sales_amount,returns_count,refunded,net"
    assert lines[1:] == ["2026-01-01,0,0.00,0,0.00,0.00"]
