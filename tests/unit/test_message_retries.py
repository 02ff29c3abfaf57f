"""When a failed send is tried again: growing delays, capped at an hour, for a day; then ``failed``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from techstore.domain.notifications.messages import (
    ERROR_LENGTH,
    GIVE_UP_AFTER,
    MAX_DELAY,
    Channel,
    Message,
    MessageStatus,
    after_failure,
    retry_delay,
    short_error,
)
from techstore.domain.shared.errors import Conflict

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def test_delays_double_from_a_minute_and_stop_growing_at_an_hour() -> None:
    assert [retry_delay(n) for n in range(1, 9)] == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 60, 60)]
    assert retry_delay(0) == timedelta(minutes=1)
    assert retry_delay(10_000) == MAX_DELAY


def test_a_failure_within_the_day_waits_its_delay() -> None:
    now = T0 + timedelta(minutes=7)
    outcome = after_failure(T0, 3, now)
    assert (outcome.gives_up, outcome.next_attempt_at) == (False, now + timedelta(minutes=4))


@pytest.mark.parametrize("since", [GIVE_UP_AFTER, GIVE_UP_AFTER + timedelta(seconds=1)])
def test_a_day_after_the_first_try_it_gives_up(since: timedelta) -> None:
    outcome = after_failure(T0, 30, T0 + since)
    assert (outcome.gives_up, outcome.next_attempt_at) == (True, None)
    assert not after_failure(T0, 30, T0 + GIVE_UP_AFTER - timedelta(seconds=1)).gives_up


def test_a_permanent_refusal_gives_up_at_once() -> None:
    assert after_failure(T0, 1, T0, permanent=True).gives_up


def test_an_admins_retry_starts_a_new_day() -> None:
    message = Message(1, Channel.EMAIL, "a@example.com", "s", "repair_ready", {}, T0,
                      status=MessageStatus.FAILED, retried_at=T0 + timedelta(days=3))
    assert message.tries_since == T0 + timedelta(days=3)
    message.check_retryable()
    for status in (MessageStatus.UNSENT, MessageStatus.SENT):
        message.status = status
        with pytest.raises(Conflict):
            message.check_retryable()


def test_due_means_unsent_and_its_time_has_come() -> None:
    message = Message(1, Channel.SMS, "+351912345678", "s", "repair_ready", {}, T0)
    assert message.is_due(T0)
    message.next_attempt_at = T0 + timedelta(minutes=1)
    assert not message.is_due(T0) and message.is_due(T0 + timedelta(minutes=1))
    message.status = MessageStatus.SENT
    assert not message.is_due(T0 + timedelta(days=1))


def test_an_error_is_kept_on_one_line_and_short() -> None:
    assert short_error("451 4.3.0\n  try later") == "451 4.3.0 try later"
    long = short_error("x" * 2000)
    assert len(long) == ERROR_LENGTH and long.endswith("…")
