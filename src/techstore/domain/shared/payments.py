"""How money changes hands: one list for sales, returns, repairs, account payments and the drawer."""

from __future__ import annotations

from enum import StrEnum


class PaymentMethod(StrEnum):
    """In this order wherever methods are listed (forms, messages, the drawer's totals)."""

    CASH = "cash"
    CARD = "card"
    TRANSFER = "transfer"
    ACCOUNT = "account"  # charged to (or refunded to) the customer's current account
