"""Every state-changing web route refuses a form without the CSRF token, or with a wrong one: 403,
and nothing in the database changed. The routes come from the router itself, so a new form is
covered the day it is added, and a non-GET route outside /api that is not a guarded page fails."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.routing import Mount
from starlette.testclient import TestClient

from techstore.container import build_container
from techstore.entrypoints.app import create_app
from techstore.entrypoints.http.routing import PageRoute, walk
from tests.security.harness import ADMIN, App, browser_session, csrf_from
from tests.security.seed import Seeded, fill, seed
from tests.support import settings_for_tests

STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")
# What a form of any page might carry, filled so that the request would do something if it got through.
PROBE_FORM = {
    "username": ADMIN[0], "password": ADMIN[1], "full_name": "csrf probe", "role": "admin", "is_active": "on",
    "name": "csrf probe", "description": "csrf probe", "sku": "CSRF-1", "price": "1.00", "stock": "1",
    "quantity": "1", "reason": "csrf probe", "type": "pay_in", "amount": "1.00", "method_0": "cash",
    "amount_0": "1.00", "method": "cash", "opening_float": "1.00", "counted_cash": "1.00", "to": "cancelled",
    "equipment": "csrf probe", "reported_problem": "csrf probe", "customer_id": "1", "product_id": "1",
    "phone": "+1 555 0199", "current_password": ADMIN[1], "new_password": "csrf-probe-password",
    "confirm_password": "csrf-probe-password", "code": "XSS-1", "next": "/",
}


def _state_changing_routes() -> list[tuple[str, str, object]]:
    app = create_app(build_container(settings_for_tests(Path("/tmp/techstore-csrf")), "memory"))
    found = []
    for path, route in walk(app.routes):
        if path.startswith("/api/") or isinstance(route, Mount):
            continue
        for method in sorted(set(getattr(route, "methods", None) or ()) & set(STATE_CHANGING)):
            found.append((method, path, route))
    return found


ROUTES = _state_changing_routes()


def test_the_walk_finds_the_forms_and_every_one_is_a_guarded_page() -> None:
    assert len(ROUTES) >= 30, "the router walk found the forms"
    unguarded = [f"{method} {path}" for method, path, route in ROUTES if not isinstance(route, PageRoute)]
    assert unguarded == [], "state-changing web routes outside the page guard (no CSRF check)"


@pytest.fixture(scope="module")
def seeded(app: App) -> Seeded:
    return seed(app.client, ADMIN)


@pytest.fixture(scope="module")
def session(app: App, seeded: Seeded) -> Iterator[TestClient]:
    yield browser_session(app, ADMIN)


def _snapshot(database: Path) -> list[str]:
    with sqlite3.connect(database) as connection:
        return list(connection.iterdump())


def test_the_probe_form_does_change_things_when_the_token_is_right(app: App, session: TestClient) -> None:
    """The control: the probe would have worked, so a 403 below is the token's doing."""
    before = _snapshot(app.database)
    token = csrf_from(session.get("/categories").text)
    answer = session.post("/categories", data={**PROBE_FORM, "name": "csrf control", "csrf_token": token})
    assert answer.status_code in (200, 303)
    assert _snapshot(app.database) != before


@pytest.mark.parametrize(("method", "path", "route"), ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES])
def test_a_form_without_or_with_a_wrong_csrf_token_is_refused_and_changes_nothing(
    app: App, session: TestClient, seeded: Seeded, method: str, path: str, route: object
) -> None:
    target = fill(path, seeded)
    before = _snapshot(app.database)
    right = csrf_from(session.get("/profile").text)
    wrong = right[:-4] + ("0000" if not right.endswith("0000") else "1111")
    attempts = [
        ("no token", {"data": PROBE_FORM}),
        ("wrong token", {"data": {**PROBE_FORM, "csrf_token": wrong}}),
        ("empty token", {"data": {**PROBE_FORM, "csrf_token": ""}}),
        ("wrong header", {"data": PROBE_FORM, "headers": {"X-CSRF-Token": wrong, "HX-Request": "true"}}),
        ("JSON body", {"json": {**PROBE_FORM, "csrf_token": right}}),  # only forms and the header carry it
    ]
    for name, request in attempts:
        answer = session.request(method, target, **request)  # type: ignore[arg-type]
        assert answer.status_code == 403, f"{name}: {method} {target} answered {answer.status_code}"
    assert _snapshot(app.database) == before, f"{method} {target} changed the database"
    assert session.get("/profile").status_code == 200, "the session survived"
