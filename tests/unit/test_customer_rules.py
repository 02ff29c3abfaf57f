"""The customers domain's rules, without any adapter."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from techstore.domain.customers.accounts import Entry, MovementType, place
from techstore.domain.customers.customers import Customer, search_term
from techstore.domain.customers.rules import email_key, phone_key, phone_problem
from techstore.domain.shared.errors import Conflict, ValidationFailed

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("phone", "key"), [
    ("+351 912 345 678", "+351912345678"),
    ("(912) 345-678", "912345678"),
    ("912.345.678", "912345678"),
    (" +1 555/0100 ", "+15550100"),
])
def test_phones_compare_as_digits_with_a_leading_plus(phone: str, key: str) -> None:
    assert phone_key(phone) == key
    assert phone_problem(phone.strip()) is None


@pytest.mark.parametrize("phone", ["12345", "call me", "+", "91234567a", "++351912345678", "912 345 678 ext 2"])
def test_what_is_not_a_phone_number(phone: str) -> None:
    assert phone_problem(phone) is not None


def test_emails_compare_without_letter_case() -> None:
    assert email_key(" Ana.Silva@Example.COM ") == email_key("ana.silva@example.com")


def test_search_reads_name_email_and_both_forms_of_the_phone() -> None:
    customer = Customer.create({"name": "Ana SILVA", "email": "Ana@Example.com", "phone": "+351 912-345-678"},
                               now=NOW)
    for query in ("silva", "ANA@EX", "912-345", "912345678", "+351912"):
        assert search_term(query) in customer.search_key


def test_a_customer_needs_a_name_and_a_way_to_reach_them() -> None:
    with pytest.raises(ValidationFailed) as refused:
        Customer.create({"name": " "}, now=NOW)
    assert {e.field for e in refused.value.errors} == {"name", "email", "phone"}


def _entry(kind: MovementType, amount: str) -> Entry:
    return Entry(kind, Decimal(amount), "Test", 1, NOW)


@pytest.mark.parametrize(("kind", "amount"), [
    (MovementType.CHARGE, "0.00"), (MovementType.CHARGE, "-1.00"), (MovementType.PAYMENT, "1.00"),
    (MovementType.REFUND, "0.00"), (MovementType.ADJUSTMENT, "0.00"),
])
def test_each_movement_moves_the_balance_its_own_way(kind: MovementType, amount: str) -> None:
    with pytest.raises(ValidationFailed):
        place(_entry(kind, amount), customer_id=1, balance=Decimal("0.00"), credit_limit=None)


def test_a_movement_records_the_balance_before_and_after() -> None:
    movement = place(_entry(MovementType.PAYMENT, "-30.00"), customer_id=1, balance=Decimal("20.00"),
                     credit_limit=Decimal("0.00"))
    assert (movement.balance_before, movement.balance_after) == (Decimal("20.00"), Decimal("-10.00"))


def test_only_charges_are_held_to_the_credit_limit() -> None:
    limit = Decimal("100.00")
    place(_entry(MovementType.CHARGE, "100.00"), customer_id=1, balance=Decimal("0.00"), credit_limit=limit)
    with pytest.raises(Conflict):
        place(_entry(MovementType.CHARGE, "0.01"), customer_id=1, balance=limit, credit_limit=limit)
    adjusted = place(_entry(MovementType.ADJUSTMENT, "50.00"), customer_id=1, balance=limit, credit_limit=limit)
    assert adjusted.balance_after == Decimal("150.00")


def test_a_deleted_customer_owed_nothing_and_had_no_repair_open() -> None:
    customer = Customer.create({"name": "Ana", "phone": "912345678"}, now=NOW)
    customer.balance = Decimal("-0.01")
    with pytest.raises(Conflict, match="is owed"):
        customer.delete(open_repairs=0, now=NOW)
    customer.balance = Decimal("0.00")
    with pytest.raises(Conflict, match="repair"):
        customer.delete(open_repairs=1, now=NOW)
    customer.delete(open_repairs=0, now=NOW)
    assert customer.is_deleted
