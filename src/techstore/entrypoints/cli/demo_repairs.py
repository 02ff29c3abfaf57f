"""Demo repairs: phones, laptops and consoles in every status, walked there through the repairs use cases
(so numbers, history and accounts stay consistent)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from techstore.application.cash.commands import OpenDrawer
from techstore.application.repairs.commands import Delivery, NewRepair, RepairChanges, Transition
from techstore.application.sales.commands import PaymentLine
from techstore.application.shared.pages import PageRequest
from techstore.domain.identity.users import User
from techstore.domain.shared.payments import PaymentMethod

if TYPE_CHECKING:
    from techstore.container import Container

# equipment, serial / IMEI, problem, accessories, diagnosis, price, the moves that bring it to its status
REPAIRS: list[tuple[str, str, str, str | None, str | None, str | None, list[str]]] = [
    ("Phone, Apple iPhone 12", "356789104512347", "Screen cracked after a fall; touch works", "Case", None, None, []),
    ("Laptop, Lenovo ThinkPad T14 Gen 2", "PF-2XK9L1", "Does not boot, fan spins", "Charger", None, None,
     ["diagnosing"]),
    ("Console, Sony PlayStation 5", "E00-41723389", "No HDMI output", None, "HDMI port pins bent; port to replace",
     "89.00", ["diagnosing", "awaiting_approval"]),
    ("Phone, Samsung Galaxy S21", "352931115508212", "Battery drains in 3 hours", "None",
     "Battery swollen, replace battery", "59.00", ["diagnosing", "awaiting_approval", "in_repair"]),
    ("Laptop, Apple MacBook Air M1", "C02DK1XYQ6L4", "Keyboard keys stuck after a spill", "Charger, sleeve",
     "Liquid damage under the keyboard; top case ordered", "240.00",
     ["diagnosing", "awaiting_approval", "in_repair", "waiting_for_parts"]),
    ("Console, Nintendo Switch", "XAW10023418876", "Left Joy-Con drifts", "Both Joy-Cons, dock",
     "Worn analog stick, replaced", "35.00", ["diagnosing", "ready"]),
    ("Phone, Google Pixel 7", "358240051122334", "Charging port loose", None, "Lint in the port, cleaned", "15.00",
     ["diagnosing", "ready", "delivered"]),
    ("Laptop, HP Pavilion 15", "5CD1234XYZ", "Very slow, overheating", "Charger",
     "Dust in the heatsink, fan and thermal paste replaced", "229.99", ["diagnosing", "ready", "delivered"]),
    ("Console, Microsoft Xbox Series S", "0301-8874-1123", "Disc tray does not open", None,
     "Not worth repairing: customer declined", None, ["diagnosing", "cancelled"]),
    ("Phone, Xiaomi Redmi Note 11", "866543051234560", "Speaker crackles", "SIM card", None, None, ["cancelled"]),
]


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
    """Every repair above, taken in for a demo customer and moved to its status; returns how many. ``staff``
    opens their drawer first and leaves it open: the delivered ones are paid into it today."""
    customers = container.customers.search_customers()(staff, "", PageRequest(limit=len(REPAIRS))).items
    if not customers:
        return 0
    if container.cash.current_session()(staff) is None:
        container.cash.open_session()(staff, OpenDrawer(Decimal("100.00")))
    repairs = container.repairs
    today = datetime.now(UTC).date()
    for index, (equipment, serial, problem, accessories, diagnosis, price, moves) in enumerate(REPAIRS):
        customer = customers[index % len(customers)]
        repair = repairs.take_repair_in()(staff, NewRepair(
            customer.id, equipment, problem, serial_number=serial, accessories=accessories,
            promised_date=today + timedelta(days=2 + index % 5)))
        if diagnosis is not None:
            repairs.change_repair()(staff, repair.id, RepairChanges(
                diagnosis=diagnosis, price=Decimal(price) if price else None), ["diagnosis", "price"])
        for to in moves:
            if to == "delivered":
                # What is left to pay: the labour line's price plus its tax at the store's default rate.
                to_pay = repairs.get_repair()(staff, repair.id).to_pay
                repairs.deliver_repair()(staff, repair.id, Delivery(_paid(to_pay)))
            else:
                repairs.move_repair()(staff, repair.id, Transition(to))  # type: ignore[arg-type]
    return len(REPAIRS)
