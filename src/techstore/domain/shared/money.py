"""Money: exact decimals with two places, rounded half-up once, at the line.

Every amount in TechStore is a ``Decimal`` with exactly two decimal places.
Input with more places is refused, never rounded; computed amounts are
rounded half-up to cents by ``round_cents``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
# NUMERIC(12,2): ten digits before the point.
MAX_AMOUNT = Decimal("9999999999.99")


class InvalidAmount(ValueError):
    """An amount that is not a number with at most two decimals."""


def parse_amount(value: object) -> Decimal:
    """Read an amount from input exactly: str, int or Decimal, never float or bool."""
    if isinstance(value, bool) or isinstance(value, float):
        raise InvalidAmount("must be a decimal number written exactly, not a float")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        amount = value
    elif isinstance(value, str):
        try:
            amount = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidAmount("must be a number such as 12.50") from None
    else:
        raise InvalidAmount("must be a number such as 12.50")
    if not amount.is_finite():
        raise InvalidAmount("must be a finite number")
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise InvalidAmount("must have at most two decimal places")
    if abs(amount) > MAX_AMOUNT:
        raise InvalidAmount(f"must be at most {MAX_AMOUNT}")
    return amount.quantize(CENT)


def round_cents(amount: Decimal) -> Decimal:
    """Round a computed amount half-up to cents (the one rounding mode we use)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def format_amount(amount: Decimal) -> str:
    """The JSON form of an amount: a string with two decimals."""
    return str(amount.quantize(CENT))
