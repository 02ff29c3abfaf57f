"""F1 (issue 21): a malformed tracking code (a NUL, a slash, an overlong code) gets the same 404 as any
unknown code, on the API and on the page, on every database: PostgreSQL refuses a NUL in text and
answered 500."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

MALFORMED = ["%00", "abc%00def", "%E2%98%83", "a%20b", "x" * 65, "%FF"]


@pytest.mark.adapters("memory", "sqlite", "postgres")
@pytest.mark.parametrize("code", MALFORMED)
def test_a_malformed_code_gets_the_unknown_code_404_from_the_api(client: TestClient, code: str) -> None:
    unknown = client.get("/api/v1/public/repairs/" + "x" * 22)
    answer = client.get("/api/v1/public/repairs/" + code)
    assert answer.status_code == unknown.status_code == 404
    assert answer.content == unknown.content


@pytest.mark.adapters("memory", "sqlite", "postgres")
@pytest.mark.parametrize("code", MALFORMED)
def test_a_malformed_code_gets_the_unknown_code_404_page(client: TestClient, code: str) -> None:
    unknown = client.get("/track/" + "x" * 22)
    answer = client.get("/track/" + code)
    assert answer.status_code == unknown.status_code == 404
    token = re.compile(r"[0-9a-f]{64}")  # each page carries a fresh CSRF token; nothing else differs
    assert token.sub("", answer.text) == token.sub("", unknown.text)
