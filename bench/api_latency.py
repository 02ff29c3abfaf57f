"""Latency of the identity API against a real server process.

Starts `techstore serve` on a free loopback port with a fresh database
(SQLite by default, PostgreSQL with --postgres URL), seeds users, then
measures sequential requests from one client:

    .venv/bin/python -m bench.api_latency
    .venv/bin/python -m bench.api_latency --postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres

Real Argon2id costs are used, so the login figure is what a cashier waits.
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PASSWORD = "bench-password-1"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _measure(label: str, count: int, call: Callable[[], httpx.Response]) -> None:
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        response = call()
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code < 400, response.text
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"{label:<34} n={count:<4} median {statistics.median(timings):7.2f} ms   p95 {p95:7.2f} ms   "
          f"{1000 * count / sum(timings):7.1f} req/s")


def _database(postgres: str | None, workdir: Path) -> tuple[str, Callable[[], None]]:
    if not postgres:
        return f"sqlite:///{workdir / 'bench.db'}", lambda: None
    name = f"techstore_bench_{secrets.token_hex(3)}"
    admin = create_engine(postgres, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    return make_url(postgres).set(database=name).render_as_string(hide_password=False), drop


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", help="server URL; a scratch database is created and dropped")
    parser.add_argument("--users", type=int, default=200)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as workdir:
        url, drop = _database(args.postgres, Path(workdir))
        env = {**os.environ, "TECHSTORE_DATABASE_URL": url, "TECHSTORE_VAR_DIR": workdir, "TECHSTORE_RATE_LIMIT": "0",
               "TECHSTORE_LOG_LEVEL": "WARNING"}
        techstore = [sys.executable, "-m", "techstore"]
        subprocess.run([*techstore, "users", "create-admin", "--username", "bench"], input=PASSWORD + "\n",
                       text=True, env=env, check=True, capture_output=True)
        port = _free_port()
        server = subprocess.Popen([*techstore, "serve", "--port", str(port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            with httpx.Client(base_url=base, timeout=30) as client:
                for _ in range(100):
                    try:
                        if client.get("/health").status_code == 200:
                            break
                    except httpx.TransportError:
                        time.sleep(0.1)
                login = {"username": "bench", "password": PASSWORD}
                token = client.post("/api/v1/auth/token", json=login).json()["access_token"]
                auth = {"Authorization": f"Bearer {token}"}
                for n in range(args.users):
                    client.post("/api/v1/users", headers=auth, json={
                        "username": f"clerk{n:04}", "full_name": f"Clerk {n}", "role": "staff", "password": PASSWORD})
                print(f"database: {make_url(url).get_backend_name()}, users: {args.users + 1}")
                _measure("GET /health", 300, lambda: client.get("/health"))
                _measure("GET /api/v1/me", 300, lambda: client.get("/api/v1/me", headers=auth))
                _measure("GET /api/v1/users?limit=50", 200,
                         lambda: client.get("/api/v1/users?limit=50", headers=auth))
                _measure("POST /api/v1/auth/token (Argon2id)", 20,
                         lambda: client.post("/api/v1/auth/token", json=login))
        finally:
            server.terminate()
            server.wait(timeout=10)
            drop()


if __name__ == "__main__":
    main()
