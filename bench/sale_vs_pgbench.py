"""Sale creation through HTTP against pgbench sending the same SQL to the same database.

    .venv/bin/python -m bench.sale_vs_pgbench [--clients 4 16] [--seconds 5] [--rounds 2] [--workers 2]

On a scratch PostgreSQL database it starts ``techstore serve --workers 2``
and makes ``--products`` products. Then, at each client count, alternating,
``--rounds`` times each:

* TechStore: wrk (``bench/wrk_sale.lua``) posts sales of two products paid
  by cash and card, each with a new ``Idempotency-Key``;
* pgbench runs ``bench/sale.pgbench``, the statements one such request sends
  (who is asking, the key's claim, the sale), with ``-M prepared`` as psycopg
  prepares a statement run often.

It prints sales per second, p50 and p99 for both and the ratio, keeping each
side's better run (the machine is shared and noisy), then the CPU per sale of
the app's processes, PostgreSQL's and the load generator in those runs
(``bench/cpu.py``, on Linux). Before measuring it
checks that the app still sends the script's statements, in order; after,
that every sale is whole (``techstore check stock`` and ``check accounts``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import attrs
import httpx
from sqlalchemy import event
from sqlalchemy.engine import make_url

from bench import request_path as rp
from bench.cpu import CpuSpent, measuring
from bench.figures import record
from bench.load import LoadResult, ensure_wrk, run_wrk

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "sale.pgbench"
WRK_SCRIPT = HERE / "wrk_sale.lua"
SIDES = ("TechStore", "pgbench")


@attrs.frozen
class Run:
    per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    cpu: CpuPerSale | None = None


@attrs.frozen
class CpuPerSale:
    """Milliseconds of CPU per sale (user and system), by whom (bench/cpu.py)."""

    app: float
    postgres: float
    load: float

    @classmethod
    def of(cls, spent: CpuSpent, sales: float) -> CpuPerSale:
        return cls(*(1000 * seconds / sales for seconds in (spent.app, spent.postgres, spent.load)))


@attrs.frozen
class SaleRow:
    clients: int
    best: dict[str, Run]

    @property
    def ratio(self) -> float:
        return self.best["TechStore"].per_second / self.best["pgbench"].per_second


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", default=os.environ.get("TECHSTORE_TEST_POSTGRES_URL", rp.DEFAULT_SERVER))
    parser.add_argument("--clients", type=int, nargs="+", default=[4, 16])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--products", type=int, default=200)
    parser.add_argument("--install-wrk", action="store_true")
    return parser.parse_args()


# --- what the app sends, against the script ------------------------------------------------------


_SHAPE = re.compile(r"^\s*(SELECT\s.*?\sFROM\s+(\w+)|INSERT INTO (\w+)|UPDATE (\w+)|BEGIN|COMMIT|SAVEPOINT|RELEASE)",
                    re.IGNORECASE | re.DOTALL)


def shape(statement: str) -> str:
    """``SELECT users``, ``INSERT sales``, ``UPDATE products``, ``BEGIN``: the verb and the table."""
    found = _SHAPE.match(statement)
    if found is None:
        return statement.split()[0].upper()
    table = found.group(2) or found.group(3) or found.group(4)
    verb = found.group(1).split()[0].upper()
    return f"{verb} {table}" if table else verb


def script_shapes() -> list[str]:
    lines = [line for line in SCRIPT.read_text().splitlines() if line and not line.startswith(("--", "\\"))]
    return [shape(line) for line in lines]


def app_shapes(environ: Mapping[str, str], headers: dict[str, str], products: int) -> list[str]:
    """What one sale request sends, recorded in-process on the benchmark's database."""
    from starlette.testclient import TestClient

    from techstore.container import build_container
    from techstore.entrypoints.app import create_app
    from techstore.settings import load_settings

    container = build_container(load_settings({**environ, "TECHSTORE_LOG_LEVEL": "WARNING"}), "sql")
    sent: list[str] = []

    def on_execute(_c: Any, _cursor: Any, statement: str, params: Any, _ctx: Any, many: bool) -> None:
        rows = len(params) if many and isinstance(params, list | tuple) else 1  # executemany: one per row
        sent.extend([shape(statement)] * rows)

    try:
        with TestClient(create_app(container)) as client:
            for _ in range(2):  # the first sale warms what is prepared once
                sent.clear()
                writes, reads = container.adapters.engine(), container.adapters.read_engine()
                # The read pool runs in autocommit: its BEGIN and COMMIT send nothing.
                hooks = [(writes, "before_cursor_execute", on_execute), (reads, "before_cursor_execute", on_execute),
                         (writes, "begin", lambda _c: sent.append("BEGIN")),
                         (writes, "commit", lambda _c: sent.append("COMMIT"))]
                with ExitStack() as listening:
                    for engine, name, fn in hooks:
                        event.listen(engine, name, fn)
                        listening.callback(event.remove, engine, name, fn)
                    answer = client.post("/api/v1/sales", json=sale_body(1, 1 + products // 2),
                                         headers={**headers, "Idempotency-Key": str(uuid.uuid4())})
                    if answer.status_code != 201:
                        raise SystemExit(f"a sale failed: {answer.status_code} {answer.text[:300]}")
    finally:
        container.shutdown_resources()
    return sent


def sale_body(first: int, second: int) -> dict[str, Any]:
    return {"items": [{"product_id": first, "quantity": 1}, {"product_id": second, "quantity": 2}],
            "payments": [{"method": "cash", "amount": "10.00"}, {"method": "card", "amount": "20.00"}]}


def check_mirror(ours: list[str], script: list[str]) -> None:
    if ours == script:
        return
    lines = [f"  {n:>2}  app: {a:<28} script: {b}" for n, (a, b) in
             enumerate(zip(ours + ["-"] * len(script), script + ["-"] * len(ours), strict=False))
             if n < max(len(ours), len(script))]
    raise SystemExit("bench/sale.pgbench no longer mirrors what a sale sends; bring it in line:\n" + "\n".join(lines))


# --- the two sides -------------------------------------------------------------------------------


def make_products(base_url: str, headers: dict[str, str], count: int) -> None:
    with httpx.Client(base_url=base_url, headers=headers, timeout=30) as http:
        for n in range(1, count + 1):
            body = {"sku": f"BENCH-{n:04}", "name": f"Bench product {n}", "price": "10.00", "stock": 1_000_000}
            answer = http.post("/api/v1/products", json=body)
            if answer.status_code != 201 or answer.json()["id"] != n:
                raise SystemExit(f"product {n}: {answer.status_code} {answer.text[:200]}")


def open_drawer(base_url: str, headers: dict[str, str]) -> None:
    """The seller's drawer, open: the store takes cash only from an open drawer (the default)."""
    with httpx.Client(base_url=base_url, headers=headers, timeout=30) as http:
        answer = http.post("/api/v1/cash-sessions", json={"opening_float": "100.00"})
        if answer.status_code != 201:
            raise SystemExit(f"opening the drawer: {answer.status_code} {answer.text[:200]}")


def techstore_run(wrk: str, base_url: str, headers: dict[str, str], clients: int, seconds: int,
                  products: int) -> Run:
    environ = {**os.environ, "BENCH_DIR": str(HERE), "BENCH_PRODUCTS": str(products),
               "BENCH_NONCE": uuid.uuid4().hex[:12]}
    result: LoadResult = run_wrk(wrk, base_url + "/api/v1/sales", connections=clients, seconds=seconds,
                                 threads=min(2, clients), headers=headers, script=WRK_SCRIPT, environ=environ)
    return Run(result.per_second, result.p50_ms, result.p99_ms, 0)


def pgbench_run(database: str, clients: int, seconds: int, products: int, logs: Path) -> Run:
    url = make_url(database)
    for old in logs.glob("sale.*"):
        old.unlink()
    command = ["pgbench", "-n", "-M", "prepared", "-c", str(clients), "-j", str(min(2, clients)),
               "-T", str(seconds), "-f", str(SCRIPT), "-D", f"products={products}", "-l",
               "--log-prefix", str(logs / "sale"), "-h", url.host or "127.0.0.1", "-p", str(url.port or 5432),
               "-U", url.username or "postgres", url.database or ""]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
    if finished.returncode != 0:
        raise SystemExit(f"pgbench failed:\n{finished.stderr[-2000:]}")
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", finished.stdout)
    failed = re.search(r"number of failed transactions: (\d+)", finished.stdout)
    if tps is None:
        raise SystemExit(f"pgbench said:\n{finished.stdout}")
    latencies = sorted(int(line.split()[2]) for log in logs.glob("sale.*") for line in log.read_text().splitlines())
    return Run(float(tps.group(1)), _percentile(latencies, 50) / 1000, _percentile(latencies, 99) / 1000,
               int(failed.group(1)) if failed else 0)


def _percentile(sorted_values: list[int], percent: int) -> float:
    if not sorted_values:
        return float("nan")
    return float(statistics.quantiles(sorted_values, n=100, method="inclusive")[percent - 1])


# --- the run -------------------------------------------------------------------------------------


@contextmanager
def serving(args: argparse.Namespace) -> Iterator[tuple[rp.Server, dict[str, str], dict[str, str], str, Path]]:
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="techstore-sales-")))
        database = stack.enter_context(rp.scratch_database(args.postgres))
        environ = rp.environment(database, workdir)
        environ["TECHSTORE_LOG_LEVEL"] = "WARNING"
        # The rate limit is checked, but so high that the load, one client on purpose, never meets it.
        environ["TECHSTORE_RATE_LIMIT"] = "100000000/minute"
        print("migrating and seeding ...", file=sys.stderr)
        rp.techstore_cli(environ, "db", "upgrade")
        rp.techstore_cli(environ, "users", "create-admin", "--username", rp.ADMIN, stdin=rp.PASSWORD + "\n")
        server = stack.enter_context(rp.start("TechStore", environ, workdir, args.workers))
        headers = {"Authorization": f"Bearer {rp.access_token(server)}"}
        make_products(server.base_url, headers, args.products)
        open_drawer(server.base_url, headers)
        yield server, headers, environ, database, workdir


def measure(args: argparse.Namespace, wrk: str) -> tuple[list[SaleRow], str]:
    with serving(args) as (server, headers, environ, database, workdir):
        check_mirror(app_shapes(environ, headers, args.products), script_shapes())
        print("the app sends the script's statements; measuring ...", file=sys.stderr)
        for side in SIDES:  # warm both: prepared statements, caches
            _one(side, args, wrk, server, headers, database, workdir, clients=max(args.clients), seconds=1)
        rows = []
        for clients in args.clients:
            runs: dict[str, list[Run]] = {side: [] for side in SIDES}
            for round_number in range(args.rounds):
                for side in SIDES if round_number % 2 == 0 else SIDES[::-1]:
                    runs[side].append(_one(side, args, wrk, server, headers, database, workdir, clients,
                                           args.seconds))
            row = SaleRow(clients, {side: max(r, key=lambda x: x.per_second) for side, r in runs.items()})
            print(f"  {clients} clients: ratio {row.ratio:.2f}", file=sys.stderr)
            rows.append(row)
        checks = [_check(environ, what) for what in ("stock", "accounts", "money")]
        return rows, "; ".join(checks)


def _one(side: str, args: argparse.Namespace, wrk: str, server: rp.Server, headers: dict[str, str],
         database: str, workdir: Path, clients: int, seconds: int) -> Run:
    with measuring(server.session) as spent:
        if side == "TechStore":
            run = techstore_run(wrk, server.base_url, headers, clients, seconds, args.products)
        else:
            run = pgbench_run(database, clients, seconds, args.products, workdir)
    if not spent:
        return run
    return attrs.evolve(run, cpu=CpuPerSale.of(spent[0], run.per_second * seconds))


def _check(environ: Mapping[str, str], what: str) -> str:
    finished = subprocess.run([sys.executable, "-m", "techstore", "check", what], env=dict(environ),
                              capture_output=True, text=True)
    if finished.returncode != 0:
        raise SystemExit(f"techstore check {what} failed after the load:\n{finished.stdout}{finished.stderr}")
    return f"check {what}: clean"


def print_table(rows: list[SaleRow]) -> None:
    print(f"{'clients':>7}{'TechStore sales/s':>19}{'pgbench sales/s':>17}{'ratio':>7}{'TS p50 ms':>11}"
          f"{'TS p99 ms':>11}{'PG p50 ms':>11}{'PG p99 ms':>11}{'errors':>8}")
    for row in rows:
        ours, theirs = row.best["TechStore"], row.best["pgbench"]
        print(f"{row.clients:>7}{ours.per_second:>19.1f}{theirs.per_second:>17.1f}{row.ratio:>7.2f}"
              f"{ours.p50_ms:>11.2f}{ours.p99_ms:>11.2f}{theirs.p50_ms:>11.2f}{theirs.p99_ms:>11.2f}"
              f"{ours.errors + theirs.errors:>8}")
    if all(run.cpu for row in rows for run in row.best.values()):
        print("\nCPU per sale in those runs, ms (user and system; bench/cpu.py):")
        print(f"{'clients':>7}{'side':>11}{'app':>8}{'PostgreSQL':>12}{'load':>8}")
        for row in rows:
            for side, run in row.best.items():
                assert run.cpu is not None
                app = f"{run.cpu.app:.2f}" if side == "TechStore" else "-"
                print(f"{row.clients:>7}{side:>11}{app:>8}{run.cpu.postgres:>12.2f}{run.cpu.load:>8.2f}")


def cpu_figures(rows: list[SaleRow]) -> dict[str, float]:
    """``sale.c4.TechStore.app_cpu_ms`` and the like, for the runs that were measured."""
    figures = {}
    for row in rows:
        for side, run in row.best.items():
            if run.cpu is not None:
                for whose, ms in attrs.asdict(run.cpu).items():
                    figures[f"sale.c{row.clients}.{side}.{whose}_cpu_ms"] = ms
    return figures


def main() -> None:
    args = _arguments()
    if shutil.which("pgbench") is None:
        raise SystemExit("pgbench is missing: it comes with PostgreSQL's client package (postgresql-client)")
    wrk = ensure_wrk(args.install_wrk)
    started = time.monotonic()
    rows, checks = measure(args, wrk)
    print()
    print(f"Sales through HTTP (techstore serve --workers {args.workers}, wrk) against pgbench running "
          f"bench/sale.pgbench on the same database; {args.seconds} s per run, better of {args.rounds} "
          f"alternated runs; {os.cpu_count()} cores")
    print_table(rows)
    print(f"after the load: {checks}; lowest ratio {min(r.ratio for r in rows):.2f} (goal 0.5); "
          f"run took {time.monotonic() - started:.0f} s")
    record("sale_vs_pgbench", {**{f"sale.c{row.clients}.ratio": row.ratio for row in rows}, **cpu_figures(rows)},
           {"workers": args.workers})


if __name__ == "__main__":
    main()
