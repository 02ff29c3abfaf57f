"""Demo sales: 90 days of them, busier on Saturdays, a few on account and a few voided; placed
through the sales use cases (so stock, accounts and numbers stay consistent) with a clock set to
each sale's time. The same every run (a seeded generator)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta
from decimal import ROUND_CEILING, Decimal
from typing import TYPE_CHECKING

from dependency_injector import providers

from techstore.application.catalog.commands import ProductQuery
from techstore.application.repairs.commands import NewRepair
from techstore.application.sales.commands import NewSale, PaymentLine, SaleLine, VoidReason
from techstore.application.sales.parked import NewParkedSale, ParkedItem
from techstore.application.sales.point_of_sale import Cart, CartLine
from techstore.application.shared.pages import MAX_LIMIT, PageRequest
from techstore.domain.catalog.units import UnitStatus
from techstore.domain.identity.users import User
from techstore.domain.sales.discounts import Discount
from techstore.domain.sales.sales import ZERO, Sale
from techstore.domain.shared.errors import DomainError
from techstore.domain.shared.payments import PaymentMethod
from techstore.entrypoints.cli.demo_cash import close_drawers, maybe_return, open_drawers
from techstore.entrypoints.http.json_body import structure

if TYPE_CHECKING:
    from techstore.container import Container

DAYS = 90
WEEKDAY_SALES = (3, 8)  # per day, Monday to Friday
SATURDAY_SALES = (10, 18)
VOID_REASONS = ["Rung up twice", "Customer changed their mind at the till", "Wrong product scanned"]


class _SeedClock:
    """The time each demo sale is made at."""

    def __init__(self, start: datetime) -> None:
        self.at = start

    def now(self) -> datetime:
        return self.at


@contextmanager
def seed_clock(container: Container, start: datetime) -> Iterator[_SeedClock]:
    """The use cases, while inside, see the time ``start`` (moved by setting ``at``)."""
    clock = _SeedClock(start)
    container.clock.override(providers.Object(clock))
    container.reset_singletons()
    try:
        yield clock
    finally:
        container.clock.reset_override()
        container.reset_singletons()


def _split(total: Decimal, rng: random.Random, customer: bool) -> list[PaymentLine]:
    if customer and rng.random() < 0.5:
        return [PaymentLine(PaymentMethod.ACCOUNT, total)]
    kind = rng.random()
    if kind < 0.45:
        return [PaymentLine(PaymentMethod.CARD, total)]
    if kind < 0.8 or total < Decimal("2.00"):
        return [PaymentLine(PaymentMethod.CASH, total)]
    cash = (total / 2).quantize(Decimal("1"))
    if cash <= 0:
        return [PaymentLine(PaymentMethod.CARD, total)]
    return [PaymentLine(PaymentMethod.CASH, cash), PaymentLine(PaymentMethod.CARD, total - cash)]


def _tendered(payments: list[PaymentLine]) -> Decimal | None:
    """What a customer paying cash hands over: the cash part rounded up to the next 5 (no change when exact)."""
    cash = sum((p.amount for p in payments if p.method is PaymentMethod.CASH), ZERO)
    if cash == ZERO:
        return None
    return ((cash / 5).to_integral_value(rounding=ROUND_CEILING) * 5).quantize(Decimal("0.01"))


def seed_sales(container: Container, sellers: list[User], admin: User, seed: int = 11) -> tuple[int, int, int]:
    """Sales over the last ``DAYS`` days, cash drawers over the last two weeks, a few returns; returns (sales
    made, sales voided, returns made)."""
    rng = random.Random(seed)
    products = [p for p in container.catalog.search_products()(admin, ProductQuery(), PageRequest(limit=MAX_LIMIT))
                .items if p.is_active and p.stock > 3 and p.price < Decimal("400") and p.serial_kind is None]
    customers = [c for c in container.customers.search_customers()(admin, "", PageRequest(limit=MAX_LIMIT)).items
                 if c.credit_limit is not None][:20]
    if not products:
        return 0, 0, 0
    today = datetime.now(UTC).date()
    made: list[Sale] = []
    voided = returned = 0
    with seed_clock(container, datetime.now(UTC)) as clock:
        for day in range(DAYS, 0, -1):
            date = today - timedelta(days=day)
            low, high = SATURDAY_SALES if date.weekday() == 5 else WEEKDAY_SALES
            if date.weekday() == 6:
                continue  # closed on Sundays
            opening = datetime.combine(date, time(9, 30), tzinfo=UTC)
            clock.at = opening - timedelta(minutes=15)
            open_drawers(container, sellers)
            for minute in sorted(rng.sample(range(0, 9 * 60), rng.randint(low, high))):
                clock.at = opening + timedelta(minutes=minute, seconds=rng.randint(0, 59))
                chosen = rng.sample(products, rng.choice([1, 1, 1, 2, 2, 3]))
                # Now and then 10 % off one line, or 5 % off the whole sale, as a cashier gives them.
                lines = [SaleLine(p.id or 0, rng.choice([1, 1, 1, 2]),
                                  Discount.percent_of(Decimal(10)) if rng.random() < 0.04 else None) for p in chosen]
                discount = Discount.percent_of(Decimal(5)) if rng.random() < 0.1 else None
                customer = rng.choice(customers) if customers and rng.random() < 0.08 else None
                seller = rng.choice(sellers)
                # Priced as the till prices it (discounts, then each line's tax): the payments match to the cent.
                cart = Cart([CartLine(line.product_id, line.quantity, line.discount) for line in lines], discount)
                payments = _split(container.sales.quote_sale()(seller, cart).total, rng, customer is not None)
                command = NewSale(lines, payments, customer.id if customer else None, discount,
                                  tendered=_tendered(payments))
                try:
                    made.append(container.sales.place_sale()(seller, command))
                except DomainError:
                    continue  # sold out, or over a credit limit: the counter moves on
                clock.at += timedelta(minutes=1)
                if maybe_return(container, seller, made[-1], rng):
                    returned += 1
                    continue
                if rng.random() < 0.02:
                    clock.at += timedelta(minutes=3)
                    sale_id = made[-1].id or 0
                    container.sales.void_sale()(admin, sale_id, VoidReason(rng.choice(VOID_REASONS)))
                    voided += 1
            clock.at = opening + timedelta(hours=9, minutes=10)
            close_drawers(container, sellers, rng)
    return len(made), voided, returned





# Serialized units sold to customers (PRODUCT.md, "Serialized units"): (days ago, SKU prefix), within the history.
SERIALIZED_SALES = [(3, "PHN-APL-15-"), (12, "PHN-SAM-S24-"), (40, "PHN-GOO-8-"), (75, "PHN-SAM-A55-"),
                    (85, "PHN-XMI-13-"), (20, "LAP-APL-MACBOOKAIRM3-"), (60, "LAP-LEN-THINKPADE14-")]


def seed_serialized_sales(container: Container, seller: User, admin: User) -> list[tuple[Sale, str, str]]:
    """A few serialized units sold to named customers, each sale naming the serial it sold (taken from the units
    in stock): the lookup then shows sale, customer and warranty. Paid by card; made through the sales use cases
    (the sale's line carries its ``serials``). Returns each sale made, with the serial it sold and the product's
    name."""
    catalog = container.catalog
    customers = container.customers.search_customers()(admin, "", PageRequest(limit=MAX_LIMIT)).items
    if not customers:
        return []
    made: list[tuple[Sale, str, str]] = []
    for number, (days, prefix) in enumerate(SERIALIZED_SALES):
        found = catalog.search_products()(admin, ProductQuery(q=prefix), PageRequest(limit=20)).items
        product = next((p for p in found if p.serial_kind is not None and p.stock > 0 and p.is_active), None)
        if product is None:
            continue
        units = catalog.list_units()(admin, product.id, UnitStatus.IN_STOCK, PageRequest(limit=1)).items
        if not units:
            continue
        customer = customers[number % len(customers)]
        at = datetime.now(UTC).replace(hour=11, minute=5 * number, second=0, microsecond=0) - timedelta(days=days)
        with seed_clock(container, at):
            total = container.sales.quote_sale()(seller, Cart([CartLine(product.id, 1, None)], None)).total
            body = {"customer_id": customer.id, "payments": [{"method": "card", "amount": str(total)}],
                    "items": [{"product_id": product.id, "quantity": 1, "serials": [units[0].serial]}]}
            try:
                sale = container.sales.place_sale()(seller, structure(body, NewSale))
                made.append((sale, units[0].serial, product.name))
            except DomainError:
                continue  # a store whose sales do not name serials yet
    return made


def seed_warranty_repairs(container: Container, staff: User, sold: list[tuple[Sale, str, str]]) -> int:
    """Two of the units sold back for repair, taken in by their serial (the intake finds the sale's warranty).
    Returns how many were taken in."""
    taken = 0
    for sale, serial, name in sold[:2]:
        if sale.customer_id is None:
            continue
        container.repairs.take_repair_in()(staff, NewRepair(
            sale.customer_id, name[:120], "Stopped charging after a few weeks", serial_number=serial,
            accessories="Charging cable"))
        taken += 1
    return taken


def seed_parked(container: Container, sellers: list[User]) -> int:
    """Two carts held at the counter: one parked this morning for a customer, one forgotten since yesterday
    (listed as stale, for clean-up). Returns how many were parked."""
    products = [p for p in container.catalog.search_products()(sellers[0], ProductQuery(), PageRequest(limit=20))
                .items if p.is_active][:3]
    customers = container.customers.search_customers()(sellers[0], "", PageRequest(limit=1)).items
    if len(products) < 3:
        return 0
    now = datetime.now(UTC)
    carts = [(sellers[-1], now - timedelta(hours=30), [(products[0], 1)], None, "Customer went to fetch a card"),
             (sellers[0], now - timedelta(minutes=40), [(products[1], 1), (products[2], 2)],
              customers[0].id if customers else None, "Back after lunch")]
    for seller, at, lines, customer_id, notes in carts:
        with seed_clock(container, at):
            container.sales.park_sale()(seller, NewParkedSale(
                [ParkedItem(p.id, quantity) for p, quantity in lines], customer_id, notes=notes))
    return len(carts)
