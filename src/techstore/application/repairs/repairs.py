"""The workshop's order book: take a repair in, change it, move it through ``TRANSITIONS``, use parts,
deliver it with payment; read one, the list, the history."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from datetime import date

import attrs

from techstore.application.catalog.ports import UnitRecord
from techstore.application.repairs.commands import ConditionIn, NewRepair, RepairChanges, RepairQuery, Transition
from techstore.application.repairs.deposits import refuse_cash_from_technicians, take_deposit
from techstore.application.repairs.lines import set_legacy_price
from techstore.application.repairs.locked import live, repair_not_found
from techstore.application.repairs.moves import record_move
from techstore.application.repairs.ports import Coverage, RepairFilter, RepairsUnitOfWork, RepairsUnitOfWorkFactory
from techstore.application.repairs.terms import RepairTerms
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.catalog.units import SERIAL_PATTERN, UnitStatus, normalise_serial
from techstore.domain.identity.users import User
from techstore.domain.repairs.condition import Condition
from techstore.domain.repairs.repairs import HistoryEntry, Repair, RepairStatus, repair_number
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import Conflict, FieldProblems

REPAIR_COUNTER = "repair"
EDITABLE = ("equipment", "serial_number", "accessories", "condition", "diagnosis", "price", "promised_date", "notes")
TRACKING_CODE_BYTES = 16  # 128 bits from the operating system's CSPRNG, URL-safe base64 (22 characters)


def new_tracking_code() -> str:
    return secrets.token_urlsafe(TRACKING_CODE_BYTES)


def _text(value: str | None) -> str | None:
    return value.strip() if value is not None and value.strip() else None


def condition_of(given: ConditionIn | None) -> Condition:
    if given is None:
        return Condition()
    return Condition(_text(given.notes), given.screen, given.housing, given.buttons, given.camera,
                     given.charging_port, given.water_damage)


def sold_unit(uow: RepairsUnitOfWork, serial: str | None) -> UnitRecord | None:
    """The sold unit (a serialized product sold here) a repair's serial is, if it is one (any letter case)."""
    if serial is None or SERIAL_PATTERN.fullmatch(normalise_serial(serial)) is None:
        return None
    found = uow.unit_lookup.find(normalise_serial(serial))
    return found if found is not None and found.unit.status is UnitStatus.SOLD else None


def covered(coverage: Coverage | None, unit: UnitRecord | None, today: date) -> Coverage | None:
    """The warranty covering a repair: an earlier repair's, or the sale's of the sold unit it is (its warranty
    until the sale's date plus the product's warranty months), whichever runs longer; None when neither runs
    ``today``."""
    until = unit.unit.warranty_until if unit is not None else None
    if until is None or until < today or (coverage is not None and coverage.until >= until):
        return coverage
    return Coverage(coverage.repair_id if coverage is not None else None, until)


class TakeRepairIn:
    """Staff take a repair in: status ``received``, a gap-free number, a fresh tracking code, the device's
    condition, the intake in its history. A serial that is a unit sold here is linked to it (``sold_unit``).
    A serial still under an earlier repair's warranty, or a sold unit still under the sale's warranty, is
    flagged (and linked to that repair); ``warranty`` (only then) makes it free. The older ``price`` input
    becomes a labour line, and a deposit may be taken in the same transaction."""

    def __init__(self, uow: RepairsUnitOfWorkFactory, clock: Clock, terms: RepairTerms) -> None:
        self._uow = uow
        self._clock = clock
        self._terms = terms

    def __call__(self, actor: User, command: NewRepair) -> Repair:
        assert actor.id is not None
        refuse_cash_from_technicians(actor, [line.method for line in command.deposits])
        with self._uow() as uow:
            customer = uow.accounts.account_holder(command.customer_id)
            problems = FieldProblems()
            if customer is None:
                problems.check("customer_id", f"no customer has the id {command.customer_id}")
            elif customer.is_deleted:
                problems.check("customer_id", f"customer {command.customer_id} was deleted")
            problems.raise_if_any()
            assert customer is not None
            now = self._clock.now()
            serial = _text(command.serial_number)
            unit = sold_unit(uow, serial)
            if unit is not None:
                serial = unit.unit.serial  # as the unit is stored: the earlier repairs of it match it exactly
            coverage = uow.repairs.covering(serial, now.date()) if serial else None
            coverage = covered(coverage, unit, now.date())
            if command.warranty and coverage is None:
                raise Conflict(f"No warranty covers the serial {serial or '(none given)'}: only a repair of a "
                               "serial still under warranty is done under warranty.", field="warranty")
            repair = Repair(None, repair_number(uow.numbers.next(REPAIR_COUNTER)), new_tracking_code(),
                            RepairStatus.RECEIVED, command.customer_id, command.equipment.strip(), serial,
                            command.reported_problem.strip(), _text(command.accessories), None,
                            command.promised_date, now, actor.id, _text(command.notes), updated_at=now,
                            customer_name=customer.name, condition=condition_of(command.condition),
                            warranty=command.warranty,
                            related_repair_id=coverage.repair_id if coverage else None,
                            under_warranty_until=coverage.until if coverage else None,
                            unit_id=unit.unit.id if unit is not None else None)
            uow.repairs.add(repair)
            assert repair.id is not None
            uow.repairs.add_history(repair.id, HistoryEntry(None, RepairStatus.RECEIVED, None, actor.id, now))
            if command.price is not None:
                set_legacy_price(uow, repair, command.price, actor.id, now, self._terms)
            if command.deposits:
                take_deposit(uow, repair, command.deposits, actor.id, now)
            uow.repairs.update(repair)
            uow.commit()
        return repair


class ChangeRepair:
    """Only the fields in ``given`` change; refused (409) once delivered or cancelled. ``price`` sets the
    labour line "Repair" (the API's older input)."""

    def __init__(self, uow: RepairsUnitOfWorkFactory, clock: Clock, terms: RepairTerms) -> None:
        self._uow = uow
        self._clock = clock
        self._terms = terms

    def __call__(self, actor: User, repair_id: int, changes: RepairChanges, given: Iterable[str] = EDITABLE) -> Repair:
        assert actor.id is not None
        fields = [name for name in given if name in EDITABLE]
        with self._uow() as uow:
            repair = live(uow, repair_id)
            repair.require_editable()
            now = self._clock.now()
            for name in fields:
                value = getattr(changes, name)
                if name == "equipment":
                    if value is not None:  # never cleared
                        repair.equipment = value.strip()
                elif name == "price":
                    set_legacy_price(uow, repair, value, actor.id, now, self._terms)
                elif name == "condition":
                    repair.condition = condition_of(value)
                elif name == "serial_number":
                    if _text(value) != repair.serial_number:
                        repair.unit_id = None  # another serial: no longer the sold unit found at intake
                    repair.serial_number = _text(value)
                elif isinstance(value, str):
                    setattr(repair, name, _text(value))
                else:
                    setattr(repair, name, value)
            repair.updated_at = now
            uow.repairs.update(repair)
            uow.commit()
        return repair


class MoveRepair:
    """A status change allowed by ``TRANSITIONS`` (not delivery, nor cancelling a repair holding deposits),
    under the repair's row lock: of two concurrent moves of one repair, the second sees the first's status.
    Awaiting approval and ready write the customer's message."""

    def __init__(self, uow: RepairsUnitOfWorkFactory, clock: Clock, terms: RepairTerms) -> None:
        self._uow = uow
        self._clock = clock
        self._terms = terms

    def __call__(self, actor: User, repair_id: int, command: Transition) -> Repair:
        assert actor.id is not None
        with self._uow() as uow:
            repair = live(uow, repair_id)
            record_move(uow, repair, RepairStatus(command.to), by=actor.id, note=command.note,
                        now=self._clock.now(), terms=self._terms)
            uow.commit()
        return repair


@attrs.frozen
class SoldUnitFound:
    """A serial looked up at intake: the unit sold here it is (its product, sale, customer and warranty), and
    whether the sale's warranty still covers it today."""

    record: UnitRecord
    today: date

    @property
    def sold(self) -> bool:
        return self.record.unit.status is UnitStatus.SOLD

    @property
    def under_warranty(self) -> bool:
        until = self.record.unit.warranty_until
        return self.sold and until is not None and until >= self.today


class FindSoldUnit:
    """Repair intake's "Find by serial / IMEI": the unit with that serial (any letter case), or None."""

    def __init__(self, uow: RepairsUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, serial: str) -> SoldUnitFound | None:
        wanted = normalise_serial(serial)
        if SERIAL_PATTERN.fullmatch(wanted) is None:
            return None
        with self._uow(read_only=True) as uow:
            record = uow.unit_lookup.find(wanted)
        return None if record is None else SoldUnitFound(record, self._clock.now().date())


class GetRepair:
    def __init__(self, uow: RepairsUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, repair_id: int) -> Repair:
        with self._uow(read_only=True) as uow:
            repair = uow.repairs.get(repair_id)
        if repair is None:
            raise repair_not_found(repair_id)
        return repair


class RepairHistory:
    def __init__(self, uow: RepairsUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, repair_id: int) -> Sequence[HistoryEntry]:
        with self._uow(read_only=True) as uow:
            if uow.repairs.get(repair_id) is None:
                raise repair_not_found(repair_id)
            return uow.repairs.history(repair_id)


class ListRepairs:
    """Newest first, by status, customer, or text (number, customer's name, serial number / IMEI)."""

    def __init__(self, uow: RepairsUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, query: RepairQuery, page: PageRequest) -> Page[Repair]:
        text = query.q.strip().casefold() if query.q and query.q.strip() else None
        wanted = RepairFilter(RepairStatus(query.status) if query.status else None, query.customer_id, text,
                              query.open_only)
        with self._uow(read_only=True) as uow:
            return uow.repairs.list(wanted, page)
