"""The techstore command, run as a newcomer would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support import TEST_SECRET


def _techstore(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "TECHSTORE_VAR_DIR": str(tmp_path / "var"),
        "TECHSTORE_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "TECHSTORE_SECRET_KEY": TEST_SECRET,
    }
    return subprocess.run(
        [sys.executable, "-m", "techstore", *args], input=stdin, capture_output=True, text=True, env=env,
        timeout=120, check=False,
    )


def test_db_upgrade_and_current(tmp_path: Path) -> None:
    assert _techstore(tmp_path, "db", "upgrade").returncode == 0
    current = _techstore(tmp_path, "db", "current")
    assert "(head)" in current.stdout + current.stderr


def test_create_admin_reads_the_password_from_stdin(tmp_path: Path) -> None:
    _techstore(tmp_path, "db", "upgrade")
    created = _techstore(tmp_path, "users", "create-admin", "--username", "owner", stdin="a-long-password\n")
    assert created.returncode == 0, created.stderr
    assert "owner" in created.stdout
    again = _techstore(tmp_path, "users", "create-admin", "--username", "OWNER", stdin="a-long-password\n")
    assert again.returncode == 1 and "taken" in again.stderr
    short = _techstore(tmp_path, "users", "create-admin", "--username", "other", stdin="short\n")
    assert short.returncode == 1 and "at least 10" in short.stderr


def test_demo_seed_runs_once(tmp_path: Path) -> None:
    first = _techstore(tmp_path, "demo", "seed")
    assert first.returncode == 0 and "admin" in first.stdout
    second = _techstore(tmp_path, "demo", "seed")
    assert second.returncode == 0 and "nothing changed" in second.stdout


def test_production_refuses_to_start_without_a_secret(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TECHSTORE_")}
    env.update({"TECHSTORE_ENV": "production", "TECHSTORE_VAR_DIR": str(tmp_path)})
    result = subprocess.run([sys.executable, "-m", "techstore", "db", "current"], capture_output=True,
                            text=True, env=env, timeout=60, check=False)
    assert result.returncode != 0
    assert "TECHSTORE_SECRET_KEY is required" in result.stderr
