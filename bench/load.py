"""Driving a server with wrk (Debian's package ``wrk``) and reading its summary."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import attrs

REPORT_SCRIPT = Path(__file__).with_name("wrk_report.lua")
INSTALL_HINT = "wrk is missing: install it with `apt-get install -y wrk` (Debian's package), or pass --install-wrk"


@attrs.frozen
class LoadResult:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


class LoadError(RuntimeError):
    """wrk failed, or some requests did not get a 2xx answer."""


def ensure_wrk(install: bool) -> str:
    """The path of wrk; with ``install``, apt-get installs it first when missing (needs root)."""
    found = shutil.which("wrk")
    if found:
        return found
    if not install:
        raise SystemExit(INSTALL_HINT)
    install_command = ["apt-get", "install", "-y", "-q", "wrk"]
    if subprocess.run(install_command).returncode != 0:  # a fresh machine has no package lists yet
        subprocess.run(["apt-get", "update", "-q"], check=True)
        subprocess.run(install_command, check=True)
    found = shutil.which("wrk")
    if not found:
        raise SystemExit(INSTALL_HINT)
    return found


def run_wrk(
    wrk: str, url: str, *, connections: int, seconds: int, threads: int, headers: dict[str, str],
    script: Path = REPORT_SCRIPT, environ: dict[str, str] | None = None,
) -> LoadResult:
    """``script`` shapes the requests (it must print the summary as wrk_report.lua does); ``environ`` is
    what it reads with ``os.getenv``."""
    command = [wrk, f"-t{min(threads, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency",
               "-s", str(script)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    finished = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 60,
                              env=environ)
    summary = _summary(finished.stdout)
    if finished.returncode != 0 or summary is None:
        raise LoadError(f"wrk failed on {url}: {finished.stderr or finished.stdout}")
    failures = {k: v for k, v in summary.items() if k.endswith(("errors", "timeouts", "non_2xx")) and v}
    if failures:
        raise LoadError(f"{url} at {connections} connections: {failures}")
    return LoadResult(
        requests=summary["requests"],
        seconds=summary["duration_us"] / 1e6,
        p50_ms=summary["p50_us"] / 1000,
        p99_ms=summary["p99_us"] / 1000,
    )


def _summary(stdout: str) -> dict[str, int] | None:
    for line in stdout.splitlines():
        if line.startswith("WRK_JSON "):
            return json.loads(line.removeprefix("WRK_JSON "))  # type: ignore[no-any-return]
    return None
