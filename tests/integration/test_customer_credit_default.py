"""TECHSTORE_DEFAULT_CREDIT_LIMIT on the pages: the new-customer form shows the store's default limit to keep
or change (emptied: no limit), and a customer registered at repair intake, where no limit is asked, gets it."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import attrs
import pytest
from dependency_injector import providers
from starlette.testclient import TestClient

from techstore.application.shared.pages import PageRequest
from techstore.container import Container
from techstore.domain.customers.customers import search_term
from techstore.domain.identity.users import Role
from techstore.entrypoints.app import create_app
from tests.integration.test_web_session import csrf_from

pytestmark = pytest.mark.adapters("sqlite")
PASSWORD = "credit-default-password-1"


@pytest.fixture
def shop(container: Container) -> Iterator[TestClient]:
    """A store as shipped: new customers get a limit of 0."""
    container.settings.override(providers.Object(attrs.evolve(container.settings(),
                                                              default_credit_limit=Decimal("0.00"))))
    container.customers.register_customer.reset()
    container.identity.provision_user()("sam", PASSWORD, role=Role.STAFF, full_name="Sam Seller")
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        token = csrf_from(client.get("/login").text)
        client.post("/login", data={"username": "sam", "password": PASSWORD, "csrf_token": token})
        yield client


def _limit_of(container: Container, name: str) -> Decimal | None:
    with container.adapters.uow(read_only=True) as uow:
        page = uow.customers.search(search_term(name), PageRequest())
    [customer] = page.items
    return customer.credit_limit  # type: ignore[no-any-return]


def test_the_new_customer_form_offers_the_default_and_an_emptied_field_means_no_limit(
        shop: TestClient, container: Container) -> None:
    form = shop.get("/customers/new").text
    assert 'name="credit_limit"' in form and 'value="0.00"' in form
    token = csrf_from(form)
    shop.post("/customers/new", data={"csrf_token": token, "name": "Kept Default", "phone": "911000001",
                                      "credit_limit": "0.00"})
    shop.post("/customers/new", data={"csrf_token": token, "name": "No Limit", "phone": "911000002",
                                      "credit_limit": ""})
    assert _limit_of(container, "Kept Default") == Decimal("0.00")
    assert _limit_of(container, "No Limit") is None


def test_a_customer_registered_at_repair_intake_gets_the_default(shop: TestClient, container: Container) -> None:
    token = csrf_from(shop.get("/repairs/new").text)
    taken = shop.post("/repairs/new", data={"csrf_token": token, "new_name": "Rui Intake", "new_phone": "912000003",
                                            "equipment": "Phone", "reported_problem": "Screen"})
    assert taken.status_code == 200, taken.text
    assert _limit_of(container, "Rui Intake") == Decimal("0.00")
