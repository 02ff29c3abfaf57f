"""The outbox on every adapter set: messages round-trip, a claim takes due messages once and holds them under a
lease (a passed lease frees them), outcomes count attempts, and only a failed message is retried."""

from __future__ import annotations

from datetime import timedelta

from techstore.application.shared.pages import PageRequest
from techstore.container import Container
from techstore.domain.notifications.messages import Attachment, Channel, Message, MessageStatus
from tests.contract.conftest import T0

LEASE = timedelta(minutes=5)


def a_message(to: str = "ana@example.com", *, channel: Channel = Channel.EMAIL, repair_id: int | None = 7,
              **changes: object) -> Message:
    message = Message(None, channel, to, "Your repair R-000007 is ready", "repair_ready",
                      {"number": "R-000007", "equipment": "iPhone 12", "to_pay": "129.00",
                       "lines": [{"description": "Screen", "line_total": "99.00"}]},
                      T0, repair_id=repair_id,
                      attachments=(Attachment("repair_invoice", 7, "Invoice R-000007.pdf"),))
    for name, value in changes.items():
        setattr(message, name, value)
    return message


def add(container: Container, *messages: Message) -> list[int]:
    with container.adapters.uow() as uow:
        ids = [uow.outbox.add(m).id for m in messages]
        uow.commit()
    assert all(i is not None for i in ids)
    return [i for i in ids if i is not None]


def claim(container: Container, now=T0, limit: int = 10, channels=None) -> list[int]:  # noqa: ANN001
    with container.adapters.uow() as uow:
        claimed = uow.outbox.claim_due(now, now + LEASE, limit, channels)
        uow.commit()
    return [m.id for m in claimed if m.id is not None]


def test_a_message_round_trips(container: Container) -> None:
    (message_id,) = add(container, a_message())
    with container.adapters.uow(read_only=True) as uow:
        stored = uow.outbox.get(message_id)
        missing = uow.outbox.get(message_id + 100)
    assert missing is None
    assert stored == a_message(id=message_id)
    assert stored is not None and stored.status is MessageStatus.UNSENT and stored.created_at == T0


def test_a_rolled_back_transaction_writes_no_message(container: Container) -> None:
    with container.adapters.uow() as uow:
        uow.outbox.add(a_message())
    with container.adapters.uow(read_only=True) as uow:
        assert uow.outbox.list(None, PageRequest()).total == 0


def test_a_claim_takes_due_messages_once_oldest_first(container: Container) -> None:
    ids = add(container, *(a_message(f"c{n}@example.com") for n in range(5)))
    assert claim(container, limit=3) == ids[:3]
    assert claim(container, limit=3) == ids[3:]
    assert claim(container) == []


def test_a_message_not_yet_due_is_not_claimed(container: Container) -> None:
    (later,) = add(container, a_message(next_attempt_at=T0 + timedelta(minutes=2)))
    assert claim(container) == []
    assert claim(container, now=T0 + timedelta(minutes=2)) == [later]


def test_a_passed_lease_frees_the_message(container: Container) -> None:
    (message_id,) = add(container, a_message())
    assert claim(container) == [message_id]
    assert claim(container, now=T0 + LEASE - timedelta(seconds=1)) == []
    assert claim(container, now=T0 + LEASE) == [message_id]


def test_a_claim_takes_only_the_channels_asked_for(container: Container) -> None:
    email, sms = add(container, a_message(), a_message("+351912345678", channel=Channel.SMS))
    assert claim(container, channels=(Channel.SMS,)) == [sms]
    assert claim(container, channels=(Channel.EMAIL,)) == [email]


def test_a_rolled_back_claim_holds_nothing(container: Container) -> None:
    (message_id,) = add(container, a_message())
    with container.adapters.uow() as uow:
        assert [m.id for m in uow.outbox.claim_due(T0, T0 + LEASE, 10)] == [message_id]
    assert claim(container) == [message_id]


def test_outcomes_count_attempts_and_free_the_lease(container: Container) -> None:
    sent, retried, failed = add(container, a_message("a@example.com"), a_message("b@example.com"),
                                a_message("c@example.com"))
    claim(container)
    later = T0 + timedelta(minutes=1)
    with container.adapters.uow() as uow:
        uow.outbox.mark_sent(sent, T0 + timedelta(seconds=3))
        uow.outbox.mark_retry(retried, "451 try later", later)
        uow.outbox.mark_failed(failed, "550 no such user")
        uow.commit()
    with container.adapters.uow(read_only=True) as uow:
        got = {i: uow.outbox.get(i) for i in (sent, retried, failed)}
    assert (got[sent].status, got[sent].attempts, got[sent].sent_at, got[sent].last_error) == \
        (MessageStatus.SENT, 1, T0 + timedelta(seconds=3), None)
    assert (got[retried].status, got[retried].attempts, got[retried].next_attempt_at, got[retried].last_error) == \
        (MessageStatus.UNSENT, 1, later, "451 try later")
    assert (got[failed].status, got[failed].attempts, got[failed].last_error) == \
        (MessageStatus.FAILED, 1, "550 no such user")
    # The retried one is claimable again once due, though its lease had not passed: the outcome freed it.
    assert claim(container, now=later) == [retried]


def test_retry_makes_a_failed_message_due_now_with_a_new_day(container: Container) -> None:
    failed, unsent = add(container, a_message(), a_message())
    claim(container)
    with container.adapters.uow() as uow:
        uow.outbox.mark_failed(failed, "gave up")
        uow.outbox.mark_retry(unsent, "later", T0 + timedelta(hours=1))
        uow.commit()
    again = T0 + timedelta(days=2)
    with container.adapters.uow() as uow:
        uow.outbox.retry(failed, again)
        uow.outbox.retry(unsent, again)  # not failed: left as it is
        uow.commit()
    with container.adapters.uow(read_only=True) as uow:
        retried, untouched = uow.outbox.get(failed), uow.outbox.get(unsent)
    assert retried is not None and untouched is not None
    assert (retried.status, retried.next_attempt_at, retried.retried_at, retried.attempts) == \
        (MessageStatus.UNSENT, None, again, 1)
    assert (untouched.status, untouched.next_attempt_at, untouched.retried_at) == \
        (MessageStatus.UNSENT, T0 + timedelta(hours=1), None)
    assert claim(container, now=again) == [failed, unsent]


def test_the_list_is_newest_first_by_status_and_pages(container: Container) -> None:
    ids = add(container, *(a_message(f"c{n}@example.com") for n in range(5)))
    claim(container)
    with container.adapters.uow() as uow:
        uow.outbox.mark_failed(ids[1], "x")
        uow.outbox.mark_failed(ids[3], "x")
        uow.commit()
    with container.adapters.uow(read_only=True) as uow:
        everything = uow.outbox.list(None, PageRequest(limit=2, offset=1))
        failed = uow.outbox.list(MessageStatus.FAILED, PageRequest())
        sent = uow.outbox.list(MessageStatus.SENT, PageRequest())
        past_the_end = uow.outbox.list(None, PageRequest(limit=2, offset=10))
    assert ([m.id for m in everything.items], everything.total) == ([ids[3], ids[2]], 5)
    assert ([m.id for m in failed.items], failed.total) == ([ids[3], ids[1]], 2)
    assert (list(sent.items), sent.total) == ([], 0)
    assert (list(past_the_end.items), past_the_end.total) == ([], 5)


def test_a_repairs_messages_oldest_first(container: Container) -> None:
    first, _, second = add(container, a_message(repair_id=7), a_message(repair_id=8), a_message(repair_id=7))
    with container.adapters.uow(read_only=True) as uow:
        assert [m.id for m in uow.outbox.for_repair(7)] == [first, second]
        assert list(uow.outbox.for_repair(9)) == []
