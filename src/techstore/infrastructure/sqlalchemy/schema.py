"""Schema management for the SQL adapter set: Alembic behind a small object."""

from __future__ import annotations

from techstore.infrastructure.sqlalchemy.migrations import migrate


class AlembicSchema:
    def __init__(self, database_url: str) -> None:
        self._url = database_url

    def upgrade(self, revision: str = "head") -> None:
        migrate.upgrade(self._url, revision)

    def downgrade(self, revision: str) -> None:
        migrate.downgrade(self._url, revision)

    def current(self) -> None:
        migrate.current(self._url)
