"""Demo cash drawers and returns, made through the use cases while the demo sales are placed: the sellers
open their drawers each morning (the store takes cash only from an open drawer) and close them at night with
a count a few cents off now and then; a few sales come back (one damaged), refunded the way they were paid."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import TYPE_CHECKING

from techstore.application.cash.commands import CloseDrawer, OpenDrawer
from techstore.application.sales.commands import NewReturn, PaymentLine, ReturnLine
from techstore.domain.identity.users import User
from techstore.domain.sales.returns import line_refund
from techstore.domain.sales.sales import Sale
from techstore.domain.shared.errors import DomainError

if TYPE_CHECKING:
    from techstore.container import Container

FLOAT = Decimal("100.00")
DIFFERENCES = [Decimal(d) for d in ("0.00", "0.00", "0.00", "-0.50", "0.20", "-1.00", "0.10")]
RETURN_REASONS = ["Wrong model", "Did not fit", "Changed their mind", "Faulty out of the box"]


def open_drawers(container: Container, sellers: list[User]) -> None:
    for seller in sellers:
        container.cash.open_session()(seller, OpenDrawer(FLOAT))


def close_drawers(container: Container, sellers: list[User], rng: random.Random) -> None:
    for seller in sellers:
        session = container.cash.current_session()(seller)
        if session is not None:
            counted = max(session.expected_cash + rng.choice(DIFFERENCES), Decimal("0.00"))
            container.cash.close_session()(seller, session.id, CloseDrawer(counted))


def maybe_return(container: Container, seller: User, sale: Sale, rng: random.Random) -> bool:
    """Now and then one item of ``sale`` comes back (a damaged one in five), refunded by its first method."""
    if rng.random() >= 0.015 or sale.id is None or sale.is_voided:
        return False
    item = sale.items[0]
    refund = line_refund(item, 0, 1)
    if refund <= 0:
        return False
    command = NewReturn([ReturnLine(item.product_id, 1, rng.random() >= 0.2)],
                        [PaymentLine(sale.payments[0].method, refund)],
                        rng.choice(RETURN_REASONS))
    try:
        container.sales.make_return()(seller, sale.id, command)
    except DomainError:
        return False
    return True
