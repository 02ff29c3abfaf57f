"""Stored script payloads, in every free-text field, shown as text on every page (issue 15).

One server seeded once (tests/security/seed.py: a payload per field, through the API), one browser
session that walks every page the router serves by GET (new pages join by themselves; a path
parameter this walk cannot fill fails it), plus the search boxes fed a payload. On each page: no
dialog opened, no injected element or handler exists, and the fields the page shows read literally.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import attrs
import pytest
from starlette.testclient import TestClient

from techstore.entrypoints.app import create_app
from techstore.entrypoints.http.routing import PageRoute, walk
from tests.security.harness import ADMIN, build
from tests.security.seed import PAYLOADS, Seeded, fill, seed
from tests.support import serving

# Pages that show a field must show it as text: (path template, the fields' tags).
SHOWN = {
    "/users": ["user_full_name"],
    "/users/{user_id}": ["user_full_name"],
    "/customers": ["customer_name"],
    "/customers/{customer_id}": ["customer_name", "customer_address", "customer_notes", "payment_description",
                                 "balance_reason"],
    "/customers/{customer_id}/edit": ["customer_name", "customer_address", "customer_notes"],
    "/customers/{customer_id}/statement": ["customer_name", "payment_description", "balance_reason"],
    "/categories": ["category_name", "category_description"],
    "/products": ["product_name", "import_name", "category_name"],
    "/products/{product_id}": ["product_name", "product_description", "stock_reason"],
    "/products/{product_id}/edit": ["product_name", "product_description"],
    "/products/{imported_product_id}": ["import_name", "import_description", "category_name"],
    "/sales/{sale_id}": ["product_name", "sale_notes", "customer_name", "return_reason"],
    "/sales/{voided_sale_id}": ["void_reason"],
    "/sales/{sale_id}/receipt": ["product_name"],
    "/returns/{return_id}/receipt": ["product_name", "return_reason"],
    "/cash/{session_id}": ["cash_pay_in", "cash_pay_out", "cash_close_note"],
    "/repairs": ["repair_equipment", "customer_name"],
    "/repairs/{repair_id}": ["repair_equipment", "repair_problem", "repair_accessories", "repair_diagnosis",
                             "repair_notes", "repair_move_note", "customer_name"],
    "/repairs/{repair_id}/ticket": ["repair_equipment", "repair_problem", "repair_accessories"],
    "/sales/{sale_id}/invoice": ["product_name", "customer_name", "customer_address"],
    "/customers/{customer_id}/payments/{movement_id}/receipt": ["customer_name", "payment_description"],
    "/cash/{session_id}/movements/{cash_movement_id}/receipt": ["cash_pay_out"],
    "/repairs/{delivered_repair_id}/invoice": ["repair_equipment", "customer_name", "customer_address"],
    "/repairs/{delivered_repair_id}/invoice-a4": ["repair_equipment", "customer_name", "customer_address"],
    "/track/{code}": ["repair_equipment"],
}
SKIPPED_SUFFIXES = (".pdf", ".csv")  # not HTML: nothing runs there
# A reflected payload: the search boxes and the point of sale's lookups, each fed one.
SEARCHES = ["/customers?q={q}", "/products?q={q}", "/repairs?q={q}", "/sales/new/products?code={q}",
            "/sales/new/customers?customer_q={q}", "/repairs/new?customer_q={q}", "/sales?number={q}",
            "/sales?q={q}", "/login?next={q}"]

INJECTED = """() => {
  const found = [];
  for (const img of document.querySelectorAll('img[src="x"], img[src$="/x"]')) found.push('img ' + img.outerHTML);
  for (const el of document.querySelectorAll('[onerror], [onload]:not(body)')) found.push('handler ' + el.outerHTML);
  for (const script of document.scripts) {
    if (/alert\\(/.test(script.textContent)) found.push('script ' + script.outerHTML);
  }
  return found;
}"""

SHOWN_AS_TEXT = """(payloads) => {
  const fields = [...document.querySelectorAll('input, textarea, select option')].map(e => e.value || e.textContent);
  const text = document.body.innerText;
  return Object.entries(payloads).filter(([tag, p]) => text.includes(p) || fields.some(v => v.includes(p)))
    .map(([tag, p]) => tag);
}"""


@attrs.frozen
class Stocked:
    url: str
    seeded: Seeded
    paths: list[str]


@pytest.fixture(scope="module")
def stocked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stocked]:
    container, _clock, _database = build(tmp_path_factory.mktemp("xss"))
    app = create_app(container)
    with TestClient(app, raise_server_exceptions=True) as client:
        seeded = seed(client, ADMIN)
    paths = [fill(path, seeded) for path, route in walk(app.routes)
             if isinstance(route, PageRoute) and "GET" in (route.methods or ()) and not path.endswith(SKIPPED_SUFFIXES)]
    paths += [fill(path, seeded) for path in SHOWN if path not in paths and fill(path, seeded) not in paths]
    with serving(app) as url:
        yield Stocked(url, seeded, list(dict.fromkeys(paths)))
    container.shutdown_resources()


def test_stored_and_reflected_payloads_are_shown_as_text_everywhere(browser: Any, stocked: Stocked) -> None:
    context = browser.new_context(base_url=stocked.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
    try:
        # Signing in with a javascript: target lands on the dashboard, not in a script.
        page.goto("/login?next=" + quote("javascript:alert(document.domain)"))
        page.get_by_label("Username").fill(ADMIN[0])
        page.get_by_label("Password").fill(ADMIN[1])
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(stocked.url + "/")

        shown_anywhere: set[str] = set()
        problems: list[str] = []
        expected = {fill(path, stocked.seeded): tags for path, tags in SHOWN.items()}
        searches = [s.format(q=quote(PAYLOADS[tag])) for s, tag in zip(SEARCHES, PAYLOADS, strict=False)]
        for path in [*stocked.paths, *searches]:
            answer = page.goto(path)
            assert answer is not None and answer.status < 500, f"{path}: {answer.status if answer else 'no answer'}"
            problems += [f"{path}: {found}" for found in page.evaluate(INJECTED)]
            shown = set(page.evaluate(SHOWN_AS_TEXT, PAYLOADS))
            shown_anywhere |= shown
            missing = set(expected.get(path, ())) - shown
            problems += [f"{path}: {tag} is not shown as text" for tag in sorted(missing)]
        assert dialogs == []
        assert problems == []
        assert set(PAYLOADS) - shown_anywhere == set(), "every field is shown on some page"
    finally:
        context.close()
