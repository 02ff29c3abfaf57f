"""At 1366 px (a common laptop) on demo data: no table hides a column, and an admin's menu is one row."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_sign_in import sign_in

LAPTOP = {"width": 1366, "height": 768}

# Every table on the page whose last column reaches past the box that holds it (its scrolling .table-wrap or its
# card): that column is cut off, or only seen by scrolling sideways. Closed <details> are opened first.
CUT_OFF = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  return [...document.querySelectorAll('table')].flatMap(table => {
    const box = (table.closest('.table-wrap') || table.closest('.card') || document.body).getBoundingClientRect();
    const card = (table.closest('.card') || document.body).getBoundingClientRect();
    const right = Math.min(box.right, card.right) + 0.5;
    const name = (table.closest('section')?.querySelector('h2')?.textContent || table.className).trim();
    return [...table.querySelectorAll('tr > :last-child')]
      .filter(cell => cell.getBoundingClientRect().right > right)
      .slice(0, 1)
      .map(cell => `${name}: "${cell.textContent.trim()}" ends at ${Math.round(cell.getBoundingClientRect().right)},`
                   + ` its box at ${Math.round(right)}`);
  });
}"""


@pytest.fixture
def laptop(browser, demo_shop: str) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=demo_shop, viewport=LAPTOP)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, "admin", "admin-demo-password")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    yield page
    context.close()


@pytest.mark.parametrize("path", ["/", "/reports"])
def test_at_1366_px_every_table_shows_its_last_column(laptop: Page, path: str) -> None:
    laptop.goto(path)
    tables = laptop.locator("table").count()
    assert tables >= 3, f"{path}: the demo data should fill its tables ({tables})"
    assert laptop.evaluate(CUT_OFF) == []


def test_at_1366_px_an_admins_menu_is_one_row(laptop: Page) -> None:
    nav = laptop.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Users")).to_be_visible()  # the admin's longest menu
    items = nav.locator("a, button")
    boxes = [box for box in (items.nth(i).bounding_box() for i in range(items.count())) if box is not None]
    assert len(boxes) >= 12  # the brand, nine links, the profile, sign out
    links = [b["y"] for b in (nav.locator("ul a").nth(i).bounding_box() for i in range(nav.locator("ul a").count()))
             if b is not None]
    assert len(set(links)) == 1, f"the menu's links are on more than one row: tops {links}"
    # The brand, the profile and Sign out are on that row too: each overlaps every other vertically.
    top = max(b["y"] for b in boxes)
    bottom = min(b["y"] + b["height"] for b in boxes)
    assert top < bottom, f"the menu wraps: tops {[round(b['y']) for b in boxes]}"
