"""The outbox against a real SMTP server (aiosmtpd, started here): what arrives (subject, recipient, the
tracking link built on TECHSTORE_PUBLIC_URL, the invoice PDF), two workers on one PostgreSQL outbox sending each
message exactly once, a worker killed mid-send losing nothing, and a refusing server: growing delays, ``failed``
after a day, an admin's retry."""

from __future__ import annotations

import asyncio
import email
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import attrs
import pytest
from aiosmtpd.controller import Controller
from dependency_injector import providers
from structlog.testing import capture_logs

import techstore
from techstore.application.customers.commands import NewCustomer
from techstore.application.notifications.messages import SendDueMessages
from techstore.application.repairs.commands import Delivery, NewRepair, RepairChanges, Transition
from techstore.application.sales.commands import PaymentLine
from techstore.application.shared.pages import PageRequest
from techstore.container import Container, build_container
from techstore.domain.identity.users import Role, User
from techstore.domain.notifications.messages import Channel, Message, MessageStatus
from techstore.domain.shared.errors import Conflict
from techstore.infrastructure.clock import ManualClock
from techstore.infrastructure.notifications.smtp import SmtpMailSender
from techstore.settings import load_settings
from tests.servers import free_port, server_environment
from tests.servers import techstore as run_techstore
from tests.support import prepare

PUBLIC_URL = "https://shop.example.test"
MAIL_FROM = "TechStore <shop@example.test>"


class Inbox:
    """An SMTP server's handler: keeps every message it accepts. ``refusing``: answers DATA with 451;
    ``stall_on``: a subject whose DATA it holds (after keeping the message) until released."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], EmailMessage]] = []
        self.refusing = False
        self.stall_on: str | None = None
        self.stalling = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        if self.refusing:
            return "451 4.3.0 Try again later"
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append((list(envelope.rcpt_tos), message))
        if self.stall_on is not None and message["Subject"] == self.stall_on:
            self.stalling.set()
            while self.stall_on is not None:
                await asyncio.sleep(0.05)
        return "250 OK"

    @property
    def subjects(self) -> list[str]:
        return [str(m["Subject"]) for _, m in self.received]


@pytest.fixture
def smtp() -> Any:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.url = f"smtp://127.0.0.1:{controller.port}"  # type: ignore[attr-defined]
    yield inbox
    inbox.stall_on = None
    controller.stop()


def sending(container: Container, smtp: Any) -> Container:
    """The container as the app runs with TECHSTORE_SMTP_URL pointing at the test server, and
    TECHSTORE_PUBLIC_URL set."""
    settings = attrs.evolve(container.settings(), smtp_url=smtp.url, mail_from=MAIL_FROM, public_url=PUBLIC_URL)
    container.settings.override(providers.Object(settings))
    container.notifications.mail_sender.override(providers.Object(SmtpMailSender(smtp.url, MAIL_FROM, timeout=10)))
    return container


def enqueue(container: Container, *messages: Message) -> list[int]:
    """Written as any context writes them: in a unit of work of its own."""
    with container.adapters.uow() as uow:
        ids = [uow.outbox.add(m).id for m in messages]
        uow.commit()
    return [i for i in ids if i is not None]


def ready_message(subject: str, to: str = "ana@example.com", **facts: Any) -> Message:
    return Message(None, Channel.EMAIL, to, subject, "repair_ready",
                   {"number": "R-000001", "equipment": "iPhone 12", "tracking_url": f"{PUBLIC_URL}/track/ABC",
                    "to_pay": "120.00", "store_name": "TechStore", **facts},
                   ManualClock().now())


def delivered_repair(container: Container) -> tuple[User, Any]:
    boss = container.identity.provision_user()("boss", "boss-password-1", role=Role.ADMIN)
    ana = container.customers.register_customer()(boss, NewCustomer("Ana Silva", email="ana@example.com"))
    repairs = container.repairs
    repair = repairs.take_repair_in()(boss, NewRepair(ana.id, "iPhone 12", "Cracked screen",
                                                      price=Decimal("120.00")))
    repairs.move_repair()(boss, repair.id, Transition("diagnosing"))
    repairs.change_repair()(boss, repair.id, RepairChanges(diagnosis="Broken LCD"), ["diagnosis"])
    for to in ("awaiting_approval", "in_repair", "ready"):
        repairs.move_repair()(boss, repair.id, Transition(to))  # type: ignore[arg-type]
    repair = repairs.deliver_repair()(boss, repair.id, Delivery([PaymentLine("cash", Decimal("120.00"))]))  # type: ignore[arg-type]
    return boss, repair


@pytest.mark.adapters("memory", "sqlite")
def test_a_repairs_three_messages_arrive_with_the_quote_the_link_and_the_invoice_pdf(container: Container,
                                                                                     smtp: Any) -> None:
    """The messages the repair wrote itself as it moved (awaiting approval, ready, delivered)."""
    sending(container, smtp)
    _, repair = delivered_repair(container)
    tracking_url = f"{PUBLIC_URL}/track/{repair.tracking_code}"

    report = container.notifications.send_due_messages()()

    assert (report.sent, report.retried, report.failed) == (3, 0, 0)
    assert [(to, str(m["Subject"])) for to, m in smtp.received] == [
        (["ana@example.com"], f"Your repair {repair.number}: please approve the quote"),
        (["ana@example.com"], f"Your repair {repair.number} is ready"),
        (["ana@example.com"], f"Your repair {repair.number}: invoice")]
    quote, ready, delivered = (m for _, m in smtp.received)
    assert str(ready["From"]) == MAIL_FROM and str(ready["To"]) == "ana@example.com"
    asked = quote.get_body(("plain",)).get_content()
    assert tracking_url in asked and "Repair" in asked and "120.00" in asked
    text = ready.get_body(("plain",)).get_content()
    assert tracking_url in text and "120.00" in text
    html = ready.get_body(("html",)).get_content()
    assert f'href="{tracking_url}"' in html
    (pdf,) = list(delivered.iter_attachments())
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_filename() == f"Invoice {repair.number}.pdf"
    assert pdf.get_content().startswith(b"%PDF")
    assert repair.warranty_until.isoformat() in delivered.get_body(("plain",)).get_content()
    with container.adapters.uow(read_only=True) as uow:
        stored = list(uow.outbox.for_repair(repair.id))
    assert [(m.status, m.attempts, m.sent_at) for m in stored] == [(MessageStatus.SENT, 1, container.clock().now())] * 3
    # A second pass finds nothing to send.
    assert container.notifications.send_due_messages()().handled == 0


@pytest.mark.adapters("memory", "sqlite")
def test_a_customer_who_refuses_emails_gets_none(container: Container, smtp: Any) -> None:
    sending(container, smtp)
    boss = container.identity.provision_user()("boss", "boss-password-1", role=Role.ADMIN)
    bo = container.customers.register_customer()(boss, NewCustomer("Bo Lind", email="bo@example.com",
                                                                   accepts_email=False))
    repair = container.repairs.take_repair_in()(boss, NewRepair(bo.id, "Laptop", "No power", price=Decimal("10.00")))
    container.repairs.move_repair()(boss, repair.id, Transition("diagnosing"))
    container.repairs.change_repair()(boss, repair.id, RepairChanges(diagnosis="Dead battery"), ["diagnosis"])
    for to in ("awaiting_approval", "in_repair", "ready"):
        container.repairs.move_repair()(boss, repair.id, Transition(to))  # type: ignore[arg-type]
    assert container.notifications.send_due_messages()().handled == 0
    with container.adapters.uow(read_only=True) as uow:
        assert list(uow.outbox.for_repair(repair.id)) == []


@pytest.mark.adapters("memory")
def test_without_smtp_settings_email_stays_unsent(container: Container) -> None:
    (message_id,) = enqueue(container, ready_message("Ready"))
    assert container.notifications.mail_sender() is None
    assert container.notifications.send_due_messages()().handled == 0
    with container.adapters.uow(read_only=True) as uow:
        message = uow.outbox.get(message_id)
    assert message is not None and (message.status, message.attempts) == (MessageStatus.UNSENT, 0)


@pytest.mark.adapters("memory", "sqlite")
def test_a_text_message_goes_through_the_shipped_log_adapter_even_without_smtp(container: Container) -> None:
    """The SMS port's shipped adapter writes the message to the log (logger ``techstore.sms``); it needs no SMTP
    settings, so text messages go while email waits."""
    text = attrs.evolve(ready_message("Your repair R-000001 is ready", to="+351 913 000 000"), channel=Channel.SMS)
    (text_id, email_id) = enqueue(container, text, ready_message("Ready"))
    assert container.notifications.mail_sender() is None
    with capture_logs() as logged:
        report = container.notifications.send_due_messages()()
    assert (report.sent, report.handled) == (1, 1)
    (entry,) = [e for e in logged if e["event"] == "sms"]
    assert (entry["to"], entry["message_id"], entry["template"]) == ("+351 913 000 000", text_id, "repair_ready")
    assert f"{PUBLIC_URL}/track/ABC" in entry["text"] and "120.00" in entry["text"]
    with container.adapters.uow(read_only=True) as uow:
        assert [uow.outbox.get(i).status for i in (text_id, email_id)] == [  # type: ignore[union-attr]
            MessageStatus.SENT, MessageStatus.UNSENT]


@pytest.mark.adapters("memory", "sqlite")
def test_a_refusing_server_means_growing_delays_then_failed_then_an_admin_retry(
        container: Container, smtp: Any, clock: ManualClock) -> None:
    sending(container, smtp)
    boss = container.identity.provision_user()("boss", "boss-password-1", role=Role.ADMIN)
    (message_id,) = enqueue(container, ready_message("Ready"))
    send = container.notifications.send_due_messages()
    smtp.refusing = True

    def stored() -> Message:
        with container.adapters.uow(read_only=True) as uow:
            found = uow.outbox.get(message_id)
        assert found is not None
        return found

    start = clock.now()
    delays = []
    for attempt in range(1, 5):
        report = send()
        assert (report.retried, report.failed) == (1, 0)
        message = stored()
        assert message.attempts == attempt and message.status is MessageStatus.UNSENT
        assert message.last_error is not None and "451" in message.last_error
        assert message.next_attempt_at is not None
        delays.append(message.next_attempt_at - clock.now())
        assert send().handled == 0  # not due yet
        clock.advance(delays[-1])
    assert delays == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4), timedelta(minutes=8)]

    clock.advance(timedelta(hours=24) - (clock.now() - start))  # a day since it was written
    assert send().failed == 1
    assert (stored().status, stored().attempts) == (MessageStatus.FAILED, 5)
    assert send().handled == 0

    smtp.refusing = False
    (other,) = enqueue(container, ready_message("Other"))
    with pytest.raises(Conflict):  # only a failed message is retried
        container.notifications.retry_message()(boss, other)
    retried = container.notifications.retry_message()(boss, message_id)
    assert (retried.status, retried.next_attempt_at) == (MessageStatus.UNSENT, None)
    report = send()
    assert report.sent == 2
    assert (stored().status, stored().attempts) == (MessageStatus.SENT, 6)
    assert sorted(smtp.subjects) == ["Other", "Ready"]


@pytest.mark.adapters("postgres")
def test_two_workers_on_one_outbox_send_each_message_exactly_once(container: Container, smtp: Any,
                                                                   tmp_path: Path) -> None:
    sending(container, smtp)
    ids = enqueue(container, *(ready_message(f"Message {n}", to=f"c{n}@example.com") for n in range(50)))
    # Two workers, each with its containers' own engine (its own connections), passing at once.
    workers = []
    for _ in range(2):
        other = prepare(build_container(container.settings(), "sql"), container.clock())
        other.notifications.mail_sender.override(providers.Object(SmtpMailSender(smtp.url, MAIL_FROM)))
        workers.append(SendDueMessages(other.adapters.uow, other.clock(), other.notifications.renderer(),
                                       other.notifications.mail_sender(), other.notifications.sms_sender(),
                                       batch=3))
    handled = [0, 0]
    start = threading.Barrier(2)

    def run(n: int) -> None:
        start.wait()
        while (report := workers[n]()).handled:
            handled[n] += report.handled

    threads = [threading.Thread(target=run, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sum(handled) == 50 and min(handled) > 0, handled  # both worked, and together sent each once
    assert Counter(smtp.subjects) == Counter(f"Message {n}" for n in range(50))
    with container.adapters.uow(read_only=True) as uow:
        page = uow.outbox.list(MessageStatus.SENT, PageRequest(limit=100))
    assert sorted(m.id for m in page.items) == ids and {m.attempts for m in page.items} == {1}


def _worker(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen([sys.executable, "-m", "techstore", "worker", *args], env=env, stdout=out,
                                stderr=subprocess.STDOUT)


def test_a_worker_killed_mid_send_loses_nothing_and_repeats_only_the_message_in_flight(
        smtp: Any, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'techstore.sqlite3'}"
    source = str(Path(techstore.__file__).resolve().parents[1])
    env = server_environment(tmp_path, url, TECHSTORE_SMTP_URL=smtp.url, TECHSTORE_MAIL_FROM=MAIL_FROM,
                             PYTHONPATH=source)
    assert run_techstore(env, "db", "upgrade").returncode == 0
    container = build_container(load_settings(env), "sql")
    subjects = [f"Message {n}" for n in range(10)]
    enqueue(container, *(ready_message(s) for s in subjects))
    smtp.stall_on = "Message 3"
    log = tmp_path / "worker.log"

    first = _worker(env, log, "--lease", "2", "--idle", "0.2")
    try:
        assert smtp.stalling.wait(30), log.read_text()
        first.send_signal(signal.SIGKILL)  # mid-send: the server holds Message 3's DATA unanswered
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    smtp.stall_on = None
    assert smtp.subjects == subjects[:4]

    second = _worker(env, log, "--idle", "0.2")
    try:
        deadline = time.monotonic() + 30
        while set(smtp.subjects) != set(subjects) and time.monotonic() < deadline:
            time.sleep(0.1)
        second.send_signal(signal.SIGTERM)  # stops cleanly
        assert second.wait(timeout=15) == 0, log.read_text()
    finally:
        if second.poll() is None:
            second.kill()
    counts = Counter(smtp.subjects)
    assert set(counts) == set(subjects), log.read_text()  # nothing lost
    assert {s: c for s, c in counts.items() if c > 1} == {"Message 3": 2}  # only the one in flight, once more
    with container.adapters.uow(read_only=True) as uow:
        statuses = Counter(m.status for m in uow.outbox.list(None, PageRequest()).items)
    assert statuses == {MessageStatus.SENT: 10}
    container.shutdown_resources()
