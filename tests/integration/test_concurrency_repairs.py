"""Concurrent changes of one repair on PostgreSQL: two answers to one quote (the customer on the tracking page
twice, and staff) cannot both win, and part lines taken at once never take more stock than there is."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from techstore.application.catalog.commands import NewProduct
from techstore.application.customers.commands import NewCustomer
from techstore.application.repairs.commands import (
    NewLine,
    NewRepair,
    OnlineAnswer,
    QuoteAnswer,
    RepairChanges,
    Transition,
)
from techstore.container import Container
from techstore.domain.identity.users import Role
from techstore.domain.repairs.repairs import RepairStatus
from techstore.domain.shared.errors import Conflict
from tests.integration.test_concurrency_identity import run_together

PASSWORD = "repairs-password-1"
D = Decimal


@pytest.fixture
def shop(container: Container) -> dict[str, Any]:
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    ana = container.customers.register_customer()(boss, NewCustomer("Ana Silva", phone="+351 912 345 678"))
    screen = container.catalog.create_product()(boss, NewProduct(sku="SCREEN", name="iPhone 12 screen",
                                                                 price=D("80.00"), stock=5))
    return {"boss": boss, "ana": ana, "screen": screen}


def _awaiting(container: Container, shop: dict[str, Any]) -> Any:
    boss, repairs = shop["boss"], container.repairs
    repair = repairs.take_repair_in()(boss, NewRepair(shop["ana"].id, "iPhone 12", "Cracked screen"))
    repairs.change_repair()(boss, repair.id, RepairChanges(diagnosis="Broken LCD"), ["diagnosis"])
    repairs.add_line()(boss, repair.id, NewLine("labour", "Screen replacement", D("49.00")))
    repairs.move_repair()(boss, repair.id, Transition("diagnosing"))
    repairs.move_repair()(boss, repair.id, Transition("awaiting_approval"))
    return repair


@pytest.mark.adapters("postgres")
@pytest.mark.timeout(120)
def test_two_answers_to_one_quote_at_once_one_wins(container: Container, shop: dict[str, Any]) -> None:
    boss, repairs = shop["boss"], container.repairs
    for round_ in range(4):
        repair = _awaiting(container, shop)
        online, address, code = repairs.answer_online(), f"198.51.100.{round_}", repair.tracking_code
        calls = [lambda approved=approved: online(address, code, OnlineAnswer(approved, "5678"))  # noqa: B023
                 for approved in (True, False)]
        if round_ % 2:  # and staff recording an answer given by phone at the same moment
            calls.append(lambda rid=repair.id: repairs.answer_quote()(boss, rid, QuoteAnswer(False, "by phone")))
        outcomes = run_together(calls)
        winners = [o for o in outcomes if not isinstance(o, Exception)]
        assert len(winners) == 1, outcomes
        assert all(isinstance(o, Conflict) for o in outcomes if o not in winners), outcomes
        final = repairs.get_repair()(boss, repair.id)
        assert final.status in (RepairStatus.IN_REPAIR, RepairStatus.READY)
        history = repairs.repair_history()(boss, repair.id)
        answers = [h for h in history if h.from_status is RepairStatus.AWAITING_APPROVAL]
        assert len(answers) == 1 and answers[0].to_status is final.status, history


@pytest.mark.adapters("postgres")
@pytest.mark.timeout(120)
def test_part_lines_at_once_never_take_more_stock_than_there_is(container: Container,
                                                                 shop: dict[str, Any]) -> None:
    boss, repairs, screen = shop["boss"], container.repairs, shop["screen"]
    repair = repairs.take_repair_in()(boss, NewRepair(shop["ana"].id, "iPhone 12", "Cracked screen"))
    add = repairs.add_line()
    outcomes = run_together([lambda: add(boss, repair.id, NewLine("part", product_id=screen.id, quantity=1))
                             for _ in range(8)])
    won = [o for o in outcomes if not isinstance(o, Exception)]
    assert len(won) == 5, outcomes
    assert all(isinstance(o, Conflict) for o in outcomes if o not in won), outcomes
    final = repairs.get_repair()(boss, repair.id)
    assert [(line.product_id, line.quantity) for line in final.lines] == [(screen.id, 1)] * 5
    assert final.price == D("400.00")
    assert container.catalog.get_product()(boss, screen.id).stock == 0
    assert list(container.catalog.find_stock_drift()()) == []


@pytest.mark.adapters("postgres")
@pytest.mark.timeout(120)
def test_a_line_added_as_the_quote_goes_out_is_in_the_quote_or_refused(container: Container,
                                                                       shop: dict[str, Any]) -> None:
    """The freeze is taken under the repair's row lock: a part line racing the move to awaiting approval either
    lands before it (and is in the quote) or is refused after it (its stock not taken); the quote never misses a
    line, nor counts one that is not there."""
    boss, repairs, screen = shop["boss"], container.repairs, shop["screen"]
    for round_ in range(4):
        repair = repairs.take_repair_in()(boss, NewRepair(shop["ana"].id, "iPhone 12", "Cracked screen"))
        repairs.change_repair()(boss, repair.id, RepairChanges(diagnosis="Broken LCD"), ["diagnosis"])
        repairs.add_line()(boss, repair.id, NewLine("labour", "Screen replacement", D("49.00")))
        repairs.move_repair()(boss, repair.id, Transition("diagnosing"))
        stock = container.catalog.get_product()(boss, screen.id).stock
        calls = [lambda rid=repair.id: repairs.add_line()(boss, rid, NewLine("part", product_id=screen.id,
                                                                              quantity=1)),
                 lambda rid=repair.id: repairs.move_repair()(boss, rid, Transition("awaiting_approval"))]
        if round_ % 2:
            calls.reverse()
        outcomes = run_together(calls)
        assert not isinstance(outcomes[-1 if round_ % 2 == 0 else 0], Exception), outcomes  # the move always goes
        final = repairs.get_repair()(boss, repair.id)
        parts = [line for line in final.lines if line.is_part]
        assert final.status is RepairStatus.AWAITING_APPROVAL and final.quote_total == final.price
        assert container.catalog.get_product()(boss, screen.id).stock == stock - len(parts)
        assert final.price == D("49.00") + D("80.00") * len(parts)
    assert list(container.catalog.find_stock_drift()()) == []
