"""What a refused form shows back (the values typed, the messages naming them) is escaped: a payload
typed into a form, a CSV cell or a query string comes back as text, never as markup."""

from __future__ import annotations

from markupsafe import escape

from tests.security.harness import App, browser_session, csrf_from
from tests.security.seed import payload

PAYLOAD = payload("reflected")


def _shown_as_text(html: str, where: str) -> None:
    assert "<script>alert(" not in html and "<img src=x" not in html, f"{where} echoes markup"
    assert str(escape(PAYLOAD)) in html, f"{where} does not show what was typed"


def test_refused_forms_and_import_errors_echo_payloads_as_text(app: App) -> None:
    web = browser_session(app)
    token = csrf_from(web.get("/customers/new").text)
    refused = web.post("/customers/new", data={"name": PAYLOAD, "email": "not-an-email", "csrf_token": token})
    assert refused.status_code == 422
    _shown_as_text(refused.text, "the new-customer form")
    refused = web.post("/products/new", data={"sku": "OK-1", "name": PAYLOAD, "price": "abc", "csrf_token": token})
    assert refused.status_code == 422
    _shown_as_text(refused.text, "the new-product form")
    refused = web.post("/repairs/new", data={"customer_q": PAYLOAD, "equipment": PAYLOAD, "reported_problem": "",
                                             "csrf_token": token})
    assert refused.status_code == 422
    _shown_as_text(refused.text, "the intake form")
    csv = f"sku,name,category,price\nOK-2,Fine,{PAYLOAD.replace(chr(34), '')},1.00\n".encode()
    refused = web.post("/products/import", data={"csrf_token": token}, files={"file": ("p.csv", csv, "text/csv")})
    assert refused.status_code == 422
    assert "<script>alert(" not in refused.text and "&lt;script&gt;" in refused.text, "the import's row errors"

    anonymous = browser_session(app)
    anonymous.cookies.clear()
    login = csrf_from(anonymous.get("/login").text)
    refused = anonymous.post("/login", data={"username": PAYLOAD, "password": "wrong-password-1", "csrf_token": login})
    assert refused.status_code in (401, 422)
    assert "<script>alert(" not in refused.text and "<img src=x" not in refused.text, "the login form"
    # An API problem names the bad value only inside JSON, served as JSON.
    answer = app.client.post("/api/v1/auth/token", json={"username": PAYLOAD, "password": 1})
    assert answer.headers["content-type"] == "application/problem+json"
