"""The invariant, driven by hypothesis: random sequences of purchases, adjustments, sales, voids
and returns, through the use cases and the catalog's port, on every adapter set. After every step
each product's stock equals the sum of its movements, never goes below zero, and matches a model
kept here."""

from __future__ import annotations

import itertools
from decimal import Decimal

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from techstore.application.catalog.commands import NewProduct, StockChange
from techstore.container import Container
from techstore.domain.catalog.stock import Line, MovementKind, Reference, ShortOfStock
from techstore.domain.identity.users import Role
from techstore.domain.shared.errors import Conflict

_skus = itertools.count(1)


def test_stock_is_always_the_sum_of_its_movements(container: Container) -> None:
    admin = container.identity.provision_user()("boss", "boss-password-1", role=Role.ADMIN)
    catalog = container.catalog
    record = catalog.record_stock_movement()

    class StockMachine(RuleBasedStateMachine):
        @initialize(stocks=st.lists(st.integers(0, 5), min_size=2, max_size=3))
        def products(self, stocks: list[int]) -> None:
            self.expected: dict[int, int] = {}
            for stock in stocks:
                product = catalog.create_product()(admin, NewProduct(
                    sku=f"P-{next(_skus)}", name="P", price=Decimal("1.00"), stock=stock))
                assert product.id is not None
                self.expected[product.id] = stock

        def _pick(self, index: int) -> int:
            return sorted(self.expected)[index % len(self.expected)]

        @rule(index=st.integers(0, 2), quantity=st.integers(1, 4))
        def receive(self, index: int, quantity: int) -> None:
            product_id = self._pick(index)
            record(admin, product_id, StockChange("purchase", quantity))
            self.expected[product_id] += quantity

        @rule(index=st.integers(0, 2), quantity=st.integers(-6, 6).filter(bool))
        def adjust(self, index: int, quantity: int) -> None:
            product_id = self._pick(index)
            try:
                record(admin, product_id, StockChange("adjustment", quantity, "stocktake"))
            except Conflict:
                assert self.expected[product_id] + quantity < 0
            else:
                self.expected[product_id] += quantity

        @rule(lines=st.lists(st.tuples(st.integers(0, 2), st.integers(1, 3)), min_size=1, max_size=3),
              kind=st.sampled_from([MovementKind.SALE, MovementKind.REPAIR_PART]))
        def take(self, lines: list[tuple[int, int]], kind: MovementKind) -> None:
            wanted = [Line(self._pick(i), q) for i, q in lines]
            totals: dict[int, int] = {}
            for line in wanted:
                totals[line.product_id] = totals.get(line.product_id, 0) + line.quantity
            short = sorted(p for p, q in totals.items() if q > self.expected[p])
            try:
                with container.adapters.uow() as uow:
                    uow.stock.take(wanted, kind, Reference(sale_id=1), admin.id, container.clock().now())
                    uow.commit()
            except ShortOfStock as refusal:
                assert [s.product_id for s in refusal.shortages] == short
            else:
                assert not short
                for product_id, quantity in totals.items():
                    self.expected[product_id] -= quantity

        @rule(index=st.integers(0, 2), quantity=st.integers(1, 3),
              kind=st.sampled_from([MovementKind.SALE_VOID, MovementKind.RETURN]))
        def put_back(self, index: int, quantity: int, kind: MovementKind) -> None:
            product_id = self._pick(index)
            with container.adapters.uow() as uow:
                uow.stock.put_back([Line(product_id, quantity)], kind, Reference(sale_id=1), admin.id,
                                   container.clock().now())
                uow.commit()
            self.expected[product_id] += quantity

        @invariant()
        def stock_is_the_ledger(self) -> None:
            if not getattr(self, "expected", None):
                return
            assert catalog.find_stock_drift()() == []
            with container.adapters.uow(read_only=True) as uow:
                found = uow.stock.sellable(list(self.expected))
            assert {i: s.stock for i, s in found.items()} == self.expected
            assert all(s.stock >= 0 for s in found.values())

    run_state_machine_as_test(StockMachine, settings=settings(
        max_examples=12, stateful_step_count=12, deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]))
