"""The customer's answer to a repair's quote: approved moves it to ``in_repair``, declined to ``ready`` (to be
collected unrepaired). Staff record an answer given at the counter or by phone; the customer may give it
themselves on the tracking page (``tracking.AnswerOnline``)."""

from __future__ import annotations

import re
from datetime import datetime

from techstore.application.repairs.commands import QuoteAnswer
from techstore.application.repairs.locked import live
from techstore.application.repairs.moves import record_move
from techstore.application.repairs.ports import RepairsUnitOfWork, RepairsUnitOfWorkFactory
from techstore.application.repairs.terms import RepairTerms
from techstore.domain.customers.customers import Customer
from techstore.domain.identity.users import User
from techstore.domain.repairs.repairs import Repair, RepairStatus
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import Conflict

NOT_AWAITING = "Repair {number} is {status}: there is no quote waiting for an answer."


def answer(uow: RepairsUnitOfWork, repair: Repair, approved: bool, *, by: int | None, note: str | None,
           now: datetime, terms: RepairTerms) -> None:
    if repair.status is not RepairStatus.AWAITING_APPROVAL:
        raise Conflict(NOT_AWAITING.format(number=repair.number, status=repair.status.words), field="approved")
    said = f"Quote of {repair.quote_total} {'approved' if approved else 'declined'}"
    record_move(uow, repair, RepairStatus.IN_REPAIR if approved else RepairStatus.READY, by=by,
                note=f"{said}: {note.strip()}" if note and note.strip() else said, now=now, terms=terms)


def confirms(customer: Customer | None, typed: str) -> bool:
    """The last four digits of the customer's phone, or, with no phone on file, their email (any case)."""
    if customer is None:
        return False
    typed = typed.strip()
    if customer.phone:
        digits = re.sub(r"\D", "", customer.phone)
        return len(digits) >= 4 and re.sub(r"\D", "", typed) == digits[-4:] and len(typed) <= 8
    return bool(customer.email) and typed.casefold() == (customer.email or "").casefold()


class AnswerQuote:
    """``POST /repairs/{id}/quote-answer``: staff record the customer's answer, with a note ("by phone")."""

    def __init__(self, uow: RepairsUnitOfWorkFactory, clock: Clock, terms: RepairTerms) -> None:
        self._uow = uow
        self._clock = clock
        self._terms = terms

    def __call__(self, actor: User, repair_id: int, command: QuoteAnswer) -> Repair:
        assert actor.id is not None
        with self._uow() as uow:
            repair = live(uow, repair_id)
            answer(uow, repair, command.approved, by=actor.id, note=command.note, now=self._clock.now(),
                   terms=self._terms)
            uow.commit()
        return repair
