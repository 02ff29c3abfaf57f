"""A repair's status change as every use case makes it: checked against ``TRANSITIONS``, kept in its history
(by a user, or by the customer when ``by`` is None), and the message the new status calls for written."""

from __future__ import annotations

from datetime import datetime

from techstore.application.repairs.notices import notify
from techstore.application.repairs.ports import RepairsUnitOfWork
from techstore.application.repairs.terms import RepairTerms
from techstore.domain.repairs.repairs import HistoryEntry, Repair, RepairStatus


def _text(value: str | None) -> str | None:
    return value.strip() if value is not None and value.strip() else None


def record_move(uow: RepairsUnitOfWork, repair: Repair, to: RepairStatus, *, by: int | None, note: str | None,
                now: datetime, terms: RepairTerms, through_delivery: bool = False,
                through_cancel: bool = False) -> None:
    """Move the repair, keep the move in its history, and write the message the new status calls for."""
    assert repair.id is not None
    left = repair.move(to, through_delivery=through_delivery, through_cancel=through_cancel)
    repair.updated_at = now
    uow.repairs.update(repair)
    uow.repairs.add_history(repair.id, HistoryEntry(left, repair.status, _text(note), by, now))
    notify(uow, repair, uow.accounts.account_holder(repair.customer_id), terms)
