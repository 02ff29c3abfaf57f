"""Every kind of answer carries the security headers (PRODUCT.md, Operations): pages, redirects, API
JSON, API and page errors (401, 403, 404, 405, 422), static files and their 404, CSV and PDF, HEAD and
OPTIONS. The CSP allows no inline script and no framing; HSTS is sent in production only."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

import attrs
import pytest
from starlette.testclient import TestClient

from techstore.entrypoints.app import create_app
from tests.security.harness import ADMIN, STAFF, build, csrf_from
from tests.security.seed import Seeded, seed


def _csp(value: str) -> dict[str, list[str]]:
    directives = {}
    for directive in filter(None, (part.strip() for part in value.split(";"))):
        name, *sources = directive.split()
        directives[name.lower()] = sources
    return directives


@attrs.frozen
class Answers:
    client: TestClient
    seeded: Seeded
    staff: TestClient
    bearer: dict[str, str]


@pytest.fixture(scope="module", params=["test", "production"])
def answers(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Answers]:
    container, _clock, _db = build(tmp_path_factory.mktemp("headers"))
    if request.param == "production":
        container.settings.override(attrs.evolve(container.settings(), env="production"))
    app = create_app(container)
    base = "https://testserver" if request.param == "production" else "http://testserver"
    with TestClient(app, base_url=base, raise_server_exceptions=False, follow_redirects=False) as client:
        seeded = seed(client, ADMIN)
        pair = client.post("/api/v1/auth/token", json={"username": ADMIN[0], "password": ADMIN[1]}).json()
        staff = TestClient(app, base_url=base, raise_server_exceptions=False, follow_redirects=False)
        for who, user in ((client, ADMIN), (staff, STAFF)):
            token = csrf_from(who.get("/login").text)
            assert who.post("/login", data={"username": user[0], "password": user[1],
                                            "csrf_token": token}).status_code == 303
        yield Answers(client, seeded, staff, {"Authorization": f"Bearer {pair['access_token']}"})
    container.shutdown_resources()


def _requests(a: Answers) -> list[tuple[str, TestClient, str, str, dict[str, object]]]:
    anonymous = TestClient(a.client.app, base_url=str(a.client.base_url), raise_server_exceptions=False,
                           follow_redirects=False)
    ids = a.seeded.ids
    return [
        ("page", a.client, "GET", "/", {}),
        ("login page", anonymous, "GET", "/login", {}),
        ("redirect to login", anonymous, "GET", "/customers", {}),
        ("public tracking page", anonymous, "GET", f"/track/{a.seeded.tracking_code}", {}),
        ("page 404", a.client, "GET", "/customers/999999", {}),
        ("unknown page", a.client, "GET", "/no/such/page", {}),
        ("page 403", a.staff, "GET", "/users", {}),
        ("page 405", a.client, "PUT", "/login", {}),
        ("page form 403 (csrf)", a.client, "POST", "/categories", {"data": {"name": "x"}}),
        ("page HEAD", a.client, "HEAD", "/customers", {}),
        ("page OPTIONS", a.client, "OPTIONS", "/customers", {}),
        ("receipt", a.client, "GET", f"/sales/{ids['sale_id']}/receipt", {}),
        ("receipt PDF", a.client, "GET", f"/sales/{ids['sale_id']}/receipt.pdf", {}),
        ("CSV export", a.client, "GET", "/products/export.csv", {}),
        ("API JSON", anonymous, "GET", "/api/v1/me", {"headers": a.bearer}),
        ("API list", anonymous, "GET", "/api/v1/products", {"headers": a.bearer}),
        ("API 201", anonymous, "POST", "/api/v1/categories", {"headers": a.bearer, "json": {"name": "Headers"}}),
        ("API 401", anonymous, "GET", "/api/v1/me", {}),
        ("API 401 bad token", anonymous, "GET", "/api/v1/me", {"headers": {"Authorization": "Bearer x.y.z"}}),
        ("API 404", anonymous, "GET", "/api/v1/customers/999999", {"headers": a.bearer}),
        ("API unknown path", anonymous, "GET", "/api/v1/no-such-thing", {}),
        ("API 405", anonymous, "DELETE", "/api/v1/me", {"headers": a.bearer}),
        ("API 409", anonymous, "POST", "/api/v1/categories", {"headers": a.bearer, "json": {"name": "Headers"}}),
        ("API 415", anonymous, "POST", "/api/v1/categories", {"headers": a.bearer, "content": b"name=x"}),
        ("API 422", anonymous, "POST", "/api/v1/customers", {"headers": a.bearer, "json": {}}),
        ("API HEAD", anonymous, "HEAD", "/api/v1/products", {"headers": a.bearer}),
        ("API OPTIONS", anonymous, "OPTIONS", "/api/v1/products", {}),
        ("public tracking API", anonymous, "GET", f"/api/v1/public/repairs/{a.seeded.tracking_code}", {}),
        ("OpenAPI document", anonymous, "GET", "/api/v1/openapi.json", {}),
        ("API docs page", anonymous, "GET", "/api/docs", {}),
        ("health", anonymous, "GET", "/health", {}),
        ("readiness", anonymous, "GET", "/health/ready", {}),
        ("static CSS", anonymous, "GET", "/static/css/app.css", {}),
        ("static JS", anonymous, "GET", "/static/vendor/htmx.min.js", {}),
        ("static HEAD", anonymous, "HEAD", "/static/favicon.svg", {}),
        ("static 404", anonymous, "GET", "/static/no-such-file.js", {}),
        ("static 405", anonymous, "POST", "/static/favicon.svg", {}),
    ]


def test_every_kind_of_answer_carries_the_security_headers(answers: Answers) -> None:
    production = str(answers.client.base_url).startswith("https")
    kinds: set[int] = set()
    for name, client, method, path, options in _requests(answers):
        answer = client.request(method, path, **options)  # type: ignore[arg-type]
        kinds.add(answer.status_code)
        headers = answer.headers
        assert answer.status_code < 500, f"{name}: {answer.status_code}"
        assert "content-security-policy" in headers, f"{name} ({answer.status_code}) has no CSP"
        csp = _csp(headers["content-security-policy"])
        script = csp.get("script-src", csp.get("default-src", []))
        assert script and "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, name
        assert all(not source.startswith(("http:", "https:", "*", "data:")) for source in script), name
        assert csp.get("frame-ancestors") == ["'none'"], name
        assert csp.get("object-src") == ["'none'"], name
        assert headers.get("x-content-type-options") == "nosniff", name
        assert headers.get("referrer-policy") in ("same-origin", "no-referrer", "strict-origin-when-cross-origin"), name
        assert headers.get("x-frame-options") == "DENY", name
        assert headers.get("x-request-id"), name
        if production:
            hsts = headers.get("strict-transport-security", "")
            assert "max-age=" in hsts and int(hsts.split("max-age=")[1].split(";")[0]) >= 31536000, name
        else:
            assert "strict-transport-security" not in headers, name
    assert {200, 201, 303, 401, 403, 404, 405, 409, 415, 422} <= kinds, "every kind of answer was seen"


class _Scripts(HTMLParser):
    """Inline scripts and event-handler attributes, as the browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.inline: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.inline.append("<script> without src")
        self.inline += [f"<{tag} {name}=...>" for name in names if name.startswith("on")]
        scripted = [name for name, value in attrs if (value or "").strip().lower().startswith("javascript:")]
        self.inline += [f"<{tag} {name}=javascript:...>" for name in scripted]


def test_pages_carry_no_inline_script(answers: Answers) -> None:
    """The CSP would block inline script anyway; none is written, so nothing breaks under it."""
    for path in ("/", "/sales/new", "/customers", f"/customers/{answers.seeded.ids['customer_id']}",
                 f"/repairs/{answers.seeded.ids['repair_id']}", "/cash", "/products", "/users", "/api/docs"):
        parser = _Scripts()
        parser.feed(answers.client.get(path).text)
        assert parser.inline == [], path
