"""Rules on a customer's fields, each returning the message it breaks (or None)."""

from __future__ import annotations

import re
from decimal import Decimal

NAME_MAX_LENGTH = 120
EMAIL_MAX_LENGTH = 254
PHONE_MAX_LENGTH = 32
ADDRESS_MAX_LENGTH = 500
NOTES_MAX_LENGTH = 2000
DESCRIPTION_MAX_LENGTH = 200
REASON_MAX_LENGTH = 200
# A VAT number or other tax id as printed on invoices: letters, digits and the usual separators.
TAX_ID_MAX_LENGTH = 32
TAX_ID_PATTERN_SOURCE = r"^ *[A-Za-z0-9][A-Za-z0-9 .\-/]*$"  # blanks around it are trimmed
TAX_ID_MESSAGE = "must be a tax id such as PT 123456789: letters, digits, spaces . - /"
# Plain ASCII classes: the API's JSON Schema states the same sources, read by ECMA-262 engines.
EMAIL_PATTERN_SOURCE = r"^[^@\x00-\x20\x7f]+@[^@\x00-\x20\x7f]+\.[^@\x00-\x20\x7f]+$"
EMAIL_MESSAGE = "must be an email address such as ana@example.com"
# Digits with the usual separators, an optional leading +; at least 6 digits once normalised.
PHONE_MIN_DIGITS = 6
PHONE_PATTERN_SOURCE = rf"^\+?[ ().\-/]*(?:[0-9][ ().\-/]*){{{PHONE_MIN_DIGITS},}}$"
PHONE_MESSAGE = f"must be a phone number: at least {PHONE_MIN_DIGITS} digits, with spaces ( ) . - / and a leading +"
EMAIL_OR_PHONE = "give an email or a phone number (at least one)"
KEEP_EMAIL_OR_PHONE = "a customer keeps an email or a phone number: give the other one first"

_EMAIL = re.compile(EMAIL_PATTERN_SOURCE)
_PHONE = re.compile(PHONE_PATTERN_SOURCE)
_TAX_ID = re.compile(TAX_ID_PATTERN_SOURCE)


def email_key(email: str) -> str:
    """Emails are unique case-insensitively: compare on this key."""
    return email.strip().casefold()


def phone_key(phone: str) -> str:
    """Phones are unique after normalising: digits, and a leading ``+`` if there was one."""
    text = phone.strip()
    digits = "".join(c for c in text if "0" <= c <= "9")
    return ("+" + digits) if text.startswith("+") else digits


def name_problem(name: str) -> str | None:
    if not name.strip():
        return "is required"
    if len(name) > NAME_MAX_LENGTH:
        return f"must be at most {NAME_MAX_LENGTH} characters"
    return None


def email_problem(email: str | None) -> str | None:
    if email is None:
        return None
    if len(email) > EMAIL_MAX_LENGTH:
        return f"must be at most {EMAIL_MAX_LENGTH} characters"
    if not _EMAIL.search(email):
        return EMAIL_MESSAGE
    return None


def phone_problem(phone: str | None) -> str | None:
    if phone is None:
        return None
    if len(phone) > PHONE_MAX_LENGTH or not _PHONE.search(phone):
        return PHONE_MESSAGE
    return None


def credit_limit_problem(limit: Decimal | None) -> str | None:
    if limit is not None and limit < 0:
        return "must be 0 or more"
    return None


def tax_id_problem(tax_id: str | None) -> str | None:
    if tax_id is None:
        return None
    if len(tax_id) > TAX_ID_MAX_LENGTH:
        return f"must be at most {TAX_ID_MAX_LENGTH} characters"
    return None if _TAX_ID.match(tax_id) else TAX_ID_MESSAGE


def text_or_none(value: str | None) -> str | None:
    """Optional text: trimmed, and blank means absent."""
    if value is None:
        return None
    value = value.strip()
    return value or None
