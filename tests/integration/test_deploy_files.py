"""The Dockerfile, compose.yaml and the proxy's configuration start TechStore with the commands and
settings the multi-process and fault tests run outside containers (no Docker daemon on the machines
that run this suite, so no image is built here): a light check that they do not drift apart."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import yaml

from techstore.entrypoints.cli.http_server import KEEP_ALIVE_SECONDS
from techstore.settings import DEFAULT_RATE_LIMIT
from tests.servers import MIGRATE_COMMAND, serve_command

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_SOURCE = (ROOT / "src" / "techstore" / "settings.py").read_text()
# Every variable the settings read (environ.get("TECHSTORE_...") or a helper given its name).
KNOWN = set(re.findall(r'"(TECHSTORE_[A-Z_]+)"', SETTINGS_SOURCE))


def _compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return document


def _dockerfile() -> list[str]:
    """The final stage's instructions, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    last_from = max(i for i, line in enumerate(lines) if line.startswith("FROM "))
    return lines[last_from:]


def test_compose_runs_postgres_redis_a_migration_two_apps_a_worker_and_a_proxy() -> None:
    services = _compose()["services"]
    assert set(services) == {"postgres", "postgres-replica", "redis", "migrate", "app1", "app2", "worker", "proxy"}
    worker = services["worker"]
    assert worker["command"] == ["techstore", "worker"] and worker["environment"] == services["app1"]["environment"]
    assert worker["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["command"] == MIGRATE_COMMAND
    apps = [name for name, service in services.items() if service.get("command") == serve_command("0.0.0.0", 8000)]
    assert apps == ["app1", "app2"]
    for name in apps:
        app = services[name]
        assert app["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        environment = app["environment"]
        assert environment["TECHSTORE_ENV"] == "production"
        assert environment["TECHSTORE_RATE_LIMIT_STORAGE"].startswith("redis://redis:")
        assert environment["TECHSTORE_DATABASE_URL"].startswith("postgresql+psycopg://")
        assert DEFAULT_RATE_LIMIT in environment["TECHSTORE_RATE_LIMIT"]
        # Every TECHSTORE_ variable named is one the settings read; secrets come from .env only.
        assert {k for k in environment if k.startswith("TECHSTORE_")} <= KNOWN
        assert environment["TECHSTORE_SECRET_KEY"].startswith("${TECHSTORE_SECRET_KEY:?")
        assert environment["TECHSTORE_PUBLIC_URL"].startswith("${TECHSTORE_PUBLIC_URL:?")  # required in production
        assert environment["FORWARDED_ALLOW_IPS"] == "*"  # the proxy's X-Forwarded-For is trusted
    assert services["migrate"]["environment"] == services["app1"]["environment"]


def test_the_replica_is_optional_streams_from_postgres_and_is_named_to_the_apps_only_when_wanted() -> None:
    services = _compose()["services"]
    replica = services["postgres-replica"]
    assert replica["profiles"] == ["replica"]  # off unless asked for: docker compose --profile replica up
    assert replica["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert not any("postgres-replica" in service.get("depends_on", {}) for service in services.values())
    script = replica["command"][0]
    assert "pg_basebackup -h postgres" in script and " -R " in script  # a standby of postgres, from its copy
    assert replica["environment"]["PGPASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    # Both servers take the same rules, which let the replica stream with the password.
    rules = (ROOT / "deploy" / "pg_hba.conf").read_text()
    assert re.search(r"^host\s+replication\s+all\s+all\s+scram-sha-256$", rules, re.M)
    for name in ("postgres", "postgres-replica"):
        assert "./deploy/pg_hba.conf:/etc/postgresql/pg_hba.conf:ro" in services[name]["volumes"]
    environment = services["app1"]["environment"]
    assert environment["TECHSTORE_REPLICA_DATABASE_URL"] == "${TECHSTORE_REPLICA_DATABASE_URL:-}"  # empty: none
    assert environment["TECHSTORE_REPLICA_MAX_LAG"] == "${TECHSTORE_REPLICA_MAX_LAG:-30}"


def test_the_image_runs_as_a_user_serves_without_migrating_and_checks_readiness() -> None:
    stage = _dockerfile()
    assert stage[0].startswith("FROM python:3.11-slim")
    users = [line.split()[1] for line in stage if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    cmd = next(line for line in reversed(stage) if line.startswith("CMD "))
    assert yaml.safe_load(cmd.removeprefix("CMD ")) == serve_command("0.0.0.0", 8000)
    healthcheck = next(line for line in stage if line.startswith("HEALTHCHECK "))
    assert "/health/ready" in healthcheck and ":8000/" in healthcheck
    # No secret in the image: neither the settings' secret nor a database password.
    whole = (ROOT / "Dockerfile").read_text()
    assert "TECHSTORE_SECRET_KEY=" not in whole and "TECHSTORE_DATABASE_URL=" not in whole
    env_names = {word.split("=")[0] for line in stage if line.startswith("ENV ")
                 for word in shlex.split(line.removeprefix("ENV ")) if "=" in word}
    assert {name for name in env_names if name.startswith("TECHSTORE_")} <= KNOWN


def test_the_proxy_balances_both_apps_and_sets_the_client_address() -> None:
    config = (ROOT / "deploy" / "nginx.conf").read_text()
    assert set(re.findall(r"server (app\d):8000", config)) == {"app1", "app2"}
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in config
    # The proxy drops idle upstream connections before the app does, and times out slow clients itself.
    upstream = re.search(r"upstream techstore \{(.*?)\}", config, re.S)
    assert upstream is not None
    idle = re.search(r"keepalive_timeout (\d+)s;", upstream.group(1))
    assert idle is not None and int(idle.group(1)) < KEEP_ALIVE_SECONDS
    for directive in ("client_header_timeout", "client_body_timeout", "send_timeout"):
        assert re.search(rf"^\s*{directive} \d+s;", config, re.M), directive
    proxy = _compose()["services"]["proxy"]
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in proxy["volumes"]
