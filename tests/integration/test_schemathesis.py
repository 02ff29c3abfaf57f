"""Schemathesis over the whole API on SQLite: every operation of /api/v1/openapi.json,
authenticated as an admin, its default checks and every phase (examples, coverage,
fuzzing, stateful along the document's links). Zero failures, in every run.

The ``st run`` command runs in-process (click's runner) against the real app served
by uvicorn on a loopback port, so its auth provider and hook can reach the container:

- the fuzzer may change or deactivate the admin it acts as (``PATCH /users/{id}``,
  ``POST /me/password``), so the auth provider makes a fresh admin whenever
  schemathesis asks for credentials (every few seconds, and after any 401);
- a schema cannot say "your current password": the hook puts the acting admin's
  real one into ``POST /me/password`` bodies, so cases the schema calls valid are
  valid (schemathesis re-judges a case a hook edits). Otherwise every such case
  would be refused as a wrong password, a business rule, not a schema limit.

``TECHSTORE_SCHEMATHESIS_SEED`` replays a run; ``TECHSTORE_SCHEMATHESIS_EXAMPLES``
changes the examples per operation (default 100, schemathesis' own);
``TECHSTORE_SCHEMATHESIS_PATHS`` (a regex of paths, e.g. ``^/api/v1/sales$|/history$``)
runs only those operations, to check new ones without the whole API's run (name an operation
that creates what they read too, so the stateful phase follows its links);
``TECHSTORE_SCHEMATHESIS_SHOW=1`` prints schemathesis' whole report (its warnings too).
"""

from __future__ import annotations

import os
import re
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from click.testing import CliRunner
from hypothesis import strategies as st
from schemathesis.cli import schemathesis as schemathesis_cli
from stdnum import ean

from techstore.container import Container, build_container
from techstore.domain.catalog import rules
from techstore.domain.identity.users import Role
from techstore.entrypoints.app import create_app
from techstore.infrastructure.sqlalchemy.migrations.migrate import upgrade
from tests.support import TEST_RATE_LIMIT, TEST_SECRET, fast_hashing, serving

pytestmark = pytest.mark.timeout(600)

SUMMARY_LINE = re.compile(r"^=+ .+ in [0-9.]+s =+$", re.MULTILINE)
# The provider signs in from its own (documentation) address, so the fuzzer's failed
# sign-ins from 127.0.0.1 never rate-limit it. uvicorn trusts X-Forwarded-For from loopback.
PROVIDER_ADDRESS = "192.0.2.10"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Container]]:
    """The app on a fresh SQLite database, served by uvicorn on a free loopback port."""
    from techstore.settings import load_settings

    url = f"sqlite:///{tmp_path / 'schemathesis.sqlite3'}"
    upgrade(url)
    settings = load_settings({"TECHSTORE_ENV": "test", "TECHSTORE_VAR_DIR": str(tmp_path),
                              "TECHSTORE_SECRET_KEY": TEST_SECRET, "TECHSTORE_DATABASE_URL": url,
                              "TECHSTORE_LOG_LEVEL": "WARNING",  # thousands of requests: errors only
                              "TECHSTORE_RATE_LIMIT": TEST_RATE_LIMIT})  # 429 is declared; the fuzzer needs room
    container = build_container(settings, "sql")
    fast_hashing(container)
    # The document's sign-in example: the examples phase gets a 200 and a session to follow links from.
    container.identity.provision_user()("admin", "admin-demo-password", role=Role.ADMIN)
    with serving(create_app(container)) as url:
        yield url, container
    container.shutdown_resources()


class AdminSessions:
    """Hands schemathesis the access token of an admin made for the purpose, and remembers
    each token's password for the ``/me/password`` hook."""

    def __init__(self, base_url: str, container: Container) -> None:
        self.base_url = base_url
        self.container = container
        self.passwords: dict[str, str] = {}
        self.admins_made = 0
        self.passwords_given = 0

    def get(self, case: Any, context: Any) -> str:
        username = f"st-{secrets.token_hex(6)}"
        password = f"pw-{secrets.token_hex(12)}"
        self.container.identity.provision_user()(username, password, role=Role.ADMIN)
        response = httpx.post(f"{self.base_url}/api/v1/auth/token", json={"username": username, "password": password},
                              headers={"X-Forwarded-For": PROVIDER_ADDRESS})
        response.raise_for_status()
        token: str = response.json()["access_token"]
        self.passwords[token] = password
        self.admins_made += 1
        return token

    def set(self, case: Any, data: str, context: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

    def current_password_hook(self, context: Any, case: Any, kwargs: dict[str, Any]) -> None:
        if case.operation.path != "/api/v1/me/password" or case.method.upper() != "POST":
            return
        token = (case.headers or {}).get("Authorization", "").removeprefix("Bearer ")
        body = case.body
        if token in self.passwords and isinstance(body, dict) and isinstance(body.get("current_password"), str):
            case.body = {**body, "current_password": self.passwords[token]}
            self.passwords_given += 1


@pytest.fixture
def admin_sessions(served: tuple[str, Container]) -> Iterator[AdminSessions]:
    sessions = AdminSessions(*served)

    @schemathesis.auth(refresh_interval=5)
    class _Provider:
        def get(self, case: Any, context: Any) -> str:
            return sessions.get(case, context)

        def set(self, case: Any, data: str, context: Any) -> None:
            sessions.set(case, data, context)

    def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
        sessions.current_password_hook(context, case, kwargs)

    schemathesis.hook(before_call)
    try:
        yield sessions
    finally:
        schemathesis.hooks.unregister(before_call)
        schemathesis.auths.unregister()


def _gtin(body: str) -> str:
    """A numeric barcode as the catalog takes it: 8, 12 or 13 digits with their check digit, other lengths as is."""
    return body + ean.calc_check_digit(body) if len(body) in (7, 11, 12) else body


# The OpenAPI document names the barcode's check-digit rule as format "barcode" (JSON Schema cannot state it):
# schema-valid barcodes are made the way a scanner's are, numeric (EAN/UPC with their check digit, or the store's
# 9, 10, 11 or 14 digits) or the store's own text codes (the pattern's, up to its 40 characters).
schemathesis.openapi.format("barcode", st.one_of(
    st.integers(7, 14).filter(lambda n: n not in (8, 13))
    .flatmap(lambda n: st.text("0123456789", min_size=n, max_size=n)).map(_gtin),
    st.from_regex(rules.BARCODE_PATTERN, fullmatch=True).filter(
        lambda code: len(code) <= rules.BARCODE_MAX_LENGTH and not code.isdigit()),
))


def test_schemathesis_finds_nothing(served: tuple[str, Container], admin_sessions: AdminSessions,
                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    base_url, _ = served
    monkeypatch.chdir(tmp_path)  # whatever schemathesis caches stays out of the tree
    # A CSV import's body is text: JSON Schema cannot say "a CSV file whose every row is valid", so
    # text the document allows is often refused (422, by line). Every other check still runs on it.
    (tmp_path / "schemathesis.toml").write_text(
        '[[operations]]\ninclude-path = "/api/v1/products/import"\n'
        "checks.positive_data_acceptance.enabled = false\n"
        # A sale's payments must add up to a total the schema cannot know (prices live in the catalog), its
        # products exist and have stock; a sale is voided once: schema-valid bodies are mostly refused (409, 422).
        '[[operations]]\ninclude-path-regex = "^/api/v1/sales"\ninclude-method = "POST"\n'
        "checks.positive_data_acceptance.enabled = false\n"
        # A parked cart's products and customer must exist (422 naming them) and be sellable (409): schema-valid
        # ids are mostly of nothing.
        '[[operations]]\ninclude-path = "/api/v1/parked-sales"\ninclude-method = "POST"\n'
        "checks.positive_data_acceptance.enabled = false\n"
        # A repair's total (its lines, each with its tax) must stay within the money range: a price or a line
        # the schema allows may still take it beyond, by the lines already there and the tax (422 naming it).
        '[[operations]]\ninclude-path-regex = "^/api/v1/repairs"\ninclude-method = "POST"\n'
        "checks.positive_data_acceptance.enabled = false\n"
        '[[operations]]\ninclude-path-regex = "^/api/v1/repairs"\ninclude-method = "PATCH"\n'
        "checks.positive_data_acceptance.enabled = false\n"
        # A report's `to` must not be before its `from`, nor a century after it: a rule between two
        # parameters that JSON Schema cannot state (the description does), so schema-valid pairs are often 422.
        '[[operations]]\ninclude-path = "/api/v1/reports/sales"\n'
        "checks.positive_data_acceptance.enabled = false\n"
    )
    arguments = ["run", f"{base_url}/api/v1/openapi.json", "--phases", "examples,coverage,fuzzing,stateful"]
    if seed := os.environ.get("TECHSTORE_SCHEMATHESIS_SEED"):
        arguments += ["--seed", seed]
    if examples := os.environ.get("TECHSTORE_SCHEMATHESIS_EXAMPLES"):
        arguments += ["--max-examples", examples]
    if paths := os.environ.get("TECHSTORE_SCHEMATHESIS_PATHS"):
        arguments += ["--include-path-regex", paths]
    started = time.monotonic()
    result = CliRunner().invoke(schemathesis_cli, arguments, catch_exceptions=False)
    elapsed = time.monotonic() - started
    summary = SUMMARY_LINE.findall(result.output)
    links = re.search(r"API Links: +(.+)", result.output)
    with capsys.disabled():
        print(f"\nschemathesis ({elapsed:.0f}s; {admin_sessions.admins_made} admins made, "
              f"{admin_sessions.passwords_given} current passwords given; "
              f"links {links.group(1) if links else 'none'}):\n{summary[-1] if summary else 'no summary line'}")
    if os.environ.get("TECHSTORE_SCHEMATHESIS_SHOW"):
        with capsys.disabled():
            print(result.output)
    assert result.exit_code == 0, result.output
    assert summary and not re.search(r"[0-9]+ (failure|error)", summary[-1]), result.output
    for phase in ("Examples", "Coverage", "Fuzzing", "Stateful"):
        assert f"✅ {phase}" in result.output, result.output
