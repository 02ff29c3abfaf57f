"""Rules on catalog fields, each returning the message it breaks (or None)."""

from __future__ import annotations

import re

from stdnum import ean

SKU_MAX_LENGTH = 40
# Stored upper-case; letters, digits, "-" and "_" (ASCII, so the JSON Schema states the same).
SKU_PATTERN_SOURCE = r"^[A-Za-z0-9_-]{1,40}$"
SKU_PATTERN = re.compile(SKU_PATTERN_SOURCE)
SKU_MESSAGE = "must be 1 to 40 letters, digits, - or _"
# 8 to 14 digits (the column holds 14). Of those, 8, 12 and 13 digits are EAN-8, UPC-A and EAN-13 and
# must carry their check digit (a misread or mistyped code is refused, not stored). Other lengths
# (9, 10, 11, 14 digits) are accepted as the store's own codes, printed as Code 128: nothing to check.
BARCODE_PATTERN_SOURCE = r"^[0-9]{8,14}$"
BARCODE_PATTERN = re.compile(BARCODE_PATTERN_SOURCE)
BARCODE_MESSAGE = "must be 8 to 14 digits"
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


def barcode_problem(barcode: str | None) -> str | None:
    if barcode is None:
        return None
    if not BARCODE_PATTERN.fullmatch(barcode):
        return BARCODE_MESSAGE
    kind = CHECKED_BARCODE_KINDS.get(len(barcode))
    if kind is not None and not ean.is_valid(barcode):
        return f"is not a valid {kind} code: its check digit should be {ean.calc_check_digit(barcode[:-1])}"
    return None


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
