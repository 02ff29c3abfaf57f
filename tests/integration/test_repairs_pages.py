"""Repairs' pages: intake with a customer registered inline, the repair page's buttons (only what the status
machine allows), labour and part lines, deposits and their receipts, the customer's answer on the public page,
cancelling with refunds, delivery for what is left to pay, the ticket (QR to the public page, the condition) and
its PDF, the public page (nothing personal), and the list's statement count."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from starlette.testclient import TestClient

from techstore.application.catalog.commands import NewProduct
from techstore.application.customers.commands import NewCustomer
from techstore.application.repairs.commands import NewRepair
from techstore.container import Container
from techstore.domain.identity.users import Role
from tests.integration.test_web_session import csrf_from
from tests.support import counting_statements

PASSWORD = "repairs-pages-password-1"


@pytest.fixture
def boss(container: Container) -> Any:
    return container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)


def _sign_in(client: TestClient) -> str:
    token = csrf_from(client.get("/login").text)
    client.post("/login", data={"username": "boss", "password": PASSWORD, "csrf_token": token})
    return csrf_from(client.get("/repairs/new").text)


def _buttons(html: str) -> list[str]:
    return re.findall(r'name="to" value="([a-z_]+)"', html)


@pytest.mark.adapters("sqlite")
def test_a_repair_taken_in_with_a_new_customer_walks_to_delivery_on_account(client: TestClient, boss: Any) -> None:
    csrf = _sign_in(client)
    refused = client.post("/repairs/new", data={"csrf_token": csrf, "equipment": "", "reported_problem": ""})
    assert refused.status_code == 422 and "Choose a customer" in refused.text
    answer = client.post("/repairs/new", data={
        "csrf_token": csrf, "new_name": "Rui Lopes", "new_phone": "+351 912 000 111", "equipment": "Nintendo Switch",
        "serial_number": "XAW100200300", "reported_problem": "Joy-Con drift", "accessories": "Dock", "price": "45.00"})
    assert answer.status_code == 200 and "The repair was taken in." in answer.text
    page_path = str(answer.url.path)
    assert _buttons(answer.text) == ["diagnosing", "cancelled"]
    assert 'id="repair-total">45.00<' in answer.text and ">Repair<" in answer.text  # the labour estimate's line
    client.post(page_path + "/edit", data={"csrf_token": csrf, "equipment": "Nintendo Switch", "accessories": "Dock",
                                           "diagnosis": "Worn stick"})
    for to in ("diagnosing", "ready"):
        moved = client.post(page_path + "/transitions", data={"csrf_token": csrf, "to": to})
        assert moved.status_code == 200, moved.text
    assert _buttons(moved.text) == [] and "Deliver" in moved.text
    assert 'name="amount_0" type="text" class="input" value="45.00"' in moved.text  # prefilled with what is to pay
    short = client.post(page_path + "/deliver", data={"csrf_token": csrf, "method_0": "account", "amount_0": "40"})
    assert short.status_code == 422 and "add up to the total" in short.text
    delivered = client.post(page_path + "/deliver", data={"csrf_token": csrf, "method_0": "account", "amount_0": "45"})
    assert "The repair was delivered." in delivered.text and "can no longer change" in delivered.text

    ticket = client.get(page_path + "/ticket")
    target = re.search(r'href="(http[^"]+/track/[A-Za-z0-9_-]+)" data-track-url', ticket.text)
    assert target is not None and "<svg" in ticket.text and "Dock" in ticket.text
    pdf = client.get(page_path + "/ticket.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    client.cookies.clear()
    public = client.get(target.group(1))
    assert public.status_code == 200 and "Delivered" in public.text
    # The random tracking code (and any token) may hold any digits: look for the customer's details elsewhere.
    shown = public.text.replace(target.group(1).rsplit("/", 1)[1], "")
    shown = re.sub(r'name="csrf_token" value="[^"]*"', "", shown)
    for secret in ("Rui", "912", "45.00", "XAW100200300", "Dock"):
        assert secret not in shown


@pytest.mark.adapters("sqlite")
def test_unknown_tracking_pages_look_alike(client: TestClient) -> None:
    first, second = client.get("/track/" + "z" * 22), client.get("/track/x")
    assert first.status_code == second.status_code == 404
    token = re.compile(r'[0-9a-f]{64}')  # each page carries a fresh CSRF token; nothing else differs
    assert token.sub("", first.text) == token.sub("", second.text)


@pytest.mark.adapters("sqlite", "postgres")
@pytest.mark.parametrize("path", ["/repairs?status=received&q=ana", "/repairs?view=board"])
def test_the_repairs_pages_statement_count_does_not_grow_with_rows(client: TestClient, container: Container,
                                                                   boss: Any, path: str) -> None:
    ana = container.customers.register_customer()(boss, NewCustomer("Ana", email="ana@example.com",
                                                                    credit_limit=Decimal("10")))
    _sign_in(client)
    counts = []
    for batch in (2, 6):
        for _ in range(batch):
            container.repairs.take_repair_in()(boss, NewRepair(ana.id, "iPad Air", "Battery"))
        with counting_statements(container) as statements:
            assert client.get(path).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 3, counts


@pytest.mark.adapters("sqlite")
def test_the_intake_names_the_chosen_customer_and_refusals_speak_words(client: TestClient, container: Container,
                                                                       boss: Any) -> None:
    ana = container.customers.register_customer()(boss, NewCustomer("Ana Reis", phone="+351 912 000 222"))
    csrf = _sign_in(client)
    chosen = client.get(f"/repairs/new?customer_id={ana.id}").text
    assert "Customer: <strong>Ana Reis</strong>" in chosen and f"Customer number {ana.id}" not in chosen
    repair = container.repairs.take_repair_in()(boss, NewRepair(ana.id, "iPad Air", "Battery", price=Decimal("9")))
    client.post(f"/repairs/{repair.id}/transitions", data={"csrf_token": csrf, "to": "diagnosing"})
    refused = client.post(f"/repairs/{repair.id}/transitions", data={"csrf_token": csrf, "to": "awaiting_approval"})
    assert refused.status_code == 409 and "Moving to awaiting approval needs a diagnosis." in refused.text


# The repair's money on its page

@pytest.fixture
def shop(container: Container, boss: Any) -> dict[str, Any]:
    ana = container.customers.register_customer()(boss, NewCustomer("Ana Silva", phone="+351 912 345 678",
                                                                    credit_limit=Decimal("500.00")))
    screen = container.catalog.create_product()(boss, NewProduct(sku="SCREEN", name="iPhone 12 screen",
                                                                 price=Decimal("80.00"), stock=2,
                                                                 cost=Decimal("50.00")))
    return {"ana": ana, "screen": screen}


def _take_in(container: Container, boss: Any, shop: dict[str, Any], **more: Any) -> Any:
    return container.repairs.take_repair_in()(boss, NewRepair(shop["ana"].id, "iPhone 12", "Cracked screen",
                                                              serial_number="356789012345678", **more))


def _stock(container: Container, boss: Any, product: Any) -> int:
    stock: int = container.catalog.get_product()(boss, product.id).stock
    return stock


@pytest.mark.adapters("sqlite")
def test_labour_and_part_lines_are_added_and_removed_and_a_bad_amount_is_shown_beside_its_field(
        client: TestClient, container: Container, boss: Any, shop: dict[str, Any]) -> None:
    csrf = _sign_in(client)
    repair = _take_in(container, boss, shop)
    path = f"/repairs/{repair.id}"
    refused = client.post(path + "/labour", data={"csrf_token": csrf, "description": "Screen fitting",
                                                  "amount": "49,x"})
    assert refused.status_code == 422
    assert 'id="amount-error"' in refused.text and 'value="49,x"' in refused.text
    assert 'value="Screen fitting"' in refused.text  # what was typed is kept
    labour = client.post(path + "/labour", data={"csrf_token": csrf, "description": "Screen fitting",
                                                 "amount": "49.00", "tax_rate_id": ""})
    assert labour.status_code == 200 and "The labour line was added." in labour.text
    part = client.post(path + "/parts", data={"csrf_token": csrf, "code": "SCREEN", "quantity": "1"})
    assert part.status_code == 200 and "iPhone 12 screen" in part.text
    assert 'id="repair-total">129.00<' in part.text and _stock(container, boss, shop["screen"]) == 1
    unknown = client.post(path + "/parts", data={"csrf_token": csrf, "code": "NOPE", "quantity": "1"})
    assert unknown.status_code == 422 and 'id="code-error"' in unknown.text

    lines = container.repairs.get_repair()(boss, repair.id).lines
    part_line = next(line for line in lines if line.is_part)
    assert f'{path}/lines/{part_line.id}/remove' in part.text
    removed = client.post(f"{path}/lines/{part_line.id}/remove", data={"csrf_token": csrf})
    assert removed.status_code == 200 and "The line was removed." in removed.text
    assert _stock(container, boss, shop["screen"]) == 2 and 'id="repair-total">49.00<' in removed.text
    labour_line = next(line for line in lines if not line.is_part)
    client.post(f"{path}/lines/{labour_line.id}/remove", data={"csrf_token": csrf})
    assert container.repairs.get_repair()(boss, repair.id).lines == []


@pytest.mark.adapters("sqlite")
def test_beyond_the_approved_quote_the_add_form_says_why(client: TestClient, container: Container, boss: Any,
                                                         shop: dict[str, Any]) -> None:
    csrf = _sign_in(client)
    repair = _take_in(container, boss, shop, price=Decimal("50.00"))
    path = f"/repairs/{repair.id}"
    client.post(path + "/edit", data={"csrf_token": csrf, "equipment": "iPhone 12", "diagnosis": "Broken LCD"})
    for to in ("diagnosing", "awaiting_approval"):
        asked = client.post(path + "/transitions", data={"csrf_token": csrf, "to": to})
    # The quote is with the customer: no form to add a line, no Remove button, and the reason instead.
    (line,) = container.repairs.get_repair()(boss, repair.id).lines
    frozen = "The quote of 50.00 is with the customer: lines can be added or removed again once their answer"
    assert frozen in asked.text and 'id="lines-frozen"' in asked.text
    for offered in (f"{path}/labour", f"{path}/parts", f"{path}/lines/{line.id}/remove", "Add labour", "Add part"):
        assert offered not in asked.text
    # Posted anyway (a page left open), each is refused with the rule and nothing changes.
    for refused in (client.post(path + "/labour", data={"csrf_token": csrf, "description": "Battery", "amount": "1"}),
                    client.post(path + "/parts", data={"csrf_token": csrf, "code": "SCREEN", "quantity": "1"}),
                    client.post(f"{path}/lines/{line.id}/remove", data={"csrf_token": csrf})):
        assert refused.status_code == 409
        assert f"{repair.number}&#39;s quote of 50.00 is with the customer: record their answer first" in refused.text
    still = container.repairs.get_repair()(boss, repair.id)
    assert (still.lines, still.quote_total) == ([line], Decimal("50.00"))
    assert _stock(container, boss, shop["screen"]) == 2

    approved = client.post(path + "/quote-answer", data={"csrf_token": csrf, "approved": "true", "note": "by phone"})
    assert approved.status_code == 200 and "Recorded: the customer approved the quote." in approved.text
    assert "Quote of 50.00 approved: by phone" in approved.text
    assert 'id="labour_requote"' in approved.text and 'id="part_requote"' in approved.text
    beyond = client.post(path + "/labour", data={"csrf_token": csrf, "description": "Battery", "amount": "30"})
    assert beyond.status_code == 409 and "beyond the approved quote" in beyond.text
    assert 'value="Battery"' in beyond.text and "ask the customer again (requote)" in beyond.text
    again = client.post(path + "/labour", data={"csrf_token": csrf, "description": "Battery", "amount": "30",
                                                "requote": "true"})
    assert again.status_code == 200 and "The labour line was added." in again.text
    assert 'id="repair-status">Awaiting approval<' in again.text and 'id="repair-quote">80.00<' in again.text
    assert "The quote of 80.00 is with the customer" in again.text and "Add labour" not in again.text


@pytest.mark.adapters("sqlite")
def test_a_deposit_is_taken_its_receipt_printed_and_delivery_takes_what_is_left(
        client: TestClient, container: Container, boss: Any, shop: dict[str, Any]) -> None:
    csrf = _sign_in(client)
    repair = _take_in(container, boss, shop, price=Decimal("129.00"))
    path = f"/repairs/{repair.id}"
    bad = client.post(path + "/deposits", data={"csrf_token": csrf, "method": "card", "amount": "-3"})
    assert bad.status_code == 422 and 'id="deposit_amount-error"' in bad.text
    taken = client.post(path + "/deposits", data={"csrf_token": csrf, "method": "card", "amount": "20.00"})
    assert taken.status_code == 200 and "/deposits/" in str(taken.url.path)
    assert "DEPOSIT" in taken.text and "20.00" in taken.text and "Deposit of 20.00 taken" in taken.text
    assert "iPhone 12" in taken.text and "Taken by: Administrator" in taken.text
    pdf = client.get(str(taken.url.path) + ".pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(str(taken.url.path) + "?format=pdf").content.startswith(b"%PDF")
    assert client.get(f"{path}/deposits/999999/receipt").status_code == 404

    page = client.get(path).text
    assert str(taken.url.path) in page and 'id="repair-to-pay">109.00<' in page
    client.post(path + "/edit", data={"csrf_token": csrf, "equipment": "iPhone 12", "diagnosis": "Broken LCD"})
    for to in ("diagnosing", "ready"):
        ready = client.post(path + "/transitions", data={"csrf_token": csrf, "to": to})
    assert 'name="amount_0" type="text" class="input" value="109.00"' in ready.text
    delivered = client.post(path + "/deliver", data={"csrf_token": csrf, "method_0": "card", "amount_0": "109.00"})
    assert delivered.status_code == 200 and "The repair was delivered." in delivered.text
    assert "warranty runs until" in delivered.text
    # The invoice, on the roll and on A4: the line, its tax, the deposit, delivery's payment, the warranty's end.
    until = container.repairs.get_repair()(boss, repair.id).warranty_until
    for page in (path + "/invoice", path + "/invoice-a4"):
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get(page).text))
        for printed in ("Repair", "129.00", "Tax by rate", "Deposit, card 20.00", "Card 109.00"):
            assert printed in text, (page, printed)
        assert re.search(rf"Warranty until:? {until.isoformat()}", text), page
        for pdf in (page + ".pdf", page + "?format=pdf"):
            assert client.get(pdf).content.startswith(b"%PDF"), pdf


@pytest.mark.adapters("sqlite")
def test_the_customer_answers_the_quote_on_the_public_page(client: TestClient, container: Container, boss: Any,
                                                           shop: dict[str, Any]) -> None:
    csrf = _sign_in(client)
    repair = _take_in(container, boss, shop, price=Decimal("129.00"))
    path = f"/repairs/{repair.id}"
    client.post(path + "/edit", data={"csrf_token": csrf, "equipment": "iPhone 12", "diagnosis": "Broken LCD"})
    for to in ("diagnosing", "awaiting_approval"):
        client.post(path + "/transitions", data={"csrf_token": csrf, "to": to})
    client.cookies.clear()
    public = client.get(f"/track/{repair.tracking_code}")
    assert public.status_code == 200 and 'id="track-quote-total">129.00<' in public.text
    token = csrf_from(public.text)
    # The random token and tracking code may hold any digits: look for the customer's details in the rest.
    shown = public.text.replace(token, "").replace(repair.tracking_code, "")
    for personal in ("Ana", "912", "345", "678", "356789012345678"):
        assert personal not in shown
    wrong = client.post(f"/track/{repair.tracking_code}", data={"csrf_token": token, "approved": "true",
                                                                "confirm": "0000"})
    assert wrong.status_code == 403 and 'id="confirm-error"' in wrong.text and "does not match" in wrong.text
    assert 'value="0000"' in wrong.text
    blank = client.post(f"/track/{repair.tracking_code}", data={"csrf_token": token, "approved": "true"})
    assert blank.status_code == 422 and 'id="confirm-error"' in blank.text
    right = client.post(f"/track/{repair.tracking_code}", data={"csrf_token": token, "approved": "true",
                                                                "confirm": "5678"})
    assert right.status_code == 200 and "you approved the quote" in right.text
    assert '<dd id="track-status">In repair</dd>' in right.text and "track-quote" not in right.text
    again = client.post(f"/track/{repair.tracking_code}", data={"csrf_token": token, "approved": "true",
                                                                "confirm": "5678"})
    assert again.status_code == 409 and "no quote waiting" in again.text
    forged = client.post(f"/track/{repair.tracking_code}", data={"approved": "true", "confirm": "5678"})
    assert forged.status_code == 403

    _sign_in(client)
    assert "customer, through the tracking page" in client.get(path).text


@pytest.mark.adapters("sqlite")
def test_five_wrong_confirmations_lock_the_answer(client: TestClient, container: Container, boss: Any,
                                                  shop: dict[str, Any]) -> None:
    csrf = _sign_in(client)
    repair = _take_in(container, boss, shop, price=Decimal("10.00"))
    client.post(f"/repairs/{repair.id}/edit", data={"csrf_token": csrf, "equipment": "iPhone", "diagnosis": "x"})
    for to in ("diagnosing", "awaiting_approval"):
        client.post(f"/repairs/{repair.id}/transitions", data={"csrf_token": csrf, "to": to})
    client.cookies.clear()
    token = csrf_from(client.get(f"/track/{repair.tracking_code}").text)
    statuses = [client.post(f"/track/{repair.tracking_code}", data={"csrf_token": token, "approved": "false",
                                                                    "confirm": "1111"}).status_code
                for _ in range(5)]
    locked = client.post(f"/track/{repair.tracking_code}", data={"csrf_token": token, "approved": "false",
                                                                 "confirm": "5678"})
    assert statuses == [403] * 5 and locked.status_code == 429 and "Retry-After" in locked.headers
    assert 'id="confirm-error"' in locked.text and "Too many wrong confirmations" in locked.text


@pytest.mark.adapters("sqlite")
def test_a_repair_holding_a_deposit_is_cancelled_with_its_refund(client: TestClient, container: Container,
                                                                 boss: Any, shop: dict[str, Any]) -> None:
    csrf = _sign_in(client)
    repair = _take_in(container, boss, shop)
    path = f"/repairs/{repair.id}"
    client.post(path + "/deposits", data={"csrf_token": csrf, "method": "card", "amount": "30.00"})
    page = client.get(path).text
    assert "cancelled" not in _buttons(page)  # through the cancel form, with the refund
    assert 'name="refund_amount" type="text" class="input" value="30.00"' in page
    short = client.post(path + "/cancel", data={"csrf_token": csrf, "note": "Too dear", "refund_method": "card",
                                                "refund_amount": "10.00"})
    assert short.status_code == 422 and 'id="refund_amount-error"' in short.text and "add up to" in short.text
    assert 'value="Too dear"' in short.text
    done = client.post(path + "/cancel", data={"csrf_token": csrf, "note": "Too dear", "refund_method": "card",
                                               "refund_amount": "30.00"})
    assert done.status_code == 200 and "The repair was cancelled." in done.text
    assert '<span class="badge" id="repair-status">Cancelled</span>' in done.text
    assert "Refunded: Card 30.00" in done.text


@pytest.mark.adapters("sqlite")
def test_the_intake_records_the_condition_and_a_deposit_and_the_ticket_prints_the_condition(
        client: TestClient, container: Container, boss: Any, shop: dict[str, Any]) -> None:
    csrf = _sign_in(client)
    form = {"csrf_token": csrf, "customer_id": str(shop["ana"].id), "equipment": "iPhone 12",
            "reported_problem": "Cracked screen", "accessories": "Case", "condition_screen": "damaged",
            "condition_water_damage": "ok", "condition_notes": "Scratch on the back", "price": "45.00",
            "deposit_method": "card", "deposit_amount": "10,5"}
    refused = client.post("/repairs/new", data=form)
    assert refused.status_code == 422 and 'id="deposit_amount-error"' in refused.text
    assert 'value="10,5"' in refused.text and "Scratch on the back" in refused.text
    assert re.search(r'<option value="damaged" selected>Damaged</option>', refused.text)
    warranty = client.post("/repairs/new", data={**form, "deposit_amount": "", "serial_number": "NEW-1",
                                                 "warranty": "true"})
    assert warranty.status_code == 409 and 'id="warranty-error"' in warranty.text
    taken = client.post("/repairs/new", data={**form, "deposit_amount": "10.50"})
    assert taken.status_code == 200 and "The repair was taken in." in taken.text
    assert "Scratch on the back" in taken.text and 'id="repair-to-pay">34.50<' in taken.text
    ticket = client.get(str(taken.url.path) + "/ticket").text
    for printed in ("Screen: damaged", "Water damage: none", "Camera: not checked", "Scratch on the back", "Case"):
        assert printed in ticket
    assert client.get(str(taken.url.path) + "/ticket.pdf").content.startswith(b"%PDF")


@pytest.mark.adapters("sqlite")
def test_a_repair_under_warranty_is_flagged_linked_and_delivered_with_nothing_to_pay(
        client: TestClient, container: Container, boss: Any, shop: dict[str, Any]) -> None:
    csrf = _sign_in(client)
    first = _take_in(container, boss, shop, price=Decimal("20.00"))
    path = f"/repairs/{first.id}"
    client.post(path + "/edit", data={"csrf_token": csrf, "equipment": "iPhone 12", "diagnosis": "Broken LCD",
                                      "serial_number": "356789012345678"})
    for to in ("diagnosing", "ready"):
        client.post(path + "/transitions", data={"csrf_token": csrf, "to": to})
    client.post(path + "/deliver", data={"csrf_token": csrf, "method_0": "card", "amount_0": "20.00"})
    again = client.post("/repairs/new", data={
        "csrf_token": csrf, "customer_id": str(shop["ana"].id), "equipment": "iPhone 12",
        "serial_number": "356789012345678", "reported_problem": "Screen flickers", "warranty": "true",
        "price": "15.00"})
    assert again.status_code == 200 and 'id="repair-warranty"' in again.text
    assert f'href="{path}"' in again.text and 'id="repair-to-pay">0.00<' in again.text
    second = str(again.url.path)
    client.post(second + "/edit", data={"csrf_token": csrf, "equipment": "iPhone 12", "diagnosis": "Loose cable"})
    for to in ("diagnosing", "ready"):
        ready = client.post(second + "/transitions", data={"csrf_token": csrf, "to": to})
    assert "Under warranty: nothing to pay." in ready.text and 'name="amount_0"' not in ready.text
    delivered = client.post(second + "/deliver", data={"csrf_token": csrf})
    assert delivered.status_code == 200 and "The repair was delivered." in delivered.text
