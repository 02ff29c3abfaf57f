"""The busiest pages and the sales report on PostgreSQL with a large catalogue and history, through HTTP.

Makes a scratch PostgreSQL database, seeds it with ``techstore demo seed --sales N --products P`` (default
100,000 sales over the past year and 10,000 products), starts ``techstore serve`` on a free loopback port,
signs in (the API with a token, the pages with the login form's cookies), then times sequential requests
(one client, after a warm-up) of

- the baseline: ``GET /health`` and ``GET /api/v1/me`` (sign-in check, one row),
- the dashboard page ``GET /``, the product list page ``GET /products`` and the point of sale ``GET /sales/new``,
- ``GET /api/v1/reports/sales`` for the last month and for the last year,

and prints p50 / p99 of each with its ratio to the ``/api/v1/me`` baseline:

    .venv/bin/python -m bench.dashboard [--postgres URL] [--sales 100000] [--products 10000] [--requests 30]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from bench.api_latency import _database, _free_port
from bench.figures import record

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
ADMIN = ("admin", "admin-demo-password")


def _times(http: httpx.Client, request: Callable[[httpx.Client], httpx.Response], count: int) -> list[float]:
    for _ in range(3):  # warm-up: pools, caches, compiled statements
        request(http)
    found = []
    for _ in range(count):
        started = time.perf_counter()
        answer = request(http)
        found.append((time.perf_counter() - started) * 1000)
        if answer.status_code != 200:
            raise SystemExit(f"{answer.request.url}: {answer.status_code} {answer.text[:200]}")
    return found


def signed_in(http: httpx.Client) -> dict[str, str]:
    """Once the served app answers /health: the admin signed in twice, the client's cookies for the pages,
    and the bearer header it returns for the API."""
    for _ in range(300):
        try:
            if http.get("/health").status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.1)
    token = http.post("/api/v1/auth/token", json=dict(zip(("username", "password"), ADMIN,
                                                           strict=True))).json()["access_token"]
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', http.get("/login").text)
    assert csrf is not None
    http.post("/login", data={"username": ADMIN[0], "password": ADMIN[1], "csrf_token": csrf.group(1)})
    return {"Authorization": f"Bearer {token}"}


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", default=os.environ.get("TECHSTORE_TEST_POSTGRES_URL", DEFAULT_POSTGRES))
    parser.add_argument("--sales", type=int, default=100_000)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as workdir:
        url, drop = _database(args.postgres, Path(workdir))
        env = {**os.environ, "TECHSTORE_DATABASE_URL": url, "TECHSTORE_VAR_DIR": workdir,
               "TECHSTORE_LOG_LEVEL": "WARNING", "TECHSTORE_RATE_LIMIT": "0"}
        techstore = [sys.executable, "-m", "techstore"]
        server = None
        try:
            subprocess.run([*techstore, "db", "upgrade"], env=env, check=True, capture_output=True)
            started = time.perf_counter()
            seeded = subprocess.run([*techstore, "demo", "seed", "--sales", str(args.sales),
                                                   "--products", str(args.products)], env=env, check=True,
                                    capture_output=True, text=True)
            seconds = time.perf_counter() - started
            print(f"seeded in {seconds:.1f} s: " + " / ".join(line.strip() for line in seeded.stdout.splitlines()[1:5]))
            analyser = create_engine(url, isolation_level="AUTOCOMMIT")
            with analyser.connect() as connection:  # fresh statistics, as autovacuum would soon give
                connection.execute(text("ANALYZE"))
            analyser.dispose()
            port = _free_port()
            server = subprocess.Popen([*techstore, "serve", "--port", str(port)], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            base = f"http://127.0.0.1:{port}"
            with httpx.Client(base_url=base, timeout=60) as http:
                auth = signed_in(http)
                today = datetime.now(UTC).date()
                month = f"/api/v1/reports/sales?from={today - timedelta(days=29)}&to={today}"
                year = f"/api/v1/reports/sales?from={today - timedelta(days=365)}&to={today}"
                runs = [
                    ("GET /health", lambda h: h.get("/health")),
                    ("GET /api/v1/me (baseline)", lambda h: h.get("/api/v1/me", headers=auth)),
                    ("GET / (dashboard page)", lambda h: h.get("/")),
                    ("GET /products (product list page)", lambda h: h.get("/products")),
                    ("GET /sales/new (point of sale page)", lambda h: h.get("/sales/new")),
                    ("GET /api/v1/reports/sales (30 days)", lambda h: h.get(month, headers=auth)),
                    ("GET /api/v1/reports/sales (366 days)", lambda h: h.get(year, headers=auth)),
                ]
                results = [(label, _times(http, request, args.requests)) for label, request in runs]
            baseline = statistics.median(results[1][1])
            print(f"PostgreSQL, {args.sales:,} sales, {args.products:,} products or more, one client, "
                  f"{args.requests} requests each after 3 warm-ups")
            print(f"{'request':<40} {'p50 ms':>8} {'p99 ms':>8} {'p50 / baseline':>15}")
            for label, found in results:
                print(f"{label:<40} {_p(found, 0.5):8.1f} {_p(found, 0.99):8.1f} "
                      f"{statistics.median(found) / baseline:14.1f}x")
            # For bench/summary.py: the dashboard page on the data seeded here (its goal is stated on 500,000 sales).
            dashboard = dict(results)["GET / (dashboard page)"]
            record("dashboard", {"dashboard.postgres.p50_ms": statistics.median(dashboard),
                                 "dashboard.postgres.sales": args.sales}, {"products": args.products})
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=10)
            drop()


if __name__ == "__main__":
    main()
