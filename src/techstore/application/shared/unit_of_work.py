"""The transaction boundary every use case owns."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self


class UnitOfWork(Protocol):
    """One atomic transaction. Leaving the ``with`` block without ``commit()`` rolls back.

    Repositories hang off the unit of work, so everything a use case touches
    shares its transaction.
    """

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...
