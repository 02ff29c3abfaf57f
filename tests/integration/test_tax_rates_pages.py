"""The tax rates page (admin) without JavaScript, and the choice of rate on the category and product forms:
refusals shown beside the field or the rate, deletion after a confirmation, only active rates offered (and the
one a product already has)."""

from __future__ import annotations

import html as html_text
import re
from decimal import Decimal
from typing import Any

import pytest
from starlette.testclient import TestClient

from techstore.application.catalog.commands import NewCategory, NewProduct
from techstore.application.taxes.commands import NewTaxRate, TaxRateChanges
from techstore.container import Container
from techstore.domain.identity.users import Role
from tests.integration.test_web_session import csrf_from

pytestmark = pytest.mark.adapters("sqlite")
PASSWORD = "tax-pages-password-1"


@pytest.fixture
def boss(container: Container) -> Any:
    container.identity.provision_user()("clerk", PASSWORD, role=Role.STAFF)
    container.identity.provision_user()("chief", PASSWORD, role=Role.MANAGER)  # keeps the catalogue
    return container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN, full_name="Bo Boss")


def _sign_in(client: TestClient, username: str) -> None:
    token = csrf_from(client.get("/login").text)
    client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})


def _post(client: TestClient, path: str, data: dict[str, str], page: str = "/tax-rates") -> Any:
    return client.post(path, data={"csrf_token": csrf_from(client.get(page).text), **data}, follow_redirects=False)


def _field_error(html: str, field: str) -> str:
    found = re.search(rf'<p id="{field}-error" class="field-error">([^<]*)</p>', html)
    assert found, f"no message beside {field}"
    return found.group(1)


def test_adding_a_rate_and_refusals_beside_the_fields(client: TestClient, boss: Any) -> None:
    _sign_in(client, "boss")
    page = client.get("/tax-rates")
    assert page.status_code == 200 and "Sales tax" in page.text and "0%" in page.text
    added = _post(client, "/tax-rates", {"name": "Reduced", "percent": "6.5", "is_active": "true"})
    assert added.status_code == 303 and added.headers["location"] == "/tax-rates?done=created"
    listed = client.get("/tax-rates?done=created").text
    assert "The tax rate was created." in listed and "Reduced" in listed and "6.5%" in listed
    bad = _post(client, "/tax-rates", {"name": "Odd", "percent": "8.2501", "is_active": "true"})
    assert bad.status_code == 422 and "three decimals" in _field_error(bad.text, "percent")
    assert 'value="Odd"' in bad.text  # what was typed stays
    taken = _post(client, "/tax-rates", {"name": "reduced", "percent": "1", "is_active": "true"})
    assert taken.status_code == 409 and "already exists" in _field_error(taken.text, "name")
    # Without a CSRF token, nothing.
    assert client.post("/tax-rates", data={"name": "X", "percent": "1"}).status_code == 403


def test_editing_a_rate_and_the_default_refused_beside_the_field(client: TestClient, boss: Any,
                                                                 container: Container) -> None:
    _sign_in(client, "boss")
    form = client.get("/tax-rates/1")
    assert form.status_code == 200 and 'value="Sales tax"' in form.text and 'value="0"' in form.text
    # The default's box unticked: refused beside it, with the way out.
    refused = _post(client, "/tax-rates/1", {"name": "Sales tax", "percent": "8.25", "is_active": "true"},
                    page="/tax-rates/1")
    assert refused.status_code == 409
    assert "make another rate the default first" in _field_error(refused.text, "is_default")
    saved = _post(client, "/tax-rates/1", {"name": "Sales tax", "percent": "8.25", "is_default": "true",
                                           "is_active": "true"}, page="/tax-rates/1")
    assert saved.status_code == 303
    with container.adapters.uow(read_only=True) as uow:
        assert uow.tax_rates.default().percent == Decimal("8.250")
    required = _post(client, "/tax-rates/1", {"name": "", "percent": "", "is_default": "true", "is_active": "true"},
                     page="/tax-rates/1")
    assert required.status_code == 422 and _field_error(required.text, "percent") == "Is required"


def test_deactivating_and_deleting_after_a_confirmation(client: TestClient, boss: Any, container: Container) -> None:
    rate = container.taxes.create_tax_rate()(boss, NewTaxRate("Reduced", Decimal(6)))
    product = container.catalog.create_product()(boss, NewProduct(sku="BOOK-1", name="Book", price=Decimal(10),
                                                                  tax_rate_id=rate.id))
    _sign_in(client, "boss")
    listed = client.get("/tax-rates").text
    # The default has neither a deactivate nor a delete button; the others have both.
    assert 'aria-label="Delete Sales tax"' not in listed and 'aria-label="Deactivate Sales tax"' not in listed
    assert f'href="/tax-rates/{rate.id}/delete"' in listed
    asked = client.get(f"/tax-rates/{rate.id}/delete")
    assert asked.status_code == 200 and "Delete Reduced?" in asked.text
    unconfirmed = _post(client, f"/tax-rates/{rate.id}/delete", {})
    assert unconfirmed.status_code == 303 and unconfirmed.headers["location"] == f"/tax-rates/{rate.id}/delete"
    in_use = _post(client, f"/tax-rates/{rate.id}/delete", {"confirm": "yes"})
    assert in_use.status_code == 409 and "deactivate it instead" in in_use.text
    deactivated = _post(client, f"/tax-rates/{rate.id}/active", {"is_active": "false"})
    assert deactivated.status_code == 303 and deactivated.headers["location"] == "/tax-rates?done=deactivated"
    assert 'aria-label="Reactivate Reduced"' in client.get("/tax-rates").text
    default_off = _post(client, "/tax-rates/1/active", {"is_active": "false"})
    assert default_off.status_code == 409 and "make another rate the default first" in default_off.text
    container.catalog.delete_product()(boss, product.id)
    deleted = _post(client, f"/tax-rates/{rate.id}/delete", {"confirm": "yes"})
    assert deleted.status_code == 303 and deleted.headers["location"] == "/tax-rates?done=deleted"
    assert client.get(f"/tax-rates/{rate.id}").status_code == 404


def test_staff_are_refused_the_page(client: TestClient, boss: Any) -> None:
    _sign_in(client, "clerk")
    assert client.get("/tax-rates").status_code == 403
    assert 'href="/tax-rates"' not in client.get("/").text  # nor shown the link


def _options(html: str, select_id: str) -> list[tuple[str, str, bool]]:
    select = re.search(rf'<select id="{select_id}".*?</select>', html, re.S)
    assert select, f"no select {select_id}"
    return [(value, html_text.unescape(label), bool(selected)) for value, selected, label in
            re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select.group(0))]


def test_the_forms_offer_active_rates_and_the_one_already_chosen(client: TestClient, boss: Any,
                                                                 container: Container) -> None:
    taxes, catalog = container.taxes, container.catalog
    reduced = taxes.create_tax_rate()(boss, NewTaxRate("Reduced", Decimal(6)))
    old = taxes.create_tax_rate()(boss, NewTaxRate("Old", Decimal(5)))
    books = catalog.create_category()(boss, NewCategory("Books", tax_rate_id=old.id))
    product = catalog.create_product()(boss, NewProduct(sku="BOOK-1", name="Book", price=Decimal(10),
                                                        tax_rate_id=old.id))
    taxes.update_tax_rate()(boss, old.id, TaxRateChanges(is_active=False))
    _sign_in(client, "chief")
    new_form = client.get("/products/new").text
    assert _options(new_form, "tax_rate_id") == [
        ("", "The category's rate, else the default: Sales tax (0%)", True), (str(reduced.id), "Reduced (6%)", False),
        ("1", "Sales tax (0%)", False)]
    edit_form = client.get(f"/products/{product.id}/edit").text
    assert (str(old.id), "Old (5%), inactive", True) in _options(edit_form, "tax_rate_id")
    # Saving the form unchanged keeps the inactive rate the product already has.
    token = csrf_from(edit_form)
    saved = client.post(f"/products/{product.id}/edit", follow_redirects=False, data={
        "csrf_token": token, "sku": "BOOK-1", "name": "Book, revised", "price": "10.00", "min_stock": "0",
        "is_active": "true", "tax_rate_id": str(old.id)})
    assert saved.status_code == 303, saved.text
    refused = client.post(f"/products/{product.id}/edit", data={
        "csrf_token": token, "sku": "BOOK-1", "name": "Book", "price": "10.00", "min_stock": "0",
        "is_active": "true", "tax_rate_id": "999"})
    assert refused.status_code == 409 and "no tax rate 999" in _field_error(refused.text, "tax_rate_id")
    categories = client.get("/categories").text
    assert _options(categories, "tax_rate_id")[0] == ("", "Default rate: Sales tax (0%)", True)
    assert (str(old.id), "Old (5%), inactive", True) in _options(categories, f"tax-rate-{books.id}")
    changed = client.post(f"/categories/{books.id}", follow_redirects=False, data={
        "csrf_token": csrf_from(categories), "name": "Books", "tax_rate_id": str(reduced.id)})
    assert changed.status_code == 303
    with container.adapters.uow(read_only=True) as uow:
        assert uow.categories.get(books.id).tax_rate_id == reduced.id
    back_to_default = client.post(f"/categories/{books.id}", follow_redirects=False, data={
        "csrf_token": csrf_from(categories), "name": "Books", "tax_rate_id": ""})
    assert back_to_default.status_code == 303
    with container.adapters.uow(read_only=True) as uow:
        assert uow.categories.get(books.id).tax_rate_id is None
    inactive = client.post(f"/categories/{books.id}", data={
        "csrf_token": csrf_from(categories), "name": "Books", "tax_rate_id": str(old.id)})
    assert inactive.status_code == 409 and "inactive" in inactive.text
