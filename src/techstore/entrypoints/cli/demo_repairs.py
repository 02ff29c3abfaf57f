"""Demo repairs: phones, laptops and consoles in every status, walked there through the repairs use cases
(so numbers, history and accounts stay consistent)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from techstore.application.cash.commands import OpenDrawer
from techstore.application.repairs.commands import (
    Cancellation,
    ConditionIn,
    Delivery,
    NewLine,
    NewRepair,
    RepairChanges,
    Transition,
)
from techstore.application.sales.commands import PaymentLine
from techstore.application.shared.pages import PageRequest
from techstore.domain.identity.users import User
from techstore.domain.shared.payments import PaymentMethod

if TYPE_CHECKING:
    from techstore.container import Container

@attrs.frozen
class DemoRepair:
    equipment: str
    serial: str
    problem: str
    accessories: str | None
    moves: tuple[str, ...] = ()
    diagnosis: str | None = None
    labour: tuple[str, str] | None = None  # (description, amount)
    part: str | None = None  # a demo part's SKU
    deposit: str | None = None  # taken in cash at intake
    condition: ConditionIn = ConditionIn()


SCRATCHED = ConditionIn(notes="Light scratches on the back", screen="damaged", housing="damaged", buttons="ok",
                        camera="ok", charging_port="ok", water_damage="ok")
CLEAN = ConditionIn(screen="ok", housing="ok", buttons="ok", camera="ok", charging_port="ok", water_damage="ok")
REPAIRS = [
    DemoRepair("Phone, Apple iPhone 13", "356789104512347", "Screen cracked after a fall; touch works", "Case",
               condition=SCRATCHED, deposit="20.00"),
    DemoRepair("Laptop, Lenovo ThinkPad T14 Gen 2", "PF-2XK9L1", "Does not boot, fan spins", "Charger",
               ("diagnosing",), condition=CLEAN),
    DemoRepair("Phone, Apple iPhone 14", "353912110456781", "Screen black after a drop", None,
               ("diagnosing", "awaiting_approval"), "LCD broken; screen assembly to replace",
               ("Screen replacement", "49.00"), "RP-APL-14-LCD", "30.00", SCRATCHED),
    DemoRepair("Console, Sony PlayStation 5", "E00-41723389", "No HDMI output", None,
               ("diagnosing", "awaiting_approval"), "HDMI port pins bent; port to replace",
               ("HDMI port replacement", "89.00")),
    DemoRepair("Phone, Samsung Galaxy S24", "352931115508212", "Battery drains in 3 hours", None,
               ("diagnosing", "awaiting_approval", "in_repair"), "Battery swollen, replace battery",
               ("Battery replacement", "25.00"), "RP-SAM-S24-BAT", condition=CLEAN),
    DemoRepair("Laptop, Apple MacBook Air M1", "C02DK1XYQ6L4", "Keyboard keys stuck after a spill", "Charger, sleeve",
               ("diagnosing", "awaiting_approval", "in_repair", "waiting_for_parts"),
               "Liquid damage under the keyboard; top case ordered", ("Top case replacement", "240.00"),
               deposit="100.00"),
    DemoRepair("Console, Nintendo Switch", "XAW10023418876", "Left Joy-Con drifts", "Both Joy-Cons, dock",
               ("diagnosing", "ready"), "Worn analog stick, replaced", ("Analog stick replacement", "35.00")),
    DemoRepair("Phone, Google Pixel 8", "358240051122334", "Charging port loose", None,
               ("diagnosing", "ready", "delivered"), "Port worn; replaced", ("Charging port fitting", "20.00"),
               "RP-GOO-8-PORT", condition=CLEAN),
    DemoRepair("Laptop, HP Pavilion 15", "5CD1234XYZ", "Very slow, overheating", "Charger",
               ("diagnosing", "ready", "delivered"), "Dust in the heatsink, fan and thermal paste replaced",
               ("Cleaning, fan and thermal paste", "129.99")),
    DemoRepair("Console, Microsoft Xbox Series S", "0301-8874-1123", "Disc tray does not open", None,
               ("diagnosing", "cancelled"), "Not worth repairing: customer declined"),
    DemoRepair("Phone, Xiaomi Redmi Note 13", "866543051234560", "Speaker crackles", "SIM card", ("cancelled",),
               deposit="15.00"),
]
# Back within the warranty of the Pixel delivered above: taken in under warranty, nothing to pay.
WARRANTY_RETURN = DemoRepair("Phone, Google Pixel 8", "358240051122334", "Charging port loose again", None,
                             condition=CLEAN)


CARD_FROM = Decimal("100.00")


def _paid(price: Decimal) -> list[PaymentLine]:
    """A delivery paid the way customers do: the round part by card, the rest in cash (all cash when small)."""
    if price < CARD_FROM:
        return [PaymentLine(PaymentMethod.CASH, price)]
    card = CARD_FROM * (price // CARD_FROM)
    if card == price:
        return [PaymentLine(PaymentMethod.CARD, price)]
    return [PaymentLine(PaymentMethod.CARD, card), PaymentLine(PaymentMethod.CASH, price - card)]


def seed_repairs(container: Container, staff: User) -> int:
    """Every repair above, taken in for a demo customer and moved to its status through the use cases; returns
    how many. ``staff`` opens their drawer first and leaves it open: deposits and deliveries are paid into it."""
    customers = container.customers.search_customers()(staff, "", PageRequest(limit=len(REPAIRS))).items
    if not customers:
        return 0
    if container.cash.current_session()(staff) is None:
        container.cash.open_session()(staff, OpenDrawer(Decimal("100.00")))
    today = datetime.now(UTC).date()
    for index, demo in enumerate(REPAIRS):
        _walk(container, staff, customers[index % len(customers)].id, demo, today + timedelta(days=2 + index % 5))
    pixel_owner = customers[REPAIRS.index(next(r for r in REPAIRS if r.serial == WARRANTY_RETURN.serial))
                            % len(customers)]
    container.repairs.take_repair_in()(staff, _intake(pixel_owner.id, WARRANTY_RETURN, today, warranty=True))
    return len(REPAIRS) + 1


def _intake(customer_id: int, demo: DemoRepair, promised: date, *, warranty: bool = False) -> NewRepair:
    deposits = [PaymentLine(PaymentMethod.CASH, Decimal(demo.deposit))] if demo.deposit else []
    return NewRepair(customer_id, demo.equipment, demo.problem, serial_number=demo.serial,
                     accessories=demo.accessories, condition=demo.condition, promised_date=promised,
                     warranty=warranty, deposits=deposits)


def _walk(container: Container, staff: User, customer_id: int, demo: DemoRepair, promised: date) -> None:
    repairs = container.repairs
    repair = repairs.take_repair_in()(staff, _intake(customer_id, demo, promised))
    assert repair.id is not None
    if demo.diagnosis is not None:
        repairs.change_repair()(staff, repair.id, RepairChanges(diagnosis=demo.diagnosis), ["diagnosis"])
    if demo.labour is not None:
        description, amount = demo.labour
        repairs.add_line()(staff, repair.id, NewLine("labour", description=description, amount=Decimal(amount)))
    if demo.part is not None:
        with container.adapters.uow(read_only=True) as uow:
            part = uow.stock.by_code(demo.part)
        if part is not None:
            repairs.add_line()(staff, repair.id, NewLine("part", product_id=part.id, quantity=1))
    for to in demo.moves:
        if to == "delivered":
            to_pay = repairs.get_repair()(staff, repair.id).to_pay
            repairs.deliver_repair()(staff, repair.id, Delivery(_paid(to_pay) if to_pay else []))
        elif to == "cancelled":
            deposits = repairs.get_repair()(staff, repair.id).deposit_total
            refunds = [PaymentLine(PaymentMethod.CASH, deposits)] if deposits else []
            repairs.cancel_repair()(staff, repair.id, Cancellation("Customer collected it unrepaired", refunds))
        else:
            repairs.move_repair()(staff, repair.id, Transition(to))  # type: ignore[arg-type]
