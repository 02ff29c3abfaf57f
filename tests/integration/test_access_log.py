"""One JSON access line per request, with a true duration and only a parsed client address."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

pytestmark = pytest.mark.adapters("memory")


def _access_lines(out: str) -> list[dict[str, object]]:
    return [line for line in map(json.loads, out.splitlines()) if line.get("event") == "request"]


def test_the_access_line_has_the_request_id_status_and_a_true_duration(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    client.get("/health", headers={"X-Request-ID": "trace-1"})
    [line] = _access_lines(capsys.readouterr().out)
    assert line["request_id"] == "trace-1" and line["status"] == 200 and line["path"] == "/health"
    assert isinstance(line["duration_ms"], float) and 0 <= line["duration_ms"] < 10_000


def test_the_access_line_never_carries_raw_client_text(client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    client.get("/health")  # the test client's "address" is the text "testclient", not an IP
    [line] = _access_lines(capsys.readouterr().out)
    assert line["client"] is None
