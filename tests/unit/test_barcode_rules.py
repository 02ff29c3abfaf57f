"""A product's barcode (PRODUCT.md, "Catalog and inventory"): EAN-8, UPC-A or EAN-13 with a valid check digit,
the store's own 9, 10, 11 or 14 digits, or the store's own Code 128 text code; the JSON Schema's pattern and
lengths (``commands.Barcode``) state exactly what the domain's rule does, but the check digit."""

from __future__ import annotations

import re
import string
from typing import get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import ean

from techstore.application.catalog.commands import Barcode
from techstore.application.shared.constraints import Text
from techstore.domain.catalog import rules
from techstore.domain.catalog.labels import BarcodeSymbol, Symbology

TEXT_CHARACTERS = string.ascii_letters + string.digits + " -_./+"
MARKER = next(m for m in get_args(Barcode) if isinstance(m, Text))


def _allowed(code: str) -> bool:
    """The rule in plain words, to hold the pattern to."""
    if code.isascii() and code.isdigit():
        return 8 <= len(code) <= 14 and (len(code) not in (8, 12, 13) or ean.is_valid(code))
    return (1 <= len(code) <= 40 and all(c in TEXT_CHARACTERS for c in code) and code[0].isalnum()
            and not code.endswith(" "))


@pytest.mark.parametrize("code", ["4006381333931", "96385074", "036000291452", "123456789", "2000000000",
                                  "12345678901", "12345678901234", "TS-000123", "ts-000123", "X", "1A", "12AB5678",
                                  "2024/A 7.B+C_1", "A-", "1 2", "A" * 40])
def test_these_are_barcodes(code: str) -> None:
    assert rules.barcode_problem(code) is None
    assert MARKER.problem(code) is None


@pytest.mark.parametrize("code", ["1234567", "7", "123456789012345", "1" * 40, "A" * 41, "TS#000123", "TS-ÄÖ",
                                  "-TS1", "+1", ".A", " TS1", "TS1 ", "TS\t1", "TS:1", "", "١٢٣٤٥٦٧٨٩"])
def test_these_are_not(code: str) -> None:
    assert rules.barcode_problem(code) == rules.BARCODE_MESSAGE
    assert MARKER.problem(code) is not None


@pytest.mark.parametrize(("code", "kind", "digit"), [("4006381333932", "EAN-13", "1"), ("96385075", "EAN-8", "4"),
                                                      ("036000291453", "UPC-A", "2")])
def test_an_ean_or_upc_code_needs_its_check_digit(code: str, kind: str, digit: str) -> None:
    assert rules.barcode_problem(code) == f"is not a valid {kind} code: its check digit should be {digit}"
    assert MARKER.problem(code) is None  # the schema names it as format "barcode": the domain checks it


@given(st.text(TEXT_CHARACTERS + "#:é\t", max_size=44) | st.text("0123456789", max_size=16))
def test_the_pattern_is_the_rule(code: str) -> None:
    assert (rules.barcode_problem(code) is None) == _allowed(code)
    schema_allows = MARKER.problem(code) is None
    assert schema_allows == (_allowed(code) or (code.isdigit() and len(code) in (8, 12, 13)))


def test_the_schema_states_the_limits() -> None:
    assert (MARKER.min_length, MARKER.max_length, MARKER.format) == (1, rules.BARCODE_MAX_LENGTH, "barcode")
    assert MARKER.pattern == rules.BARCODE_PATTERN_SOURCE
    # ASCII classes and anchors only, read alike by Python's re and ECMA-262 (constraints.py).
    assert not re.search(r"\\[dws]|\(\?", rules.BARCODE_PATTERN_SOURCE)


def test_barcodes_are_stored_upper_case() -> None:
    assert rules.normalise_barcode("ts-000123 a/b") == "TS-000123 A/B"
    assert rules.normalise_barcode("4006381333931") == "4006381333931"


@pytest.mark.parametrize(("barcode", "symbol"), [
    ("4006381333931", BarcodeSymbol(Symbology.EAN13, "4006381333931")),
    ("96385074", BarcodeSymbol(Symbology.EAN8, "96385074")),
    ("036000291452", BarcodeSymbol(Symbology.UPCA, "036000291452")),
    ("123456789", BarcodeSymbol(Symbology.CODE128, "123456789")),
    ("TS-000123", BarcodeSymbol(Symbology.CODE128, "TS-000123")),
    (None, BarcodeSymbol(Symbology.CODE128, "SKU-1")),
])
def test_a_label_carries_the_barcode_else_the_sku(barcode: str | None, symbol: BarcodeSymbol) -> None:
    assert BarcodeSymbol.of(barcode, "SKU-1") == symbol


def test_the_check_digit_is_gs1s_as_python_stdnum_computes_it() -> None:
    import random

    from stdnum import ean

    from techstore.domain.catalog.rules import ean_check_digit

    rng = random.Random(26)
    for length in (7, 11, 12):  # EAN-8, UPC-A and EAN-13 without their check digit
        for _ in range(500):
            digits = "".join(rng.choice("0123456789") for _ in range(length))
            assert ean_check_digit(digits) == ean.calc_check_digit(digits), digits
