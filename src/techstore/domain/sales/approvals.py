"""What a staff member may not do at the counter without a manager's approval given on the spot
(PRODUCT.md, "Approval at the counter"): a discount above the limit, a price other than the catalogue's,
a line sold below its cost, a refund above the limit. A manager or an admin acting for themselves needs none.

Pure rules: the use cases ask them before writing anything, and check the approver's credentials when
they name a reason."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

import attrs

from techstore.domain.sales.sales import ZERO, PricedProduct, Sale
from techstore.domain.shared.errors import PermissionDenied
from techstore.domain.shared.money import round_cents

HUNDRED = Decimal(100)


@attrs.frozen
class ApprovalLimits:
    """``TECHSTORE_DISCOUNT_LIMIT_PERCENT`` and ``TECHSTORE_REFUND_LIMIT``."""

    discount_percent: Decimal = Decimal(10)
    refund: Decimal = Decimal("100.00")


class ApprovalNeeded(PermissionDenied):
    """403: the action needs a manager's approval, and none was given (or the one given was refused).
    ``reasons`` name what needs it, each as a phrase ("a discount above 10% of the subtotal")."""

    def __init__(self, reasons: Sequence[str], refused: str | None = None) -> None:
        self.reasons = tuple(reasons)
        self.refused = refused  # why the approval given was not enough, when one was given
        detail = "A manager's approval is needed for " + _listed(self.reasons) + "."
        super().__init__(detail if refused is None else f"{detail} {refused}")


def _listed(reasons: Sequence[str]) -> str:
    if len(reasons) <= 1:
        return "".join(reasons)
    return ", ".join(reasons[:-1]) + " and " + reasons[-1]


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f}"


def sale_reasons(sale: Sale, catalogue: Mapping[int, PricedProduct], limits: ApprovalLimits) -> list[str]:
    """What of ``sale`` (priced, not yet recorded) needs approval when staff make it; ``catalogue`` is what the
    products cost and sell for now. The discount is the sale's plus the lines' own, against the lines'
    gross total (before any discount); a line is below cost when its net (after every discount, without tax)
    is less than its cost × quantity."""
    reasons: list[str] = []
    gross = sum((item.gross_total for item in sale.items), ZERO)
    discount = sale.discount + sum((item.discount for item in sale.items), ZERO)
    if discount > ZERO and discount * HUNDRED > gross * limits.discount_percent:
        reasons.append(f"a discount above {_percent(limits.discount_percent)}% of the subtotal")
    for item in sale.items:
        product = catalogue.get(item.product_id)
        if product is not None and item.unit_price != product.price:
            reasons.append(f"a price other than the catalogue's for {item.sku}")
    for item in sale.items:
        if item.unit_cost is not None and item.net < round_cents(item.unit_cost * item.quantity):
            reasons.append(f"selling {item.sku} below its cost")
    return reasons


def refund_reasons(total: Decimal, limits: ApprovalLimits) -> list[str]:
    """What of a return refunding ``total`` needs approval when staff make it."""
    return [f"a refund above {limits.refund}"] if total > limits.refund else []
