"""Demo history for reports at scale: ``techstore demo seed --sales N`` loads N sales spread over the past
year in a few bulk statements, not N use-case calls. The loader writes what the use cases would have
written (numbers in time order and the counters moved on, stock movements and account charges with their
running figures, voids, returns), so ``techstore check stock`` and ``check accounts`` pass afterwards."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

import attrs

from techstore.application.shared.unit_of_work import UnitOfWork
from techstore.domain.shared.clock import Clock


@attrs.frozen
class HistoryLoaded:
    sales: int
    voided: int
    returns: int
    on_account: int


class SalesHistoryLoader(Protocol):
    def load(self, count: int, now: datetime, seed: int) -> HistoryLoaded:
        """``count`` sales before ``now`` (the past 365 days, store hours), in bulk."""
        ...


class HistoryUnitOfWork(UnitOfWork, Protocol):
    sales_history: SalesHistoryLoader


class HistoryUnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> HistoryUnitOfWork: ...


class LoadSalesHistory:
    """The trusted bootstrap of a demo database (like ``provision_user``): no actor, run by the CLI."""

    def __init__(self, uow: HistoryUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, count: int, seed: int = 2026) -> HistoryLoaded:
        with self._uow() as uow:
            loaded = uow.sales_history.load(count, self._clock.now(), seed)
            uow.commit()
        return loaded
