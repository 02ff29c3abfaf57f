"""Reports over years (issue 29): the sales report over five years and the dashboard, with the closed days rolled
up, on PostgreSQL (default 500,000 sales) and SQLite (default 100,000 sales), through HTTP.

For each database: a scratch database, ``techstore demo seed --sales N --days 1826`` (the sales spread over five
years; the seed rolls the closed days up), timed; ``techstore reports roll-up --rebuild``, timed; then
``techstore serve`` on a free loopback port, and sequential requests (one client, after 3 warm-ups) of

- ``GET /api/v1/reports/sales`` over the five years (the closed days rolled up, today live),
- ``GET /`` (the dashboard page: the last 30 days and today),
- the same report with the rollups dropped (every day read live: what a report cost before them; fewer requests),

printing p50 / p99 against the goals (report < 300 ms on PostgreSQL, < 1 s on SQLite; dashboard < 100 ms):

    .venv/bin/python -m bench.long_reports [--postgres URL] [--pg-sales 500000] [--sqlite-sales 100000]
        [--days 1826] [--requests 20] [--only postgres|sqlite]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from bench.api_latency import _database, _free_port
from bench.dashboard import DEFAULT_POSTGRES, _p, _times, signed_in
from bench.figures import record

ROLLUPS = ("report_day_products", "report_day_methods", "report_day_taxes", "report_days")


def _run(database: str, postgres: str | None, sales: int, days: int, requests: int) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory() as workdir:
        url, drop = _database(postgres, Path(workdir))
        env = {**os.environ, "TECHSTORE_DATABASE_URL": url, "TECHSTORE_VAR_DIR": workdir,
               "TECHSTORE_LOG_LEVEL": "WARNING", "TECHSTORE_RATE_LIMIT": "0"}
        techstore = [sys.executable, "-m", "techstore"]
        server = None
        try:
            subprocess.run([*techstore, "db", "upgrade"], env=env, check=True, capture_output=True)
            started = time.perf_counter()
            seeded = subprocess.run([*techstore, "demo", "seed", "--sales", str(sales), "--days", str(days)],
                                    env=env, check=True, capture_output=True, text=True)
            seed_seconds = time.perf_counter() - started
            print(f"{database}: seeded {sales:,} sales over {days} days in {seed_seconds:.1f} s (roll-up included)",
                  flush=True)
            started = time.perf_counter()
            rolled = subprocess.run([*techstore, "reports", "roll-up", "--rebuild"], env=env, check=True,
                                    capture_output=True, text=True)
            roll_seconds = time.perf_counter() - started
            print(f"{database}: roll-up --rebuild in {roll_seconds:.1f} s ({rolled.stdout.strip()})", flush=True)
            if "sales" not in seeded.stdout:
                raise SystemExit(seeded.stdout)
            engine = create_engine(url, isolation_level="AUTOCOMMIT")
            if database == "postgresql":
                with engine.connect() as connection:  # fresh statistics, as autovacuum would soon give
                    connection.execute(text("ANALYZE"))
            port = _free_port()
            server = subprocess.Popen([*techstore, "serve", "--port", str(port)], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600) as http:
                auth = signed_in(http)
                today = datetime.now(UTC).date()
                years = f"/api/v1/reports/sales?from={today - timedelta(days=days)}&to={today}"
                report = _times(http, lambda h: h.get(years, headers=auth), requests)
                dashboard = _times(http, lambda h: h.get("/"), requests)
                with engine.begin() as connection:  # every day read live, as before the rollups
                    for table in ROLLUPS:
                        connection.execute(text(f"DELETE FROM {table}"))
                live = _times(http, lambda h: h.get(years, headers=auth), max(3, requests // 4))
            engine.dispose()
            short = "postgres" if database == "postgresql" else "sqlite"
            figures = {f"report.{short}.p50_ms": _p(report, 0.5), f"report.{short}.sales": sales}
            if short == "postgres":
                figures |= {"dashboard.postgres.p50_ms": _p(dashboard, 0.5), "dashboard.postgres.sales": sales}
            record(f"long_reports.{short}", figures, {"days": days + 1, "requests": requests})
            goal = 300 if database == "postgresql" else 1000
            label = f"{database}, {sales:,} sales"
            rows.append((f"{label}: sales report, {days + 1} days (rolled up)", f"{_p(report, 0.5):.1f}",
                         f"{_p(report, 0.99):.1f}", f"< {goal}"))
            rows.append((f"{label}: dashboard page", f"{_p(dashboard, 0.5):.1f}", f"{_p(dashboard, 0.99):.1f}",
                         "< 100" if database == "postgresql" else "-"))
            rows.append((f"{label}: sales report, {days + 1} days, every day live", f"{_p(live, 0.5):.1f}",
                         f"{_p(live, 0.99):.1f}", "(before)"))
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=10)
            drop()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", default=os.environ.get("TECHSTORE_TEST_POSTGRES_URL", DEFAULT_POSTGRES))
    parser.add_argument("--pg-sales", type=int, default=500_000)
    parser.add_argument("--sqlite-sales", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=1826, help="the history's length, and the report's")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--only", choices=("postgres", "sqlite"), default=None)
    args = parser.parse_args()
    rows = []
    if args.only != "sqlite":
        rows += _run("postgresql", args.postgres, args.pg_sales, args.days, args.requests)
    if args.only != "postgres":
        rows += _run("sqlite", None, args.sqlite_sales, args.days, args.requests)
    print(f"one client, {args.requests} requests each after 3 warm-ups (the live report: a quarter of them)")
    print(f"{'measure':<72} {'p50 ms':>9} {'p99 ms':>9} {'goal ms':>9}")
    for label, p50, p99, goal in rows:
        print(f"{label:<72} {p50:>9} {p99:>9} {goal:>9}")


if __name__ == "__main__":
    main()
