"""The stock ledger's one way in: every change of stock, whoever asks for it.

``StockLedger`` is both the catalog's port for other contexts (``uow.stock``:
``take``, ``put_back``, ``sellable``) and what the catalog's own use cases move
stock with (``move``). Each change is one guarded statement on the product row
(``stock = stock + q WHERE stock + q >= 0``), so concurrent changes never
read-modify-write in Python and stock never goes below zero; the movement then
records the before and after that statement saw.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol

from techstore.application.catalog.ports import ProductRepository, ProductSnapshot, StockMovementRepository
from techstore.domain.catalog.rules import normalise_sku
from techstore.domain.catalog.stock import (
    NO_REFERENCE,
    PUTTING_BACK_KINDS,
    TAKING_KINDS,
    Line,
    MovementKind,
    Reference,
    Shortage,
    ShortOfStock,
    StockMovement,
    below_zero,
    check_lines,
    merged,
)
from techstore.domain.shared.errors import NotFound


class _LedgerMembers(Protocol):
    products: ProductRepository
    stock_movements: StockMovementRepository


class StockLedger:
    def __init__(self, uow: _LedgerMembers) -> None:
        self._uow = uow

    def sellable(self, product_ids: Sequence[int]) -> Mapping[int, ProductSnapshot]:
        return self._uow.products.snapshots(sorted(set(product_ids)))

    def by_code(self, code: str) -> ProductSnapshot | None:
        code = code.strip()
        if not code:
            return None
        found = self._uow.products.snapshot_by_barcode(code) if code.isdigit() else None
        if found is None:
            found = self._uow.products.snapshot_by_sku(normalise_sku(code))
        if found is None or found.is_deleted:
            return None
        return found

    def take(self, lines: Sequence[Line], kind: MovementKind, reference: Reference, user_id: int,
             now: datetime) -> Sequence[StockMovement]:
        if kind not in TAKING_KINDS:
            raise ValueError(f"{kind} movements do not take stock")
        return self._apply(lines, -1, kind, reference, user_id, now)

    def put_back(self, lines: Sequence[Line], kind: MovementKind, reference: Reference, user_id: int,
                 now: datetime) -> Sequence[StockMovement]:
        if kind not in PUTTING_BACK_KINDS:
            raise ValueError(f"{kind} movements do not put stock back")
        return self._apply(lines, +1, kind, reference, user_id, now)

    def move(self, product_id: int, kind: MovementKind, quantity: int, reason: str, user_id: int,
             now: datetime) -> StockMovement:
        """One movement of the catalog's own kinds (``initial``, ``purchase``, ``adjustment``)."""
        changed = self._uow.products.change_stock(product_id, quantity)
        if changed is None:
            raise self._refusal(product_id, quantity)
        movement = _movement(product_id, kind, quantity, changed, reason, NO_REFERENCE, user_id, now)
        (stored,) = self._uow.stock_movements.add_many([movement])
        return stored

    def _apply(self, lines: Sequence[Line], sign: int, kind: MovementKind, reference: Reference, user_id: int,
               now: datetime) -> Sequence[StockMovement]:
        check_lines(lines)
        wanted = merged(lines)  # in product id order: the order rows are locked in
        changes = [(line, self._uow.products.change_stock(line.product_id, sign * line.quantity)) for line in wanted]
        failed = [line for line, changed in changes if changed is None]
        if failed:
            raise self._shortage(failed)
        movements = [
            _movement(line.product_id, kind, sign * line.quantity, changed, "", reference, user_id, now)
            for line, changed in changes
            if changed is not None
        ]
        return self._uow.stock_movements.add_many(movements)

    def _shortage(self, lines: Sequence[Line]) -> Exception:
        found = self._uow.products.snapshots([line.product_id for line in lines])
        missing = [line.product_id for line in lines if line.product_id not in found]
        if missing:
            return NotFound(f"Product {missing[0]} does not exist.")
        return ShortOfStock([
            Shortage(line.product_id, found[line.product_id].sku, found[line.product_id].name, line.quantity,
                     found[line.product_id].stock)
            for line in lines
        ])

    def _refusal(self, product_id: int, quantity: int) -> Exception:
        found = self._uow.products.snapshots([product_id]).get(product_id)
        if found is None:
            return NotFound(f"Product {product_id} does not exist.")
        return below_zero(found.sku, found.stock, quantity)


def _movement(product_id: int, kind: MovementKind, quantity: int, changed: tuple[int, int], reason: str,
              reference: Reference, user_id: int, now: datetime) -> StockMovement:
    before, after = changed
    return StockMovement(None, product_id, kind, quantity, before, after, reason, reference, user_id, now)
