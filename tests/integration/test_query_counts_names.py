"""Pages that name colleagues (who opened a drawer, who moved a repair on) show their names, not their
ids, and fetch the names for the whole page in one statement: the count does not grow with the rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from starlette.testclient import TestClient

from techstore.application.cash.commands import CloseDrawer, OpenDrawer
from techstore.application.customers.commands import NewCustomer
from techstore.application.repairs.commands import NewRepair, RepairChanges, Transition
from techstore.container import Container
from techstore.domain.identity.users import Role
from tests.integration.test_web_session import csrf_from
from tests.support import counting_statements

PASSWORD = "names-password-1"


@pytest.fixture
def people(container: Container) -> dict[str, Any]:
    provision = container.identity.provision_user()
    boss = provision("boss", PASSWORD, role=Role.ADMIN, full_name="Bo Boss")
    clerks = [provision(f"clerk{n}", PASSWORD, role=Role.STAFF, full_name=f"Clerk Number{n}") for n in range(6)]
    return {"boss": boss, "clerks": clerks}


def _sign_in(client: TestClient) -> None:
    token = csrf_from(client.get("/login").text)
    client.post("/login", data={"username": "boss", "password": PASSWORD, "csrf_token": token})


def _drawer_day(container: Container, user: Any) -> int:
    cash = container.cash
    session = cash.open_session()(user, OpenDrawer(Decimal("10.00")))
    cash.close_session()(user, session.id, CloseDrawer(Decimal("10.00")))
    return int(session.id)


@pytest.mark.adapters("sqlite", "postgres")
def test_cash_sessions_name_their_users_in_one_statement(client: TestClient, container: Container,
                                                         people: dict[str, Any]) -> None:
    _sign_in(client)
    counts = []
    for clerks in (people["clerks"][:2], people["clerks"][2:]):
        for clerk in clerks:
            _drawer_day(container, clerk)
        with counting_statements(container) as statements:
            page = client.get("/cash/sessions")
        assert page.status_code == 200
        counts.append(len(statements))
        for clerk in clerks:
            assert f"<td>{clerk.full_name}</td>" in page.text
    assert f"<td>{people['clerks'][0].id}</td>" not in page.text
    assert counts[0] == counts[1], counts
    # The Z report names its owner too.
    session_id = _drawer_day(container, people["clerks"][3])
    assert "Clerk Number3" in client.get(f"/cash/{session_id}").text


@pytest.mark.adapters("sqlite", "postgres")
def test_a_repairs_history_names_who_moved_it_in_one_statement(client: TestClient, container: Container,
                                                                people: dict[str, Any]) -> None:
    boss, clerks = people["boss"], people["clerks"]
    repairs = container.repairs
    ana = container.customers.register_customer()(boss, NewCustomer("Ana", email="ana@example.com"))
    repair = repairs.take_repair_in()(boss, NewRepair(ana.id, "iPad Air", "Battery", price=Decimal("50.00")))
    repairs.change_repair()(boss, repair.id, RepairChanges(diagnosis="Worn battery"), ["diagnosis"])
    for user, to in ((clerks[0], "diagnosing"), (clerks[1], "awaiting_approval"), (clerks[2], "in_repair")):
        repairs.move_repair()(user, repair.id, Transition(to))
    _sign_in(client)
    counts = []
    for clerk in clerks[3:]:  # each round adds two entries by another colleague
        repairs.move_repair()(clerk, repair.id, Transition("waiting_for_parts"))
        repairs.move_repair()(clerk, repair.id, Transition("in_repair"))
        with counting_statements(container) as statements:
            page = client.get(f"/repairs/{repair.id}")
        assert page.status_code == 200
        counts.append(len(statements))
    for person in (boss, *clerks):
        assert f"<td>{person.full_name}</td>" in page.text
    assert f"<td>user {clerks[0].id}</td>" not in page.text
    assert counts[0] == counts[1] == counts[2], counts
