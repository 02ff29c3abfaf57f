"""TechStore's request path against the thinnest stack doing the same work, under wrk.

    make bench                     # or: .venv/bin/python -m bench.request_path [--seconds 5] [--rounds 2]
    .venv/bin/python -m bench.request_path --rate-limit-storage redis://127.0.0.1:6379/0   # the limit in Redis

On a scratch PostgreSQL database (created, migrated with ``techstore db
upgrade``, dropped at the end) it seeds an admin and ``--users`` staff, then
starts two servers with 2 uvicorn workers each:

* TechStore: ``techstore serve --workers 2``, production settings, INFO log
  level so each request writes its access-log line (to /dev/null);
* the baseline: ``bench/baseline_app.py``, plain Starlette and psycopg_pool
  sending the same SQL and answering the same bytes (checked before the load).

For /health, /api/v1/me and /api/v1/users?limit=50 at 8 and 32 connections it
runs wrk against each server in turn, ``--rounds`` times with the order
alternating, and keeps each server's better run (the machine is noisy and
shared). It prints requests/s, p50 and p99 for both and the ratio
TechStore/baseline per row, then what each request sends to PostgreSQL
(``bench/statements.py``). wrk comes from Debian's package: ``apt-get install
-y wrk``, or ``--install-wrk`` to have this script run that.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path
from typing import Any

import attrs
import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.figures import record
from bench.load import LoadResult, ensure_wrk, run_wrk
from bench.statements import StatementCount, count_baseline, count_techstore, data_statements, short

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
ADMIN, PASSWORD = "bench", "bench-password-1"
ENDPOINTS = ("/health", "/api/v1/me", "/api/v1/users?limit=50")
APPS = ("TechStore", "baseline")
# Per response; everything else must match (the request id differs by design).
VARYING_HEADERS = {"date", "server", "x-request-id"}


@attrs.frozen
class Server:
    name: str
    base_url: str
    session: int = 0  # its process's id, which heads its own session: its workers share it


@attrs.frozen
class Row:
    endpoint: str
    connections: int
    best: dict[str, LoadResult]  # by app name

    @property
    def ratio(self) -> float:
        return self.best["TechStore"].per_second / self.best["baseline"].per_second


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", default=os.environ.get("TECHSTORE_TEST_POSTGRES_URL", DEFAULT_SERVER),
                        help="server URL (SQLAlchemy form); a scratch database is created and dropped")
    parser.add_argument("--seconds", type=int, default=5, help="length of one wrk run")
    parser.add_argument("--rounds", type=int, default=2, help="alternated runs per app and row; the best is kept")
    parser.add_argument("--connections", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers of each server")
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument("--users", type=int, default=60, help="staff users seeded besides the admin")
    parser.add_argument("--install-wrk", action="store_true", help="apt-get install wrk when it is missing")
    parser.add_argument("--rate-limit-storage", default="memory://",
                        help="TechStore's TECHSTORE_RATE_LIMIT_STORAGE: memory:// or a Redis URL (redis://127.0.0.1:6379/0)")
    return parser.parse_args()


# --- database -------------------------------------------------------------------------------------


@contextmanager
def scratch_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server; its SQLAlchemy URL. Dropped on the way out."""
    name = f"techstore_bench_{secrets.token_hex(4)}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def libpq_url(sqlalchemy_url: str) -> str:
    return make_url(sqlalchemy_url).set(drivername="postgresql").render_as_string(hide_password=False)


def techstore_revision() -> str:
    """The commit measured, and whether src/ differs from it (read-only git commands)."""
    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)

    head = git("rev-parse", "--short", "HEAD").stdout.strip() or "an unknown commit"
    changed = git("diff", "--quiet", "HEAD", "--", "src").returncode != 0
    changed = changed or bool(git("ls-files", "--others", "--exclude-standard", "--", "src").stdout.strip())
    return f"TechStore at {head}" + (" plus uncommitted changes in src/" if changed else "")


def postgres_version(sqlalchemy_url: str) -> str:
    engine = create_engine(sqlalchemy_url)
    try:
        with engine.connect() as connection:
            return str(connection.execute(text("SHOW server_version")).scalar_one())
    finally:
        engine.dispose()


def techstore_cli(environ: Mapping[str, str], *args: str, stdin: str = "") -> None:
    subprocess.run([sys.executable, "-m", "techstore", *args], input=stdin, text=True, env=dict(environ),
                   check=True, capture_output=True)


# --- servers --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running(name: str, command: list[str], environ: Mapping[str, str], port: int, logs: Path) -> Iterator[Server]:
    """Start a server in its own process group; stop it (and its workers) on the way out."""
    log = (logs / f"{name}.stderr").open("wb")
    process = subprocess.Popen(command, env=dict(environ), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log,
                               start_new_session=True)
    server = Server(name, f"http://127.0.0.1:{port}", process.pid)
    try:
        _wait_until_up(server, process, logs / f"{name}.stderr")
        yield server
    finally:
        _stop(process)
        log.close()


def _wait_until_up(server: Server, process: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{server.name} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{server.base_url}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{server.name} did not answer /health within {timeout} s:\n{log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # uvicorn's supervisor stops its workers
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)  # whatever of this one group is left
    except ProcessLookupError:
        pass
    process.wait()


def techstore_command(port: int, workers: int) -> list[str]:
    return [sys.executable, "-m", "techstore", "serve", "--port", str(port), "--workers", str(workers)]


def baseline_command(port: int, workers: int) -> list[str]:
    return [sys.executable, "-m", "uvicorn", "--factory", "bench.baseline_app:create_app", "--port", str(port),
            "--workers", str(workers), "--no-access-log", "--log-level", "warning"]


# --- seeding and checks ---------------------------------------------------------------------------


def access_token(server: Server) -> str:
    answer = httpx.post(f"{server.base_url}/api/v1/auth/token", json={"username": ADMIN, "password": PASSWORD},
                        timeout=30)
    answer.raise_for_status()
    return str(answer.json()["access_token"])


def seed_staff(server: Server, headers: dict[str, str], count: int, workers: int) -> None:
    """Staff users through the API, one request per server worker at a time (each hashes a password)."""

    def create(n: int) -> httpx.Response:
        return client.post("/api/v1/users", json={"username": f"clerk{n:03}", "full_name": f"Clerk Nº {n}",
                                                  "role": "staff", "password": PASSWORD})

    with httpx.Client(base_url=server.base_url, headers=headers, timeout=60) as client, \
            ThreadPoolExecutor(workers) as pool:
        for answer in pool.map(create, range(count)):
            answer.raise_for_status()


def check_same_answers(techstore: Server, baseline: Server, headers: dict[str, str]) -> None:
    """Fail unless both servers answer every endpoint with the same status, headers and body bytes."""
    for path in ENDPOINTS:
        ours, theirs = (httpx.get(s.base_url + path, headers=headers, timeout=10) for s in (techstore, baseline))
        if ours.status_code != 200 or theirs.status_code != 200:
            raise SystemExit(f"{path}: TechStore {ours.status_code}, baseline {theirs.status_code}")
        if ours.content != theirs.content:
            same_json = json.loads(ours.content) == json.loads(theirs.content)
            raise SystemExit(f"{path}: the bodies differ ({'same JSON, other bytes' if same_json else 'other JSON'})"
                             f"\n  TechStore: {ours.content[:400]!r}\n  baseline:  {theirs.content[:400]!r}")
        ours_headers, theirs_headers = (_fixed_headers(r) for r in (ours, theirs))
        if ours_headers != theirs_headers:
            raise SystemExit(f"{path}: the headers differ\n  TechStore: {ours_headers}\n  baseline:  {theirs_headers}")


def _fixed_headers(response: httpx.Response) -> dict[str, str]:
    return {k: v for k, v in sorted(response.headers.items()) if k not in VARYING_HEADERS}


# --- load -----------------------------------------------------------------------------------------


def measure(servers: dict[str, Server], headers: dict[str, str], args: argparse.Namespace, wrk: str) -> list[Row]:
    rows = []
    for path in ENDPOINTS:
        for server in servers.values():  # warm pools, caches and prepared statements; not counted
            run_wrk(wrk, server.base_url + path, connections=max(args.connections), seconds=1,
                    threads=args.wrk_threads, headers=headers)
        for connections in args.connections:
            runs: dict[str, list[LoadResult]] = {name: [] for name in servers}
            for round_number in range(args.rounds):
                order = APPS if round_number % 2 == 0 else APPS[::-1]
                for name in order:
                    runs[name].append(run_wrk(wrk, servers[name].base_url + path, connections=connections,
                                              seconds=args.seconds, threads=args.wrk_threads, headers=headers))
            row = Row(path, connections, {name: max(r, key=lambda x: x.per_second) for name, r in runs.items()})
            print(f"  measured {path} at {connections} connections: ratio {row.ratio:.2f}", file=sys.stderr)
            rows.append(row)
    return rows


# --- report ---------------------------------------------------------------------------------------


def print_table(rows: list[Row]) -> None:
    print(f"{'endpoint':<24}{'conns':>6}{'TechStore req/s':>17}{'baseline req/s':>16}{'ratio':>7}"
          f"{'TS p50 ms':>11}{'TS p99 ms':>11}{'BL p50 ms':>11}{'BL p99 ms':>11}")
    for row in rows:
        ours, theirs = row.best["TechStore"], row.best["baseline"]
        print(f"{row.endpoint:<24}{row.connections:>6}{ours.per_second:>17.1f}{theirs.per_second:>16.1f}"
              f"{row.ratio:>7.2f}{ours.p50_ms:>11.2f}{ours.p99_ms:>11.2f}{theirs.p50_ms:>11.2f}{theirs.p99_ms:>11.2f}")


def print_statements(techstore: dict[str, StatementCount], baseline: dict[str, StatementCount]) -> None:
    print(f"{'endpoint':<24}{'TS statements':>14}{'TS round trips':>15}{'TS cursor executes':>19}"
          f"{'TS checkouts':>13}{'TS connects':>12}{'BL statements':>14}{'BL round trips':>15}")
    for path in ENDPOINTS:
        ours, theirs = techstore[path], baseline[path]
        print(f"{path:<24}{ours.statements:>14g}{ours.round_trips:>15g}{_g(ours.cursor_executes):>19}"
              f"{_g(ours.checkouts):>13}{_g(ours.connects):>12}{theirs.statements:>14g}{theirs.round_trips:>15g}")
    for path in ENDPOINTS:
        for name, count in (("TechStore", techstore[path]), ("baseline", baseline[path])):
            if count.sequence:
                print(f"  {path} {name}: " + " | ".join(short(sql) for sql in count.sequence))
    for path in ENDPOINTS:
        warn_if_other_sql(path, data_statements(techstore[path].sequence), data_statements(baseline[path].sequence))


def warn_if_other_sql(path: str, ours: list[str], theirs: list[str]) -> None:
    """The baseline must send TechStore's SQL; say so loudly when TechStore's has moved on."""
    if ours == theirs:
        return
    print(f"WARNING: on {path} the baseline no longer sends TechStore's SQL (BEGIN/ROLLBACK/pre-ping aside); "
          "bring bench/baseline_app.py in line for a fair ratio")
    for n in range(max(len(ours), len(theirs))):
        mine, its = (s[n] if n < len(s) else "(none)" for s in (ours, theirs))
        if mine != its:
            print(f"  TechStore: {mine}\n  baseline:  {its}")


def _g(value: Any) -> str:
    return "-" if value is None else f"{value:g}"


# --- main -----------------------------------------------------------------------------------------


COMMANDS = {"TechStore": techstore_command, "baseline": baseline_command}
Counts = dict[str, StatementCount]  # by path


def start(name: str, environ: Mapping[str, str], workdir: Path, workers: int) -> AbstractContextManager[Server]:
    port = free_port()
    return running(name, COMMANDS[name](port, workers), environ, port, workdir)


def environment(database: str, workdir: Path, rate_limit_storage: str = "memory://") -> dict[str, str]:
    secret = secrets.token_hex(32)
    return {
        **os.environ,
        "TECHSTORE_DATABASE_URL": database,
        "TECHSTORE_ENV": "production",
        "TECHSTORE_SECRET_KEY": secret,
        "TECHSTORE_PUBLIC_URL": "http://127.0.0.1",  # required in production; no page here prints a link
        "TECHSTORE_LOG_LEVEL": "INFO",  # the access-log line is part of the request path
        # The API rate limit stays on (its check is part of the path) but so high that wrk, one client, never meets it.
        "TECHSTORE_RATE_LIMIT": "100000000/minute",
        "TECHSTORE_RATE_LIMIT_STORAGE": rate_limit_storage,
        "TECHSTORE_VAR_DIR": str(workdir),
        "BASELINE_DATABASE_URL": libpq_url(database),
        "BASELINE_SECRET_KEY": secret,
    }


def count_statements(environ: Mapping[str, str], headers: dict[str, str]) -> tuple[Counts, Counts]:
    quiet = {**environ, "TECHSTORE_LOG_LEVEL": "WARNING"}
    techstore = count_techstore(quiet, ENDPOINTS, headers)
    baseline = count_baseline(environ["BASELINE_DATABASE_URL"], environ["BASELINE_SECRET_KEY"], ENDPOINTS, headers)
    return techstore, baseline


def run(args: argparse.Namespace, wrk: str) -> tuple[list[Row], tuple[Counts, Counts], str]:
    """The rows, the statement counts (TechStore's, the baseline's) and a line about the setting."""
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="techstore-bench-")))
        database = stack.enter_context(scratch_database(args.postgres))
        environ = environment(database, workdir, args.rate_limit_storage)
        print("migrating and seeding ...", file=sys.stderr)
        techstore_cli(environ, "db", "upgrade")
        techstore_cli(environ, "users", "create-admin", "--username", ADMIN, stdin=PASSWORD + "\n")
        servers = {name: stack.enter_context(start(name, environ, workdir, args.workers)) for name in APPS}
        headers = {"Authorization": f"Bearer {access_token(servers['TechStore'])}"}
        seed_staff(servers["TechStore"], headers, args.users, args.workers)
        check_same_answers(servers["TechStore"], servers["baseline"], headers)
        print("answers are byte-identical; counting statements ...", file=sys.stderr)
        counts = count_statements(environ, headers)
        load_before = os.getloadavg()[0]
        print(f"measuring (load average {load_before:.1f}) ...", file=sys.stderr)
        rows = measure(servers, headers, args, wrk)
        machine = (f"{os.cpu_count()} cores, 1-minute load average {load_before:.1f} before the load and "
                   f"{os.getloadavg()[0]:.1f} after (wrk and both servers included)")
        return rows, counts, f"{techstore_revision()}; PostgreSQL {postgres_version(database)}; {machine}"


def main() -> None:
    args = _arguments()
    started = time.monotonic()
    _stop_on_sigterm()
    if importlib.util.find_spec("psycopg_pool") is None:
        raise SystemExit("the baseline needs psycopg_pool: .venv/bin/pip install psycopg-pool (a dev dependency)")
    wrk = ensure_wrk(args.install_wrk)
    try:
        rows, (techstore_counts, baseline_counts), setting = run(args, wrk)
    except KeyboardInterrupt:
        raise SystemExit("interrupted: servers stopped, database dropped") from None
    print()
    print(f"TechStore vs baseline (bench/baseline_app.py: plain Starlette + psycopg_pool), {args.workers} uvicorn "
          f"workers each, wrk -t{args.wrk_threads} --latency, {args.seconds} s per run; each app's figures are "
          f"from the better (by req/s) of {args.rounds} alternated runs")
    print(setting)
    print_table(rows)
    print()
    print("What one request sends to PostgreSQL, counted in-process (bench/statements.py). statements: all sent, "
          "BEGIN/ROLLBACK and the pool's pre-ping ';' included (libpq trace); round trips: waits for the server; "
          "cursor executes, checkouts, connects: SQLAlchemy events")
    print_statements(techstore_counts, baseline_counts)
    print()
    print(f"lowest ratio {min(r.ratio for r in rows):.2f} (goal 0.8, p99 ≤ 3× p50); "
          f"run took {time.monotonic() - started:.0f} s")
    record_figures(rows, args.rate_limit_storage)


ENDPOINT_NAMES = {"/health": "health", "/api/v1/me": "me", "/api/v1/users?limit=50": "users"}


def record_figures(rows: list[Row], rate_limit_storage: str) -> None:
    """For bench/summary.py: each row's ratio and TechStore's p50 and p99, by rate-limit storage."""
    storage = "memory" if rate_limit_storage.startswith("memory") else "redis"
    figures = {}
    for row in rows:
        key = f"request_path.{storage}.{ENDPOINT_NAMES.get(row.endpoint, row.endpoint)}.c{row.connections}"
        ours = row.best["TechStore"]
        figures.update({f"{key}.ratio": row.ratio, f"{key}.p50_ms": ours.p50_ms, f"{key}.p99_ms": ours.p99_ms})
    record(f"request_path_{storage}", figures, {"rate_limit_storage": storage})


def _stop_on_sigterm() -> None:
    def interrupt(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


if __name__ == "__main__":
    main()
