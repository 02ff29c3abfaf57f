"""Readiness: can the service reach what it stores data in?"""

from __future__ import annotations

from typing import Protocol


class DatabaseProbe(Protocol):
    def is_reachable(self) -> bool:
        """True when a trivial query succeeds; never raises."""
        ...


class CheckReadiness:
    def __init__(self, database: DatabaseProbe) -> None:
        self._database = database

    def __call__(self) -> bool:
        return self._database.is_reachable()
