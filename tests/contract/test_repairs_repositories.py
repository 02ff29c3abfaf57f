"""The repairs repository (``uow.repairs``) and the lookup counter (``uow.tracking_hits``) behave alike on
every adapter set: a repair comes back with its lines, deposits and payments by every read (plain, locked, by
tracking code), its own fields change only on commit, a removed line goes, the warranty covering a serial is
found, its history keeps its order and says who made each change, and the list, the public lookup and the open
count agree."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import attrs

from techstore.application.repairs.ports import Coverage, QuotedLine, RepairFilter, Tracked
from techstore.application.shared.pages import PageRequest
from techstore.container import Container
from techstore.domain.identity.users import User
from techstore.domain.repairs.condition import Check, Condition
from techstore.domain.repairs.lines import LineKind, RepairLine
from techstore.domain.repairs.repairs import (
    Deposit,
    HistoryEntry,
    MoneyKind,
    Repair,
    RepairPayment,
    RepairStatus,
    repair_number,
)
from techstore.domain.shared.money import round_cents
from techstore.domain.shared.taxes import AppliedRate
from tests.contract.conftest import T0, a_customer, id_of_stored

D = Decimal
EVERYTHING = PageRequest()
LABOUR_RATE = AppliedRate("Services", D("8.25"))
PART_RATE = AppliedRate("Standard", D("23"))


def a_repair(user: User, customer_id: int, number: int, *, serial: str | None = "SN-100",
             customer_name: str = "Ana Silva", status: RepairStatus = RepairStatus.RECEIVED) -> Repair:
    assert user.id is not None
    return Repair(None, repair_number(number), f"code-{number:04d}", status, customer_id, "Laptop", serial,
                  "Does not boot", "Charger", None, date(2026, 1, 20), T0 + timedelta(hours=number),
                  user.id, "Handle with care", updated_at=T0 + timedelta(hours=number), customer_name=customer_name)


def labour(user: User, amount: str = "49.00", *, description: str = "Diagnosis and labour",
           at: datetime = T0) -> RepairLine:
    assert user.id is not None
    net = D(amount)
    return RepairLine(None, LineKind.LABOUR, description, 1, net, LABOUR_RATE, net,
                      round_cents(net * LABOUR_RATE.percent / 100), user.id, at)


def part(user: User, product_id: int, sku: str, quantity: int, unit: str, cost: str | None,
         at: datetime = T0) -> RepairLine:
    assert user.id is not None
    net = D(unit) * quantity
    return RepairLine(None, LineKind.PART, f"Product {sku}", quantity, D(unit), PART_RATE, net,
                      round_cents(net * PART_RATE.percent / 100), user.id, at, product_id, sku,
                      D(cost) if cost else None)


def store(container: Container, repair: Repair) -> Repair:
    with container.adapters.uow() as uow:
        uow.repairs.add(repair)
        uow.commit()
    return repair


def test_a_stored_repair_comes_back_with_its_lines_deposits_and_payments_by_every_read(
        container: Container, staff: User, product_ids: list[int], customer_id: int) -> None:
    repair = a_repair(staff, customer_id, 1)
    repair.condition = Condition("Scratch on the lid", screen=Check.OK, housing=Check.DAMAGED,
                                 water_damage=Check.DAMAGED)
    store(container, repair)
    assert repair.id is not None and staff.id is not None
    lines = [labour(staff), part(staff, product_ids[0], "A-1", 1, "80.00", "52.10", T0 + timedelta(1)),
             part(staff, product_ids[1], "B-1", 4, "0.25", None, T0 + timedelta(2))]
    deposits = [Deposit(None, (RepairPayment("cash", D("20.00"), MoneyKind.DEPOSIT),
                               RepairPayment("card", D("10.00"), MoneyKind.DEPOSIT)), staff.id,
                        T0 + timedelta(minutes=5)),
                Deposit(None, (RepairPayment("transfer", D("5.00"), MoneyKind.DEPOSIT),), staff.id,
                        T0 + timedelta(days=1))]
    delivered = [RepairPayment("card", D("100.00")), RepairPayment("cash", D("15.03"), MoneyKind.DELIVERY)]
    with container.adapters.uow() as uow:
        stored_lines = [uow.repairs.add_line(repair.id, line) for line in lines]
        stored_deposits = [uow.repairs.add_deposit(repair.id, deposit) for deposit in deposits]
        uow.repairs.add_payments(repair.id, delivered)
        uow.repairs.add_payments(repair.id, [])  # nothing to store
        uow.commit()
    # The stores give ids, and a deposit's payments name their deposit.
    ids = [x.id for x in stored_lines]
    assert None not in ids and len(set(ids)) == 3
    assert stored_lines == [attrs.evolve(line, id=x.id) for line, x in zip(lines, stored_lines, strict=True)]
    for stored in stored_deposits:
        assert stored.id is not None and all(p.deposit_id == stored.id for p in stored.payments)
    assert [d.total for d in stored_deposits] == [D("30.00"), D("5.00")]
    repair.lines, repair.deposits, repair.payments = stored_lines, stored_deposits, delivered
    with container.adapters.uow() as uow:
        plain, locked = uow.repairs.get(repair.id), uow.repairs.get_for_update(repair.id)
        by_code = uow.repairs.by_tracking_code_for_update("code-0001")
        missing, missing_locked = uow.repairs.get(999_999), uow.repairs.get_for_update(999_999)
        missing_code = uow.repairs.by_tracking_code_for_update("code-9999")
    assert plain == locked == by_code == repair
    assert (missing, missing_locked, missing_code) == (None, None, None)
    assert plain is not None
    # 49.00 + 4.04 tax; 80.00 + 18.40; 1.00 + 0.23: the lines make the price, each taxed at its own rate.
    assert (plain.price, plain.tax_total, plain.deposit_total) == (D("152.67"), D("22.67"), D("35.00"))
    assert [p.kind for p in plain.payments] == [MoneyKind.DELIVERY, MoneyKind.DELIVERY]
    assert plain.condition == Condition("Scratch on the lid", screen=Check.OK, housing=Check.DAMAGED,
                                        water_damage=Check.DAMAGED)


def test_a_removed_line_goes_and_only_that_one(container: Container, staff: User, product_ids: list[int],
                                               customer_id: int) -> None:
    first, second = store(container, a_repair(staff, customer_id, 1)), store(container, a_repair(staff, customer_id, 2))
    assert first.id is not None and second.id is not None
    with container.adapters.uow() as uow:
        kept = uow.repairs.add_line(first.id, labour(staff))
        gone = uow.repairs.add_line(first.id, part(staff, product_ids[0], "A-1", 2, "9.90", "5.00"))
        other = uow.repairs.add_line(second.id, labour(staff, "10.00"))
        uow.commit()
    assert gone.id is not None
    with container.adapters.uow() as uow:
        uow.repairs.remove_line(second.id, gone.id)  # not a line of that repair: nothing happens
        uow.repairs.remove_line(first.id, gone.id)
        # Not committed: the line stays.
    with container.adapters.uow(read_only=True) as uow:
        assert [x.id for x in uow.repairs.get(first.id).lines] == [kept.id, gone.id]
    with container.adapters.uow() as uow:
        uow.repairs.remove_line(first.id, gone.id)
        uow.commit()
    with container.adapters.uow(read_only=True) as uow:
        again, untouched = uow.repairs.get(first.id), uow.repairs.get(second.id)
    assert again is not None and untouched is not None
    assert again.lines == [kept] and untouched.lines == [other]


def test_an_update_persists_after_commit_and_vanishes_after_rollback(container: Container, staff: User,
                                                                   customer_id: int) -> None:
    repair = store(container, a_repair(staff, customer_id, 1))
    earlier = store(container, a_repair(staff, customer_id, 2, status=RepairStatus.DELIVERED))
    assert repair.id is not None
    changed = a_repair(staff, customer_id, 1)
    changed.id = repair.id
    changed.status, changed.diagnosis = RepairStatus.READY, "Dead disk"
    changed.updated_at = changed.delivered_at = T0 + timedelta(days=2)
    changed.condition = Condition(None, camera=Check.OK, charging_port=Check.DAMAGED)
    changed.quote_total, changed.warranty, changed.related_repair_id = D("120.00"), True, earlier.id
    changed.under_warranty_until, changed.warranty_until = date(2026, 3, 1), date(2026, 4, 7)
    changed.wrong_answers, changed.answers_locked_until = 3, T0 + timedelta(minutes=15)
    with container.adapters.uow() as uow:
        uow.repairs.update(changed)
        uow.repairs.add_history(repair.id, HistoryEntry(RepairStatus.RECEIVED, RepairStatus.READY, None,
                                                        changed.created_by, T0))
    with container.adapters.uow(read_only=True) as uow:
        assert uow.repairs.get(repair.id) == repair
        assert uow.repairs.history(repair.id) == []
    with container.adapters.uow() as uow:
        uow.repairs.update(changed)
        uow.commit()
    with container.adapters.uow(read_only=True) as uow:
        assert uow.repairs.get(repair.id) == changed


def test_the_warranty_covering_a_serial(container: Container, staff: User, customer_id: int) -> None:
    """The latest delivered repair of the serial whose warranty runs on the day (the last day included)."""

    def delivered(number: int, serial: str, until: date | None, status: RepairStatus = RepairStatus.DELIVERED
                  ) -> int:
        repair = store(container, a_repair(staff, customer_id, number, serial=serial, status=status))
        repair.warranty_until = until
        with container.adapters.uow() as uow:
            uow.repairs.update(repair)
            uow.commit()
        return id_of_stored(repair.id)

    older = delivered(1, "IMEI-1", date(2026, 3, 1))
    newer = delivered(2, "IMEI-1", date(2026, 4, 1))
    delivered(3, "IMEI-1", date(2026, 5, 1), RepairStatus.CANCELLED)  # never delivered: no warranty
    delivered(4, "IMEI-2", date(2026, 2, 1))
    delivered(5, "IMEI-3", None)
    with container.adapters.uow(read_only=True) as uow:
        covering = uow.repairs.covering
        assert covering("IMEI-1", date(2026, 2, 1)) == Coverage(newer, date(2026, 4, 1))
        assert covering("IMEI-1", date(2026, 4, 1)) == Coverage(newer, date(2026, 4, 1))
        assert covering("IMEI-1", date(2026, 4, 2)) is None
        assert covering("IMEI-2", date(2026, 2, 1)) == Coverage(4, date(2026, 2, 1))
        assert covering("IMEI-2", date(2026, 2, 2)) is None
        assert covering("IMEI-3", date(2026, 1, 1)) is None
        assert covering("IMEI-9", date(2026, 1, 1)) is None
    assert older < newer


def test_history_comes_back_oldest_first_and_names_who(container: Container, staff: User,
                                                       customer_id: int) -> None:
    repair = store(container, a_repair(staff, customer_id, 1))
    assert repair.id is not None and staff.id is not None
    entries = [HistoryEntry(None, RepairStatus.RECEIVED, "intake", staff.id, T0 + timedelta(minutes=2)),
               HistoryEntry(RepairStatus.RECEIVED, RepairStatus.AWAITING_APPROVAL, None, staff.id, T0),
               HistoryEntry(RepairStatus.AWAITING_APPROVAL, RepairStatus.IN_REPAIR,
                            "customer, through the tracking page", None, T0 + timedelta(minutes=1)),
               HistoryEntry(RepairStatus.IN_REPAIR, RepairStatus.CANCELLED, "gave up", staff.id, T0)]
    with container.adapters.uow() as uow:
        for entry in entries:
            uow.repairs.add_history(repair.id, entry)
        uow.commit()
    with container.adapters.uow(read_only=True) as uow:
        found = list(uow.repairs.history(repair.id))
        assert uow.repairs.history(999_999) == []
    assert found == [attrs.evolve(e, created_by_name=None if e.created_by is None else "staff") for e in entries]
    assert [e.by_customer for e in found] == [False, False, True, False]


def test_the_list_filters_and_pages_newest_first_without_lines(container: Container, staff: User,
                                                               product_ids: list[int], customer_id: int) -> None:
    with container.adapters.uow() as uow:
        other_id = id_of_stored(uow.customers.add(a_customer("Bruno Costa", phone="+351 934 000 111")).id)
        uow.commit()
    statuses = [RepairStatus.RECEIVED, RepairStatus.DELIVERED, RepairStatus.READY, RepairStatus.CANCELLED,
                RepairStatus.RECEIVED]
    for n, status in enumerate(statuses, start=1):
        mine = n % 2 == 1
        store(container, a_repair(staff, customer_id if mine else other_id, n, status=status,
                                  serial=f"SN_{n}%" if n != 4 else None,
                                  customer_name="Ana Silva" if mine else "Bruno Costa"))
    with container.adapters.uow() as uow:
        first = uow.repairs.list(RepairFilter(), PageRequest(limit=1, offset=4)).items[0]
        assert first.id is not None and staff.id is not None
        uow.repairs.add_line(first.id, part(staff, product_ids[0], "A-1", 1, "1.00", None))
        uow.repairs.add_deposit(first.id, Deposit(None, (RepairPayment("cash", D("1.00"), MoneyKind.DEPOSIT),),
                                                  staff.id, T0))
        uow.repairs.add_payments(first.id, [RepairPayment("cash", D("0.23"))])
        whole = uow.repairs.get(first.id)
        assert whole is not None
        uow.repairs.update(whole)  # the stored total follows the lines
        uow.commit()

    def listed(query: RepairFilter, page: PageRequest = EVERYTHING) -> tuple[list[str | None], int]:
        with container.adapters.uow(read_only=True) as uow:
            found = uow.repairs.list(query, page)
        assert all(r.lines == [] and r.parts == [] and r.deposits == [] and r.payments == [] for r in found.items)
        return [r.number for r in found.items], found.total

    with container.adapters.uow(read_only=True) as uow:
        # Without its lines, a listed repair still shows its total (1.00 at 23 %).
        assert [r.price for r in uow.repairs.list(RepairFilter(), EVERYTHING).items] == [
            D("0.00"), D("0.00"), D("0.00"), D("0.00"), D("1.23")]
    assert listed(RepairFilter()) == (["R-000005", "R-000004", "R-000003", "R-000002", "R-000001"], 5)
    assert listed(RepairFilter(), PageRequest(limit=2, offset=2)) == (["R-000003", "R-000002"], 5)
    assert listed(RepairFilter(), PageRequest(limit=2, offset=7)) == ([], 5)
    assert listed(RepairFilter(status=RepairStatus.RECEIVED)) == (["R-000005", "R-000001"], 2)
    assert listed(RepairFilter(customer_id=other_id)) == (["R-000004", "R-000002"], 2)
    assert listed(RepairFilter(open_only=True)) == (["R-000005", "R-000003", "R-000001"], 3)
    assert listed(RepairFilter(text="bruno")) == (["R-000004", "R-000002"], 2)
    assert listed(RepairFilter(text="r-000003")) == (["R-000003"], 1)
    assert listed(RepairFilter(text="sn_2%")) == (["R-000002"], 1)  # % and _ taken literally
    assert listed(RepairFilter(text="sn_%")) == ([], 0)
    assert listed(RepairFilter(customer_id=customer_id, open_only=True, text="ana")) == (
        ["R-000005", "R-000003", "R-000001"], 3)


def test_the_public_lookup_and_the_open_count(container: Container, staff: User, customer_id: int) -> None:
    store(container, a_repair(staff, customer_id, 1))
    store(container, a_repair(staff, customer_id, 2, status=RepairStatus.READY))
    store(container, a_repair(staff, customer_id, 3, status=RepairStatus.DELIVERED))
    asked = store(container, a_repair(staff, customer_id, 4))
    assert asked.id is not None and staff.id is not None
    with container.adapters.uow() as uow:
        uow.repairs.add_line(asked.id, labour(staff, "49.00", description="Repair"))
        uow.repairs.add_line(asked.id, labour(staff, "10.00", description="Cleaning"))
        again = uow.repairs.get(asked.id)
        assert again is not None
        again.status, again.quote_total = RepairStatus.AWAITING_APPROVAL, D("63.87")
        uow.repairs.update(again)
        ready = uow.repairs.get(2)
        assert ready is not None
        uow.repairs.add_line(2, labour(staff, "5.00", description="Hidden"))  # not awaiting approval: not shown
        uow.commit()
    with container.adapters.uow(read_only=True) as uow:
        tracked, unknown = uow.repairs.tracked("code-0002"), uow.repairs.tracked("code-9999")
        quoted = uow.repairs.tracked("code-0004")
        assert uow.repairs.count_open_for(customer_id) == 3
        assert uow.repairs.count_open_for(999_999) == 0
    assert tracked == Tracked("R-000002", "Laptop", RepairStatus.READY, date(2026, 1, 20), T0 + timedelta(hours=2))
    assert quoted == Tracked("R-000004", "Laptop", RepairStatus.AWAITING_APPROVAL, date(2026, 1, 20),
                             T0 + timedelta(hours=4), (QuotedLine("Repair", D("53.04")),
                                                       QuotedLine("Cleaning", D("10.83"))), D("63.87"))
    assert unknown is None


def test_lookup_hits_count_per_key_and_window_and_only_on_commit(container: Container) -> None:
    window, later = T0, T0 + timedelta(minutes=1)

    def hit(key: str, start: object, *, commit: bool = True) -> int:
        with container.adapters.uow() as uow:
            count: int = uow.tracking_hits.hit(key, start)
            if commit:
                uow.commit()
        return count

    assert [hit("10.0.0.1", window) for _ in range(3)] == [1, 2, 3]
    assert hit("10.0.0.2", window) == 1
    assert hit("10.0.0.1", window, commit=False) == 4
    assert hit("10.0.0.1", window) == 4
    assert hit("10.0.0.1", later) == 1
