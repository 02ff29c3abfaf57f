"""The ``reports`` query port on every adapter set: one fixed shop, figures computed by hand. The SQL adapter
groups in the database (PostgreSQL ``AT TIME ZONE``, SQLite per-offset segments) and the in-memory one sums in
Python: both must give these exact figures, so they give the same. Each test runs with every day read live, and
with the closed days rolled up first (``RollUpReports``: the SQL adapters then read them from their daily
rollups), one of them also with a day rolled up before a void made it stale."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from techstore.application.cash.commands import NewCashMovement, OpenDrawer
from techstore.application.catalog.commands import NewCategory, NewProduct
from techstore.application.customers.commands import NewAdjustment, NewCustomer, NewPayment
from techstore.application.repairs.commands import (
    Delivery,
    NewLine,
    NewRepair,
    PartUsed,
    RepairChanges,
    Transition,
)
from techstore.application.reports.money_check import CheckMoney
from techstore.application.reports.rollups import RollUpReports
from techstore.application.sales.commands import NewReturn, NewSale, PaymentLine, ReturnLine, SaleLine, VoidReason
from techstore.application.shared.pages import PageRequest
from techstore.application.taxes.commands import NewTaxRate
from techstore.container import Container
from techstore.domain.identity.users import Role
from techstore.domain.reports.days import LocalPeriod
from techstore.domain.reports.figures import (
    CategoryFigure,
    DayFigure,
    LowStockProduct,
    MarginFigure,
    MethodFigure,
    ProductFigure,
    Receivable,
    ReturnsFigure,
    StatusCount,
    TaxFigure,
)
from techstore.domain.sales.discounts import Discount
from techstore.domain.taxes.rates import STARTING_RATE_NAME
from techstore.infrastructure.clock import ManualClock

LISBON = ZoneInfo("Europe/Lisbon")  # UTC+0 in winter, UTC+1 from 2026-03-29 01:00 UTC
D = Decimal


def _at(clock: ManualClock, local: str) -> None:
    target = datetime.fromisoformat(local).replace(tzinfo=LISBON).astimezone(UTC)
    clock.advance(target - clock.now())


def _pay(*parts: tuple[str, str]) -> list[PaymentLine]:
    return [PaymentLine(method, D(amount)) for method, amount in parts]  # type: ignore[arg-type]


def _roll_up(container: Container, clock: ManualClock) -> None:
    RollUpReports(container.adapters.uow, clock, LISBON)()
    assert CheckMoney(container.adapters.uow, clock, LISBON)().problems == []


def _shop(container: Container, clock: ManualClock) -> dict[str, Any]:
    clock.advance(datetime(2026, 3, 1, tzinfo=UTC) - clock.now())
    boss = container.identity.provision_user()("boss", "boss-password-1", full_name="Bea Boss", role=Role.ADMIN)
    sam = container.identity.provision_user()("sam", "sam-password-1", full_name="Sam Seller", role=Role.STAFF)
    catalog = container.catalog
    audio = catalog.create_category()(boss, NewCategory("Audio"))
    ids = {}
    for sku, price, cost, stock, minimum, category in (("HEAD", "40.00", "25.00", 20, 2, audio.id),
                                                       ("SPEAK", "99.99", None, 3, 2, audio.id),
                                                       ("BAG", "15.00", "6.50", 9, 1, None),
                                                       ("OLD", "1.00", None, 0, 0, None)):
        product = catalog.create_product()(boss, NewProduct(sku, sku.title(), D(price), category_id=category,
                                                            cost=D(cost) if cost else None, stock=stock,
                                                            min_stock=minimum))
        ids[sku] = product.id
    ana = container.customers.register_customer()(boss, NewCustomer("Ana", email="ana@example.com",
                                                                     credit_limit=D("1000.00")))
    rui = container.customers.register_customer()(boss, NewCustomer("Rui", email="rui@example.com",
                                                                    credit_limit=D("1000.00")))
    place = container.sales.place_sale()
    # 2026-03-28 (WET, UTC+0): 23:30 local is 23:30 UTC.
    _at(clock, "2026-03-28T23:30")
    s1 = place(sam, NewSale([SaleLine(ids["HEAD"], 2), SaleLine(ids["BAG"], 1)], _pay(("cash", "50.00"),
                                                                                      ("card", "40.00")),
                            discount=Discount.off(D("5.00"))))  # subtotal 95.00, total 90.00; shares 4.21 / 0.79
    # 2026-03-30 00:30 local (WEST, UTC+1) is 2026-03-29 23:30 UTC: a UTC day would put it on the 29th.
    _at(clock, "2026-03-30T00:30")
    place(sam, NewSale([SaleLine(ids["SPEAK"], 1)], _pay(("account", "99.99")), customer_id=ana.id))
    place(sam, NewSale([SaleLine(ids["BAG"], 2)], _pay(("account", "30.00")), customer_id=rui.id))
    voided = place(sam, NewSale([SaleLine(ids["HEAD"], 1)], _pay(("transfer", "40.00"))))
    container.sales.void_sale()(boss, voided.id, VoidReason("Typed twice"))
    # The day after: a return of the first sale (one headset, damaged: half of 75.79, half-up), in cash and card.
    _at(clock, "2026-03-31T10:00")
    container.sales.make_return()(sam, s1.id, NewReturn([ReturnLine(ids["HEAD"], 1, restock=False)],
                                                        _pay(("cash", "30.00"), ("card", "7.90")), "Broken"))
    repairs = container.repairs
    for equipment in ("Phone", "Laptop", "Tablet"):
        repairs.take_repair_in()(sam, NewRepair(ana.id, equipment, "Does not start"))
    repairs.move_repair()(sam, 1, Transition("diagnosing"))
    container.cash.open_session()(sam, OpenDrawer(D("100.00")))
    return {"boss": boss, "sam": sam, "ids": ids, "ana": ana, "rui": rui, "audio": audio.id}


@pytest.mark.parametrize("rolled", [False, True], ids=["live", "rolled"])
def test_the_figures_of_a_period_in_the_store_s_time_zone(container: Container, clock: ManualClock,
                                                           rolled: bool) -> None:
    shop = _shop(container, clock)
    if rolled:  # the 28th to the 30th; the 31st (today) stays live
        _roll_up(container, clock)
    ids = shop["ids"]
    period = LocalPeriod(date(2026, 3, 28), date(2026, 3, 31), LISBON)
    with container.adapters.uow(read_only=True) as uow:
        q = uow.reports
        # Money is the journal's: the void's sale and reversal cancel out on the 30th; the refund pays out on the 31st.
        assert list(q.by_day(period)) == [
            DayFigure(date(2026, 3, 28), 1, D("90.00"), money_net=D("90.00")),
            DayFigure(date(2026, 3, 30), 2, D("129.99"), money_net=D("129.99")),
            DayFigure(date(2026, 3, 31), 0, D("0.00"), 1, D("37.90"), money_net=D("-37.90")),
        ]
        # No drawer was open: every amount is outside one. The voided transfer took 40.00 and gave it back.
        assert list(q.by_method(period)) == [
            MethodFigure("account", 2, D("129.99"), outside_drawer=D("129.99")),
            MethodFigure("card", 1, D("40.00"), 1, D("7.90"), D("32.10")),
            MethodFigure("cash", 1, D("50.00"), 1, D("30.00"), D("20.00")),
            MethodFigure("transfer", 0, D("0.00"), 0, D("0.00"), D("0.00")),
        ]
        # Returns netted: the headset brought back on the 31st takes its refund (37.90, no tax) and its sale
        # line's cost (25.00) back. HEAD: 2 sold for 75.79 at 25.00, 1 back: 1 unit, 37.89, cost 25.00, margin
        # 12.89 (34.02 %). SPEAK: no cost known, its 99.99 counted apart. BAG: 14.21 + 30.00 = 44.21, cost
        # 3 × 6.50 = 19.50, margin 24.71 (55.89 %).
        assert list(q.by_category(period)) == [
            CategoryFigure(shop["audio"], "Audio", 2, D("137.88"), D("25.00"), D("99.99")),  # 75.79 + 99.99 − 37.90
            CategoryFigure(None, "", 3, D("44.21"), D("19.50")),  # 15.00 − 0.79 + 30.00
        ]
        assert list(q.by_product(period)) == [
            ProductFigure(ids["SPEAK"], "SPEAK", "Speak", 1, D("99.99"), D("0.00"), D("99.99")),
            ProductFigure(ids["BAG"], "BAG", "Bag", 3, D("44.21"), D("19.50")),
            ProductFigure(ids["HEAD"], "HEAD", "Head", 1, D("37.89"), D("25.00")),
        ]
        audio, loose = q.by_category(period)
        assert (audio.revenue_with_cost, audio.margin, audio.margin_percent) == (D("37.89"), D("12.89"), D("34.02"))
        assert (loose.margin, loose.margin_percent) == (D("24.71"), D("55.89"))
        speak = q.by_product(period)[0]
        assert (speak.margin, speak.margin_percent) == (D("0.00"), None)
        by_revenue, by_units = q.top_products(period, 2)
        assert [(p.sku, p.units, p.revenue) for p in by_revenue] == [("SPEAK", 1, D("99.99")),
                                                                     ("HEAD", 2, D("75.79"))]
        assert by_units == [ProductFigure(ids["BAG"], "BAG", "Bag", 3, D("44.21")),
                            ProductFigure(ids["HEAD"], "HEAD", "Head", 2, D("75.79"))]
        assert q.returns(period) == ReturnsFigure(1, 1, 0, D("37.90"))
        # Known costs: HEAD 2 × 25.00 on 75.79, BAG 6.50 on 14.21 and 2 × 6.50 on 30.00; SPEAK has none. The
        # headset returned takes back 37.90 and 25.00: 82.10 less 44.50, 37.60 (45.80 %), the sum of the categories'.
        margin = q.margin(period)
        assert margin == MarginFigure(D("82.10"), D("44.50"), 3, 1, D("99.99"))
        assert (margin.margin, margin.margin_percent) == (D("37.60"), D("45.80"))
        assert margin.margin == sum((c.margin for c in q.by_category(period)), D("0"))
        # Every product here is at the store's starting default (0 %): sales 219.99 less the refund 37.90.
        assert list(q.by_tax_rate(period)) == [TaxFigure(STARTING_RATE_NAME, D("0.000"), D("182.09"), D("0.00"))]
        # A UTC day would move the sale of 00:30 local to the 29th.
        utc = LocalPeriod(date(2026, 3, 29), date(2026, 3, 29), ZoneInfo("UTC"))
        assert [(d.day, d.sales_count) for d in q.by_day(utc)] == [(date(2026, 3, 29), 2)]


def test_the_figures_of_now(container: Container, clock: ManualClock) -> None:
    shop = _shop(container, clock)
    with container.adapters.uow(read_only=True) as uow:
        q = uow.reports
        assert q.receivables(PageRequest()).items == [Receivable(shop["ana"].id, "Ana", D("99.99")),
                                                      Receivable(shop["rui"].id, "Rui", D("30.00"))]
        assert q.receivables(PageRequest(limit=1, offset=1)).total == 2
        assert list(q.repairs_by_status()) == [StatusCount("diagnosing", 1), StatusCount("received", 2)]
        low, total = q.low_stock(5)
        assert (list(low), total) == ([LowStockProduct(shop["ids"]["OLD"], "OLD", "Old", 0, 0),
                                       LowStockProduct(shop["ids"]["SPEAK"], "SPEAK", "Speak", 2, 2)], 2)
        drawers = q.open_drawers(None)
        assert [(d.user_name, d.opening_float) for d in drawers] == [("Sam Seller", D("100.00"))]
        assert list(q.open_drawers(shop["boss"].id)) == []


def _money_days(container: Container, clock: ManualClock, roll: str = "live") -> dict[str, Any]:
    """2026-02-10 (Lisbon, UTC+0): Sam, his drawer open, sells for cash 20.00 and card 10.00, takes 15.00 cash
    on Ana's account, pays 50.00 in and 5.00 out, and delivers a repair (labour 100.00 at "Services" 8.25 %,
    108.25, and a 114.85 screen at "Reduced" 6 %, 121.74: 229.99) paid by card 200.00 and cash 29.99; Rita, with
    no drawer, sells for cash 12.50. 2026-02-11: the boss (no drawer) voids Sam's sale. 2026-02-12: Sam delivers
    a second repair (the older ``price`` input: a labour line "Repair" of 45.00 at the default rate, 0 %) paid
    by transfer, then takes the same tablet back under that repair's warranty (a 30.00 labour line at 8.25 %)
    and delivers it for nothing."""
    clock.advance(datetime(2026, 2, 1, tzinfo=UTC) - clock.now())
    boss = container.identity.provision_user()("boss", "boss-password-1", role=Role.ADMIN)
    sam = container.identity.provision_user()("sam", "sam-password-1", full_name="Sam Seller", role=Role.STAFF)
    rita = container.identity.provision_user()("rita", "rita-password-1", role=Role.STAFF)
    head = container.catalog.create_product()(boss, NewProduct("HEAD", "Headset", D("30.00"), stock=10))
    bag = container.catalog.create_product()(boss, NewProduct("BAG", "Bag", D("12.50"), stock=10))
    services = container.taxes.create_tax_rate()(boss, NewTaxRate("Services", D("8.25")))
    reduced = container.taxes.create_tax_rate()(boss, NewTaxRate("Reduced", D("6")))
    screen = container.catalog.create_product()(boss, NewProduct("SCREEN", "Screen", D("114.85"), stock=10,
                                                                 tax_rate_id=reduced.id))
    ana = container.customers.register_customer()(boss, NewCustomer("Ana", email="ana@example.com"))
    container.customers.adjust_balance()(boss, ana.id, NewAdjustment(D("40.00"), "Opening balance"))
    repairs = container.repairs
    fixed = repairs.take_repair_in()(sam, NewRepair(ana.id, "Phone", "Cracked screen"))
    repairs.add_line()(sam, fixed.id, NewLine("labour", "Screen replacement", D("100.00"), services.id))
    plain = repairs.take_repair_in()(sam, NewRepair(ana.id, "Tablet", "Loose button", serial_number="TAB-1",
                                                    price=D("45.00")))
    _at(clock, "2026-02-10T09:00")
    container.cash.open_session()(sam, OpenDrawer(D("100.00")))
    sale = container.sales.place_sale()(sam, NewSale([SaleLine(head.id, 1)], _pay(("cash", "20.00"),
                                                                                   ("card", "10.00"))))
    container.customers.take_payment()(sam, ana.id, NewPayment(D("15.00"), "cash"))
    container.cash.add_movement()(sam, container.cash.current_session()(sam).id,
                                  NewCashMovement("pay_in", D("50.00"), "Change from the bank"))
    container.cash.add_movement()(sam, container.cash.current_session()(sam).id,
                                  NewCashMovement("pay_out", D("5.00"), "Courier"))
    repairs.use_part()(sam, fixed.id, PartUsed(screen.id, 1))
    for repair in (fixed, plain):
        repairs.change_repair()(sam, repair.id, RepairChanges(diagnosis="Worn"), ["diagnosis"])
        repairs.move_repair()(sam, repair.id, Transition("diagnosing"))
        repairs.move_repair()(sam, repair.id, Transition("ready"))
    _at(clock, "2026-02-10T17:00")
    repairs.deliver_repair()(sam, fixed.id, Delivery(_pay(("card", "200.00"), ("cash", "29.99"))))
    container.sales.place_sale()(rita, NewSale([SaleLine(bag.id, 1)], _pay(("cash", "12.50"))))
    _at(clock, "2026-02-11T10:00")
    if roll == "stale":  # the 10th rolled up, then made stale by the void of its sale: read live again
        _roll_up(container, clock)
    container.sales.void_sale()(boss, sale.id, VoidReason("Rung up twice"))
    _at(clock, "2026-02-12T10:00")
    repairs.deliver_repair()(sam, plain.id, Delivery(_pay(("transfer", "45.00"))))
    again = repairs.take_repair_in()(sam, NewRepair(ana.id, "Tablet", "Loose again", serial_number="TAB-1",
                                                    warranty=True))
    repairs.add_line()(sam, again.id, NewLine("labour", "Button refitted", D("30.00"), services.id))
    repairs.change_repair()(sam, again.id, RepairChanges(diagnosis="Clip broke"), ["diagnosis"])
    repairs.move_repair()(sam, again.id, Transition("diagnosing"))
    repairs.move_repair()(sam, again.id, Transition("ready"))
    repairs.deliver_repair()(sam, again.id, Delivery([]))
    if roll == "rolled":  # the 10th and the 11th
        _roll_up(container, clock)
    return {"sam": sam, "sale": sale, "fixed": fixed, "again": again}


@pytest.mark.parametrize("roll", ["live", "rolled", "stale"])
def test_money_by_method_reads_the_journal_and_repairs_are_their_own_line(container: Container,
                                                                          clock: ManualClock, roll: str) -> None:
    _money_days(container, clock, roll)
    day1 = LocalPeriod(date(2026, 2, 10), date(2026, 2, 10), LISBON)
    day2 = LocalPeriod(date(2026, 2, 11), date(2026, 2, 11), LISBON)
    both = LocalPeriod(date(2026, 2, 10), date(2026, 2, 12), LISBON)
    with container.adapters.uow(read_only=True) as uow:
        q = uow.reports
        # Day 1, card: the sale 10.00 and the repair 200.00, at Sam's drawer. Cash: the sale 20.00, Ana's 15.00,
        # the repair 29.99 at the drawer, and Rita's 12.50 outside any; the pay-in and pay-out are not takings.
        assert list(q.by_method(day1)) == [
            MethodFigure("card", 2, D("210.00")),
            MethodFigure("cash", 4, D("77.49"), outside_drawer=D("12.50")),
        ]
        # Day 2: the void gives the sale's money back on its own day, by the boss, who had no drawer open.
        assert list(q.by_method(day2)) == [
            MethodFigure("card", -1, D("-10.00"), outside_drawer=D("-10.00")),
            MethodFigure("cash", -1, D("-20.00"), outside_drawer=D("-20.00")),
        ]
        assert list(q.by_method(both)) == [
            MethodFigure("card", 1, D("200.00"), outside_drawer=D("-10.00")),
            MethodFigure("cash", 3, D("57.49"), outside_drawer=D("-7.50")),
            MethodFigure("transfer", 1, D("45.00")),
        ]
        # Revenue: the voided sale counts nowhere; Rita's sale and the repair (121.74 of it parts) on day 1; the
        # second repair counts on the 12th, without parts, with the warranty repair that took nothing.
        assert list(q.by_day(both)) == [
            DayFigure(date(2026, 2, 10), 1, D("12.50"), repairs_count=1, repairs_amount=D("229.99"),
                      repairs_parts=D("121.74"), money_net=D("287.49")),
            DayFigure(date(2026, 2, 11), money_net=D("-30.00")),
            DayFigure(date(2026, 2, 12), repairs_count=2, repairs_amount=D("45.00"), money_net=D("45.00")),
        ]
        assert q.by_day(day1)[0].net == D("242.49")  # 12.50 + 229.99
        # Tax by rate: the repairs are taxed per line, each at its own rate: the labour at 8.25 %, the screen at
        # its product's 6 %, the older price's labour line "Repair" with Rita's sale at the starting default.
        # The warranty repair charged nothing: its 30.00 labour line is no part of it.
        assert list(q.by_tax_rate(both)) == [
            TaxFigure("Services", D("8.250"), D("100.00"), D("8.25")),
            TaxFigure("Reduced", D("6.000"), D("114.85"), D("6.89")),
            TaxFigure(STARTING_RATE_NAME, D("0.000"), D("57.50"), D("0.00")),
        ]
        assert list(q.by_tax_rate(day1)) == [
            TaxFigure("Services", D("8.250"), D("100.00"), D("8.25")),
            TaxFigure("Reduced", D("6.000"), D("114.85"), D("6.89")),
            TaxFigure(STARTING_RATE_NAME, D("0.000"), D("12.50"), D("0.00")),
        ]
