"""The API's rate limit (PRODUCT.md, Operations): per client, 429 with Retry-After,
shared through Redis, failing open when Redis is away. Health and documents are not limited."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from starlette.testclient import TestClient

from techstore.container import Container, build_container
from techstore.domain.identity.users import Role
from techstore.entrypoints.app import create_app
from techstore.entrypoints.http.openapi import api_routes
from techstore.entrypoints.http.threads import workers
from techstore.infrastructure.ratelimit import NoRateLimit, RedisRateLimit, namespace_of
from tests.support import empty_postgres, fast_hashing, settings_for_tests

PASSWORD = "rate-limit-password"
LIMIT = 4


def _client(tmp_path: Path, storage: str = "memory://", rule: str = f"{LIMIT}/minute",
            database_url: str | None = None) -> tuple[Container, TestClient]:
    settings = attrs.evolve(settings_for_tests(tmp_path), rate_limit=rule, rate_limit_storage=storage)
    if database_url is not None:
        settings = attrs.evolve(settings, database_url=database_url)
    container = build_container(settings, "memory")
    fast_hashing(container)
    return container, TestClient(create_app(container), raise_server_exceptions=False)


def _token(container: Container, client: TestClient, username: str) -> str:
    container.identity.provision_user()(username, PASSWORD, role=Role.ADMIN)
    response = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
    token: str = response.json()["access_token"]
    return token


@pytest.fixture
def limited(tmp_path: Path) -> Iterator[tuple[Container, TestClient]]:
    container, client = _client(tmp_path)
    with client:
        yield container, client


def test_a_user_over_the_limit_gets_429_with_retry_after(limited: tuple[Container, TestClient]) -> None:
    container, client = limited
    ann = {"Authorization": f"Bearer {_token(container, client, 'ann')}"}
    bob = {"Authorization": f"Bearer {_token(container, client, 'bob')}"}
    assert [client.get("/api/v1/me", headers=ann).status_code for _ in range(LIMIT)] == [200] * LIMIT
    refused = client.get("/api/v1/products", headers={**ann, "X-Request-ID": "over-1"})
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["status"] == 429 and "Retry-After" in refused.json()["detail"]
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert refused.headers["x-request-id"] == "over-1"
    assert "content-security-policy" in refused.headers
    # Per user: another user, from the same address, is not affected.
    assert client.get("/api/v1/me", headers=bob).status_code == 200
    # Health checks and the API's documents are never limited.
    for path in ("/health", "/health/ready", "/api/v1/openapi.json"):
        assert client.get(path, headers=ann).status_code == 200


def test_anonymous_callers_are_limited_by_address(limited: tuple[Container, TestClient]) -> None:
    _, client = limited
    # Public routes, and tokens that fail, count against the caller's address (the test client's
    # is not an IP address, so all its requests share the address "unknown", as callers would).
    answers = [client.post("/api/v1/auth/refresh", json={"refresh_token": "x" * 20}).status_code
               for _ in range(LIMIT - 1)]
    answers.append(client.get("/api/v1/me", headers={"Authorization": "Bearer forged"}).status_code)
    assert answers == [401] * LIMIT
    assert client.post("/api/v1/auth/logout", json={"refresh_token": "x" * 20}).status_code == 429
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer forged"}).status_code == 429


def test_the_limit_can_be_turned_off(tmp_path: Path) -> None:
    container, client = _client(tmp_path, rule="")
    assert isinstance(container.rate_limit(), NoRateLimit)
    with client:
        assert {client.post("/api/v1/auth/logout", json={"refresh_token": "x" * 20}).status_code
                for _ in range(LIMIT * 3)} == {204}


def test_processes_sharing_redis_share_the_limit(tmp_path: Path, redis_server_url: str) -> None:
    """Two apps (as two processes would) on one database and one Redis count together;
    an app on another database, on the same Redis, counts apart."""
    database = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    _, first = _client(tmp_path / "a", redis_server_url, database_url=database)
    _, second = _client(tmp_path / "b", redis_server_url, database_url=database)
    _, elsewhere = _client(tmp_path / "c", redis_server_url, database_url=f"sqlite:///{tmp_path / 'other.sqlite3'}")
    body = {"refresh_token": "x" * 20}
    with first, second, elsewhere:
        answers = [(first if n % 2 else second).post("/api/v1/auth/logout", json=body).status_code
                   for n in range(LIMIT + 1)]
        assert answers == [204] * LIMIT + [429]
        assert elsewhere.post("/api/v1/auth/logout", json=body).status_code == 204


def test_an_unreachable_redis_admits_requests_and_warns_once(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    _, client = _client(tmp_path, "redis://127.0.0.1:1/0")
    with client:
        answers = {client.post("/api/v1/auth/logout", json={"refresh_token": "x" * 20}).status_code
                   for _ in range(LIMIT * 2)}
    assert answers == {204}
    warnings = [line for line in capsys.readouterr().out.splitlines()
                if line.startswith("{") and json.loads(line).get("logger") == "techstore.ratelimit"]
    assert len(warnings) == 1 and json.loads(warnings[0])["level"] == "warning"


def test_every_route_the_document_calls_limited_is_limited_and_no_other(tmp_path: Path) -> None:
    """Walks the router: with the caller's allowance spent, every API operation whose document
    declares 429 answers 429 (whatever its input), and the others (health, documents) do not."""
    container, client = _client(tmp_path, rule="1/minute")
    with client:
        headers = {"Authorization": f"Bearer {_token(container, client, 'ann')}"}
        assert client.get("/api/v1/me", headers=headers).status_code == 200  # the allowance, spent
        document = client.get("/api/v1/openapi.json").json()
        seen = 0
        for path, route in api_routes(client.app.routes):  # type: ignore[attr-defined]
            concrete = re.sub(r"{\w+(:\w+)?}", "1", path)
            for method in sorted((route.methods or set()) - {"HEAD"}):
                answer = client.request(method, concrete, headers=headers, json={})
                documented = document["paths"].get(re.sub(r"{(\w+)(:\w+)?}", r"{\1}", path), {})
                declared = "429" in documented.get(method.lower(), {}).get("responses", {})
                assert route.rate_limited == (answer.status_code == 429), (method, path, answer.status_code)
                assert declared == (route.rate_limited and route.documented), (method, path)
                seen += 1
        assert seen > 40


def _postgres_client(tmp_path: Path, database_url: str, storage: str) -> tuple[Container, TestClient]:
    settings = attrs.evolve(settings_for_tests(tmp_path, database_url), rate_limit=f"{LIMIT}/minute",
                            rate_limit_storage=storage)
    container = build_container(settings, "sql")
    fast_hashing(container)
    return container, TestClient(create_app(container), raise_server_exceptions=False)


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """What went to a worker thread, and which clients the synchronous Redis client counted."""
    seen: dict[str, list[str]] = {"threads": [], "sync_hits": []}
    run_in_thread, sync_hit = workers.run, RedisRateLimit.hit

    async def in_thread(function: Any, *args: Any, **kwargs: Any) -> Any:
        seen["threads"].append(getattr(function, "__name__", "?"))
        return await run_in_thread(function, *args, **kwargs)

    def hit(self: RedisRateLimit, client: str) -> int | None:
        seen["sync_hits"].append(client)
        return sync_hit(self, client)

    monkeypatch.setattr(workers, "run", in_thread)
    monkeypatch.setattr(RedisRateLimit, "hit", hit)
    return seen


def test_reads_counted_in_redis_stay_on_the_loop_and_share_the_limit(
        tmp_path: Path, postgres_server_url: str, redis_server_url: str,
        recorded: dict[str, list[str]]) -> None:
    """Two apps (two processes' worth) on one PostgreSQL database and one Redis, each under its lifespan:
    their GETs count in Redis from the event loop (no worker thread, no synchronous Redis call) and
    together; a write counts through the synchronous client, against the same allowance."""
    empty_postgres(postgres_server_url)
    first_container, first = _postgres_client(tmp_path / "a", postgres_server_url, redis_server_url)
    _, second = _postgres_client(tmp_path / "b", postgres_server_url, redis_server_url)
    with first, second:
        first_container.identity.provision_user()("ann", PASSWORD, role=Role.ADMIN)
        token = first.post("/api/v1/auth/token", json={"username": "ann", "password": PASSWORD}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        recorded["threads"].clear()
        recorded["sync_hits"].clear()
        reads = [(first if n % 2 else second).get("/api/v1/me", headers=headers).status_code
                 for n in range(LIMIT - 1)]
        assert reads == [200] * (LIMIT - 1)
        assert recorded == {"threads": [], "sync_hits": []}  # counted in Redis, all on the loop
        # A write takes a worker thread and the synchronous client, and spends the last of the allowance.
        written = first.post("/api/v1/categories", headers=headers, json={"name": "Cables"})
        assert written.status_code == 201
        assert recorded["sync_hits"] == [recorded["sync_hits"][0]] and recorded["sync_hits"][0].startswith("user:")
        for client in (first, second):
            refused = client.get("/api/v1/me", headers=headers)
            assert refused.status_code == 429 and 1 <= int(refused.headers["retry-after"]) <= 60
        assert len(recorded["threads"]) == 1


def test_an_unreachable_redis_admits_reads_on_the_loop(tmp_path: Path, postgres_server_url: str,
                                                       recorded: dict[str, list[str]],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    empty_postgres(postgres_server_url)
    container, client = _postgres_client(tmp_path, postgres_server_url, "redis://127.0.0.1:1/0")
    with client:
        headers = {"Authorization": f"Bearer {_token(container, client, 'ann')}"}
        # Signing in found Redis away (synchronously); the loop's client is to find it so too.
        monkeypatch.setattr(container.rate_limit(), "_skip_until", 0.0)
        recorded["threads"].clear()
        assert {client.get("/api/v1/me", headers=headers).status_code for _ in range(LIMIT * 2)} == {200}
        assert recorded["threads"] == []


def test_processes_leasing_hits_from_redis_admit_exactly_the_limit(redis_server_url: str, tmp_path: Path) -> None:
    """Far from its limit a process takes hits from Redis in batches (``Leases``); two of them, taking turns
    on one Redis, still admit exactly the window's amount between them, and both then refuse until it ends."""
    namespace = namespace_of(f"sqlite:///{tmp_path / 'leases.sqlite3'}")
    first, second = (RedisRateLimit("100/minute", redis_server_url, namespace) for _ in range(2))
    answers = [(first if n % 3 else second).hit("user:1") for n in range(150)]
    assert answers.count(None) == 100
    assert answers[-10:] == [answer for answer in answers[-10:] if answer is not None and 1 <= answer <= 60]
