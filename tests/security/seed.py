"""One of everything, through the public API, with a script payload in every free-text field.

Used by the browser's XSS walk (tests/e2e/test_xss.py) and by the HTTP-level checks here. Each field
gets its own payload, tagged with the field's name, so a page that shows it can be checked field by
field: the payload must appear as text, never as markup.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any, Protocol

import attrs


class Http(Protocol):
    def request(self, method: str, url: str, **kwargs: Any) -> Any: ...


def payload(tag: str) -> str:
    """A script element and an attribute break-out in one string (each alone would do)."""
    return f'<script>alert("{tag}")</script>"><img src=x onerror=alert("{tag}")>'


# The free-text fields, by tag: what a store's staff type and the pages show back.
FIELDS = {
    "user_full_name": "a user's full name",
    "customer_name": "a customer's name", "customer_address": "address", "customer_notes": "notes",
    "payment_description": "an account payment's description", "balance_reason": "an adjustment's reason",
    "category_name": "a category's name", "category_description": "its description",
    "product_name": "a product's name", "product_description": "its description",
    "stock_reason": "a stock adjustment's reason",
    "sale_notes": "a sale's notes", "void_reason": "a void's reason", "return_reason": "a return's reason",
    "repair_equipment": "equipment", "repair_problem": "reported problem", "repair_accessories": "accessories",
    "repair_diagnosis": "diagnosis", "repair_notes": "notes", "repair_move_note": "a status change's note",
    "cash_pay_in": "a pay-in's reason", "cash_pay_out": "a pay-out's reason", "cash_close_note": "closing note",
    "import_name": "an imported product's name", "import_description": "its description",
    "supplier_name": "a supplier's name", "supplier_contact": "its contact's name", "supplier_notes": "its notes",
    "order_notes": "a purchase order's notes",
}
# Tagged by number (x00, x01, ...): a category name holds at most 80 characters.
PAYLOADS = {tag: payload(f"x{number:02}") for number, tag in enumerate(FIELDS)}


SERIAL = "XSS-UNIT-1"  # the serialized product's unit in stock (``/units/{serial}``)


@attrs.frozen
class Seeded:
    ids: dict[str, int]
    tracking_code: str
    payloads: dict[str, str] = PAYLOADS
    serial: str = SERIAL


def _ok(response: Any, expected: int = 201) -> Any:
    assert response.status_code == expected, (response.status_code, response.text[:500])
    return response.json() if response.content else None


def seed(http: Http, admin: tuple[str, str]) -> Seeded:
    """Everything through the API as ``admin``; returns the ids every page path needs."""
    token = _ok(http.request("POST", "/api/v1/auth/token", json={"username": admin[0], "password": admin[1]}), 200)
    auth = {"Authorization": f"Bearer {token['access_token']}"}

    def post(path: str, body: Any, expected: int = 201, **kw: Any) -> Any:
        return _ok(http.request("POST", "/api/v1" + path, json=body, headers=auth, **kw), expected)

    def patch(path: str, body: Any) -> Any:
        return _ok(http.request("PATCH", "/api/v1" + path, json=body, headers=auth), 200)

    p = PAYLOADS
    user = post("/users", {"username": "xss.user", "full_name": p["user_full_name"], "role": "staff",
                           "password": "xss-user-password-1"})
    customer = post("/customers", {"name": p["customer_name"], "phone": "+1 555 0100",
                                   "email": "xss@example.com", "address": p["customer_address"],
                                   "notes": p["customer_notes"], "credit_limit": "1000.00"})
    category = post("/categories", {"name": p["category_name"], "description": p["category_description"]})
    product = post("/products", {"sku": "XSS-1", "name": p["product_name"], "description": p["product_description"],
                                 "category_id": category["id"], "price": "10.00", "cost": "4.00", "stock": 50,
                                 "min_stock": 60})  # low stock: it shows wherever low stock does
    post(f"/products/{product['id']}/stock-movements", {"type": "adjustment", "quantity": -1,
                                                        "reason": p["stock_reason"]})
    post("/products", {"sku": "XSS-SERIAL-1", "name": p["product_name"], "category_id": category["id"],
                       "price": "300.00", "stock": 1, "serial_kind": "serial", "warranty_months": 12,
                       "serials": [SERIAL]})
    rate = post("/tax-rates", {"name": "Seeded rate", "percent": "6"})  # its name's limit is below a payload's
    drawer = post("/cash-sessions", {"opening_float": "50.00"})
    post(f"/cash-sessions/{drawer['id']}/movements", {"type": "pay_in", "amount": "5.00", "reason": p["cash_pay_in"]})
    pay_out = post(f"/cash-sessions/{drawer['id']}/movements", {"type": "pay_out", "amount": "2.00",
                                                                 "reason": p["cash_pay_out"]})
    payment = post(f"/customers/{customer['id']}/payments", {"amount": "3.00", "method": "cash",
                                                             "description": p["payment_description"]})
    post(f"/customers/{customer['id']}/adjustments", {"amount": "7.00", "reason": p["balance_reason"]})
    line = [{"product_id": product["id"], "quantity": 2}]
    paid = [{"method": "cash", "amount": "10.00"}, {"method": "account", "amount": "10.00"}]
    sale = post("/sales", {"customer_id": customer["id"], "items": line, "notes": p["sale_notes"], "payments": paid})
    voided = post("/sales", {"customer_id": customer["id"], "items": [{"product_id": product["id"], "quantity": 1}],
                             "notes": p["sale_notes"], "payments": [{"method": "account", "amount": "10.00"}]})
    post(f"/sales/{voided['id']}/void", {"reason": p["void_reason"]}, expected=200)
    returned = post(f"/sales/{sale['id']}/returns", {"items": [{"product_id": product["id"], "quantity": 1}],
                                                     "refunds": [{"method": "cash", "amount": "10.00"}],
                                                     "reason": p["return_reason"]})
    repair = post("/repairs", {"customer_id": customer["id"], "equipment": p["repair_equipment"],
                               "reported_problem": p["repair_problem"], "accessories": p["repair_accessories"],
                               "serial_number": "SN-XSS-1", "notes": p["repair_notes"], "price": "30.00",
                               "promised_date": "2030-01-31"})
    patch(f"/repairs/{repair['id']}", {"diagnosis": p["repair_diagnosis"]})
    post(f"/repairs/{repair['id']}/transitions", {"to": "diagnosing", "note": p["repair_move_note"]}, expected=200)
    deposit = post(f"/repairs/{repair['id']}/deposits", {"payments": [{"method": "card", "amount": "5.00"}]})
    part_line = post(f"/repairs/{repair['id']}/lines", {"kind": "part", "product_id": product["id"], "quantity": 1})
    delivered = post("/repairs", {"customer_id": customer["id"], "equipment": p["repair_equipment"],
                                  "reported_problem": p["repair_problem"], "price": "25.00"})
    patch(f"/repairs/{delivered['id']}", {"diagnosis": p["repair_diagnosis"]})
    for to in ("diagnosing", "ready"):
        post(f"/repairs/{delivered['id']}/transitions", {"to": to}, expected=200)
    post(f"/repairs/{delivered['id']}/deliver", {"payments": [{"method": "card", "amount": "25.00"}]}, expected=200)
    rows = io.StringIO()
    writer = csv.writer(rows)
    writer.writerow(["sku", "name", "description", "category", "price", "stock"])
    writer.writerow(["XSS-IMPORT-1", p["import_name"], p["import_description"], p["category_name"], "5.00", "3"])
    imported = http.request("POST", "/api/v1/products/import", content=rows.getvalue().encode(),
                            headers={**auth, "Content-Type": "text/csv"})
    _ok(imported, 200)
    post(f"/cash-sessions/{drawer['id']}/close", {"counted_cash": "51.00", "note": p["cash_close_note"]},
         expected=200)
    products = http.request("GET", "/api/v1/products?q=XSS-IMPORT-1", headers=auth).json()["items"]
    supplier = post("/suppliers", {"name": p["supplier_name"], "contact_name": p["supplier_contact"],
                                   "email": "supplier@example.com", "notes": p["supplier_notes"]})
    order = post("/purchase-orders", {"supplier_id": supplier["id"], "notes": p["order_notes"],
                                      "lines": [{"product_id": product["id"], "quantity": 2, "unit_cost": "4.00"}]})
    post(f"/purchase-orders/{order['id']}/order", {}, expected=200)
    receipt = post(f"/purchase-orders/{order['id']}/receipts",
                   {"lines": [{"line_id": order["lines"][0]["id"], "quantity": 1}]})
    return Seeded(
        ids={"user_id": user["id"], "customer_id": customer["id"], "category_id": category["id"],
             "product_id": product["id"], "imported_product_id": products[0]["id"], "sale_id": sale["id"],
             "voided_sale_id": voided["id"], "return_id": returned["id"], "repair_id": repair["id"],
             "session_id": drawer["id"], "movement_id": payment["id"], "cash_movement_id": pay_out["id"],
             "delivered_repair_id": delivered["id"], "rate_id": rate["id"], "deposit_id": deposit["id"],
             "line_id": part_line["id"], "supplier_id": supplier["id"], "order_id": order["id"],
             "receipt_id": receipt["id"],
             # The delivered repair wrote messages as it moved: the outbox's first one is the quote's.
             "message_id": 1},
        tracking_code=repair["tracking_code"],
    )


def fill(template: str, seeded: Seeded) -> str:
    """A route's path with its parameters filled from the seeded ids (``{sale_id:id}`` -> ``1``);
    a parameter this cannot fill fails the test that walks the router, so new routes are noticed."""
    values = {**{k: str(v) for k, v in seeded.ids.items()}, "code": seeded.tracking_code, "serial": seeded.serial}

    def one(match: re.Match[str]) -> str:
        name = match.group(1).split(":")[0]
        assert name in values, f"cannot fill {{{name}}} in {template}: seed one in tests/security/seed.py"
        return values[name]

    return re.sub(r"{([^}]+)}", one, template)
