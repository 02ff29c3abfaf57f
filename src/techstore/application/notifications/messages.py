"""The outbox's use cases: the worker's pass, the admin's list and retry, a repair's messages.

Rules: a message is sent at most once by the workers (each claims it under a lease in a transaction of its own
before sending); a failed send waits a growing delay and is tried again for a day, then is ``failed``
(``domain/notifications/messages.py``); only a failed message can be retried (409), by an admin; staff read a
repair's messages (404 for a repair that does not exist).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import attrs

from techstore.application.notifications.ports import (
    MailSender,
    MessageRenderer,
    NotificationsUnitOfWorkFactory,
    SendFailed,
    SmsSender,
)
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.identity.users import User, require_admin
from techstore.domain.notifications.messages import Channel, Message, MessageStatus, after_failure, short_error
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import NotFound

DEFAULT_LEASE = timedelta(minutes=5)
DEFAULT_BATCH = 20


def message_not_found(message_id: int) -> NotFound:
    return NotFound(f"Message {message_id} does not exist.")


@attrs.frozen
class PassReport:
    """What one pass of the worker did."""

    sent: int = 0
    retried: int = 0  # failed this time, to be tried again
    failed: int = 0  # given up

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.failed


class SendDueMessages:
    """One pass of the worker: claim due messages (each under a lease, committed at once), then render and send
    each and record the outcome in a transaction of its own. Email is claimed only when a mail sender is
    configured: without one, email stays unsent. One message's failure, whatever it is, does not stop the
    others."""

    def __init__(self, uow: NotificationsUnitOfWorkFactory, clock: Clock, renderer: MessageRenderer,
                 mail: MailSender | None, sms: SmsSender, lease: timedelta = DEFAULT_LEASE,
                 batch: int = DEFAULT_BATCH) -> None:
        self._uow = uow
        self._clock = clock
        self._renderer = renderer
        self._mail = mail
        self._sms = sms
        self._lease = lease
        self._batch = batch

    @property
    def channels(self) -> tuple[Channel, ...]:
        return (Channel.EMAIL, Channel.SMS) if self._mail is not None else (Channel.SMS,)

    def __call__(self, lease: timedelta | None = None) -> PassReport:
        now = self._clock.now()
        with self._uow() as uow:
            claimed = uow.outbox.claim_due(now, now + (lease or self._lease), self._batch, self.channels)
            uow.commit()
        sent = retried = failed = 0
        for message in claimed:
            outcome = self._send(message)
            sent += outcome == "sent"
            retried += outcome == "retried"
            failed += outcome == "failed"
        return PassReport(sent, retried, failed)

    def _send(self, message: Message) -> str:
        assert message.id is not None
        try:
            rendered = self._renderer.render(message)
            sender = self._mail if message.channel is Channel.EMAIL else self._sms
            assert sender is not None  # email is claimed only with a mail sender
            sender.send(message, rendered)
        except SendFailed as error:
            return self._failed(message, error.detail, permanent=error.permanent)
        except Exception as error:  # a template or a document that cannot be rendered: tried again, then failed
            return self._failed(message, f"{type(error).__name__}: {error}")
        with self._uow() as uow:
            uow.outbox.mark_sent(message.id, self._clock.now())
            uow.commit()
        return "sent"

    def _failed(self, message: Message, error: str, *, permanent: bool = False) -> str:
        assert message.id is not None
        now = self._clock.now()
        outcome = after_failure(message.tries_since, message.attempts + 1, now, permanent=permanent)
        with self._uow() as uow:
            if outcome.gives_up:
                uow.outbox.mark_failed(message.id, short_error(error))
            else:
                assert outcome.next_attempt_at is not None
                uow.outbox.mark_retry(message.id, short_error(error), outcome.next_attempt_at)
            uow.commit()
        return "failed" if outcome.gives_up else "retried"


class ListMessages:
    """Admins only: the outbox, newest first, of one status or all."""

    def __init__(self, uow: NotificationsUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, status: MessageStatus | None, page: PageRequest) -> Page[Message]:
        require_admin(actor)
        with self._uow(read_only=True) as uow:
            return uow.outbox.list(status, page)


class RetryMessage:
    """Admins only: a failed message is sent again by the next pass (409 unless failed)."""

    def __init__(self, uow: NotificationsUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, message_id: int) -> Message:
        require_admin(actor)
        now = self._clock.now()
        with self._uow() as uow:
            message = uow.outbox.get(message_id)
            if message is None:
                raise message_not_found(message_id)
            message.check_retryable()
            uow.outbox.retry(message_id, now)
            uow.commit()
        return attrs.evolve(message, status=MessageStatus.UNSENT, next_attempt_at=None, retried_at=now)


class RepairMessages:
    """Staff: a repair's messages, oldest first (404 for a repair that does not exist)."""

    def __init__(self, uow: NotificationsUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, repair_id: int) -> Sequence[Message]:
        with self._uow(read_only=True) as uow:
            if uow.repairs.get(repair_id) is None:
                raise NotFound(f"Repair {repair_id} does not exist.")
            return uow.outbox.for_repair(repair_id)
