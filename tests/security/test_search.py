"""SQL metacharacters in every search box are text: no error, and no match that the words typed do
not literally appear in (a ``%`` finds only names holding a ``%``). On every adapter set, through the
API's ``q`` (the sales list's finds sales by their customer's name) and the pages' search boxes and lookups."""

from __future__ import annotations

from typing import Any

from markupsafe import escape
from starlette.testclient import TestClient

from techstore.container import Container
from techstore.domain.identity.users import Role
from tests.security.harness import csrf_from

PASSWORD = "search-password-1"
NAMES = ["Cable plain", "Sale 50% off", "under_score adapter", "back\\slash hub", "O'Brien's charger",
         'Quoted "DROP TABLE" mouse']
QUERIES = ["' OR 1=1 --", "%", "_", "\\", '"; DROP TABLE products; --', "'", "%_", "' OR '1'='1", "DROP TABLE",
           "50%", "\\%", "[a-z]", "*"]


def _matching(query: str) -> set[str]:
    return {name for name in NAMES if query.strip().lower() in name.lower()}


def _seed(client: TestClient, container: Container) -> dict[str, str]:
    container.identity.provision_user()("searcher", PASSWORD, role=Role.ADMIN)
    pair = client.post("/api/v1/auth/token", json={"username": "searcher", "password": PASSWORD}).json()
    auth = {"Authorization": f"Bearer {pair['access_token']}"}
    for number, name in enumerate(NAMES):
        product = client.post("/api/v1/products", headers=auth, json={"sku": f"M{number}", "name": name,
                                                                       "price": "1.00", "stock": 5})
        assert product.status_code == 201, product.text
        customer = client.post("/api/v1/customers", headers=auth, json={
            "name": name, "email": f"c{number}@example.com", "phone": f"+1 555 02{number + 2}0"})
        assert customer.status_code == 201, customer.text
        repair = client.post("/api/v1/repairs", headers=auth, json={
            "customer_id": customer.json()["id"], "equipment": "Phone", "reported_problem": "Screen"})
        assert repair.status_code == 201, repair.text
        sale = client.post("/api/v1/sales", headers=auth, json={
            "customer_id": customer.json()["id"], "items": [{"product_id": product.json()["id"], "quantity": 1}],
            "payments": [{"method": "card", "amount": "1.00"}]})
        assert sale.status_code == 201, sale.text
    return auth


def _names(client: TestClient, auth: dict[str, str], path: str, query: str) -> set[str]:
    answer = client.get(path, params={"q": query, "limit": 200}, headers=auth)
    assert answer.status_code == 200, f"{path} q={query!r}: {answer.status_code} {answer.text[:200]}"
    items: list[dict[str, Any]] = answer.json()["items"]
    if path.endswith(("/repairs", "/sales")):  # the customer's name, for a repair or a sale
        everyone = client.get("/api/v1/customers?limit=200", headers=auth).json()["items"]
        customers = {c["id"]: c["name"] for c in everyone}
        return {customers[item["customer_id"]] for item in items}
    return {item["name"] for item in items}


def test_metacharacters_are_text_in_every_search(client: TestClient, container: Container) -> None:
    auth = _seed(client, container)
    for query in QUERIES:
        for path in ("/api/v1/products", "/api/v1/customers", "/api/v1/repairs", "/api/v1/sales"):
            assert _names(client, auth, path, query) == _matching(query), f"{path} q={query!r}"

    token = csrf_from(client.get("/login").text)
    client.post("/login", data={"username": "searcher", "password": PASSWORD, "csrf_token": token})
    pages = [("/products", "q"), ("/customers", "q"), ("/repairs", "q"), ("/sales/new/products", "code"),
             ("/sales/new/customers", "customer_q"), ("/repairs/new", "customer_q"), ("/sales", "number"),
             ("/sales", "q")]
    for query in QUERIES:
        for path, parameter in pages:
            answer = client.get(path, params={parameter: query})
            assert answer.status_code == 200, f"{path} {parameter}={query!r}: {answer.status_code}"
            if path in ("/products", "/customers", "/sales/new/customers", "/sales/new/products"):
                shown = {name for name in NAMES if str(escape(name)) in answer.text}
                assert shown == _matching(query), f"{path} {parameter}={query!r}"
    # And nothing was dropped.
    assert len(client.get("/api/v1/products?limit=200", headers=auth).json()["items"]) == len(NAMES)
