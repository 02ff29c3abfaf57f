"""Browser tests: Playwright driving Debian's Chromium against a live uvicorn server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from techstore.container import build_container
from techstore.domain.identity.users import Role
from techstore.entrypoints.app import create_app
from techstore.entrypoints.cli.demo import seed_demo
from techstore.infrastructure.sqlalchemy.migrations.migrate import upgrade
from tests.support import fast_hashing, require, serving, settings_for_tests

CHROMIUM = os.environ.get("TECHSTORE_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder drives Chromium: ``pytest -m browser`` selects exactly these.
    (The hook sees the whole session's items, so it marks only the ones under this folder.)"""
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@attrs.frozen
class LiveServer:
    url: str
    admin: tuple[str, str]
    staff: tuple[str, str]
    manager: tuple[str, str] = ("mia", "manager-password-1")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The real app on SQLite, served by uvicorn on a free loopback port."""
    yield from serve_shop(tmp_path_factory.mktemp("live"))


def serve_shop(var_dir: Path, **settings: object) -> Iterator[LiveServer]:
    """A live server with an admin, a staff user and a manager; ``settings`` change the tests' (``locale="de_DE"``)."""
    url = f"sqlite:///{var_dir / 'live.db'}"
    upgrade(url)
    container = build_container(attrs.evolve(settings_for_tests(var_dir, url), **settings), "sql")
    fast_hashing(container)
    create = container.identity.provision_user()
    create("admin", "admin-password-1", full_name="Alex Admin", role=Role.ADMIN)
    create("sam", "staff-password-1", full_name="Sam Seller", role=Role.STAFF)
    create("mia", "manager-password-1", full_name="Mia Manager", role=Role.MANAGER)
    with serving(create_app(container)) as url:
        yield LiveServer(url, ("admin", "admin-password-1"), ("sam", "staff-password-1"))
    container.shutdown_resources()  # disposes the engine


@pytest.fixture(scope="session")
def demo_shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on SQLite with what `make run` seeds (``techstore demo seed``): 90 days of sales, cash sessions,
    repairs in every status, customers owing money. Its URL; sign in as admin / admin-demo-password."""
    var_dir = tmp_path_factory.mktemp("demo-shop")
    url = f"sqlite:///{var_dir / 'demo.db'}"
    upgrade(url)
    container = build_container(settings_for_tests(var_dir, url), "sql")
    fast_hashing(container)
    seed_demo(container)
    with serving(create_app(container)) as base:
        yield base
    container.shutdown_resources()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if require("TECHSTORE_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium is required (TECHSTORE_REQUIRE_BROWSER=1) but {CHROMIUM} is missing")
        pytest.skip(f"Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def page(browser, live_server: LiveServer, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh browser context per test; a screenshot is saved when the test fails."""
    yield from _fresh_page(browser, live_server, request)


PHONE = {"width": 390, "height": 844}  # a common phone's CSS viewport (iPhone 12 to 14)


@pytest.fixture
def phone_page(browser, live_server: LiveServer, request: pytest.FixtureRequest) -> Iterator[object]:
    """Like ``page``, on a phone: 390 x 844 CSS pixels, touch, mobile viewport rules."""
    yield from _fresh_page(browser, live_server, request, viewport=PHONE, is_mobile=True, has_touch=True)


def _fresh_page(browser, live_server: LiveServer, request: pytest.FixtureRequest,  # type: ignore[no-untyped-def]
                **options: object) -> Iterator[object]:
    context = browser.new_context(base_url=live_server.url, **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.console_errors = console_errors  # type: ignore[attr-defined]
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
