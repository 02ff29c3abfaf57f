"""The techstore command, run as a newcomer would."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

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
    assert re.search(r"\d{3,} sales over the last 90 days .*, \d+ voided", first.stdout), first.stdout
    accounts = _techstore(tmp_path, "check", "accounts")  # the sales on account kept every chain whole
    assert accounts.returncode == 0, accounts.stdout
    second = _techstore(tmp_path, "demo", "seed")
    assert second.returncode == 0 and "nothing changed" in second.stdout
    # The seed's voids are demo data, not security events for anyone to read.
    assert "sale_voided" not in first.stdout + first.stderr


def test_demo_seed_makes_at_least_the_products_asked_for(tmp_path: Path) -> None:
    seeded = _techstore(tmp_path, "demo", "seed", "--products", "900")
    assert seeded.returncode == 0, seeded.stderr
    found = re.search(r"(\d+) products", seeded.stdout)
    assert found is not None and int(found.group(1)) >= 900, seeded.stdout
    assert _techstore(tmp_path, "check", "stock").returncode == 0
    refused = _techstore(tmp_path, "demo", "seed", "--products", "0")
    assert refused.returncode == 2 and "--products" in refused.stderr


def test_production_refuses_to_start_without_a_secret(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TECHSTORE_")}
    env.update({"TECHSTORE_ENV": "production", "TECHSTORE_VAR_DIR": str(tmp_path)})
    result = subprocess.run([sys.executable, "-m", "techstore", "db", "current"], capture_output=True,
                            text=True, env=env, timeout=60, check=False)
    assert result.returncode != 0
    assert "TECHSTORE_SECRET_KEY is required" in result.stderr


def _one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """A mistake by the operator: a non-zero exit and one line on stderr, no traceback."""
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def _without_settings(tmp_path: Path, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TECHSTORE_")}
    return {**env, "TECHSTORE_VAR_DIR": str(tmp_path / "var"), **settings}


def test_serve_in_production_without_a_secret_says_so_in_one_line(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "techstore", "serve"], capture_output=True, text=True,
                            env=_without_settings(tmp_path, TECHSTORE_ENV="production"), timeout=60, check=False)
    line = _one_error_line(result)
    assert "TECHSTORE_SECRET_KEY is required" in line
    assert result.stdout == ""


def test_serve_in_production_without_a_public_url_says_so_in_one_line(tmp_path: Path) -> None:
    env = _without_settings(tmp_path, TECHSTORE_ENV="production", TECHSTORE_SECRET_KEY="s" * 40)
    result = subprocess.run([sys.executable, "-m", "techstore", "serve"], capture_output=True, text=True,
                            env=env, timeout=60, check=False)
    assert "TECHSTORE_PUBLIC_URL is required when TECHSTORE_ENV=production" in _one_error_line(result)
    assert result.stdout == ""


def test_an_unknown_environment_is_one_line(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "techstore", "db", "current"], capture_output=True, text=True,
                            env=_without_settings(tmp_path, TECHSTORE_ENV="staging"), timeout=60, check=False)
    assert "TECHSTORE_ENV must be one of" in _one_error_line(result)


@pytest.mark.parametrize("command", [("db", "upgrade"), ("serve", "--port", "1")])
def test_an_unreachable_database_is_one_line(tmp_path: Path, command: tuple[str, ...]) -> None:
    env = _without_settings(tmp_path, TECHSTORE_DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:1/none")
    result = subprocess.run([sys.executable, "-m", "techstore", *command], capture_output=True, text=True,
                            env=env, timeout=60, check=False)
    assert "the database cannot be reached" in _one_error_line(result)


def test_downgrade_to_an_unknown_revision_is_one_line(tmp_path: Path) -> None:
    assert _techstore(tmp_path, "db", "upgrade").returncode == 0
    line = _one_error_line(_techstore(tmp_path, "db", "downgrade", "bogus"))
    assert "bogus" in line


def test_main_reports_a_configuration_error_without_raising(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from techstore.main import main

    for name in [n for n in os.environ if n.startswith("TECHSTORE_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("TECHSTORE_ENV", "production")
    assert main(["db", "current"]) == 1
    assert capsys.readouterr().err == "error: TECHSTORE_SECRET_KEY is required when TECHSTORE_ENV=production\n"


def test_serve_help_describes_every_option_and_its_default(tmp_path: Path) -> None:
    result = _techstore(tmp_path, "serve", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "--host HOST address to listen on" in text and "(default: 127.0.0.1)" in text
    assert "--port PORT TCP port to listen on (default: 8000)" in text
    assert "--workers WORKERS number of worker processes (default: 1)" in text


def test_create_admin_help_says_where_the_password_comes_from(tmp_path: Path) -> None:
    result = _techstore(tmp_path, "users", "create-admin", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "read from stdin when stdin is not a terminal" in text
    assert "prompted for twice otherwise" in text


def test_check_stock_lists_products_whose_stock_differs_from_their_ledger(tmp_path: Path) -> None:
    from sqlalchemy import create_engine, text

    assert _techstore(tmp_path, "demo", "seed").returncode == 0
    clean = _techstore(tmp_path, "check", "stock")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "matches" in clean.stdout

    engine = create_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    with engine.begin() as connection:  # what no use case can do: stock changed behind the ledger's back
        sku = connection.execute(text("SELECT sku FROM products ORDER BY id LIMIT 1")).scalar_one()
        connection.execute(text("UPDATE products SET stock = stock + 3 WHERE sku = :sku"), {"sku": sku})
    engine.dispose()
    drifted = _techstore(tmp_path, "check", "stock")
    assert drifted.returncode == 1
    assert sku in drifted.stdout and "1 product(s)" in drifted.stdout
