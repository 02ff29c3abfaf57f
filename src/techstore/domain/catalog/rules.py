"""Rules on catalog fields, each returning the message it breaks (or None)."""

from __future__ import annotations

import re

SKU_MAX_LENGTH = 40
# Stored upper-case; letters, digits, "-" and "_" (ASCII, so the JSON Schema states the same).
SKU_PATTERN_SOURCE = r"^[A-Za-z0-9_-]{1,40}$"
SKU_PATTERN = re.compile(SKU_PATTERN_SOURCE)
SKU_MESSAGE = "must be 1 to 40 letters, digits, - or _"
# A barcode (PRODUCT.md, "Catalog and inventory") is one of:
# - 8, 12 or 13 digits: an EAN-8, UPC-A or EAN-13 code, which must carry its check digit (a misread or mistyped
#   code is refused, not stored);
# - 9, 10, 11 or 14 digits: the store's own numeric codes (as before text codes were allowed), not checked;
# - the store's own text code, printed as Code 128: 1 to 40 letters, digits, spaces and - _ . / +, with at least
#   one character that is not a digit (all digits is one of the above: 1 to 7 or 15 and more digits are refused,
#   most likely an EAN/UPC code cut short or run on), starting with a letter or a digit (never a formula's
#   ``+`` or ``-`` in a spreadsheet opening the CSV export) and not ending with a space.
# Stored upper-case, like SKUs: a text code is one code whatever the letter case it is typed in, and every lookup
# (the till, the labels page) upper-cases what it is given. Only ASCII, so the JSON Schema states the same.
BARCODE_MAX_LENGTH = 40
_END = "A-Za-z0-9._/+-"  # a character that may end a barcode
_INSIDE = "A-Za-z0-9 ._/+-"  # ...or stand inside it (a space too)
_NOT_DIGIT_END = "A-Za-z._/+-"
_NOT_DIGIT_INSIDE = "A-Za-z ._/+-"
# Every barcode the rules allow but for its length (at most BARCODE_MAX_LENGTH) and an EAN/UPC check digit:
# 8 to 14 digits; or text holding a character that is not a digit: a letter first, or digits then a last
# character that is not one, or digits then one that is not and more.
BARCODE_PATTERN_SOURCE = (
    "^[0-9]{8,14}$"
    "|^[A-Za-z]$"
    f"|^[A-Za-z][{_INSIDE}]*[{_END}]$"
    f"|^[0-9]+[{_NOT_DIGIT_END}]$"
    f"|^[0-9]+[{_NOT_DIGIT_INSIDE}][{_INSIDE}]*[{_END}]$"
)
BARCODE_PATTERN = re.compile(BARCODE_PATTERN_SOURCE)
BARCODE_MESSAGE = (f"must be an EAN-8, UPC-A or EAN-13 code, 9, 10, 11 or 14 digits, or a store code of up to "
                   f"{BARCODE_MAX_LENGTH} letters, digits, spaces and - _ . / + that starts with a letter or a "
                   "digit, does not end with a space and is not all digits")
CHECKED_BARCODE_KINDS = {8: "EAN-8", 12: "UPC-A", 13: "EAN-13"}
NAME_MAX_LENGTH = 200
CATEGORY_NAME_MAX_LENGTH = 80
DESCRIPTION_MAX_LENGTH = 2000
REASON_MAX_LENGTH = 500
# Stock and quantities stay well inside PostgreSQL INTEGER, also when summed.
MAX_STOCK = 1_000_000
MAX_QUANTITY = 1_000_000
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LINE_BREAKS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def normalise_sku(sku: str) -> str:
    return sku.strip().upper()


def sku_problem(sku: str) -> str | None:
    return None if SKU_PATTERN.fullmatch(normalise_sku(sku)) else SKU_MESSAGE


def normalise_barcode(barcode: str) -> str:
    """A barcode as stored and looked up: upper-case (digits stay as they are). Only for one that
    ``barcode_problem`` lets through (ASCII: ``str.upper`` maps it letter for letter)."""
    return barcode.upper()


def ean_check_digit(digits: str) -> str:
    """The GS1 check digit of an EAN-8, UPC-A or EAN-13 code's other digits: weights 3 and 1 from the right, the
    sum made up to a multiple of ten. (python-stdnum's ``ean`` computes the same, the unit tests compare them; it
    cleans and measures the code first, and with a generator per digit it was a third of a 10,000-row import.)"""
    weighted = 3 * sum(map(int, digits[-1::-2])) + sum(map(int, digits[-2::-2]))
    return str(-weighted % 10)


def barcode_problem(barcode: str | None) -> str | None:
    if barcode is None:
        return None
    if len(barcode) > BARCODE_MAX_LENGTH or not BARCODE_PATTERN.fullmatch(barcode):
        return BARCODE_MESSAGE
    kind = CHECKED_BARCODE_KINDS.get(len(barcode)) if barcode.isdigit() else None
    if kind is None:
        return None
    # The pattern has made it plain digits of an EAN/UPC length: only the check digit is left to compare.
    expected = ean_check_digit(barcode[:-1])
    if barcode[-1] != expected:
        return f"is not a valid {kind} code: its check digit should be {expected}"
    return None


def is_checked_barcode(barcode: str) -> bool:
    """An EAN-8, UPC-A or EAN-13 code (8, 12 or 13 digits), rather than one of the store's own codes."""
    return barcode.isdigit() and len(barcode) in CHECKED_BARCODE_KINDS


def line_problem(text: str, max_length: int) -> str | None:
    """A required single line of text."""
    if not text.strip():
        return "is required"
    if _CONTROL_CHARACTERS.search(text):
        return "must be one line, without control characters"
    if len(text) > max_length:
        return f"must be at most {max_length} characters"
    return None


def description_problem(text: str) -> str | None:
    if _CONTROL_BUT_LINE_BREAKS.search(text):
        return "must not contain control characters other than tabs and line breaks"
    if len(text) > DESCRIPTION_MAX_LENGTH:
        return f"must be at most {DESCRIPTION_MAX_LENGTH} characters"
    return None


def count_problem(value: int, *, maximum: int = MAX_STOCK) -> str | None:
    """Stock and minimum stock: whole numbers from 0."""
    if not 0 <= value <= maximum:
        return f"must be a whole number from 0 to {maximum}"
    return None
