"""The public tracking page and endpoint show status, equipment and dates, and nothing personal:
no customer name, phone, email, address or notes, no repair notes, diagnosis, serial, accessories or staff
name, in the body or in any header; at any status. The price shows only as the quote, while the repair awaits
the customer's approval."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.security.harness import App, bearer

SECRETS = {
    "name": "Zelda Quixote-Marlowe", "phone": "+1 555 0177", "phone digits": "5550177",
    "email": "zelda.quixote@example.org", "address": "42 Hidden Lane, Smalltown", "customer notes": "VIP-note-kumquat",
    "price": "987.65", "repair notes": "internal-note-xyzzy", "diagnosis": "diagnosis-plugh",
    "serial": "IMEI356938035643809",
    "accessories": "charger-and-case-frobozz", "problem": "problem-zorkmid", "staff": "The Boss", "staff login": "boss",
}
PUBLIC_FIELDS = {"number", "equipment", "status", "promised_date", "updated_at", "quote"}


def _leaks(answer: object, where: str) -> list[str]:
    text = answer.text  # type: ignore[attr-defined]
    headers = "\n".join(f"{k}: {v}" for k, v in answer.headers.items())  # type: ignore[attr-defined]
    return [f"{where}: {label}" for label, value in SECRETS.items() if value in text or value in headers]


def test_tracking_shows_nothing_personal_at_any_status(app: App) -> None:
    auth = bearer(app)
    client = app.client
    customer = client.post("/api/v1/customers", headers=auth, json={
        "name": SECRETS["name"], "phone": SECRETS["phone"], "email": SECRETS["email"], "address": SECRETS["address"],
        "notes": SECRETS["customer notes"]}).json()
    repair = client.post("/api/v1/repairs", headers=auth, json={
        "customer_id": customer["id"], "equipment": "Pixel 8 Pro", "reported_problem": SECRETS["problem"],
        "serial_number": SECRETS["serial"], "accessories": SECRETS["accessories"], "price": SECRETS["price"],
        "promised_date": "2030-02-01", "notes": SECRETS["repair notes"]}).json()
    code = repair["tracking_code"]
    anonymous = TestClient(client.app, raise_server_exceptions=False)
    leaks: list[str] = []
    for step in (None, {"diagnosis": SECRETS["diagnosis"]}, "diagnosing", "awaiting_approval", "ready", "deliver"):
        if isinstance(step, dict):
            client.patch(f"/api/v1/repairs/{repair['id']}", headers=auth, json=step)
        elif step == "deliver":
            delivered = client.post(f"/api/v1/repairs/{repair['id']}/deliver", headers=auth,
                                    json={"payments": [{"method": "card", "amount": SECRETS["price"]}]})
            assert delivered.status_code == 200, delivered.text
        elif step:
            moved = client.post(f"/api/v1/repairs/{repair['id']}/transitions", headers=auth, json={"to": step})
            assert moved.status_code == 200, moved.text
        endpoint = anonymous.get(f"/api/v1/public/repairs/{code}")
        page = anonymous.get(f"/track/{code}")
        assert endpoint.status_code == page.status_code == 200
        assert set(endpoint.json()) <= PUBLIC_FIELDS, set(endpoint.json()) - PUBLIC_FIELDS
        assert "Pixel 8 Pro" in page.text and endpoint.json()["equipment"] == "Pixel 8 Pro"
        quote = endpoint.json()["quote"]
        if step == "awaiting_approval":  # the quote: its lines' descriptions and totals, and the total only
            assert quote == {"lines": [{"description": "Repair", "line_total": SECRETS["price"]}],
                             "total": SECRETS["price"]}, quote
        else:
            assert quote is None, (step, quote)
        found = _leaks(endpoint, f"endpoint at {step}") + _leaks(page, f"page at {step}")
        leaks += [leak for leak in found if not (step == "awaiting_approval" and leak.endswith(": price"))]
    assert leaks == []
    # Signed in, the tracking page shows no more than to anyone.
    signed_in = client.get(f"/track/{code}", headers=auth)
    assert _leaks(signed_in, "page with a bearer token") == []
