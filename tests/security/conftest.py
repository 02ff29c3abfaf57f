"""Fixtures for the security tests: one app per module on SQLite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from techstore.entrypoints.app import create_app
from tests.security.harness import App, build


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    container, clock, database = build(tmp_path_factory.mktemp("security"))
    with TestClient(create_app(container), raise_server_exceptions=False, follow_redirects=False) as client:
        yield App(container, client, clock, database)
    container.shutdown_resources()
