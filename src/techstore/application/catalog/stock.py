"""Receiving goods, adjusting stock, reading the ledger, and checking the ledger adds up."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from techstore.application.catalog.commands import StockChange
from techstore.application.catalog.ledger import StockLedger
from techstore.application.catalog.ports import CatalogUnitOfWorkFactory, StockDrift, UnitRecord
from techstore.application.catalog.products import live_product
from techstore.application.shared import security_events as events
from techstore.application.shared.pages import Page, PageRequest
from techstore.application.shared.security_events import NoSecurityEvents, SecurityEvents
from techstore.domain.catalog import stock as rules
from techstore.domain.catalog.stock import MovementKind, StockMovement
from techstore.domain.catalog.units import Unit, UnitStatus, normalise_serial
from techstore.domain.identity.users import User, require_manager
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import FieldProblems, NotFound


class RecordStockMovement:
    """Staff receive goods (``purchase``, quantity > 0); admins adjust stock (± with a required
    reason). Rule: stock never goes below zero (409). An adjustment is a security event."""

    def __init__(self, uow: CatalogUnitOfWorkFactory, clock: Clock, events: SecurityEvents | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._events = events or NoSecurityEvents()

    def __call__(self, actor: User, product_id: int, change: StockChange) -> StockMovement:
        assert actor.id is not None
        kind = MovementKind(change.type)
        problems = FieldProblems()
        if kind is MovementKind.ADJUSTMENT:
            require_manager(actor)
            problems.check("quantity", rules.adjustment_problem(change.quantity))
            problems.check("reason", rules.reason_problem(change.reason, required=True))
        else:
            problems.check("quantity", rules.purchase_problem(change.quantity))
            problems.check("reason", rules.reason_problem(change.reason, required=False))
        problems.raise_if_any()
        with self._uow() as uow:
            live_product(uow, product_id)
            reason = (change.reason or "").strip()
            movement = StockLedger(uow).move(product_id, kind, change.quantity, reason, actor.id, self._clock.now(),
                                             serials=change.serials)
            uow.commit()
        if kind is MovementKind.ADJUSTMENT:
            self._events.record(events.STOCK_ADJUSTED, actor_id=actor.id, target=f"product:{product_id}",
                                quantity=change.quantity, movement_id=movement.id)
        return movement


class ListStockMovements:
    """A product's ledger, newest first."""

    def __init__(self, uow: CatalogUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, product_id: int, page: PageRequest) -> Page[StockMovement]:
        with self._uow(read_only=True) as uow:
            live_product(uow, product_id)
            return uow.stock_movements.for_product(product_id, page)


class ListUnits:
    """A serialized product's units (``GET /products/{id}/units?status=``), by serial."""

    def __init__(self, uow: CatalogUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, product_id: int, status: UnitStatus | None, page: PageRequest) -> Page[Unit]:
        with self._uow(read_only=True) as uow:
            live_product(uow, product_id)
            return uow.units.for_product(product_id, status, page)


class FindUnit:
    """A unit by its serial or IMEI (``GET /units/{serial}``): its product, status, sale, customer, warranty
    and repairs. The one in stock if any, else the latest to leave."""

    def __init__(self, uow: CatalogUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def today(self) -> date:
        """The date warranties are compared with (a warranty's end is its sale's date, UTC, plus its months)."""
        return self._clock.now().date()

    def __call__(self, actor: User, serial: str) -> UnitRecord:
        wanted = normalise_serial(serial)
        with self._uow(read_only=True) as uow:
            found = uow.unit_lookup.find(wanted) if wanted else None
        if found is None:
            raise NotFound(f"No unit has the serial {wanted or serial!r}.")
        return found


class FindStockDrift:
    """Products whose stock differs from the sum of their movements, or (serialized) from their units in stock
    (``techstore check stock``)."""

    def __init__(self, uow: CatalogUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self) -> Sequence[StockDrift]:
        with self._uow(read_only=True) as uow:
            return uow.products.drift()
