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

from techstore.application.catalog.ports import (
    CostedLine,
    ProductRepository,
    ProductSnapshot,
    StockMovementRepository,
    UnitRepository,
)
from techstore.domain.catalog.rules import barcode_problem, normalise_barcode, normalise_sku
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
from techstore.domain.catalog.units import (
    SerialKind,
    UnitStatus,
    UnitsUnavailable,
    normalise_serial,
    serials_problems,
    warranty_end,
)
from techstore.domain.shared.errors import FieldError, NotFound, ValidationFailed

SERIALS = "serials"


class _LedgerMembers(Protocol):
    products: ProductRepository
    stock_movements: StockMovementRepository
    units: UnitRepository


class StockLedger:
    def __init__(self, uow: _LedgerMembers) -> None:
        self._uow = uow

    def sellable(self, product_ids: Sequence[int]) -> Mapping[int, ProductSnapshot]:
        return self._uow.products.snapshots(sorted(set(product_ids)))

    def by_code(self, code: str) -> ProductSnapshot | None:
        code = code.strip()
        if not code:
            return None
        # The barcode first (what a scanner reads: an EAN/UPC code or the store's own text code), then the SKU;
        # both upper-case, as stored. A code that cannot be a barcode is not looked up as one.
        found = None
        if barcode_problem(code) is None:
            found = self._uow.products.snapshot_by_barcode(normalise_barcode(code))
        if found is None or found.is_deleted:
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

    def write_off(self, lines: Sequence[Line], reference: Reference, now: datetime) -> None:
        named = [line for line in lines if line.serials]
        if not named:
            return
        found = self._uow.products.snapshots(sorted({line.product_id for line in named}))
        problems: list[FieldError] = []
        serialized = []
        for line in merged(named):
            product = found.get(line.product_id)
            if product is None or product.serial_kind is None:
                continue
            serials = _normalised(line.serials)
            problems += _serial_errors(product, serials, line.quantity)
            serialized.append((product, serials))
        if problems:
            raise ValidationFailed(problems, detail=_detail(problems))
        unavailable = []
        for product, serials in serialized:
            failed = self._uow.units.write_off(product.id, serials, UnitStatus.SOLD, reference.return_id)
            unavailable += [(product, s) for s in failed]
        if unavailable:
            raise _unavailable(unavailable, "not sold")

    def receive(self, lines: Sequence[CostedLine], reference: Reference, user_id: int,
                now: datetime) -> Sequence[StockMovement]:
        """Goods received against a purchase order (see ``StockKeeper.receive``)."""
        problems: list[FieldError] = []
        if not lines:
            problems.append(FieldError("lines", "must name at least one product"))
        for index, line in enumerate(lines):
            if line.quantity <= 0:
                problems.append(FieldError(f"lines[{index}].quantity", "must be 1 or more"))
        if problems:
            raise ValidationFailed(problems)
        movements = []
        for line in sorted(lines, key=lambda line: line.product_id):  # the order rows are locked in
            changed = self._uow.products.receive_at_cost(line.product_id, line.quantity, line.unit_cost)
            if changed is None:
                raise NotFound(f"Product {line.product_id} does not exist.")
            product = self._uow.products.snapshots([line.product_id])[line.product_id]
            self._move_units(product, line.quantity, _normalised(line.serials), now)
            movements.append(_movement(line.product_id, MovementKind.PURCHASE, line.quantity, changed, "",
                                       reference, user_id, now))
        return self._uow.stock_movements.add_many(movements)

    def move(self, product_id: int, kind: MovementKind, quantity: int, reason: str, user_id: int,
             now: datetime, serials: Sequence[str] = ()) -> StockMovement:
        """One movement of the catalog's own kinds (``initial``, ``purchase``, ``adjustment``). A serialized
        product's names one serial per unit: those put in stock, or (an adjustment down) those written off."""
        changed = self._uow.products.change_stock(product_id, quantity)  # locks the row: what follows is fresh
        if changed is None:
            raise self._refusal(product_id, quantity)
        if changed.serialized or serials:
            product = self._uow.products.snapshots([product_id])[product_id]
            self._move_units(product, quantity, _normalised(serials), now)
        movement = _movement(product_id, kind, quantity, (changed.before, changed.after), reason, NO_REFERENCE,
                             user_id, now)
        (stored,) = self._uow.stock_movements.add_many([movement])
        return stored

    def _move_units(self, product: ProductSnapshot, quantity: int, serials: Sequence[str], now: datetime) -> None:
        if product.serial_kind is None:
            if serials:
                raise ValidationFailed.single(SERIALS, f"must be empty: {product.sku} is not serialized")
            return
        problems = _serial_errors(product, serials, abs(quantity))
        if problems:
            raise ValidationFailed(problems, detail=_detail(problems))
        if quantity > 0:
            failed = self._uow.units.receive(product.id, serials, now)
            if failed:
                raise _unavailable([(product, s) for s in failed], "already in stock")
        else:
            failed = self._uow.units.write_off(product.id, serials, UnitStatus.IN_STOCK, None)
            if failed:
                raise _unavailable([(product, s) for s in failed], "not in stock")

    def _units(self, lines: Sequence[Line], sign: int, kind: MovementKind, reference: Reference,
               now: datetime) -> None:
        """The serials of the lines just moved (their product rows locked, so read fresh): checked, then the
        units sold or put back, each by one guarded statement."""
        found = self._uow.products.snapshots([line.product_id for line in lines])
        problems: list[FieldError] = []
        moves = []
        for line in lines:
            product = found[line.product_id]
            serials = _normalised(line.serials)
            if product.serial_kind is None:
                if serials:
                    problems.append(FieldError(SERIALS, f"must be empty: {product.sku} is not serialized"))
                continue
            problems += _serial_errors(product, serials, line.quantity)
            moves.append((product, serials))
        if problems:
            raise ValidationFailed(problems, detail=_detail(problems))
        unavailable = []
        for product, serials in moves:
            if sign < 0:
                sale_id = reference.sale_id if kind is MovementKind.SALE else None
                until = warranty_end(now, product.warranty_months) if kind is MovementKind.SALE else None
                failed = self._uow.units.sell(product.id, serials, sale_id, now, until)
            else:
                failed = self._uow.units.restock(product.id, serials, reference.return_id)
            unavailable += [(product, s) for s in failed]
        if unavailable:
            raise _unavailable(unavailable, "not in stock" if sign < 0 else "not sold")

    def _apply(self, lines: Sequence[Line], sign: int, kind: MovementKind, reference: Reference, user_id: int,
               now: datetime) -> Sequence[StockMovement]:
        check_lines(lines)
        wanted = merged(lines)  # in product id order: the order rows are locked in
        changes = [(line, self._uow.products.change_stock(line.product_id, sign * line.quantity)) for line in wanted]
        failed = [line for line, changed in changes if changed is None]
        if failed:
            raise self._shortage(failed)
        # Counted products naming no serials (most sales) need no second read of their rows.
        if any(line.serials for line in wanted) or any(changed and changed.serialized for _, changed in changes):
            self._units(wanted, sign, kind, reference, now)
        movements = [
            _movement(line.product_id, kind, sign * line.quantity, (changed.before, changed.after), "", reference,
                      user_id, now)
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


def _normalised(serials: Sequence[str]) -> tuple[str, ...]:
    return tuple(normalise_serial(s) for s in serials)


def _serial_errors(product: ProductSnapshot, serials: Sequence[str], quantity: int) -> list[FieldError]:
    kind = product.serial_kind
    assert kind is not None
    label = "IMEI" if kind is SerialKind.IMEI else "serial"
    return [FieldError(SERIALS, f"{product.sku} ({label}): {problem}")
            for problem in serials_problems(kind, serials, quantity)]


def _detail(problems: Sequence[FieldError]) -> str:
    return "serials: " + "; ".join(p.message for p in problems)


def _unavailable(failed: Sequence[tuple[ProductSnapshot, str]], why: str) -> UnitsUnavailable:
    listed = "; ".join(f"{product.sku} {serial}" for product, serial in failed)
    return UnitsUnavailable(f"Serial(s) {why}: {listed}.", [serial for _, serial in failed])
