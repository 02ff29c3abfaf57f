"""A bug answers 500 with a problem document and the usual headers, never a trace."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dependency_injector import providers
from starlette.testclient import TestClient

from techstore.container import build_container
from techstore.entrypoints.app import create_app
from tests.support import settings_for_tests


class BrokenProbe:
    def is_reachable(self) -> bool:
        raise RuntimeError("secret internal detail")


@pytest.fixture
def broken_client(tmp_path: Path) -> Iterator[TestClient]:
    container = build_container(settings_for_tests(tmp_path), "memory")
    container.check_readiness.override(providers.Object(lambda: BrokenProbe().is_reachable()))
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        yield client


def test_a_bug_is_a_500_problem_with_request_id(broken_client: TestClient) -> None:
    response = broken_client.get("/health/ready", headers={"X-Request-ID": "bug-1"})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["x-request-id"] == "bug-1"
    assert "content-security-policy" in response.headers
    assert "secret internal detail" not in response.text


def test_ready_answers_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    settings = settings_for_tests(tmp_path, "postgresql+psycopg://nobody@127.0.0.1:1/none")
    container = build_container(settings, "sql")
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_an_unreachable_database_is_a_503_problem_not_a_500(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    settings = settings_for_tests(tmp_path, "postgresql+psycopg://nobody@127.0.0.1:1/none")
    container = build_container(settings, "sql")
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        response = client.post("/api/v1/auth/token", json={"username": "ann", "password": "a-long-password"})
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == "5"
    assert "content-security-policy" in response.headers
    logged = capsys.readouterr().out
    assert "database unavailable" in logged and "Traceback" not in logged
