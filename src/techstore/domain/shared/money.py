"""Money: exact decimals with two places, rounded half-up once, at the line.

Every amount in TechStore is a ``Decimal`` with exactly two decimal places.
Input with more places is refused, never rounded (``parse_money``, the one
reader of amounts: the API, the pages and the CSV import all go through it);
computed amounts are rounded half-up to cents by ``round_cents``.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from techstore.domain.shared.errors import ValidationFailed

CENT = Decimal("0.01")
# NUMERIC(12,2): ten digits before the point.
MAX_AMOUNT = Decimal("9999999999.99")


class InvalidAmount(ValueError):
    """An amount that is not a number with at most two decimals; its message says what it must be."""


class Sign(StrEnum):
    ANY = "any"
    NOT_NEGATIVE = "not_negative"  # zero or more
    POSITIVE = "positive"  # more than zero
    NOT_ZERO = "not_zero"  # more or less than zero (a correction either way)


_MONEY_DIGITS = r"(?:0|[1-9][0-9]{0,9})(?:\.[0-9]{1,2})?"  # ten digits before the point: NUMERIC(12,2)
# What an amount written as text looks like (JSON Schema patterns too: the OpenAPI document states them).
MONEY_PATTERNS = {
    Sign.ANY: rf"^-?{_MONEY_DIGITS}$",
    Sign.NOT_NEGATIVE: rf"^{_MONEY_DIGITS}$",
    Sign.POSITIVE: r"^(?:[1-9][0-9]{0,9}(?:\.[0-9]{1,2})?|0\.(?:0[1-9]|[1-9][0-9]?))$",
    Sign.NOT_ZERO: r"^-?(?:[1-9][0-9]{0,9}(?:\.[0-9]{1,2})?|0\.(?:0[1-9]|[1-9][0-9]?))$",
}
_MONEY_REGEXES = {sign: re.compile(pattern) for sign, pattern in MONEY_PATTERNS.items()}
_SIGN_WORDS = {Sign.ANY: "", Sign.NOT_NEGATIVE: ", 0 or more", Sign.POSITIVE: ", more than 0", Sign.NOT_ZERO: ", not 0"}


def amount_rule(sign: Sign = Sign.ANY, example: str = "12.50") -> str:
    """What an amount written as text must be, in words; ``example`` is 12.50 as the reader writes it
    (the pages write it in the store's locale: "12,50" in de_DE)."""
    return f"must be an amount such as {example} (at most two decimals{_SIGN_WORDS[sign]})"


def parse_money(value: object, sign: Sign = Sign.ANY) -> Decimal:
    """An amount read exactly, as a ``Decimal`` with two places: text such as ``"12.50"`` (at most two
    decimals, no exponent, no spaces) or an int or ``Decimal`` (a JSON number) whose value has at most
    two decimals; never a float or a bool, never beyond ``MAX_AMOUNT``. ``InvalidAmount`` otherwise
    (text that breaks the rule is always refused with ``amount_rule(sign)``)."""
    if isinstance(value, str):
        if _MONEY_REGEXES[sign].search(value) is None:
            raise InvalidAmount(amount_rule(sign))
        return Decimal(value).quantize(CENT)
    if not isinstance(value, int | Decimal) or isinstance(value, bool):
        raise InvalidAmount(amount_rule(sign))
    amount = Decimal(value)
    if not amount.is_finite():
        raise InvalidAmount("must be a finite number")
    if abs(amount) > MAX_AMOUNT:
        raise InvalidAmount(f"must be at most {MAX_AMOUNT}")
    try:
        exact = amount.quantize(CENT)
    except InvalidOperation:
        raise InvalidAmount(f"must be at most {MAX_AMOUNT}") from None
    if exact != amount:
        raise InvalidAmount("must have at most two decimal places")
    if sign is Sign.NOT_NEGATIVE and amount < 0:
        raise InvalidAmount("must be 0 or more")
    if sign is Sign.POSITIVE and amount <= 0:
        raise InvalidAmount("must be more than 0")
    if sign is Sign.NOT_ZERO and amount == 0:
        raise InvalidAmount("must not be 0")
    return exact


def out_of_range(amount: Decimal, what: str) -> str | None:
    """Why a computed figure cannot be kept (``what`` names it: "the sale's total"), or None when it lies
    within ±``MAX_AMOUNT``, what a NUMERIC(12,2) column holds. Made for ``FieldProblems.check``: input is
    bounded when it is read (``parse_money``), sums and products of it are bounded here, where the domain
    computes them, so the database never receives what it cannot hold (PostgreSQL would refuse it, SQLite
    would keep it)."""
    if -MAX_AMOUNT <= amount <= MAX_AMOUNT:
        return None
    return f"{what} would be {format_amount(amount)}, beyond the largest amount the store keeps ({MAX_AMOUNT})"


def within_range(amount: Decimal, field: str, what: str) -> Decimal:
    """``amount`` when it lies within ±``MAX_AMOUNT``; else ``ValidationFailed`` (422) on ``field``."""
    problem = out_of_range(amount, what)
    if problem is not None:
        raise ValidationFailed.single(field, problem)
    return amount


def round_cents(amount: Decimal) -> Decimal:
    """Round a computed amount half-up to cents (the one rounding mode we use)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def format_amount(amount: Decimal) -> str:
    """The JSON form of an amount: a string with two decimals."""
    return str(amount.quantize(CENT))
