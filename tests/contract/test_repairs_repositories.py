"""The repairs repository (``uow.repairs``) and the lookup counter (``uow.tracking_hits``) behave alike on
every adapter set: a repair comes back with its parts and payments by either read, its own fields change
only on commit, its history keeps its order, and the list, the public lookup and the open count agree."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from techstore.application.repairs.ports import RepairFilter, Tracked
from techstore.application.shared.pages import PageRequest
from techstore.container import Container
from techstore.domain.identity.users import User
from techstore.domain.repairs.repairs import (
    HistoryEntry,
    Repair,
    RepairPart,
    RepairPayment,
    RepairStatus,
    repair_number,
)
from tests.contract.conftest import T0, a_customer, id_of_stored

D = Decimal
EVERYTHING = PageRequest()


def a_repair(user: User, customer_id: int, number: int, *, serial: str | None = "SN-100",
             customer_name: str = "Ana Silva", status: RepairStatus = RepairStatus.RECEIVED) -> Repair:
    assert user.id is not None
    return Repair(None, repair_number(number), f"code-{number:04d}", status, customer_id, "Laptop", serial,
                  "Does not boot", "Charger", None, None, date(2026, 1, 20), T0 + timedelta(hours=number),
                  user.id, "Handle with care", updated_at=T0 + timedelta(hours=number), customer_name=customer_name)


def store(container: Container, repair: Repair) -> Repair:
    with container.adapters.uow() as uow:
        uow.repairs.add(repair)
        uow.commit()
    return repair


def test_a_stored_repair_comes_back_with_its_parts_and_payments_by_either_read(
        container: Container, staff: User, product_ids: list[int], customer_id: int) -> None:
    repair = store(container, a_repair(staff, customer_id, 1))
    assert repair.id is not None and staff.id is not None
    parts = [RepairPart(product_ids[0], "A-1", "Screen", 1, D("89.90"), D("89.90"), staff.id, T0),
             RepairPart(product_ids[1], "B-1", "Screw", 4, D("0.25"), D("1.00"), staff.id, T0 + timedelta(1))]
    with container.adapters.uow() as uow:
        for part in parts:
            uow.repairs.add_part(repair.id, part)
        repair.payments = [RepairPayment("cash", D("50.00")), RepairPayment("card", D("40.90"))]
        uow.repairs.add_payments(repair)
        uow.commit()
    repair.parts = parts
    with container.adapters.uow() as uow:
        plain, locked = uow.repairs.get(repair.id), uow.repairs.get_for_update(repair.id)
        missing, missing_locked = uow.repairs.get(999_999), uow.repairs.get_for_update(999_999)
    assert plain == locked == repair
    assert (missing, missing_locked) == (None, None)


def test_an_update_persists_after_commit_and_vanishes_after_rollback(container: Container, staff: User,
                                                                   customer_id: int) -> None:
    repair = store(container, a_repair(staff, customer_id, 1))
    assert repair.id is not None
    changed = a_repair(staff, customer_id, 1)
    changed.id = repair.id
    changed.status, changed.diagnosis, changed.price = RepairStatus.READY, "Dead disk", D("120.00")
    changed.updated_at = changed.delivered_at = T0 + timedelta(days=2)
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


def test_history_comes_back_oldest_first(container: Container, staff: User, customer_id: int) -> None:
    repair = store(container, a_repair(staff, customer_id, 1))
    assert repair.id is not None and staff.id is not None
    entries = [HistoryEntry(None, RepairStatus.RECEIVED, "intake", staff.id, T0 + timedelta(minutes=2)),
               HistoryEntry(RepairStatus.RECEIVED, RepairStatus.DIAGNOSING, None, staff.id, T0),
               HistoryEntry(RepairStatus.DIAGNOSING, RepairStatus.CANCELLED, "gave up", staff.id, T0)]
    with container.adapters.uow() as uow:
        for entry in entries:
            uow.repairs.add_history(repair.id, entry)
        uow.commit()
    with container.adapters.uow(read_only=True) as uow:
        assert uow.repairs.history(repair.id) == entries
        assert uow.repairs.history(999_999) == []


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
        uow.repairs.add_part(first.id, RepairPart(product_ids[0], "A-1", "Screen", 1, D("1.00"), D("1.00"),
                                                  staff.id, T0))
        uow.commit()

    def listed(query: RepairFilter, page: PageRequest = EVERYTHING) -> tuple[list[str | None], int]:
        with container.adapters.uow(read_only=True) as uow:
            found = uow.repairs.list(query, page)
        assert all(r.parts == [] and r.payments == [] for r in found.items)
        return [r.number for r in found.items], found.total

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
    with container.adapters.uow(read_only=True) as uow:
        tracked, unknown = uow.repairs.tracked("code-0002"), uow.repairs.tracked("code-9999")
        assert uow.repairs.count_open_for(customer_id) == 2
        assert uow.repairs.count_open_for(999_999) == 0
    assert tracked == Tracked("R-000002", "Laptop", RepairStatus.READY, date(2026, 1, 20), T0 + timedelta(hours=2))
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
