"""``domain.sales.approvals``: what a staff member's sale or return needs a manager's approval for."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import attrs
import pytest

from techstore.domain.sales.approvals import ApprovalLimits, ApprovalNeeded, refund_reasons, sale_reasons
from techstore.domain.sales.discounts import Discount
from techstore.domain.sales.sales import PricedProduct, Sale, SaleStatus, price_lines, totals
from techstore.domain.shared.errors import FieldProblems, PermissionDenied

NOW = datetime(2026, 3, 14, 10, 30, tzinfo=UTC)
CABLE = PricedProduct(1, "CABLE", "USB-C cable", Decimal("10.00"), Decimal("4.00"))
CASE = PricedProduct(2, "CASE", "Phone case", Decimal("15.00"))  # no cost known
STORE = {p.id: p for p in (CABLE, CASE)}
LIMITS = ApprovalLimits()


@attrs.frozen
class Line:
    product_id: int
    quantity: int
    discount: Discount | None = None
    unit_price: Decimal | None = None


def _sale(*lines: Line, discount: Discount | None = None) -> Sale:
    """The sale priced (its payments are not what these rules look at: a free sale needs none)."""
    items = price_lines(lines, STORE, FieldProblems())
    figures = totals(items, discount)
    return Sale(None, None, SaleStatus.COMPLETED, None, 7, figures.items, figures.subtotal, figures.discount,
                figures.total, [], None, NOW)


@pytest.mark.parametrize(("discount", "needs"), [("10", False), ("10.5", True), ("20", True), ("0", False)])
def test_the_sale_discount_is_measured_against_the_limit(discount: str, needs: bool) -> None:
    sale = _sale(Line(2, 2), discount=Discount.percent_of(Decimal(discount)))
    assert bool(sale_reasons(sale, STORE, LIMITS)) is needs


def test_the_lines_own_discounts_count_with_the_sales_against_the_lines_before_any_discount() -> None:
    # 30.00 gross: 2.00 off the line and 1.01 off the sale is 3.01, above 10% (3.00).
    sale = _sale(Line(2, 2, Discount.off(Decimal("2.00"))), discount=Discount.off(Decimal("1.01")))
    assert sale_reasons(sale, STORE, LIMITS) == ["a discount above 10% of the subtotal"]
    at_limit = _sale(Line(2, 2, Discount.off(Decimal("2.00"))), discount=Discount.off(Decimal("1.00")))
    assert sale_reasons(at_limit, STORE, LIMITS) == []


def test_a_price_override_and_a_line_below_cost_are_each_named() -> None:
    sale = _sale(Line(1, 1, unit_price=Decimal("3.00")), Line(2, 1, unit_price=Decimal("15.00")))
    assert sale_reasons(sale, STORE, LIMITS) == ["a price other than the catalogue's for CABLE",
                                                 "selling CABLE below its cost"]


def test_a_discount_that_takes_a_line_below_its_cost_is_named_with_the_discount() -> None:
    sale = _sale(Line(1, 1), discount=Discount.percent_of(Decimal("70")))  # 3.00 net, 4.00 cost
    assert sale_reasons(sale, STORE, LIMITS) == ["a discount above 10% of the subtotal", "selling CABLE below its cost"]


def test_the_limits_are_the_settings() -> None:
    sale = _sale(Line(2, 2), discount=Discount.percent_of(Decimal("20")))
    assert sale_reasons(sale, STORE, ApprovalLimits(discount_percent=Decimal("25"))) == []
    assert sale_reasons(sale, STORE, ApprovalLimits(discount_percent=Decimal("12.5"))) == [
        "a discount above 12.5% of the subtotal"]


def test_a_refund_above_the_limit_needs_approval() -> None:
    assert refund_reasons(Decimal("100.00"), LIMITS) == []
    assert refund_reasons(Decimal("100.01"), LIMITS) == ["a refund above 100.00"]


def test_the_refusal_names_every_reason_and_is_a_403() -> None:
    refusal = ApprovalNeeded(["a discount above 10% of the subtotal", "a price other than the catalogue's for CABLE",
                              "selling CABLE below its cost"], "The approver's username or password is wrong.")
    assert isinstance(refusal, PermissionDenied)
    assert refusal.detail == ("A manager's approval is needed for a discount above 10% of the subtotal, a price other "
                              "than the catalogue's for CABLE and selling CABLE below its cost. The approver's "
                              "username or password is wrong.")
