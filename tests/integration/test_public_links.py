"""Links that leave the page (the repair ticket's QR code and its printed address) are built from
TECHSTORE_PUBLIC_URL, or in development from the address the server was reached on, never from the
request's Host header, which any client can forge (issue 21)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from starlette.testclient import TestClient

from techstore.application.customers.commands import NewCustomer
from techstore.application.repairs.commands import NewRepair
from techstore.container import Container
from techstore.domain.identity.users import Role
from techstore.entrypoints.app import create_app
from tests.integration.test_web_session import sign_in

PASSWORD = "public-links-password-1"
FORGED = {"Host": "evil.example"}


def _ticket_path(container: Container) -> str:
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    customer = container.customers.register_customer()(boss, NewCustomer("Rui Lopes", phone="+351 912 000 111"))
    repair: Any = container.repairs.take_repair_in()(boss, NewRepair(customer_id=customer.id, equipment="Switch",
                                                                     reported_problem="Drift"))
    return f"/repairs/{repair.id}/ticket"


def _link_and_qr(html: str) -> tuple[str, str]:
    link = re.search(r'href="([^"]+)" data-track-url', html)
    qr = re.search(r"<svg.*?</svg>", html, re.S)
    assert link is not None and qr is not None, html
    return link.group(1), qr.group(0)


@pytest.fixture
def signed_in(container: Container) -> Iterator[tuple[TestClient, str]]:
    path = _ticket_path(container)
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        sign_in(client, password=PASSWORD)
        yield client, path


@pytest.mark.adapters("memory")
@pytest.mark.parametrize("container_settings", [{"public_url": "https://shop.example.test"}])
def test_a_forged_host_does_not_change_the_tickets_qr_code(signed_in: tuple[TestClient, str]) -> None:
    client, path = signed_in
    honest, forged = client.get(path), client.get(path, headers=FORGED)
    assert honest.status_code == forged.status_code == 200
    link, qr = _link_and_qr(forged.text)
    assert re.fullmatch(r"https://shop\.example\.test/track/[A-Za-z0-9_-]{22}", link)
    assert (link, qr) == _link_and_qr(honest.text)


@pytest.mark.adapters("memory")
@pytest.mark.parametrize("container_settings", [{}])
def test_in_development_the_link_is_the_served_address_whatever_the_host(signed_in: tuple[TestClient, str]) -> None:
    client, path = signed_in
    link, qr = _link_and_qr(client.get(path, headers=FORGED).text)
    assert link.startswith("http://testserver/track/")  # where the test client reached the server
    assert (link, qr) == _link_and_qr(client.get(path).text)
    assert client.get(link).status_code == 200


@pytest.fixture
def container(container: Container, container_settings: dict[str, str]) -> Container:
    if container_settings:
        container.settings.override(attrs.evolve(container.settings(), **container_settings))
    return container
