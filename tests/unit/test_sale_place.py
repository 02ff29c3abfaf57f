"""``Sale.place``: a sale built from what was asked for and what the store found, or refused whole."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest

from techstore.domain.sales.rules import MAX_LINES, MAX_PAYMENTS, MAX_QUANTITY
from techstore.domain.sales.sales import Buyer, Payment, PricedProduct, Sale, SaleStatus
from techstore.domain.shared.errors import Conflict, ValidationFailed
from techstore.domain.shared.payments import PaymentMethod

NOW = datetime(2026, 3, 14, 10, 30, tzinfo=UTC)
CABLE = PricedProduct(1, "CABLE", "USB-C cable", Decimal("10.00"), Decimal("4.00"))
CASE = PricedProduct(2, "CASE", "Phone case", Decimal("15.00"))
RETIRED = PricedProduct(3, "OLD", "Retired charger", Decimal("5.00"), sellable=False)
STORE = {p.id: p for p in (CABLE, CASE, RETIRED)}


@attrs.frozen
class Line:
    product_id: int
    quantity: int


def _place(**changes: Any) -> Sale:
    asked: dict[str, Any] = {
        "lines": [Line(1, 2)], "products": STORE, "payments": [Payment(PaymentMethod.CARD, Decimal("20.00"))],
        "discount": Decimal("0.00"), "customer_id": None, "customer": None, "notes": None, "user_id": 7, "now": NOW,
    }
    return Sale.place(**{**asked, **changes})


def _refused_fields(**changes: Any) -> list[str]:
    with pytest.raises(ValidationFailed) as refused:
        _place(**changes)
    return [error.field for error in refused.value.errors]


def test_a_sale_is_priced_from_the_products_and_not_yet_numbered() -> None:
    sale = _place(lines=[Line(1, 2), Line(2, 1)], discount=Decimal("5.00"), notes="  gift wrap  ",
                  payments=[Payment(PaymentMethod.CASH, Decimal("30.00"))])
    assert (sale.id, sale.number, sale.status) == (None, None, SaleStatus.COMPLETED)
    assert (sale.subtotal, sale.discount, sale.total) == (Decimal("35.00"), Decimal("5.00"), Decimal("30.00"))
    assert [(i.sku, i.quantity, i.line_total, i.unit_cost) for i in sale.items] == [
        ("CABLE", 2, Decimal("20.00"), Decimal("4.00")), ("CASE", 1, Decimal("15.00"), None)]
    assert sum(i.discount_share for i in sale.items) == Decimal("5.00")
    assert (sale.user_id, sale.created_at, sale.notes) == (7, NOW, "gift wrap")


def test_lines_of_one_product_add_up_in_the_order_products_first_appear() -> None:
    sale = _place(lines=[Line(2, 1), Line(1, 1), Line(2, 2)], payments=[Payment(PaymentMethod.CARD, Decimal("55.00"))])
    assert [(i.product_id, i.quantity) for i in sale.items] == [(2, 3), (1, 1)]


def test_blank_notes_are_no_notes() -> None:
    assert _place(notes="   ").notes is None


def test_every_bad_field_is_named_at_once() -> None:
    assert _refused_fields(lines=[Line(1, 0), Line(99, 1)], customer_id=5, customer=None) == [
        "items[0].quantity", "customer_id", "items[1].product_id"]


def test_a_sale_names_at_least_one_product_and_not_too_many_lines_or_payments() -> None:
    assert _refused_fields(lines=[]) == ["items"]
    assert _refused_fields(lines=[Line(1, 1)] * (MAX_LINES + 1)) == ["items"]
    many = [Payment(PaymentMethod.CARD, Decimal("2.00"))] * (MAX_PAYMENTS + 1)
    assert _refused_fields(payments=many) == ["payments"]


def test_one_product_adds_up_to_at_most_the_largest_quantity() -> None:
    assert _refused_fields(lines=[Line(1, MAX_QUANTITY), Line(1, 1)]) == ["items[1].quantity"]


def test_a_deleted_customer_cannot_buy() -> None:
    assert _refused_fields(customer_id=5, customer=Buyer(5, is_deleted=True)) == ["customer_id"]


def test_products_that_cannot_be_sold_are_named_each_once() -> None:
    with pytest.raises(Conflict) as refused:
        _place(lines=[Line(3, 1), Line(3, 1), Line(1, 1)])
    assert str(refused.value) == "These products cannot be sold (inactive or deleted): OLD."


def test_bad_input_is_reported_before_products_that_cannot_be_sold() -> None:
    assert _refused_fields(lines=[Line(3, 1), Line(98, 1)]) == ["items[1].product_id"]


def test_the_discount_must_lie_within_the_subtotal() -> None:
    assert _refused_fields(discount=Decimal("20.01")) == ["discount"]


def test_the_payments_must_add_up_to_the_total() -> None:
    assert _refused_fields(payments=[Payment(PaymentMethod.CARD, Decimal("19.99"))]) == ["payments"]


def test_on_account_needs_a_customer() -> None:
    assert _refused_fields(payments=[Payment(PaymentMethod.ACCOUNT, Decimal("20.00"))]) == ["payments[0].method"]
    sale = _place(payments=[Payment(PaymentMethod.ACCOUNT, Decimal("20.00"))], customer_id=5,
                  customer=Buyer(5, is_deleted=False))
    assert (sale.customer_id, sale.on_account) == (5, Decimal("20.00"))
