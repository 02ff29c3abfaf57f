"""Statements per request of every list: each GET page and API operation without a path parameter.

    .venv/bin/python -m bench.list_statements [--postgres URL] [--sales N]

On a scratch PostgreSQL database seeded with ``techstore demo seed`` (or
``--sales N`` for a bulk history), it walks the app's router, requests every
GET route that takes no path parameter as the admin (pages with the session
cookie, the API with a bearer token), and counts the statements each sends
(SQLAlchemy's ``before_cursor_execute`` on both pools, transaction control
left out) and the rows it shows. A list never sends one query per row: the
counts stay small whatever the page holds (``tests/integration`` pins them).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from sqlalchemy import event
from starlette.routing import Route
from starlette.testclient import TestClient

from bench import request_path as rp
from techstore.container import Container, build_container
from techstore.container.adapters import sql_engines
from techstore.entrypoints.app import create_app
from techstore.entrypoints.http.routing import ApiRoute, PageRoute, walk
from techstore.settings import load_settings

ADMIN = ("admin", "admin-demo-password")
SKIPPED = {"/logout", "/api/docs", "/api/v1/openapi.json", "/health", "/health/ready"}


def list_routes(app: Any) -> Iterator[tuple[str, str]]:
    """(kind, path) of every GET route without a path parameter."""
    for path, route in walk(app.routes):
        if not isinstance(route, Route) or "{" in path or path in SKIPPED or "GET" not in (route.methods or ()):
            continue
        if isinstance(route, ApiRoute):
            yield "api", path
        elif isinstance(route, PageRoute):
            yield "page", path


def count(container: Container, client: TestClient, path: str, headers: dict[str, str]) -> tuple[int, int, int]:
    """(statements, status, response bytes) of one request."""
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE", "COMMIT", "ROLLBACK")):
            sent.append(statement)

    engines = sql_engines(container.adapters)  # API reads run on the loop's own engine
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        answer = client.get(path, headers=headers)
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)
    return len(sent), answer.status_code, len(answer.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", default=os.environ.get("TECHSTORE_TEST_POSTGRES_URL", rp.DEFAULT_SERVER))
    parser.add_argument("--sales", type=int, default=None, help="seed N sales in bulk instead of the demo's days")
    args = parser.parse_args()
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="techstore-lists-")))
        database = stack.enter_context(rp.scratch_database(args.postgres))
        environ = {**rp.environment(database, workdir), "TECHSTORE_LOG_LEVEL": "WARNING",
                   "TECHSTORE_RATE_LIMIT": "0", "TECHSTORE_ENV": "development"}
        rp.techstore_cli(environ, "db", "upgrade")
        seed = ["demo", "seed", *(["--sales", str(args.sales)] if args.sales else [])]
        subprocess.run([sys.executable, "-m", "techstore", *seed], env=environ, check=True, capture_output=True)
        container = build_container(load_settings(environ), "sql")
        stack.callback(container.shutdown_resources)
        client = stack.enter_context(TestClient(create_app(container)))
        token = client.post("/api/v1/auth/token", json=dict(zip(("username", "password"), ADMIN, strict=True)))
        bearer = {"Authorization": f"Bearer {token.json()['access_token']}"}
        login = client.post("/login", data={"username": ADMIN[0], "password": ADMIN[1],
                                            "csrf_token": _csrf(client)}, follow_redirects=False)
        if login.status_code != 303:
            raise SystemExit(f"could not sign in to the pages: {login.status_code}")
        print(f"{'kind':<6}{'path':<36}{'status':>7}{'statements':>12}{'bytes':>10}")
        for kind, path in sorted(list_routes(client.app)):
            headers = bearer if kind == "api" else {}
            count(container, client, path, headers)  # warm: first-use compilation, pools
            statements, status, size = count(container, client, path, headers)
            print(f"{kind:<6}{path:<36}{status:>7}{statements:>12}{size:>10}")


def _csrf(client: TestClient) -> str:
    import re

    page = client.get("/login").text
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    if found is None:
        raise SystemExit("no CSRF token on the login page")
    return found.group(1)


if __name__ == "__main__":
    main()
