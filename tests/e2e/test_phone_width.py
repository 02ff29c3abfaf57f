"""Every page fits a phone: no sideways scrolling of the page at 390 CSS pixels.

Wide content (a table) may scroll inside its own box; the page itself may not.
The pages are shown with the longest names the rules allow, which is where
layouts break first.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, LiveServer
from tests.e2e.test_sign_in import sign_in

# The longest a username may be (64) and a full name with a long unbroken word (120 characters in all).
LONG_USERNAME = "l" + "o" * 54 + "ng.user@x"
LONG_FULL_NAME = "Maximiliana " + "Wolfeschlegelsteinhausenbergerdorff" * 3 + "-" + "x" * 2
LONG_PASSWORD = "long-password-1"

# Where the page's width comes from when it is too wide: the elements reaching past the right edge,
# not counting those a scrolling or clipping box holds in (a table's cells, say). An absolutely
# positioned element is held in only by a box it is positioned in.
WIDEST = """() => {
  const edge = document.documentElement.clientWidth + 0.5;
  const heldIn = e => {
    let absolute = getComputedStyle(e).position === 'absolute';
    for (let box = e.parentElement; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (absolute && style.position === 'static') continue;
      if (style.overflowX !== 'visible') return true;
      absolute = style.position === 'absolute';
    }
    return false;
  };
  return [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > edge && !heldIn(e))
    .slice(0, 5)
    .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`
              + ` right=${Math.round(e.getBoundingClientRect().right)}`);
}"""


@pytest.fixture(scope="module")
def long_named_user(browser, live_server: LiveServer) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A staff member whose username and full name are as long as the rules allow."""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    sign_in(page, *live_server.admin)
    page.goto("/users/new")
    page.get_by_label("Username").fill(LONG_USERNAME)
    page.get_by_label("Full name").fill(LONG_FULL_NAME)
    page.get_by_label("Password").fill(LONG_PASSWORD)
    page.get_by_role("button", name="Create user").click()
    expect(page.get_by_role("row").filter(has_text=LONG_USERNAME)).to_be_visible()
    context.close()
    return LONG_USERNAME, LONG_PASSWORD


def _as(who: str) -> Callable[[Page, LiveServer, tuple[str, str]], None]:
    def sign_in_as(page: Page, live_server: LiveServer, long_user: tuple[str, str]) -> None:
        credentials = {"admin": live_server.admin, "staff": live_server.staff, "long": long_user}[who]
        sign_in(page, *credentials)
        expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

    return sign_in_as


def _nobody(page: Page, live_server: LiveServer, long_user: tuple[str, str]) -> None:
    """Anonymous."""


def _open(path: str, status: int = 200) -> Callable[[Page], None]:
    def go(page: Page) -> None:
        response = page.goto(path)
        assert response is not None and response.status == status, f"{path}: {response and response.status}"

    return go


def _wrong_password(page: Page) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(LONG_USERNAME)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_be_visible()


def _edit_long_user(page: Page) -> None:
    page.goto("/users")
    page.get_by_role("link", name=f"Edit {LONG_USERNAME}").click()
    expect(page.get_by_role("heading", name=f"Edit user {LONG_USERNAME}")).to_be_visible()


def _new_user_refused(page: Page) -> None:
    page.goto("/users/new")
    page.get_by_label("Username").fill(LONG_USERNAME)  # taken
    page.get_by_label("Full name").fill(LONG_FULL_NAME)
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create user").click()
    expect(page.locator(".field-error").first).to_be_visible()


def _wrong_current_password(page: Page) -> None:
    page.goto("/profile")
    page.locator("#current_password").fill("not-the-password")
    page.locator("#new_password").fill("another-password-1")
    page.locator("#new_password_repeat").fill("another-password-1")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".field-error").first).to_be_visible()


def _api_docs(page: Page) -> None:
    _open("/api/docs")(page)
    expect(page.locator(".opblock").first).to_be_visible()  # Swagger UI has drawn the operations


SCREENS = {
    "login": (_nobody, _open("/login")),
    "login, wrong password": (_nobody, _wrong_password),
    "dashboard": (_as("long"), _open("/")),
    "reports": (_as("long"), _open("/reports")),
    "reports, refused": (_as("long"), _open("/reports?from=2026-02-01&to=2026-01-01", 422)),
    "users list": (_as("admin"), _open("/users")),
    "new user": (_as("admin"), _open("/users/new")),
    "new user, refused": (_as("admin"), _new_user_refused),
    "edit user": (_as("admin"), _edit_long_user),
    "profile": (_as("long"), _open("/profile")),
    "profile, refused": (_as("long"), _wrong_current_password),
    "403": (_as("staff"), _open("/users", 403)),
    "404 signed in": (_as("long"), _open("/no-such-page", 404)),
    "404 of a user": (_as("admin"), _open("/users/999999", 404)),
    "404 anonymous": (_nobody, _open("/no-such-page", 404)),
    "API docs": (_nobody, _api_docs),
}


@pytest.mark.parametrize("screen", SCREENS)
def test_every_page_fits_a_phone(phone_page: Page, live_server: LiveServer, long_named_user: tuple[str, str],
                                 screen: str) -> None:
    sign_in_as, show = SCREENS[screen]
    sign_in_as(phone_page, live_server, long_named_user)
    show(phone_page)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{screen} is {width}px wide: {phone_page.evaluate(WIDEST)}"
