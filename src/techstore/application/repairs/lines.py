"""A repair's lines: labour (a description and an amount) and parts (a product from stock). Adding a part takes
its stock (409 when short); removing it before delivery gives the stock back. While the quote is with the
customer (``awaiting_approval``) no line is added or removed; while approved work is under way the lines may grow
only up to the approved quote (the domain refuses beyond it), unless the line is added asking the customer again
(``requote``): the repair then goes back to awaiting approval, the new total frozen as its quote."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from techstore.application.catalog.ports import ProductSnapshot
from techstore.application.repairs.commands import NewLine, PartUsed
from techstore.application.repairs.locked import live
from techstore.application.repairs.moves import record_move
from techstore.application.repairs.ports import RepairsUnitOfWork, RepairsUnitOfWorkFactory
from techstore.application.repairs.terms import RepairTerms
from techstore.domain.catalog.stock import Line, MovementKind, Reference
from techstore.domain.catalog.units import normalise_serial, serials_problems
from techstore.domain.identity.users import User
from techstore.domain.repairs.lines import LEGACY_LABOUR, LineKind, RepairLine, priced_line
from techstore.domain.repairs.repairs import Repair, RepairStatus
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import Conflict, FieldError, FieldProblems, NotFound, ValidationFailed


def _store(uow: RepairsUnitOfWork, repair: Repair, line: RepairLine, requote: bool = False) -> RepairLine:
    """The line joins the repair (its rules first), then the store."""
    assert repair.id is not None
    repair.add_line(line, requote=requote)
    stored = uow.repairs.add_line(repair.id, line)
    repair.lines[-1] = stored
    return stored


def add_labour(uow: RepairsUnitOfWork, repair: Repair, description: str, amount: Decimal, rate_id: int | None,
               by: int, now: datetime, terms: RepairTerms, requote: bool = False) -> RepairLine:
    repair.require_lines_open()
    rate = uow.taxes.line_rate(rate_id)
    line = priced_line(LineKind.LABOUR, description.strip(), 1, amount, rate,
                       prices_include_tax=terms.prices_include_tax, added_by=by, added_at=now)
    return _store(uow, repair, line, requote)


def _serials(product: ProductSnapshot, quantity: int, named: Sequence[str] | None) -> tuple[str, ...]:
    """A serialized part's serials, normalised (422 on ``serials``: exactly ``quantity`` of its kind, none twice);
    a part that is not serialized names none."""
    serials = tuple(normalise_serial(s) for s in named or ())
    if product.serial_kind is None:
        if serials:
            raise ValidationFailed.single("serials", f"{product.sku} is not serialized: name no serials")
        return ()
    problems = FieldProblems()
    for problem in serials_problems(product.serial_kind, serials, quantity):
        problems.check("serials", problem)
    problems.raise_if_any()
    return serials


def add_part(uow: RepairsUnitOfWork, repair: Repair, product_id: int, quantity: int, by: int, now: datetime,
             terms: RepairTerms, serials: Sequence[str] | None = None, requote: bool = False) -> RepairLine:
    """A part line; a serialized product's line names its units (each in stock: 409 naming those that are
    not), taken with the stock."""
    assert repair.id is not None
    repair.require_lines_open()
    product = uow.stock.sellable([product_id]).get(product_id)
    if product is None:
        raise ValidationFailed.single("product_id", f"no product has the id {product_id}")
    if not product.is_sellable:
        raise Conflict(f"{product.sku} cannot be used (inactive or deleted).", field="product_id")
    units = _serials(product, quantity, serials)
    line = priced_line(LineKind.PART, product.name, quantity, product.price, product.tax_rate,
                       prices_include_tax=terms.prices_include_tax, added_by=by, added_at=now,
                       product_id=product.id, sku=product.sku, unit_cost=product.cost, serials=units)
    stored = _store(uow, repair, line, requote)  # refused past the quote or the money range before any stock is taken
    uow.stock.take([Line(product.id, quantity, units)], MovementKind.REPAIR_PART, Reference(repair_id=repair.id),
                   by, now)
    return stored


def remove(uow: RepairsUnitOfWork, repair: Repair, line_id: int, by: int, now: datetime) -> RepairLine:
    assert repair.id is not None
    try:
        line = repair.remove_line(line_id)
    except LookupError:
        raise NotFound(f"Repair {repair.number} has no line {line_id}.") from None
    uow.repairs.remove_line(repair.id, line_id)
    if line.is_part and line.product_id is not None:
        uow.stock.put_back([Line(line.product_id, line.quantity, line.serials)], MovementKind.REPAIR_PART_BACK,
                           Reference(repair_id=repair.id), by, now)
    return line


def set_legacy_price(uow: RepairsUnitOfWork, repair: Repair, price: Decimal | None, by: int, now: datetime,
                     terms: RepairTerms) -> None:
    """The API's older ``price``: the labour line "Repair" carries it (null removes it). Like any line change,
    refused (409) while the quote is with the customer."""
    legacy = [x for x in repair.lines if x.kind is LineKind.LABOUR and x.description == LEGACY_LABOUR]
    if legacy or price is not None:
        repair.require_lines_open()
    for line in legacy:
        assert line.id is not None
        remove(uow, repair, line.id, by, now)
    if price is not None:
        try:
            add_labour(uow, repair, LEGACY_LABOUR, price, None, by, now, terms)
        except ValidationFailed as refused:  # the request named a price, not a line's amount
            raise ValidationFailed([FieldError("price" if e.field == "amount" else e.field, e.message)
                                    for e in refused.errors]) from None


def _line_problems(command: NewLine) -> FieldProblems:
    problems = FieldProblems()
    if command.kind == LineKind.LABOUR.value:
        problems.check("description", None if command.description else "is required for a labour line")
        problems.check("amount", None if command.amount is not None else "is required for a labour line")
        problems.check("product_id", None if command.product_id is None else "is only for a part line")
        problems.check("serials", None if not command.serials else "is only for a part line")
    else:
        problems.check("product_id", None if command.product_id is not None else "is required for a part line")
        problems.check("amount", None if command.amount is None else
                       "is only for a labour line: a part's price is the product's")
        problems.check("tax_rate_id", None if command.tax_rate_id is None else
                       "is only for a labour line: a part is taxed at its product's rate")
    return problems


class AddLine:
    """``POST /repairs/{id}/lines``: a labour or a part line, in one transaction under the repair's lock."""

    def __init__(self, uow: RepairsUnitOfWorkFactory, clock: Clock, terms: RepairTerms) -> None:
        self._uow = uow
        self._clock = clock
        self._terms = terms

    def __call__(self, actor: User, repair_id: int, command: NewLine) -> RepairLine:
        assert actor.id is not None
        _line_problems(command).raise_if_any()
        with self._uow() as uow:
            repair = live(uow, repair_id)
            now = self._clock.now()
            if command.kind == LineKind.LABOUR.value:
                assert command.description is not None and command.amount is not None
                line = add_labour(uow, repair, command.description, command.amount, command.tax_rate_id, actor.id,
                                  now, self._terms, command.requote)
            else:
                assert command.product_id is not None
                line = add_part(uow, repair, command.product_id, command.quantity or 1, actor.id, now, self._terms,
                                command.serials, command.requote)
            repair.updated_at = now
            uow.repairs.update(repair)
            if command.requote:  # back to the customer: the new total becomes the quote, their message written
                record_move(uow, repair, RepairStatus.AWAITING_APPROVAL, by=actor.id,
                            note=f"The quote grows: {line.description}", now=now, terms=self._terms)
            uow.commit()
        return line


class UsePart:
    """The older ``POST /repairs/{id}/parts``: a part line; answers the repair."""

    def __init__(self, uow: RepairsUnitOfWorkFactory, clock: Clock, terms: RepairTerms) -> None:
        self._uow = uow
        self._clock = clock
        self._terms = terms

    def __call__(self, actor: User, repair_id: int, command: PartUsed) -> Repair:
        assert actor.id is not None
        with self._uow() as uow:
            repair = live(uow, repair_id)
            now = self._clock.now()
            add_part(uow, repair, command.product_id, command.quantity, actor.id, now, self._terms)
            repair.updated_at = now
            uow.repairs.update(repair)
            uow.commit()
        return repair


class RemoveLine:
    """A line removed before delivery, a part's stock given back; refused (409) while the quote is with the
    customer."""

    def __init__(self, uow: RepairsUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, repair_id: int, line_id: int) -> Repair:
        assert actor.id is not None
        with self._uow() as uow:
            repair = live(uow, repair_id)
            if repair.status is RepairStatus.DELIVERED:
                raise Conflict(f"Repair {repair.number} was delivered: its lines are on its invoice.")
            now = self._clock.now()
            remove(uow, repair, line_id, actor.id, now)
            repair.updated_at = now
            uow.repairs.update(repair)
            uow.commit()
        return repair
