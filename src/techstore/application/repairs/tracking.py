"""Public tracking: a customer looks their repair up by the code on the intake ticket, and answers its quote.

Only the number, equipment, status, promised date and last update are shown, and while the repair awaits
approval its quote's lines and total. An unknown code gets the same 404 as any other unknown code, after the
same single indexed lookup. Lookups and answers are rate limited per client address by a fixed-window counter
kept in the database, so every app process shares it. A code that cannot be one (codes are URL-safe base64)
gets that same 404 without reaching the database, which refuses some text outright (PostgreSQL: a NUL).

An answer is confirmed with the last four digits of the customer's phone (or their email); five wrong ones
lock that repair's answers for 15 minutes (429), counted on the repair's own row under its lock."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import attrs

from techstore.application.repairs.commands import OnlineAnswer
from techstore.application.repairs.ports import QuotedLine, RepairsUnitOfWork, RepairsUnitOfWorkFactory, Tracked
from techstore.application.repairs.quotes import answer, confirms
from techstore.application.repairs.terms import RepairTerms
from techstore.domain.repairs.repairs import Repair, RepairStatus
from techstore.domain.repairs.rules import ANSWER_LOCK_MINUTES, WRONG_ANSWERS_ALLOWED
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import NotFound, PermissionDenied, TooManyAttempts

UNKNOWN_CODE = "No repair has this tracking code."
WRONG_CONFIRMATION = ("That does not match what we have on file: type the last four digits of your phone number "
                      "(or your email address if you gave no phone).")
# What new_tracking_code makes (secrets.token_urlsafe), up to the column's 64 characters.
WELL_FORMED_CODE = re.compile(r"[A-Za-z0-9_-]{1,64}")


@attrs.frozen
class TrackingLimit:
    """At most ``lookups`` per client address in each window of ``window_seconds``."""

    lookups: int = 30
    window_seconds: int = 60


def tracked(repair: Repair) -> Tracked:
    """What the public sees of a repair: its quote only while it awaits approval."""
    assert repair.number is not None
    awaiting = repair.status is RepairStatus.AWAITING_APPROVAL
    quote = tuple(QuotedLine(line.description, line.line_total) for line in repair.lines) if awaiting else ()
    return Tracked(repair.number, repair.equipment, repair.status, repair.promised_date,
                   repair.updated_at or repair.received_at, quote, repair.quote_total if awaiting else None)


class _Limited:
    def __init__(self, uow: RepairsUnitOfWorkFactory, clock: Clock, limit: TrackingLimit) -> None:
        self._uow = uow
        self._clock = clock
        self._limit = limit

    def _count(self, address: str, tracking_code: str) -> datetime:
        """Count the request against the address's window (429 beyond it); 404 for a malformed code."""
        now = self._clock.now()
        window = self._limit.window_seconds
        start = int(now.timestamp()) // window * window
        with self._uow() as uow:
            count = uow.tracking_hits.hit(f"track:{address}", datetime.fromtimestamp(start, UTC))
            uow.commit()
        if count > self._limit.lookups:
            wait = max(1, start + window - int(now.timestamp()))
            raise TooManyAttempts(f"Too many lookups. Try again in {wait} seconds.", retry_after=wait)
        if WELL_FORMED_CODE.fullmatch(tracking_code) is None:
            raise NotFound(UNKNOWN_CODE)
        return now


class TrackRepair(_Limited):
    def __call__(self, address: str, tracking_code: str) -> Tracked:
        self._count(address, tracking_code)
        with self._uow(read_only=True) as uow:
            found = uow.repairs.tracked(tracking_code)
        if found is None:
            raise NotFound(UNKNOWN_CODE)
        return found


class AnswerOnline(_Limited):
    """The customer approves or declines the quote on the tracking page; the history says "customer, through
    the tracking page"."""

    def __init__(self, uow: RepairsUnitOfWorkFactory, clock: Clock, limit: TrackingLimit,
                 terms: RepairTerms) -> None:
        super().__init__(uow, clock, limit)
        self._terms = terms

    def __call__(self, address: str, tracking_code: str, command: OnlineAnswer) -> Tracked:
        now = self._count(address, tracking_code)
        with self._uow() as uow:
            repair = uow.repairs.by_tracking_code_for_update(tracking_code)
            if repair is None:
                raise NotFound(UNKNOWN_CODE)
            _not_locked(repair, now)
            if repair.status is RepairStatus.AWAITING_APPROVAL and \
                    not confirms(uow.accounts.account_holder(repair.customer_id), command.confirm):
                _count_wrong(uow, repair, now)
                uow.commit()  # the wrong answer counts although the request is refused
                raise PermissionDenied(WRONG_CONFIRMATION)
            repair.wrong_answers = 0
            answer(uow, repair, command.approved, by=None, note="customer, through the tracking page", now=now,
                   terms=self._terms)
            uow.commit()
        return tracked(repair)


def _not_locked(repair: Repair, now: datetime) -> None:
    if repair.answers_locked_until is not None and repair.answers_locked_until > now:
        wait = max(1, int((repair.answers_locked_until - now).total_seconds()))
        raise TooManyAttempts(f"Too many wrong confirmations. Try again in {(wait + 59) // 60} minutes.",
                              retry_after=wait)


def _count_wrong(uow: RepairsUnitOfWork, repair: Repair, now: datetime) -> None:
    repair.wrong_answers += 1
    if repair.wrong_answers >= WRONG_ANSWERS_ALLOWED:
        repair.wrong_answers = 0
        repair.answers_locked_until = now + timedelta(minutes=ANSWER_LOCK_MINUTES)
    uow.repairs.update(repair)
