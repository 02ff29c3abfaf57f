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
