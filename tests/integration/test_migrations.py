"""Migrations go up, down and up again, and leave the schema the metadata describes."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from techstore.infrastructure.sqlalchemy.metadata import metadata
from techstore.infrastructure.sqlalchemy.migrations.migrate import downgrade, upgrade
from techstore.infrastructure.sqlalchemy.tables import identity  # noqa: F401


def _pending_diff(url: str) -> list[object]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, metadata))
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_upgrade_downgrade_upgrade_matches_metadata(database: str, tmp_path, request) -> None:
    if database == "sqlite":
        url = f"sqlite:///{tmp_path / 'migrations.db'}"
    else:
        url = request.getfixturevalue("postgres_server_url")  # already at head
    upgrade(url)
    assert _tables(url) == set(metadata.tables)
    downgrade(url, "base")
    assert _tables(url) == set()
    upgrade(url)
    assert _tables(url) == set(metadata.tables)
    assert _pending_diff(url) == []


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_keys_completed_before_0008_keep_what_they_made(database: str, tmp_path, request) -> None:
    """A key completed with an answer (the API's JSON, a page's 303 and id) keeps the id of its sale, so a
    retry after the upgrade is still answered, not sold again."""
    if database == "sqlite":
        url = f"sqlite:///{tmp_path / 'migrations.db'}"
    else:
        url = request.getfixturevalue("postgres_server_url")
        downgrade(url, "base")
    upgrade(url, "0007")
    engine = create_engine(url)
    rows = [("1 POST /api/v1/sales", "api", 201, '{"id": 41, "number": "S-000041"}'),
            ("1 POST /sales/new", "page", 303, "42")]
    try:
        with engine.begin() as connection:
            for scope, key, status, body in rows:
                connection.execute(text(
                    "INSERT INTO idempotency_keys (scope, key, fingerprint, state, status, body, created_at, "
                    "claimed_at) VALUES (:scope, :key, 'f', 'done', :status, :body, :now, :now)"),
                    {"scope": scope, "key": key, "status": status, "body": body, "now": "2026-12-06 12:00:00"})
        upgrade(url)
        with engine.connect() as connection:
            made = dict(connection.execute(text("SELECT key, made FROM idempotency_keys WHERE state = 'made'")).all())
    finally:
        engine.dispose()
    assert made == {"api": 41, "page": 42}
