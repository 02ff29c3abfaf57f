"""Shared fixtures: the adapter sets, the clock, an HTTP client on the app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from techstore.container import Container
from techstore.entrypoints.app import create_app
from techstore.infrastructure.clock import ManualClock
from tests.support import ADAPTER_SETS, container_for, postgres_server_url, redis_server_url  # noqa: F401


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--adapters",
        default=",".join(ADAPTER_SETS),
        help="comma-separated adapter sets to run adapter-parametrised tests on (memory,sqlite,postgres)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "adapters(*names): run only on these adapter sets (memory, sqlite, postgres)")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise every test that uses ``adapter_set`` over the chosen adapter sets,
    narrowed by an ``@pytest.mark.adapters(...)`` marker where a test needs SQL."""
    if "adapter_set" not in metafunc.fixturenames:
        return
    chosen = [a.strip() for a in metafunc.config.getoption("--adapters").split(",") if a.strip()]
    marker = metafunc.definition.get_closest_marker("adapters")
    if marker is not None:
        chosen = [a for a in chosen if a in marker.args]
    params = [pytest.param(a, marks=pytest.mark.postgres) if a == "postgres" else a for a in chosen]
    metafunc.parametrize("adapter_set", params, scope="function")


# The longest modules (minutes or many seconds per test) run first: under ``make test``'s workers, started
# last they would leave one worker running them alone at the end.
LONGEST_FIRST = ("integration/test_schemathesis.py", "integration/test_faults.py", "integration/test_check_money.py")


def _start_order(item: pytest.Item) -> int:
    path = str(item.path)
    return next((rank for rank, module in enumerate(LONGEST_FIRST) if path.endswith(module)), len(LONGEST_FIRST))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """``-m postgres`` also selects the tests that reach PostgreSQL without ``adapter_set``:
    those that request ``postgres_server_url`` and those parametrised with ``database="postgres"``.
    ``-m redis`` selects those that request ``redis_server_url``."""
    items.sort(key=_start_order)  # stable: each module's tests stay together and in order
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        fixtures = getattr(item, "fixturenames", ())
        if "postgres_server_url" in fixtures or params.get("database") == "postgres":
            item.add_marker(pytest.mark.postgres)
        if "redis_server_url" in fixtures:
            item.add_marker(pytest.mark.redis)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def container(adapter_set: str, tmp_path: Path, request: pytest.FixtureRequest,
              clock: ManualClock) -> Iterator[Container]:
    yield from container_for(adapter_set, tmp_path, request, clock)


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container), raise_server_exceptions=False) as test_client:
        yield test_client
