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


def test_the_access_line_is_structlogs_format_and_obeys_the_level(capsys: pytest.CaptureFixture[str]) -> None:
    """It is written without structlog's processors, for speed: same fields as any other line, and none
    below INFO."""
    import structlog

    from techstore.entrypoints.http.logging import configure_logging, log_access

    try:
        configure_logging("INFO")
        structlog.get_logger("techstore.access").info("request", method="GET", path="/x", status=200,
                                                      duration_ms=1.5, client=None, user_id=7)
        log_access("r-1", "GET", "/x", 200, 1.5, None, 7)
        ours, theirs = (json.loads(line) for line in capsys.readouterr().out.splitlines()[-2:][::-1])
        assert ours.keys() - {"request_id"} == theirs.keys() and ours["logger"] == theirs["logger"]
        assert ours["timestamp"].endswith("Z") and ours["request_id"] == "r-1" and ours["user_id"] == 7
        configure_logging("WARNING")
        log_access("r-2", "GET", "/x", 200, 1.5, None, None)
        assert capsys.readouterr().out == ""
    finally:
        configure_logging("INFO")
