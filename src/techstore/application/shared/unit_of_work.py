"""The transaction boundary every use case owns.

One unit of work spans every context. Each context declares, in its own
``ports.py``, a Protocol naming the members it uses (``IdentityUnitOfWork``
has ``users``, ``refresh_tokens``, ``login_attempts``); the adapter set
builds a member the first time a use case touches it, on the one
transaction. A use case that needs another context (a sale takes stock and
charges an account) lists that context's *port* among its members
(``stock: StockKeeper``), never that context's repositories, so the other
context's rules run inside the caller's transaction.

Queries open their unit of work with ``read_only=True``: it takes no write
lock and, where the database allows, no explicit transaction at all.
"""

from __future__ import annotations

from contextvars import ContextVar
from types import TracebackType
from typing import Protocol, Self


class UnitOfWork(Protocol):
    """One atomic transaction. Leaving the ``with`` block without ``commit()`` rolls back."""

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...


class WriteRefused(RuntimeError):
    """A unit of work that may write was opened where only reads are allowed: a bug in the
    route or use case (a GET that writes), on every adapter set alike."""


_reading_only: ContextVar[bool] = ContextVar("techstore_reading_only", default=False)


class reading_only:  # noqa: N801 - used as a function: ``with reading_only():``
    """Within this block only read-only units of work may open (a request that only reads). A class, not a
    generator: it is entered on every read-only request."""

    def __enter__(self) -> None:
        self._token = _reading_only.set(True)

    def __exit__(self, *exc: object) -> None:
        _reading_only.reset(self._token)


def refuse_writes_here(read_only: bool) -> None:
    """What every unit of work adapter calls as it opens: refuses one that may write inside ``reading_only``."""
    if not read_only and _reading_only.get():
        raise WriteRefused("a unit of work that writes was opened in a request that only reads")
