"""TECHSTORE_DEFAULT_CREDIT_LIMIT on the pages: the new-customer form shows an admin the store's default limit
to keep or change (emptied: no limit), and staff the limit they may not change; a customer registered at repair
intake, where no limit is asked, gets it."""

from __future__ import annotations

import re
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


def _signed_in(container: Container, role: Role) -> Iterator[TestClient]:
    """A store as shipped (new customers get a limit of 0), and a user of ``role`` signed in."""
    container.settings.override(providers.Object(attrs.evolve(container.settings(),
                                                              default_credit_limit=Decimal("0.00"))))
    container.customers.register_customer.reset()
    container.identity.provision_user()("pat", PASSWORD, role=role, full_name="Pat")
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        token = csrf_from(client.get("/login").text)
        client.post("/login", data={"username": "pat", "password": PASSWORD, "csrf_token": token})
        yield client


@pytest.fixture
def shop(container: Container) -> Iterator[TestClient]:
    yield from _signed_in(container, Role.STAFF)


@pytest.fixture
def owner(container: Container) -> Iterator[TestClient]:
    yield from _signed_in(container, Role.ADMIN)


def _limit_of(container: Container, name: str) -> Decimal | None:
    with container.adapters.uow(read_only=True) as uow:
        page = uow.customers.search(search_term(name), PageRequest())
    [customer] = page.items
    return customer.credit_limit  # type: ignore[no-any-return]


def test_the_new_customer_form_offers_the_default_and_an_emptied_field_means_no_limit(
        owner: TestClient, container: Container) -> None:
    form = owner.get("/customers/new").text
    assert 'name="credit_limit"' in form and 'value="0.00"' in form
    token = csrf_from(form)
    owner.post("/customers/new", data={"csrf_token": token, "name": "Kept Default", "phone": "911000001",
                                      "credit_limit": "0.00"})
    owner.post("/customers/new", data={"csrf_token": token, "name": "No Limit", "phone": "911000002",
                                       "credit_limit": ""})
    assert _limit_of(container, "Kept Default") == Decimal("0.00")
    assert _limit_of(container, "No Limit") is None


def test_staff_see_the_limit_but_do_not_set_it(shop: TestClient, container: Container) -> None:
    form = shop.get("/customers/new").text
    field = re.search(r'<input id="credit_limit"[^>]*>', form)
    assert field is not None and "disabled" in field.group() and 'value="0.00"' in field.group()
    token = csrf_from(form)
    made = shop.post("/customers/new", data={"csrf_token": token, "name": "At Default", "phone": "911000001"},
                     follow_redirects=False)
    assert made.status_code == 303, re.findall(r"error[^<]*<[^>]*>([^<]+)", made.text)
    assert _limit_of(container, "At Default") == Decimal("0.00")
    crafted = shop.post("/customers/new", data={"csrf_token": token, "name": "Crafted", "phone": "911000002",
                                                "credit_limit": ""})
    assert crafted.status_code == 403
    customer_id = made.headers["location"].split("/")[2].split("?")[0]
    edited = shop.post(f"/customers/{customer_id}/edit", data={"csrf_token": token, "name": "At Default",
                                                               "phone": "911000001", "notes": "Pays on Fridays"},
                       follow_redirects=False)
    assert edited.status_code == 303, edited.text
    assert _limit_of(container, "At Default") == Decimal("0.00")


def test_a_customer_registered_at_repair_intake_gets_the_default(shop: TestClient, container: Container) -> None:
    token = csrf_from(shop.get("/repairs/new").text)
    taken = shop.post("/repairs/new", data={"csrf_token": token, "new_name": "Rui Intake", "new_phone": "912000003",
                                            "equipment": "Phone", "reported_problem": "Screen"})
    assert taken.status_code == 200, taken.text
    assert _limit_of(container, "Rui Intake") == Decimal("0.00")
