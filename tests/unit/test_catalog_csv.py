"""Reading and writing the catalogue's CSV: encodings, separators, line numbers, formulas."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from stdnum import imei

from techstore.application.catalog.csv_format import MAX_COLUMNS, read_csv, unquote_formula, write_csv
from techstore.application.catalog.ports import ExportRow
from techstore.domain.catalog.products import Product
from techstore.domain.shared.errors import ValidationFailed
from techstore.entrypoints.cli.demo_catalog import demo_catalogue_csv, ean13, imeis

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def test_a_byte_order_mark_and_semicolons_are_read() -> None:
    parsed = read_csv("\ufeffSKU;Name;Price\nA-1;Cable, 1 m;1,50\n".encode())
    assert parsed.columns == ("sku", "name", "price")
    assert parsed.decimal_comma
    assert parsed.rows[0].cells == {"sku": "A-1", "name": "Cable, 1 m", "price": "1,50"}


def test_line_numbers_are_the_files_own_even_across_quoted_line_breaks_and_blank_lines() -> None:
    parsed = read_csv(b'sku,name,price\nA-1,"two\nlines",1\n\nB-1,b,2\r\nC-1,c,3')
    assert [(row.line, row.cells["sku"]) for row in parsed.rows] == [(2, "A-1"), (5, "B-1"), (6, "C-1")]


@pytest.mark.parametrize(("data", "field"), [
    (b"", "file"),
    ("sku,name,price\nCAF\xc9,x,1\n".encode("latin-1"), "file"),
    (b"sku,name\nA,b\n", "line 1"),
    (b"sku,name,price,colour\nA,b,1,red\n", "line 1"),
    (b"sku,name,price,sku\nA,b,1,A\n", "line 1"),
    (b"sku,name,price\nA,\"b\n", "line 2"),
    (b"\x00\x01binary", "file"),
])
def test_a_file_that_cannot_be_read_is_refused_by_field(data: bytes, field: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        read_csv(data)
    assert [e.field for e in refused.value.errors] == [field]


def test_each_row_keeps_its_own_width_for_the_import_to_refuse_another_than_the_header() -> None:
    parsed = read_csv(b"sku,name,price\nA-1,a\nB-1,b,2,extra\nC-1,c,3\n")
    assert [row.width for row in parsed.rows] == [2, 4, 3]
    assert parsed.rows[0].cells["price"] == "" and parsed.rows[1].cells == {"sku": "B-1", "name": "b", "price": "2"}


def test_cells_a_spreadsheet_would_run_as_formulas_are_written_quoted_and_read_back() -> None:
    product = Product(1, "A-1", None, "=SUM(1+1)", "+x", None, Decimal("1.00"), None, 0, 0, True, NOW, NOW)
    text = write_csv([ExportRow(product, "@cat")])
    assert "'=SUM(1+1)" in text and "'+x" in text and "'@cat" in text
    row = read_csv(text.encode()).rows[0]
    assert unquote_formula(row.cells["name"]) == "=SUM(1+1)"
    assert unquote_formula("'plain") == "'plain"


def test_ean13_check_digits() -> None:
    assert ean13("400638133393") == "4006381333931"
    assert ean13("590123412345") == "5901234123457"


def test_demo_imeis_are_valid_and_from_the_test_range() -> None:
    """The demo's phones carry IMEIs with their check digit, from the test range (reporting body 00): never a
    real phone's."""
    numbers = [n for product in (1, 56, 999) for n in imeis(product, 40)]
    assert len(numbers) == len(set(numbers)) == 120
    assert all(len(n) == 15 and n.startswith("00") and imei.is_valid(n) for n in numbers)
    assert imeis(56, 3) == imeis(56, 3) and imeis(56, 2, start=2) == imeis(56, 3)[1:]


def test_the_demo_catalogue_has_several_hundred_products_with_valid_barcodes_and_some_low_stock() -> None:
    parsed = read_csv(demo_catalogue_csv().encode())
    assert len(parsed.rows) >= 300
    barcodes = [row.cells["barcode"] for row in parsed.rows]
    assert len(set(barcodes)) == len(barcodes)
    assert all(ean13(b[:12]) == b and len(b) == 13 for b in barcodes)
    low = [r for r in parsed.rows if int(r.cells["stock"]) <= int(r.cells["min_stock"])]
    assert 10 <= len(low) < len(parsed.rows) // 3
    assert len({row.cells["category"] for row in parsed.rows}) >= 12


@pytest.mark.timeout(20)
@pytest.mark.parametrize("extra", [",x" * 200_000, "".join(f",c{i}" for i in range(200_000))])
def test_a_huge_header_is_refused_quickly_naming_the_column_cap(extra: str) -> None:
    """F4 (issue 21): checking the header counted each column (quadratic); a million columns pinned a worker."""
    started = time.perf_counter()
    with pytest.raises(ValidationFailed) as refused:
        read_csv(f"sku,name,price{extra}\nA,b,1\n".encode())
    assert time.perf_counter() - started < 2
    [error] = refused.value.errors
    assert error.field == "line 1" and f"at most {MAX_COLUMNS} columns" in error.message
    assert len(error.message) < 200


def test_a_header_at_the_column_cap_is_checked_column_by_column() -> None:
    names = ["sku", "name", "price"] + [f"c{i}" for i in range(MAX_COLUMNS - 3)]
    with pytest.raises(ValidationFailed) as refused:
        read_csv((",".join(names) + "\nA,b,1\n").encode())
    [error] = refused.value.errors
    assert "unknown column(s): 'c0'" in error.message and "at most" not in error.message
