"""``techstore check accounts`` on a live database: silent success, and every broken account named."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, update

from techstore.application.customers.commands import NewAdjustment, NewCustomer, NewPayment
from techstore.container import build_container
from techstore.domain.identity.users import Role
from techstore.infrastructure.sqlalchemy.migrations.migrate import upgrade
from techstore.infrastructure.sqlalchemy.tables.customers import account_movements, customers
from tests.support import TEST_SECRET, empty_postgres, fast_hashing, settings_for_tests

pytestmark = pytest.mark.timeout(120)


def _database(database: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if database == "sqlite":
        url = f"sqlite:///{tmp_path / 'check.db'}"
        upgrade(url)
        return url
    url: str = request.getfixturevalue("postgres_server_url")
    empty_postgres(url)
    return url


def _books(url: str, tmp_path: Path) -> list[int]:
    """Three customers with movements, through the use cases; their ids."""
    container = build_container(settings_for_tests(tmp_path, url), "sql")
    fast_hashing(container)
    boss = container.identity.provision_user()("boss", "boss-password-1", role=Role.ADMIN)
    customers_ = container.customers
    ids = []
    for n, name in enumerate(["Ana Silva", "Bruno Lima", "Carla Sousa"]):
        customer = customers_.register_customer()(boss, NewCustomer(name, phone=f"91234567{n}"))
        customers_.adjust_balance()(boss, customer.id, NewAdjustment(Decimal("100.00"), "Opening balance"))
        customers_.take_payment()(boss, customer.id, NewPayment(Decimal("30.00"), "cash"))
        ids.append(customer.id)
    container.shutdown_resources()
    return ids


def _check(url: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TECHSTORE_VAR_DIR": str(tmp_path / "var"), "TECHSTORE_DATABASE_URL": url,
           "TECHSTORE_SECRET_KEY": TEST_SECRET}
    return subprocess.run([sys.executable, "-m", "techstore", "check", "accounts"], capture_output=True, text=True,
                          env=env, timeout=60, check=False)


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_check_accounts_passes_whole_books_and_names_each_broken_one(database: str, tmp_path: Path,
                                                                    request: pytest.FixtureRequest) -> None:
    url = _database(database, tmp_path, request)
    ana, bruno, carla = _books(url, tmp_path)

    whole = _check(url, tmp_path)
    assert whole.returncode == 0, whole.stdout + whole.stderr
    assert "Every account holds" in whole.stdout

    engine = create_engine(url)
    with engine.begin() as connection:
        # Someone edits the books by hand: a balance no movement explains, and a movement rewritten.
        connection.execute(update(customers).where(customers.c.id == ana).values(balance=Decimal("75.00")))
        last_of_bruno = (account_movements.c.customer_id == bruno) & (account_movements.c.type == "payment")
        connection.execute(update(account_movements).where(last_of_bruno).values(balance_before=Decimal("90.00"),
                                                                                  balance_after=Decimal("60.00")))
    engine.dispose()

    broken = _check(url, tmp_path)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    lines = broken.stdout.splitlines()
    assert any(line.startswith(f"customer {ana} (Ana Silva): balance 75.00 is not the sum") for line in lines), lines
    assert any(line.startswith(f"customer {bruno} (Bruno Lima): movement") and "previous one left 100.00" in line
               for line in lines), lines
    assert not any(f"customer {carla} " in line for line in lines), lines
    assert lines[-1] == "2 customer account(s) broken."


def test_demo_customers_are_many_varied_and_their_books_whole(tmp_path: Path) -> None:
    from techstore.application.shared.pages import PageRequest
    from techstore.entrypoints.cli.demo import seed_demo

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    upgrade(url)
    container = build_container(settings_for_tests(tmp_path, url), "sql")
    fast_hashing(container)
    seed_demo(container)
    admin = container.identity.provision_user()("auditor", "auditor-password-1", role=Role.ADMIN)
    found = container.customers.search_customers()(admin, "", PageRequest(limit=200))
    assert found.total >= 200
    assert any(c.balance > 0 for c in found.items) and any(c.credit_limit is not None for c in found.items)
    assert all(c.email or c.phone for c in found.items)
    assert list(container.customers.check_accounts()()) == []
    container.shutdown_resources()
