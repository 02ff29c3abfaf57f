"""``uow.report_rollups`` in memory: nothing is rolled up, every report reads its days live from the store
(which is small and in the process: the rollups are the SQL adapters' way to years in milliseconds)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, tzinfo

from techstore.domain.reports.days import LocalPeriod
from techstore.infrastructure.memory.store import MemoryStore


class MemoryReportRollups:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def forget_other_zones(self, zone: tzinfo) -> None:
        pass

    def clear(self) -> None:
        pass

    def pending(self, zone: tzinfo, through: date) -> Sequence[date]:
        return []

    def prepare(self, days: Sequence[date], zone: tzinfo) -> None:
        pass

    def roll(self, period: LocalPeriod, now: datetime) -> None:
        pass


REPOSITORIES = {"report_rollups": MemoryReportRollups}
