"""Schema management for the SQL adapter set: Alembic behind a small object.

Every failure leaves as ``SchemaError`` with a one-line reason, so the CLI
knows nothing of Alembic or the driver.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from alembic.util import CommandError
from sqlalchemy.exc import DBAPIError

from techstore.application.shared.errors import SchemaError
from techstore.infrastructure.sqlalchemy.migrations import migrate


@contextmanager
def _one_line_errors() -> Iterator[None]:
    try:
        yield
    except CommandError as error:  # an unknown revision, say: the operator's slip, not a bug
        raise SchemaError(" ".join(str(error).split())) from None
    except DBAPIError as error:  # unreachable, refused, no such database
        reason = " ".join(str(error.orig).split()) if error.orig is not None else type(error).__name__
        raise SchemaError(f"the database cannot be reached: {reason}") from None


class AlembicSchema:
    def __init__(self, database_url: str) -> None:
        self._url = database_url

    def upgrade(self, revision: str = "head") -> None:
        self._run(migrate.upgrade, revision)

    def downgrade(self, revision: str) -> None:
        self._run(migrate.downgrade, revision)

    def current(self) -> None:
        with _one_line_errors():
            migrate.current(self._url)

    def _run(self, step: Callable[[str, str], None], revision: str) -> None:
        with _one_line_errors():
            step(self._url, revision)
