"""Issue 25's walk on the demo data, with real parts: `techstore serve` and `techstore worker` as processes on
one SQLite file, a local SMTP server (aiosmtpd), and Chromium. A repair is taken in for a demo customer with a
deposit by card, its quote is approved on the public page signed out (through the link the email carried), it is
delivered paid by card, and the SMTP server holds the three messages once each: the quote with its link, ready,
and delivered with the invoice PDF attached."""

from __future__ import annotations

import email
import re
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer, _fresh_page
from tests.e2e.test_sign_in import sign_in
from tests.servers import Server, free_port, server_environment
from tests.servers import techstore as run_techstore

PUBLIC_URL = "https://shop.example.test"
MAIL_FROM = "TechStore <shop@example.test>"
DEMO_ADMIN = ("admin", "admin-demo-password")  # what `techstore demo seed` makes


class Inbox:
    def __init__(self) -> None:
        self.received: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append(message)
        return "250 OK"

    def wait_for(self, subject: str, timeout: float = 30) -> EmailMessage:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.received:
                if str(message["Subject"]) == subject:
                    return message
            time.sleep(0.1)
        raise AssertionError(f"no message {subject!r}; got {[str(m['Subject']) for m in self.received]}")


@pytest.fixture(scope="module")
def mailing_shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Inbox, Path]]:
    """The demo shop served by `techstore serve` (development: it sends by itself) and `techstore worker`, both
    pointed at a local SMTP server; its URL, the inbox and the database file."""
    var_dir = tmp_path_factory.mktemp("mailing-shop")
    database = var_dir / "techstore.sqlite3"
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    source = str(Path(__file__).resolve().parents[2] / "src")
    env = server_environment(var_dir, f"sqlite:///{database}", TECHSTORE_ENV="development",
                             TECHSTORE_SMTP_URL=f"smtp://127.0.0.1:{smtp.port}", TECHSTORE_MAIL_FROM=MAIL_FROM,
                             TECHSTORE_PUBLIC_URL=PUBLIC_URL, PYTHONPATH=source)
    for command in (("db", "upgrade"), ("demo", "seed")):
        done = run_techstore(env, *command, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
    server = Server(env, var_dir / "server.log").start().wait_until_up()
    with (var_dir / "worker.log").open("ab") as out:
        worker = subprocess.Popen([sys.executable, "-m", "techstore", "worker", "--idle", "0.2"], env=env,
                                  stdout=out, stderr=subprocess.STDOUT)
    try:
        yield server.url, inbox, database
    finally:
        worker.terminate()
        worker.wait(timeout=15)
        server.stop()
        smtp.stop()


def _demo_customer(database: Path) -> tuple[str, str, str]:
    """A demo customer with an email and a phone who accepts emails: (name, email, phone)."""
    with sqlite3.connect(database) as db:
        row = db.execute("SELECT name, email, phone FROM customers WHERE email IS NOT NULL AND phone IS NOT NULL "
                         "AND accepts_email AND deleted_at IS NULL ORDER BY id LIMIT 1").fetchone()
    assert row is not None
    return row


def test_a_repair_the_customer_follows_by_email_from_intake_to_invoice(
        browser: Any, mailing_shop: tuple[str, Inbox, Path], request: pytest.FixtureRequest) -> None:
    url, inbox, database = mailing_shop
    name, address, phone = _demo_customer(database)
    pages = _fresh_page(browser, LiveServer(url, DEMO_ADMIN, DEMO_ADMIN), request)
    page: Page = next(pages)

    sign_in(page, *DEMO_ADMIN)
    page.goto("/repairs/new")
    page.get_by_label("Find customer").fill(address)
    page.get_by_role("button", name="Find").click()
    page.get_by_role("radio", name=re.compile(re.escape(name))).check()
    page.get_by_label("Equipment").fill("Phone, Samsung Galaxy A55")
    page.get_by_label("Serial number / IMEI").fill("352931117777771")
    page.get_by_label("Reported problem").fill("Does not charge")
    page.get_by_label("Charging port", exact=True).select_option("damaged")
    page.get_by_label("Deposit method").select_option("card")
    page.get_by_label("Deposit amount").fill("15.00")
    page.get_by_role("button", name="Take in").click()
    expect(page.get_by_text("The repair was taken in.")).to_be_visible()
    expect(page.locator("#repair-deposits")).to_contain_text("15.00")
    repair_url = page.url.split("?")[0]
    number_match = re.search(r"R-\d{6}", page.get_by_role("heading", level=1).inner_text())
    assert number_match is not None
    number = number_match.group(0)

    page.get_by_label("Labour description").fill("Charging port replacement")
    page.get_by_label("Labour amount").fill("40.00")
    page.get_by_role("button", name="Add labour").click()
    total = page.locator("#repair-total").inner_text()
    page.get_by_label("Diagnosis").fill("Port worn out")
    page.get_by_role("button", name="Save details").click()
    page.get_by_role("button", name="Move to diagnosing").click()
    page.get_by_role("button", name="Move to awaiting approval").click()
    expect(page.locator("#repair-status")).to_have_text("Awaiting approval")

    # The email carries the quote and the tracking link; the customer follows it, signed out.
    asked = inbox.wait_for(f"Your repair {number}: please approve the quote")
    assert asked["To"] == address
    text = asked.get_body(("plain",)).get_content()
    assert "Charging port replacement" in text and total in text
    link = re.search(re.escape(PUBLIC_URL) + r"(/track/[A-Za-z0-9_-]+)", text)
    assert link is not None
    page.context.clear_cookies()
    page.goto(link.group(1))
    expect(page.locator("#track-status")).to_have_text("Awaiting approval")
    expect(page.locator("#track-quote-total")).to_have_text(total)
    page.get_by_label("Last four digits of your phone").fill(re.sub(r"\D", "", phone)[-4:])
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("#track-status")).to_have_text("In repair")
    assert name not in page.locator("body").inner_text()

    sign_in(page, *DEMO_ADMIN)
    page.goto(repair_url)
    expect(page.locator("#repair-history")).to_contain_text("customer, through the tracking page")
    page.get_by_role("button", name="Move to ready").click()
    expect(page.locator("#repair-status")).to_have_text("Ready")
    page.get_by_label("Payment 1 method").select_option("card")
    page.get_by_role("button", name="Deliver").click()
    expect(page.get_by_text("The repair was delivered.")).to_be_visible()

    delivered = inbox.wait_for(f"Your repair {number}: invoice")
    inbox.wait_for(f"Your repair {number} is ready")
    (pdf,) = list(delivered.iter_attachments())
    assert (pdf.get_content_type(), pdf.get_filename()) == ("application/pdf", f"Invoice {number}.pdf")
    assert pdf.get_content().startswith(b"%PDF")
    mine = Counter(str(m["Subject"]) for m in inbox.received if number in str(m["Subject"]))
    assert mine == Counter({f"Your repair {number}: please approve the quote": 1,
                            f"Your repair {number} is ready": 1, f"Your repair {number}: invoice": 1})
    page.goto(repair_url)
    expect(page.locator("#repair-messages-title")).to_be_visible()
    next(pages, None)
