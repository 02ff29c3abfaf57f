"""Tax rates over HTTP (API.md, "Tax rates"), and the rate categories and products name: status codes, the
exact JSON, the OpenAPI document's statement of it, and the default moved under concurrency."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from starlette.testclient import TestClient

from techstore.application.catalog.commands import NewProduct
from techstore.application.taxes.commands import NewTaxRate, TaxRateChanges
from techstore.container import Container
from techstore.domain.identity.users import Role
from techstore.domain.shared.errors import Conflict
from techstore.domain.taxes.rates import PERCENT_OUT_PATTERN, PERCENT_PATTERN
from tests.integration.test_concurrency_identity import run_together

API = "/api/v1"
PASSWORD = "tax-rates-password-1"


@pytest.fixture
def heads(container: Container, client: TestClient) -> dict[str, dict[str, str]]:
    """The bearer headers of an admin, a staff member and a manager (who keeps the catalogue)."""
    found = {}
    for name, role in (("boss", Role.ADMIN), ("clerk", Role.STAFF), ("chief", Role.MANAGER)):
        container.identity.provision_user()(name, PASSWORD, role=role)
        token = client.post(f"{API}/auth/token", json={"username": name, "password": PASSWORD}).json()
        found[name] = {"Authorization": f"Bearer {token['access_token']}"}
    return found


def _rates(client: TestClient, heads: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    answer = client.get(f"{API}/tax-rates", headers=heads["clerk"])
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def _errors(answer: Any) -> list[str]:
    return [e["field"] for e in answer.json().get("errors", [])]


def test_a_store_starts_with_the_default_rate_and_anyone_signed_in_lists_them(
        client: TestClient, heads: dict[str, dict[str, str]]) -> None:
    answer = client.get(f"{API}/tax-rates", headers=heads["clerk"])
    assert answer.json() == {"items": [{"id": 1, "name": "Sales tax", "percent": "0.000", "is_default": True,
                                        "is_active": True}], "total": 1, "limit": 50, "offset": 0}
    assert client.get(f"{API}/tax-rates").status_code == 401


def test_creating_reading_and_moving_the_default(client: TestClient, heads: dict[str, dict[str, str]]) -> None:
    made = client.post(f"{API}/tax-rates", headers=heads["boss"],
                       json={"name": "  Standard ", "percent": "8.25", "is_default": True})
    assert made.status_code == 201, made.text
    rate = made.json()
    assert {k: v for k, v in rate.items() if k != "id"} == {"name": "Standard", "percent": "8.250",
                                                            "is_default": True, "is_active": True}
    assert made.headers["location"] == f"{API}/tax-rates/{rate['id']}"
    assert client.get(made.headers["location"], headers=heads["boss"]).json() == rate
    # A JSON number is read exactly too; the answer always has three decimals.
    reduced = client.post(f"{API}/tax-rates", headers=heads["boss"], json={"name": "Reduced", "percent": 6})
    assert reduced.status_code == 201 and reduced.json()["percent"] == "6.000"
    assert [(r["name"], r["is_default"]) for r in _rates(client, heads)] == [
        ("Reduced", False), ("Sales tax", False), ("Standard", True)]
    moved = client.patch(f"{API}/tax-rates/{reduced.json()['id']}", headers=heads["boss"],
                         json={"is_default": True, "percent": "6.125"})
    assert moved.status_code == 200 and moved.json()["percent"] == "6.125"
    assert [r["name"] for r in _rates(client, heads) if r["is_default"]] == ["Reduced"]


@pytest.mark.parametrize("name", ["Sales tax", "SALES TAX", "sales   tax"])
def test_a_name_taken_whatever_its_letter_case_is_409(client: TestClient, heads: dict[str, dict[str, str]],
                                                      name: str) -> None:
    answer = client.post(f"{API}/tax-rates", headers=heads["boss"], json={"name": name, "percent": "1"})
    assert answer.status_code == 409 and "already exists" in answer.json()["detail"], answer.text
    other = client.post(f"{API}/tax-rates", headers=heads["boss"], json={"name": "Other", "percent": "1"}).json()
    renamed = client.patch(f"{API}/tax-rates/{other['id']}", headers=heads["boss"], json={"name": name})
    assert renamed.status_code == 409 and "already exists" in renamed.json()["detail"]


@pytest.mark.parametrize("percent", ["8.2501", "100.001", "101", "-1", "8,25", "8.25%", "", " 8", "1e1",
                                     8.2501, -0.001, 101, True, None, [5]])
def test_a_bad_percent_is_422_naming_it(client: TestClient, heads: dict[str, dict[str, str]], percent: Any) -> None:
    answer = client.post(f"{API}/tax-rates", headers=heads["boss"], json={"name": "Odd", "percent": percent})
    assert answer.status_code == 422 and "percent" in _errors(answer), answer.text
    assert [r["name"] for r in _rates(client, heads)] == ["Sales tax"]


@pytest.mark.parametrize("name", ["", "   ", "x" * 61, "tab\there"])
def test_a_bad_name_is_422_naming_it(client: TestClient, heads: dict[str, dict[str, str]], name: str) -> None:
    answer = client.post(f"{API}/tax-rates", headers=heads["boss"], json={"name": name, "percent": "1"})
    assert answer.status_code == 422 and _errors(answer) == ["name"], answer.text


def test_staff_may_not_manage_rates(client: TestClient, heads: dict[str, dict[str, str]]) -> None:
    staff = heads["clerk"]
    assert client.post(f"{API}/tax-rates", headers=staff, json={"name": "Mine", "percent": "1"}).status_code == 403
    assert client.get(f"{API}/tax-rates/1", headers=staff).status_code == 403
    assert client.patch(f"{API}/tax-rates/1", headers=staff, json={"percent": "50"}).status_code == 403
    assert client.delete(f"{API}/tax-rates/1", headers=staff).status_code == 403
    assert _rates(client, heads)[0]["percent"] == "0.000"


def test_the_default_stays_active_and_the_default_and_is_not_deleted(
        client: TestClient, heads: dict[str, dict[str, str]]) -> None:
    boss = heads["boss"]
    for change in ({"is_default": False}, {"is_active": False}):
        answer = client.patch(f"{API}/tax-rates/1", headers=boss, json=change)
        assert answer.status_code == 409, answer.text
        assert "make another rate the default first" in answer.json()["detail"]
    deleted = client.delete(f"{API}/tax-rates/1", headers=boss)
    assert deleted.status_code == 409 and "make another rate the default first" in deleted.json()["detail"]
    assert _rates(client, heads) == [{"id": 1, "name": "Sales tax", "percent": "0.000", "is_default": True,
                                      "is_active": True}]
    assert client.get(f"{API}/tax-rates/999", headers=boss).status_code == 404
    assert client.delete(f"{API}/tax-rates/999", headers=boss).status_code == 404


def test_a_rate_in_use_is_deactivated_not_deleted(client: TestClient, heads: dict[str, dict[str, str]]) -> None:
    boss = heads["boss"]
    rate = client.post(f"{API}/tax-rates", headers=boss, json={"name": "Reduced", "percent": "6"}).json()
    product = client.post(f"{API}/products", headers=heads["chief"],
                          json={"sku": "BOOK-1", "name": "Book", "price": "10.00", "tax_rate_id": rate["id"]})
    assert product.status_code == 201 and product.json()["tax_rate_id"] == rate["id"], product.text
    refused = client.delete(f"{API}/tax-rates/{rate['id']}", headers=boss)
    assert refused.status_code == 409 and "deactivate it instead" in refused.json()["detail"]
    assert "1 product" in refused.json()["detail"]
    deactivated = client.patch(f"{API}/tax-rates/{rate['id']}", headers=boss, json={"is_active": False})
    assert deactivated.status_code == 200 and deactivated.json()["is_active"] is False
    # Once nothing names it, it goes: 204, and then 404.
    cleared = client.patch(f"{API}/products/{product.json()['id']}", headers=heads["chief"], json={"tax_rate_id": None})
    assert cleared.status_code == 200 and cleared.json()["tax_rate_id"] is None
    gone = client.delete(f"{API}/tax-rates/{rate['id']}", headers=boss)
    assert gone.status_code == 204 and gone.content == b""
    assert client.get(f"{API}/tax-rates/{rate['id']}", headers=boss).status_code == 404


def test_categories_and_products_name_a_rate(client: TestClient, heads: dict[str, dict[str, str]]) -> None:
    clerk, boss = heads["chief"], heads["boss"]  # the catalogue is a manager's
    rate = client.post(f"{API}/tax-rates", headers=boss, json={"name": "Reduced", "percent": "6"}).json()
    category = client.post(f"{API}/categories", headers=clerk, json={"name": "Books", "tax_rate_id": rate["id"]})
    assert category.status_code == 201 and category.json()["tax_rate_id"] == rate["id"], category.text
    path = f"{API}/categories/{category.json()['id']}"
    # A PATCH that leaves tax_rate_id out keeps it; null puts the category back on the default.
    assert client.patch(path, headers=clerk, json={"name": "Books & more"}).json()["tax_rate_id"] == rate["id"]
    assert client.patch(path, headers=clerk, json={"tax_rate_id": None}).json()["tax_rate_id"] is None
    plain = client.post(f"{API}/products", headers=clerk, json={"sku": "P-1", "name": "P", "price": "1.00"})
    assert plain.json()["tax_rate_id"] is None
    # A deactivated rate, or one that does not exist, cannot be newly named: 409 on tax_rate_id.
    client.patch(f"{API}/tax-rates/{rate['id']}", headers=boss, json={"is_active": False})
    for rate_id in (rate["id"], 999):
        for answer in (
            client.patch(path, headers=clerk, json={"tax_rate_id": rate_id}),
            client.patch(f"{API}/products/{plain.json()['id']}", headers=clerk, json={"tax_rate_id": rate_id}),
            client.post(f"{API}/products", headers=clerk,
                        json={"sku": "P-2", "name": "P", "price": "1.00", "tax_rate_id": rate_id}),
        ):
            assert answer.status_code == 409, answer.text
            assert "inactive" in answer.json()["detail"] or "no tax rate 999" in answer.json()["detail"]
    assert client.post(f"{API}/categories", headers=clerk, json={"name": "X", "tax_rate_id": 0}).status_code == 422


def test_the_openapi_document_states_the_rules(client: TestClient) -> None:
    schemas = client.get(f"{API}/openapi.json").json()["components"]["schemas"]
    assert schemas["TaxRateOut"]["properties"]["percent"]["pattern"] == PERCENT_OUT_PATTERN
    percent_in = schemas["NewTaxRate"]["properties"]["percent"]["anyOf"]
    assert {"type": "string", "pattern": PERCENT_PATTERN} in percent_in
    assert {"type": "number", "minimum": 0, "maximum": 100, "multipleOf": 0.001} in percent_in
    assert schemas["NewTaxRate"]["properties"]["name"]["maxLength"] == 60
    assert set(schemas["NewTaxRate"]["required"]) == {"name", "percent"}
    for name in ("CategoryOut", "ProductOut", "NewCategory", "CategoryChanges", "NewProduct", "ProductChanges"):
        assert "tax_rate_id" in schemas[name]["properties"], name
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    assert set(paths["/api/v1/tax-rates"]) >= {"get", "post"}
    assert set(paths["/api/v1/tax-rates/{rate_id}"]) >= {"get", "patch", "delete"}


@pytest.mark.timeout(120)
@pytest.mark.adapters("sqlite", "postgres")
def test_concurrent_moves_of_the_default_leave_exactly_one(container: Container) -> None:
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    taxes = container.taxes
    ids = [taxes.create_tax_rate()(boss, NewTaxRate(f"Rate {n}", Decimal(0))).id for n in range(6)]
    for round_ in range(3):
        calls = [partial(taxes.update_tax_rate(), boss, rate_id, TaxRateChanges(is_default=True)) for rate_id in ids]
        calls += [partial(taxes.create_tax_rate(), boss, NewTaxRate(f"New {n} {round_}", Decimal(1), is_default=True))
                  for n in range(3)]
        outcomes = run_together(calls)
        assert [o for o in outcomes if isinstance(o, Exception)] == []
        with container.adapters.uow(read_only=True) as uow:
            assert sum(1 for r in uow.tax_rates.all() if r.is_default) == 1
    # A deletion racing an assignment: the product names the rate, or the rate is gone; never both.
    doomed = taxes.create_tax_rate()(boss, NewTaxRate("Doomed", Decimal(1))).id
    outcomes = run_together([partial(taxes.delete_tax_rate(), boss, doomed),
                             partial(container.catalog.create_product(), boss,
                                     NewProduct(sku="RACE", name="Race", price=Decimal(1), tax_rate_id=doomed))])
    assert all(isinstance(o, Conflict) for o in outcomes if isinstance(o, Exception)), outcomes
    assert sum(isinstance(o, Exception) for o in outcomes) == 1, outcomes
