"""A receipt for every money document (PRODUCT.md, "The money journal"): a page and a PDF one page 80 mm wide,
as long as the receipt, for a sale, a return, a payment on account, a pay-in or pay-out, a repair's delivery
(and the intake ticket and Z report printed the same way); an A4 invoice for a sale on account and a repair's
delivery naming the customer. Each is linked from where its document is shown, needs the access its document's
page needs, and is not found (404) for an unknown or mismatched id."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from starlette.testclient import TestClient

from techstore.application.cash.commands import NewCashMovement, OpenDrawer
from techstore.application.catalog.commands import NewProduct
from techstore.application.customers.commands import NewCustomer, NewPayment
from techstore.application.repairs.commands import Delivery, NewRepair, PartUsed, RepairChanges, Transition
from techstore.application.sales.commands import NewReturn, NewSale, PaymentLine, ReturnLine, SaleLine
from techstore.container import Container
from techstore.domain.identity.users import Role
from tests.integration.test_web_session import csrf_from
from tests.pdfs import A4, MM, RECEIPT_WIDTH, page_sizes

pytestmark = pytest.mark.adapters("sqlite")
PASSWORD = "receipts-password-1"
ADDRESS = "Rua das Flores 12\n1200-195 Lisboa"


def _paid(method: str, amount: str) -> PaymentLine:
    return PaymentLine(method, Decimal(amount))  # type: ignore[arg-type]


@pytest.fixture
def store(container: Container) -> dict[str, Any]:
    """Every money document once: sam's sales (one in cash with change, one on account), a return, a payment on
    Ana's account, a pay-out from sam's drawer, Ana's repair delivered with a part."""
    provision = container.identity.provision_user()
    boss = provision("boss", PASSWORD, role=Role.ADMIN, full_name="Bo Boss")
    sam = provision("sam", PASSWORD, role=Role.STAFF, full_name="Sam Seller")
    rita = provision("rita", PASSWORD, role=Role.STAFF, full_name="Rita Repairs")
    create = partial(container.catalog.create_product(), boss)
    case = create(NewProduct(sku="CASE", name="Phone case", price=Decimal("12.50"), stock=50))
    screen = create(NewProduct(sku="SCREEN", name="Replacement screen", price=Decimal("80.00"), stock=5))
    customers = container.customers
    ana = customers.register_customer()(boss, NewCustomer("Ana Silva", phone="+351 912 345 678", address=ADDRESS,
                                                          tax_id="PT 123456789", credit_limit=Decimal("500.00")))
    bruno = customers.register_customer()(boss, NewCustomer("Bruno Costa", phone="+351 913 000 000"))
    sales = container.sales
    session = container.cash.open_session()(sam, OpenDrawer(Decimal("50.00")))
    cash_sale = sales.place_sale()(sam, NewSale([SaleLine(case.id, 2)], [_paid("cash", "25.00")],
                                                tendered=Decimal("40.00")))
    account_sale = sales.place_sale()(sam, NewSale([SaleLine(case.id, 1), SaleLine(screen.id, 1)],
                                                   [_paid("card", "12.50"), _paid("account", "80.00")],
                                                   customer_id=ana.id))
    ret = sales.make_return()(sam, cash_sale.id, NewReturn([ReturnLine(case.id, 1)], [_paid("cash", "12.50")],
                                                           "Wrong colour"))
    payment = customers.take_payment()(sam, ana.id, NewPayment(Decimal("30.00"), "card"))  # type: ignore[arg-type]
    pay_out = container.cash.add_movement()(sam, session.id, NewCashMovement("pay_out", Decimal("5.00"),
                                                                              "Courier"))
    repairs = container.repairs
    repair = repairs.take_repair_in()(sam, NewRepair(ana.id, "Phone X", "Cracked screen", serial_number="IMEI-1"))
    repairs.change_repair()(sam, repair.id, RepairChanges(diagnosis="Screen broken"), ("diagnosis",))
    repairs.use_part()(sam, repair.id, PartUsed(screen.id, 1))
    repairs.change_repair()(sam, repair.id, RepairChanges(price=Decimal("20.00")), ("price",))  # labour: 100.00 in all
    for to in ("diagnosing", "ready"):
        repairs.move_repair()(sam, repair.id, Transition(to))  # type: ignore[arg-type]
    delivered = repairs.deliver_repair()(sam, repair.id, Delivery([_paid("cash", "100.00")]))
    open_repair = repairs.take_repair_in()(sam, NewRepair(ana.id, "Tablet", "No power"))
    return {"boss": boss, "rita": rita, "ana": ana, "bruno": bruno, "case": case, "cash_sale": cash_sale,
            "account_sale": account_sale, "return": ret, "payment": payment, "session": session, "pay_out": pay_out,
            "repair": delivered, "open_repair": open_repair, "charge_id": account_sale.charge_id}


def _sign_in(client: TestClient, username: str) -> None:
    client.cookies.clear()
    token = csrf_from(client.get("/login").text)
    answer = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token},
                         follow_redirects=False)
    assert answer.status_code == 303


def _receipts(store: dict[str, Any]) -> dict[str, str]:
    """Each 80 mm receipt's page, by document."""
    ana, session = store["ana"], store["session"]
    return {
        "sale": f"/sales/{store['cash_sale'].id}/receipt",
        "return": f"/returns/{store['return'].id}/receipt",
        "payment": f"/customers/{ana.id}/payments/{store['payment'].id}/receipt",
        "pay-out": f"/cash/{session.id}/movements/{store['pay_out'].id}/receipt",
        "repair delivery": f"/repairs/{store['repair'].id}/invoice",
        "intake ticket": f"/repairs/{store['repair'].id}/ticket",
        "Z report": f"/cash/{session.id}",
    }


def _pdf(client: TestClient, path: str) -> bytes:
    answer = client.get(path)
    assert answer.status_code == 200, (path, answer.status_code)
    assert answer.headers["content-type"] == "application/pdf", path
    return answer.content


def test_every_receipt_is_one_page_80_mm_wide_as_long_as_its_content(client: TestClient,
                                                                      store: dict[str, Any]) -> None:
    _sign_in(client, "sam")
    for document, page in _receipts(store).items():
        html = client.get(page)
        assert html.status_code == 200, (document, html.status_code)
        assert 'id="receipt-sheet"' in html.text and "css/receipt.css" in html.text, document
        pdf_link = re.search(r'href="([^"]+\.pdf)"', html.text)
        assert pdf_link, f"the {document} page links no PDF"
        for pdf_path in (pdf_link.group(1), page + "?format=pdf"):
            sizes = page_sizes(_pdf(client, pdf_path))
            assert len(sizes) == 1, (pdf_path, sizes)
            width, height = sizes[0]
            assert width == pytest.approx(RECEIPT_WIDTH, abs=0.01), (pdf_path, width)
            # A roll's length: the content and the margins, far shorter than an A4 page.
            assert 40 * MM < height < 200 * MM, (pdf_path, height / MM)


def test_a_longer_receipt_is_a_longer_page_not_a_second_one(client: TestClient, container: Container,
                                                            store: dict[str, Any]) -> None:
    boss = store["boss"]
    create = partial(container.catalog.create_product(), boss)
    products = [create(NewProduct(sku=f"P{n:02d}", name=f"Accessory number {n}", price=Decimal("1.00"), stock=5))
                for n in range(40)]
    long_sale = container.sales.place_sale()(boss, NewSale([SaleLine(p.id, 1) for p in products],
                                                           [_paid("card", "40.00")]))
    _sign_in(client, "boss")
    (short_width, short_height), = page_sizes(_pdf(client, f"/sales/{store['cash_sale'].id}/receipt.pdf"))
    (width, height), = page_sizes(_pdf(client, f"/sales/{long_sale.id}/receipt.pdf"))
    assert width == short_width == pytest.approx(RECEIPT_WIDTH, abs=0.01)
    assert height > short_height + 40 * 8 * MM  # 40 lines more, each taller than 8 mm (name, then figures)
    assert height > 297 * MM  # longer than an A4 page, and still one page


def test_invoices_on_a4_name_the_customer(client: TestClient, store: dict[str, Any]) -> None:
    _sign_in(client, "sam")
    sale, repair = store["account_sale"], store["repair"]
    for page, lines in ((f"/sales/{sale.id}/invoice", ("Phone case", "Replacement screen", "92.50", "80.00")),
                        (f"/repairs/{repair.id}/invoice-a4", ("Replacement screen", "labour", "20.00", "100.00"))):
        html = client.get(page)
        assert html.status_code == 200, page
        text = html.text
        assert "css/invoice.css" in text and "Invoice" in text
        assert "Ana Silva" in text and "Rua das Flores 12\n1200-195 Lisboa" in text, page
        assert "Tax id: PT 123456789" in text, page
        for shown in lines:
            assert shown in text, (page, shown)
        for pdf_path in (page + ".pdf", page + "?format=pdf"):
            assert page_sizes(_pdf(client, pdf_path)) == [pytest.approx(A4, abs=0.01)], pdf_path
    sale_invoice = client.get(f"/sales/{sale.id}/invoice").text
    assert "Paid: On account" in sale_invoice and "Paid: Card" in sale_invoice
    assert "Phone X" in client.get(f"/repairs/{repair.id}/invoice-a4").text  # the equipment


def test_each_receipt_prints_what_its_document_holds(client: TestClient, store: dict[str, Any]) -> None:
    _sign_in(client, "rita")  # a colleague reprints: the names are those of who did it
    receipts = _receipts(store)
    sale = client.get(receipts["sale"]).text
    assert "Cash tendered" in sale and "40.00" in sale and "Change" in sale and "15.00" in sale
    assert "Customer:" not in sale  # sold to no one
    on_account = client.get(f"/sales/{store['account_sale'].id}/receipt").text
    assert "Customer: Ana Silva" in on_account

    payment = client.get(receipts["payment"]).text
    taken = store["payment"].created_at  # written as en_US writes a moment (CLDR): "1/31/2026, 3:04 PM"
    for shown in ("PAYMENT ON ACCOUNT", "Customer: Ana Silva", "30.00", "Card", "Balance after", "50.00",
                  "Taken by: Sam Seller", f"{taken:%-m/%-d/%Y}, {taken:%-I:%M}\u202f{taken:%p} UTC"):
        assert shown in payment, shown

    slip = client.get(receipts["pay-out"])
    assert slip.status_code == 403  # rita may not see sam's drawer
    _sign_in(client, "boss")
    slip_text = client.get(receipts["pay-out"]).text
    for shown in ("PAY-OUT", "Courier", "-5.00", "By: Sam Seller", f"cash session {store['session'].id}"):
        assert shown in slip_text, shown

    invoice = client.get(receipts["repair delivery"]).text
    # The labour line (the older price input's "Repair") is printed with its kind, as a part with its SKU.
    for shown in ("INVOICE", "Customer: Ana Silva", "Rua das Flores 12", "Replacement screen", "labour", "100.00",
                  "Cash", "Phone X", "IMEI-1"):
        assert shown in invoice, shown


def test_receipts_are_linked_from_their_documents(client: TestClient, store: dict[str, Any]) -> None:
    _sign_in(client, "sam")
    ana, receipts = store["ana"], _receipts(store)
    account_sale = client.get(f"/sales/{store['account_sale'].id}").text
    assert f'href="/sales/{store["account_sale"].id}/invoice"' in account_sale
    assert "/invoice" not in client.get(f"/sales/{store['cash_sale'].id}").text  # no account: no invoice
    assert f'href="{receipts["payment"]}"' in client.get(f"/customers/{ana.id}").text  # its statement line
    assert f'href="{receipts["repair delivery"]}"' in client.get(f"/repairs/{store['repair'].id}").text
    assert "/invoice" not in client.get(f"/repairs/{store['open_repair'].id}").text
    assert f'href="{receipts["pay-out"]}"' in client.get("/cash").text

    page = client.get(f"/customers/{ana.id}").text
    paid = client.post(f"/customers/{ana.id}/payments", data={"csrf_token": csrf_from(page), "amount": "5.00",
                                                               "method": "cash"}, follow_redirects=False)
    assert paid.status_code == 303
    after = client.get(paid.headers["location"]).text
    new_receipt = re.search(r'id="paid-receipt" href="([^"]+)"|href="([^"]+)"[^>]*id="paid-receipt"', after)
    assert new_receipt, "the customer's page offers the new payment's receipt"
    assert "5.00" in client.get(new_receipt.group(1) or new_receipt.group(2)).text

    drawer = client.get("/cash").text
    moved = client.post("/cash/movements", data={"csrf_token": csrf_from(drawer), "type": "pay_in",
                                                  "amount": "20.00", "reason": "Change from the bank"},
                        follow_redirects=False)
    assert moved.status_code == 303
    slip_link = re.search(r'id="new-slip" href="([^"]+)"', client.get(moved.headers["location"]).text)
    assert slip_link, "the drawer offers the new pay-in's slip"
    slip = client.get(slip_link.group(1)).text
    assert "PAY-IN" in slip and "Change from the bank" in slip and "20.00" in slip


def test_unknown_or_mismatched_documents_are_not_found(client: TestClient, store: dict[str, Any]) -> None:
    _sign_in(client, "boss")
    ana, bruno, session = store["ana"], store["bruno"], store["session"]
    payment, charge = store["payment"].id, store["charge_id"]
    for path in (
        "/sales/999999/receipt", "/sales/999999/invoice", "/sales/999999/invoice.pdf",
        f"/sales/{store['cash_sale'].id}/invoice",  # not sold on account
        f"/sales/{store['cash_sale'].id}/invoice.pdf",
        f"/customers/{ana.id}/payments/999999/receipt",
        f"/customers/{ana.id}/payments/{charge}/receipt",  # a charge, not a payment
        f"/customers/{bruno.id}/payments/{payment}/receipt",  # Ana's payment
        f"/customers/{bruno.id}/payments/{payment}/receipt.pdf",
        f"/customers/999999/payments/{payment}/receipt",
        f"/cash/{session.id}/movements/999999/receipt",
        f"/cash/999999/movements/{store['pay_out'].id}/receipt",
        "/repairs/999999/invoice", "/repairs/999999/invoice-a4.pdf",
        f"/repairs/{store['open_repair'].id}/invoice",  # not delivered yet
        f"/repairs/{store['open_repair'].id}/invoice.pdf",
        f"/repairs/{store['open_repair'].id}/invoice-a4",
    ):
        assert client.get(path).status_code == 404, path


def test_a_pay_out_slip_is_for_whom_may_see_its_drawer(client: TestClient, container: Container,
                                                       store: dict[str, Any]) -> None:
    slip = _receipts(store)["pay-out"]
    anonymous = client.get(slip, follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login?next=")
    rita_session = container.cash.open_session()(store["rita"], OpenDrawer(Decimal("0.00")))
    _sign_in(client, "rita")
    for path in (slip, slip + ".pdf", slip + "?format=pdf"):
        assert client.get(path).status_code == 403, path
    # Sam's pay-out under rita's own session: not one of its movements.
    assert client.get(f"/cash/{rita_session.id}/movements/{store['pay_out'].id}/receipt").status_code == 404
    for username in ("sam", "boss"):
        _sign_in(client, username)
        assert client.get(slip).status_code == 200, username
    client.cookies.clear()
    for path in _receipts(store).values():
        assert client.get(path, follow_redirects=False).status_code == 303, path
