"""Sales per second through HTTP on PostgreSQL, against a read of the same server as the baseline.

Starts `techstore serve` on a free loopback port with a scratch PostgreSQL database, makes products
with ample stock, then for a few seconds each runs concurrent clients doing

- the baseline: ``GET /api/v1/products/{id}`` (sign-in check, one read), and
- sales: ``POST /api/v1/sales`` of two products (the second named first half the time), paid by cash
  and card, each with a fresh ``Idempotency-Key`` (the key's claim is part of the cost),

and prints both rates and their ratio:

    .venv/bin/python -m bench.sales [--postgres URL] [--clients 8] [--seconds 5] [--workers 1]
"""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx

from bench.api_latency import PASSWORD, _database, _free_port

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _rate(label: str, clients: int, seconds: float, base: str, auth: dict[str, str],
          request: Callable[[httpx.Client, int], httpx.Response]) -> float:
    stop = time.perf_counter() + seconds
    counts = [0] * clients
    failures: list[str] = []
    sequence = itertools.count()

    def client(index: int) -> None:
        with httpx.Client(base_url=base, headers=auth, timeout=30) as http:
            while time.perf_counter() < stop:
                answer = request(http, next(sequence))
                if answer.status_code >= 300:
                    failures.append(f"{answer.status_code} {answer.text[:200]}")
                    return
                counts[index] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise SystemExit(f"{label}: {failures[0]}")
    rate = sum(counts) / elapsed
    print(f"{label:<48} {clients} clients  {sum(counts):6d} requests  {rate:8.1f} req/s")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", default=os.environ.get("TECHSTORE_TEST_POSTGRES_URL", DEFAULT_POSTGRES))
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as workdir:
        url, drop = _database(args.postgres, Path(workdir))
        env = {**os.environ, "TECHSTORE_DATABASE_URL": url, "TECHSTORE_VAR_DIR": workdir, "TECHSTORE_RATE_LIMIT": "0",
               "TECHSTORE_LOG_LEVEL": "WARNING"}
        techstore = [sys.executable, "-m", "techstore"]
        subprocess.run([*techstore, "db", "upgrade"], env=env, check=True, capture_output=True)
        subprocess.run([*techstore, "users", "create-admin", "--username", "bench"], input=PASSWORD + "\n",
                       text=True, env=env, check=True, capture_output=True)
        port = _free_port()
        server = subprocess.Popen([*techstore, "serve", "--port", str(port), "--workers", str(args.workers)],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            with httpx.Client(base_url=base, timeout=30) as http:
                for _ in range(200):
                    try:
                        if http.get("/health").status_code == 200:
                            break
                    except httpx.TransportError:
                        time.sleep(0.1)
                login = {"username": "bench", "password": PASSWORD}
                auth = {"Authorization": f"Bearer {http.post('/api/v1/auth/token', json=login).json()['access_token']}"}
                ids = []
                for n in range(20):
                    body = {"sku": f"BENCH-{n:02}", "name": f"Bench product {n}", "price": "10.00", "stock": 1_000_000}
                    ids.append(http.post("/api/v1/products", json=body, headers=auth).json()["id"])

            def read(http: httpx.Client, n: int) -> httpx.Response:
                return http.get(f"/api/v1/products/{ids[n % len(ids)]}")

            def sell(http: httpx.Client, n: int) -> httpx.Response:
                first, second = ids[n % len(ids)], ids[(n * 7 + 3) % len(ids)]
                lines = [(first, 1), (second, 2)] if n % 2 else [(second, 2), (first, 1)]
                body = {"items": [{"product_id": p, "quantity": q} for p, q in lines],
                        "payments": [{"method": "cash", "amount": "10.00"}, {"method": "card", "amount": "20.00"}]}
                return http.post("/api/v1/sales", json=body, headers={"Idempotency-Key": str(uuid.uuid4())})

            print(f"PostgreSQL, {args.workers} server process(es), {args.seconds:.0f} s per run")
            baseline = _rate("baseline: GET /api/v1/products/{id}", args.clients, args.seconds, base, auth, read)
            sales = _rate("POST /api/v1/sales (2 lines, Idempotency-Key)", args.clients, args.seconds, base, auth,
                          sell)
            print(f"sales per second: {sales:.1f}  ({sales / baseline:.2f} × the read baseline)")
        finally:
            server.terminate()
            server.wait(timeout=10)
            drop()


if __name__ == "__main__":
    main()
