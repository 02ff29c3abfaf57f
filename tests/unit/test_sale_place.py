"""``Sale.place``: a sale built from what was asked for and what the store found, or refused whole."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest

from techstore.domain.sales.discounts import Discount
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
    discount: Discount | None = None


def _place(**changes: Any) -> Sale:
    asked: dict[str, Any] = {
        "lines": [Line(1, 2)], "products": STORE, "payments": [Payment(PaymentMethod.CARD, Decimal("20.00"))],
        "discount": None, "customer_id": None, "customer": None, "notes": None, "user_id": 7, "now": NOW,
    }
    return Sale.place(**{**asked, **changes})


def _refused_fields(**changes: Any) -> list[str]:
    with pytest.raises(ValidationFailed) as refused:
        _place(**changes)
    return [error.field for error in refused.value.errors]


def test_a_sale_is_priced_from_the_products_and_not_yet_numbered() -> None:
    sale = _place(lines=[Line(1, 2), Line(2, 1)], discount=Discount.off(Decimal("5.00")), notes="  gift wrap  ",
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
    assert _refused_fields(discount=Discount.off(Decimal("20.01"))) == ["discount"]


def test_the_payments_must_add_up_to_the_total() -> None:
    assert _refused_fields(payments=[Payment(PaymentMethod.CARD, Decimal("19.99"))]) == ["payments"]


def test_on_account_needs_a_customer() -> None:
    assert _refused_fields(payments=[Payment(PaymentMethod.ACCOUNT, Decimal("20.00"))]) == ["payments[0].method"]
    sale = _place(payments=[Payment(PaymentMethod.ACCOUNT, Decimal("20.00"))], customer_id=5,
                  customer=Buyer(5, is_deleted=False))
    assert (sale.customer_id, sale.on_account) == (5, Decimal("20.00"))


def test_a_line_discount_comes_off_its_line_as_an_amount_or_a_percent_of_it() -> None:
    sale = _place(lines=[Line(1, 3, Discount.off(Decimal("2.50"))), Line(2, 1, Discount.percent_of(Decimal("12.5")))],
                  payments=[Payment(PaymentMethod.CARD, Decimal("40.62"))])
    # 30.00 - 2.50 = 27.50; 15.00 less 12.5 % (1.875, half-up 1.88) = 13.12
    assert [(i.sku, i.discount, i.line_total, i.gross_total) for i in sale.items] == [
        ("CABLE", Decimal("2.50"), Decimal("27.50"), Decimal("30.00")),
        ("CASE", Decimal("1.88"), Decimal("13.12"), Decimal("15.00"))]
    assert (sale.subtotal, sale.discount, sale.total) == (Decimal("40.62"), Decimal("0.00"), Decimal("40.62"))


def test_a_sale_percent_is_of_the_subtotal_after_the_line_discounts_and_spread_over_the_lines() -> None:
    sale = _place(lines=[Line(1, 2, Discount.off(Decimal("5.00"))), Line(2, 1)],
                  discount=Discount.percent_of(Decimal(10)), payments=[Payment(PaymentMethod.CASH, Decimal("27.00"))])
    # lines 15.00 + 15.00 = 30.00; 10 % of it is 3.00, spread 1.50 / 1.50
    assert (sale.subtotal, sale.discount, sale.total) == (Decimal("30.00"), Decimal("3.00"), Decimal("27.00"))
    assert [(i.discount, i.discount_share, i.total) for i in sale.items] == [
        (Decimal("5.00"), Decimal("1.50"), Decimal("13.50")), (Decimal("0.00"), Decimal("1.50"), Decimal("13.50"))]


def test_lines_of_one_product_add_up_their_own_discounts() -> None:
    sale = _place(lines=[Line(1, 1, Discount.off(Decimal("1.00"))), Line(1, 2, Discount.percent_of(Decimal(50)))],
                  payments=[Payment(PaymentMethod.CARD, Decimal("19.00"))])
    assert [(i.quantity, i.discount, i.line_total) for i in sale.items] == [(3, Decimal("11.00"), Decimal("19.00"))]


def test_a_line_discount_beyond_its_line_is_refused_on_that_line() -> None:
    assert _refused_fields(lines=[Line(2, 1), Line(1, 1, Discount.off(Decimal("10.01")))]) == ["items[1].discount"]


def test_a_hundred_percent_off_makes_a_free_line() -> None:
    sale = _place(lines=[Line(1, 1, Discount.percent_of(Decimal(100))), Line(2, 1)],
                  payments=[Payment(PaymentMethod.CARD, Decimal("15.00"))])
    assert [i.line_total for i in sale.items] == [Decimal("0.00"), Decimal("15.00")]
