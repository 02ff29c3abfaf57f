"""Pay-outs racing on one drawer never take its expected cash below zero: each reads the session's figures
under the session's row lock, so the second waits for the first and sees it. Threads released together by a
Barrier, each through the container on its own connection, as concurrent requests are. PostgreSQL runs them
in parallel (READ COMMITTED: without the lock both would read the same figures and both pass); SQLite
serialises its writers."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

import pytest

from techstore.application.cash.commands import NewCashMovement, OpenDrawer
from techstore.container import Container
from techstore.domain.cash.sessions import Movement
from techstore.domain.identity.users import Role
from techstore.domain.shared.errors import Conflict
from tests.integration.test_concurrency_identity import kinds, run_together, unexpected

pytestmark = [pytest.mark.timeout(120), pytest.mark.adapters("sqlite", "postgres")]
PASSWORD = "correct horse battery"


@pytest.mark.parametrize(("racers", "amount", "paid"), [(2, "60.00", 1), (8, "30.00", 3)])
def test_concurrent_pay_outs_never_take_the_drawer_below_zero(container: Container, racers: int, amount: str,
                                                              paid: int) -> None:
    clerk = container.identity.provision_user()("sam", PASSWORD, role=Role.STAFF)
    cash = container.cash
    session = cash.open_session()(clerk, OpenDrawer(Decimal("100.00")))
    pay_out = partial(cash.add_movement(), clerk, session.id, NewCashMovement("pay_out", Decimal(amount), "Courier"))
    for round_ in range(3):
        outcomes = run_together([pay_out] * racers)
        assert unexpected(outcomes, Movement, Conflict) == [], kinds(outcomes)
        # Together the racers ask for more than the drawer holds: exactly as many as it holds are paid.
        assert sum(isinstance(o, Movement) for o in outcomes) == paid, kinds(outcomes)
        assert all("holds only" in o.detail for o in outcomes if isinstance(o, Conflict))
        figures = cash.get_session()(clerk, session.id)
        assert figures.expected_cash == Decimal("100.00") - paid * Decimal(amount) >= 0
        refill = NewCashMovement("pay_in", paid * Decimal(amount), f"Refill {round_}")
        cash.add_movement()(clerk, session.id, refill)
    assert cash.get_session()(clerk, session.id).expected_cash == Decimal("100.00")
