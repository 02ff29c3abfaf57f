"""Steps for the health checks, over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_bdd import parsers, then, when
from starlette.testclient import TestClient


@pytest.fixture
def health_answer() -> dict[str, Any]:
    return {}


@when(parsers.parse('a monitor asks "{path}"'))
def _(client: TestClient, health_answer: dict[str, Any], path: str) -> None:
    health_answer["response"] = client.get(path)


@when(parsers.parse('a monitor asks "{path}" with the request id "{request_id}"'))
def _(client: TestClient, health_answer: dict[str, Any], path: str, request_id: str) -> None:
    health_answer["response"] = client.get(path, headers={"X-Request-ID": request_id})


@then(parsers.parse('the answer is {status:d} with status "{value}"'))
def _(health_answer: dict[str, Any], status: int, value: str) -> None:
    response = health_answer["response"]
    assert response.status_code == status
    assert response.json()["status"] == value


@then(parsers.parse('the database is reported "{value}"'))
def _(health_answer: dict[str, Any], value: str) -> None:
    assert health_answer["response"].json()["database"] == value


@then(parsers.parse('the answer carries the request id "{request_id}"'))
def _(health_answer: dict[str, Any], request_id: str) -> None:
    assert health_answer["response"].headers["x-request-id"] == request_id
