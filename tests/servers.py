"""``techstore`` as an operator runs it: the real command in its own process, for the
multi-process and fault tests (tests/integration/test_multi_process.py, test_faults.py)."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

SERVER_SECRET = "multi-process-secret-" + "y" * 32


def serve_command(host: str, port: int) -> list[str]:
    """How every app process is started: here, in the Dockerfile and in compose.yaml
    (tests/integration/test_deploy_files.py holds them to it)."""
    return ["techstore", "serve", "--host", host, "--port", str(port), "--no-migrate"]


MIGRATE_COMMAND = ["techstore", "db", "upgrade"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_environment(var_dir: Path, database_url: str, **extra: str) -> dict[str, str]:
    """A production environment, as in compose.yaml: the machine's other TECHSTORE_* left out."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TECHSTORE_")}
    return {**env, "TECHSTORE_ENV": "production", "TECHSTORE_SECRET_KEY": SERVER_SECRET,
            "TECHSTORE_DATABASE_URL": database_url, "TECHSTORE_VAR_DIR": str(var_dir),
            "TECHSTORE_LOG_LEVEL": "WARNING", "TECHSTORE_PUBLIC_URL": "https://shop.example.test", **extra}


def techstore(env: Mapping[str, str], *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """One ``techstore`` command run to its end (``db upgrade``, ``check stock``...)."""
    assert args[0] != "techstore"
    return subprocess.run([sys.executable, "-m", "techstore", *args], capture_output=True, text=True,
                          env=dict(env), timeout=timeout, check=False)


class Server:
    """``techstore serve --no-migrate`` on a port of its own; its output goes to ``log``."""

    def __init__(self, env: Mapping[str, str], log: Path, port: int | None = None) -> None:
        self.env = dict(env)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Server:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", *serve_command("127.0.0.1", self.port)],
                env=self.env, stdout=out, stderr=subprocess.STDOUT)
        return self

    def wait_until_up(self, timeout: float = 30) -> Server:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                pytest.fail(f"techstore serve exited with {self.process.returncode}:\n{self.log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        pytest.fail(f"techstore serve did not answer /health within {timeout} s:\n{self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no rollback sent; the database sees the connections drop."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@contextmanager
def fresh_database(server_url: str, label: str) -> Iterator[str]:
    """A new, empty database on the server of ``server_url`` (a database of the test session),
    dropped afterwards; migrated by the caller with ``techstore db upgrade``."""
    name = f"techstore_{label}_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(make_url(server_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


PG_BIN = Path("/usr/lib/postgresql/15/bin")
_REQUIRED = ("CI", "TECHSTORE_REQUIRE_POSTGRES")  # where a missing PostgreSQL fails the test rather than skips it


class PrivateCluster:
    """A PostgreSQL cluster of the test's own (initdb + pg_ctl, as the postgres user when we are
    root), on a free port: a test may stop and start it without touching the machine's server."""

    def __init__(self) -> None:
        bin_dirs = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
        self.bin = PG_BIN if PG_BIN.exists() else (bin_dirs[-1] if bin_dirs else PG_BIN)
        self.root = Path(tempfile.mkdtemp(prefix="techstore-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:  # initdb refuses root
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)

    def init(self) -> PrivateCluster:
        if not (self.bin / "initdb").exists():
            if any(os.environ.get(flag, "") not in ("", "0", "false", "no") for flag in _REQUIRED):
                pytest.fail(f"no PostgreSQL server binaries in {self.bin}, and PostgreSQL is required here")
            pytest.skip(f"no PostgreSQL server binaries in {self.bin}")
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        made = self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--no-sync",
                         "-E", "UTF8", "--locale=C")
        assert made.returncode == 0, made.stderr
        return self

    def standby(self) -> PrivateCluster:
        """A streaming replica of this running cluster (``pg_basebackup -R``: it follows this one from its
        first start), in a directory and on a port of its own; not started."""
        replica = PrivateCluster()
        if os.geteuid() == 0:
            shutil.chown(replica.root, "postgres", "postgres")
        copied = replica._run("pg_basebackup", "-D", str(replica.data), "-h", "127.0.0.1", "-p", str(self.port),
                              "-U", "postgres", "-R", "-X", "stream", "--checkpoint=fast", "--no-sync")
        assert copied.returncode == 0, copied.stderr
        return replica

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c fsync=off"
        started = self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "log"),
                            "-w", "-t", "30", "start")
        assert started.returncode == 0, started.stderr + started.stdout

    def stop(self, mode: str = "immediate") -> None:
        """``immediate``: as if the server died; every connection drops at once."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)
