"""Approval at the counter, in Chromium: a staff member gives 20% off at the till, is asked for a manager's
approval in a dialog, the manager types their username and password there, and the receipt names them."""

from __future__ import annotations

import re
import secrets

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer
from tests.e2e.counter_shop import api, product, ring_up
from tests.e2e.test_sign_in import sign_in


def _manager(live_server: LiveServer) -> tuple[str, str, str]:
    """A manager made through the API (the live server is shared): username, password, full name."""
    tag = secrets.token_hex(3)
    username, password, full_name = f"mia-{tag}", f"manager-password-{tag}", f"Mia Manager {tag}"
    api(live_server, "POST", "/api/v1/users",
        {"username": username, "full_name": full_name, "role": "manager", "password": password})
    return username, password, full_name


def test_a_staff_discount_above_the_limit_is_approved_by_a_manager_in_a_dialog(page: Page,
                                                                             live_server: LiveServer) -> None:
    username, password, full_name = _manager(live_server)
    item = product(live_server, "50.00", name="Headphones")
    sign_in(page, *live_server.staff)
    page.goto("/sales/new")
    ring_up(page, item)
    page.locator("#discount").fill("20%")
    expect(page.locator("#pos-total")).to_have_text("40.00")
    page.get_by_role("button", name="Exact cash").click()
    expect(page.locator("#pay_cash")).to_have_value("40.00")
    page.get_by_role("button", name="Sell (F9)").click()

    # Refused for want of approval: the form is back as typed, the dialog open and modal over it.
    dialog = page.get_by_role("dialog", name="A manager's approval is needed")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("a discount above 10% of the subtotal")
    # approval.js makes the open dialog modal once htmx has settled the swapped form: wait for it, then say so.
    dialog.element_handle().wait_for_element_state("stable")
    page.wait_for_function("() => document.querySelector('dialog[open]')?.matches(':modal')", timeout=5000)
    assert dialog.evaluate("element => element.matches(':modal')"), "the dialog is not modal"
    expect(page.locator("#discount")).to_have_value("20%")
    expect(page.locator("#pay_cash")).to_have_value("40.00")
    expect(dialog.get_by_label("Manager's username")).to_be_focused()

    # A wrong password: refused again, the password not written back, the username kept.
    dialog.get_by_label("Manager's username").fill(username)
    dialog.get_by_label("Manager's password").fill("not-the-password")
    dialog.get_by_role("button", name="Approve and sell").click()
    expect(dialog).to_contain_text("The approver's username or password is wrong.")
    expect(dialog.get_by_label("Manager's username")).to_have_value(username)
    expect(dialog.get_by_label("Manager's password")).to_have_value("")
    expect(dialog.get_by_label("Manager's password")).to_be_focused()
    assert "not-the-password" not in page.content()

    dialog.get_by_label("Manager's password").fill(password)
    dialog.get_by_label("Manager's password").press("Enter")
    expect(page).to_have_url(re.compile(r"/sales/\d+/receipt\?new=1$"))
    receipt = page.get_by_role("article")
    expect(receipt).to_contain_text(f"Approved by {full_name}")
    expect(receipt.get_by_role("row").filter(has_text=re.compile(r"^\s*Total"))).to_contain_text("40.00")
