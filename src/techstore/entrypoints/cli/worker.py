"""``techstore worker``: the outbox's sender. Runs ``SendDueMessages`` pass after pass, sleeping a little when
there was nothing to send (and every ``roll_up_every`` seconds rolls the closed days up for the reports), until
SIGTERM or SIGINT: the pass under way finishes (a message being handed to the mail server is not cut off), then
the worker stops. Any number of workers may run against one database; each message is claimed by one of them.
The development server runs the same loop in a thread of its own (``background_worker``)."""

from __future__ import annotations

import signal
import threading
import time
from datetime import timedelta
from types import FrameType
from typing import TYPE_CHECKING, Any

import structlog

if TYPE_CHECKING:
    from techstore.container import Container

log = structlog.get_logger("techstore.worker")
IDLE_SECONDS = 2.0
ROLL_UP_SECONDS = 600.0
ERROR_PAUSE_SECONDS = 10.0


def work(container: Container, stop: threading.Event, *, once: bool = False, idle: float = IDLE_SECONDS,
         lease: timedelta | None = None, roll_up_every: float = ROLL_UP_SECONDS) -> int:
    """Pass after pass until ``stop`` is set (or one pass, ``once``); the number of messages handled."""
    send = container.notifications.send_due_messages()
    handled = 0
    rolled_up_at: float | None = None
    while not stop.is_set():
        if rolled_up_at is None or time.monotonic() - rolled_up_at >= roll_up_every:
            rolled_up_at = time.monotonic()
            _roll_up(container)
        try:
            report = send(lease)
        except Exception:  # the database away for a moment: logged, and tried again after a pause
            log.exception("worker_pass_failed")
            if once:
                raise
            stop.wait(ERROR_PAUSE_SECONDS)
            continue
        handled += report.handled
        if report.handled:
            log.info("worker_pass", sent=report.sent, retried=report.retried, failed=report.failed)
        if once:
            break
        if not report.handled:
            stop.wait(idle)
    return handled


def _roll_up(container: Container) -> None:
    """The reports' closed days; a failure (two workers on one day, the database away) waits for the next turn."""
    try:
        days = container.reports.roll_up()()
    except Exception:
        log.exception("roll_up_failed")
        return
    if days:
        log.info("reports_rolled_up", days=days)


def run_worker(container: Container, *, once: bool, idle: float, lease: timedelta | None,
               roll_up_every: float = ROLL_UP_SECONDS) -> int:
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        log.info("worker_stopping", signal=signal.Signals(signum).name)
        stop.set()

    previous: dict[int, Any] = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    if container.notifications.mail_sender() is None:
        log.warning("worker_without_smtp", detail="TECHSTORE_SMTP_URL is not set: email stays unsent")
    log.info("worker_started", once=once)
    try:
        work(container, stop, once=once, idle=idle, lease=lease, roll_up_every=roll_up_every)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    log.info("worker_stopped")
    return 0


def background_worker(container: Container) -> threading.Event:
    """The development server's own sender: the loop in a daemon thread; set the event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(target=work, args=(container, stop), name="techstore-outbox", daemon=True)
    thread.start()
    return stop
