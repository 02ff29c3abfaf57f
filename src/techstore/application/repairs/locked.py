"""Reading the repair a use case changes: locked until its transaction ends, so two changes of one repair
queue and the second sees the first."""

from __future__ import annotations

from techstore.application.repairs.ports import RepairsUnitOfWork
from techstore.domain.repairs.repairs import Repair
from techstore.domain.shared.errors import NotFound


def repair_not_found(repair_id: int) -> NotFound:
    return NotFound(f"Repair {repair_id} does not exist.")


def live(uow: RepairsUnitOfWork, repair_id: int) -> Repair:
    repair = uow.repairs.get_for_update(repair_id)
    if repair is None:
        raise repair_not_found(repair_id)
    return repair
