"""The catalogue as CSV: what export writes and import reads (the same columns, so an
exported file imports back unchanged).

Read: UTF-8 with or without a byte-order mark, comma- or semicolon-separated (the
header line decides; with ``;`` a decimal comma is read too, as spreadsheets in many
countries write it). Line numbers are the file's own, the header being line 1.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

import attrs

from techstore.application.catalog.ports import ExportRow
from techstore.domain.shared.errors import ValidationFailed

COLUMNS = ("sku", "barcode", "name", "description", "category", "price", "cost", "stock", "min_stock",
           "is_active")
REQUIRED_COLUMNS = ("sku", "name", "price")
MAX_ROWS = 50_000
MAX_COLUMNS = 100  # ten are known; the cap keeps the header check and its message small


@attrs.frozen
class CsvRow:
    line: int
    cells: dict[str, str]  # only the columns the header names (padded or cut to the header)
    width: int  # how many cells the line has: a row of another width than the header's is a bad row


@attrs.frozen
class CsvFile:
    columns: tuple[str, ...]
    rows: list[CsvRow]
    decimal_comma: bool


def read_csv(data: bytes) -> CsvFile:
    """The file's header and rows; raises ``ValidationFailed`` for a file that is not CSV we can read."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed.single("file", "must be UTF-8 text (with or without a byte-order mark)") from None
    if "\x00" in text:
        raise ValidationFailed.single("file", "must be text, not a binary file")
    first_line = text.split("\n", 1)[0]
    separator = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    try:
        records = _records(reader)
        header = next(records, None)
        if header is None:
            raise ValidationFailed.single("file", "is empty: the first line must name the columns")
        columns = _columns(header[1])
        rows = [CsvRow(line, dict(zip(columns, _padded(cells, len(columns)), strict=True)), len(cells))
                for line, cells in records if any(cell.strip() for cell in cells)]
    except csv.Error as error:
        raise ValidationFailed.single(f"line {reader.line_num}", f"is not valid CSV ({error})") from None
    if len(rows) > MAX_ROWS:
        raise ValidationFailed.single("file", f"must hold at most {MAX_ROWS} rows")
    return CsvFile(columns, rows, decimal_comma=separator == ";")


def _records(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    line = 1
    for cells in reader:
        yield line, cells
        line = getattr(reader, "line_num", line) + 1


def _padded(cells: list[str], width: int) -> list[str]:
    return (cells + [""] * width)[:width]


def _columns(header: list[str]) -> tuple[str, ...]:
    """The header's column names, checked in one pass (a header of a million columns once took minutes)."""
    if len(header) > MAX_COLUMNS:
        raise ValidationFailed.single(
            "line 1", f"has {len(header)} columns; a file may have at most {MAX_COLUMNS} columns. "
                      "The columns are: " + ", ".join(COLUMNS))
    columns = tuple(name.strip().lower() for name in header)
    counts = Counter(columns)
    unknown = [c for c in columns if c not in COLUMNS]
    missing = [c for c in REQUIRED_COLUMNS if c not in counts]
    repeated = sorted(c for c, n in counts.items() if n > 1)
    problems = []
    if unknown:
        problems.append("unknown column(s): " + ", ".join(repr(c) for c in unknown))
    if missing:
        problems.append("missing column(s): " + ", ".join(missing))
    if repeated:
        problems.append("repeated column(s): " + ", ".join(repeated))
    if problems:
        raise ValidationFailed.single(
            "line 1", "; ".join(problems) + ". The columns are: " + ", ".join(COLUMNS))
    return columns


def write_csv(rows: Iterable[ExportRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        p = row.product
        writer.writerow([
            p.sku, p.barcode or "", _safe(p.name), _safe(p.description), _safe(row.category), str(p.price),
            "" if p.cost is None else str(p.cost), p.stock, p.min_stock, "yes" if p.is_active else "no",
        ])
    return out.getvalue()


def _safe(text: str) -> str:
    """A cell a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) is written with a
    leading apostrophe, and read back without it."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def unquote_formula(text: str) -> str:
    return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@") else text


def cell_lines(rows: Sequence[CsvRow]) -> dict[str, list[int]]:
    """Lines per SKU, to report a SKU the file names twice."""
    lines: dict[str, list[int]] = {}
    for row in rows:
        lines.setdefault(row.cells.get("sku", "").strip().upper(), []).append(row.line)
    return lines
