"""bench/cpu.py counts the CPU a run costs by whom: the server's processes (its session), PostgreSQL's, and
the load generator (children that ended)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.cpu import measuring

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads Linux's /proc")

BURN = "import time\nend = time.process_time() + 0.4\nwhile time.process_time() < end: pass\n"


def _server_burning(marker: Path) -> str:
    """A server heading its own session whose worker (a process it starts, in its session) burns CPU, leaves
    ``marker`` and idles."""
    worker = BURN + f"open({str(marker)!r}, 'w').close()\ntime.sleep(30)\n"
    return f"import subprocess, sys\nsubprocess.run([sys.executable, '-c', {worker!r}])\n"


def _server(script: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", script], start_new_session=True)


def _stop(server: subprocess.Popen[bytes]) -> None:
    os.killpg(server.pid, signal.SIGKILL)  # its workers too: they share its process group
    server.wait()


def test_cpu_in_the_servers_session_is_the_apps_its_workers_included(tmp_path: Path) -> None:
    marker = tmp_path / "burnt"
    server = _server(_server_burning(marker))
    try:
        with measuring(server.pid) as spent:
            deadline = time.monotonic() + 30
            while not marker.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
        assert spent[0].app >= 0.35
        assert spent[0].load < 0.1
    finally:
        _stop(server)


def test_a_child_that_ended_during_the_run_is_the_load_generator_not_the_app() -> None:
    server = _server("import time; time.sleep(30)")
    try:
        with measuring(server.pid) as spent:
            subprocess.run([sys.executable, "-c", BURN], check=True)
        assert spent[0].load >= 0.35
        assert spent[0].app < 0.1
    finally:
        _stop(server)
