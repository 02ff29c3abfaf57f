"""Serialized units (PRODUCT.md, "Serialized units and warranty"): a phone by its IMEI, a laptop by its serial.

A serialized product's every unit in stock has its own serial, unique for that product; a sold unit keeps the
sale it left with and its warranty's end (the sale's date plus the product's warranty months)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum

import attrs
from stdnum import imei as imei_numbers

from techstore.domain.shared.errors import Conflict

MAX_WARRANTY_MONTHS = 120
SERIAL_MAX_LENGTH = 40
SERIAL_PATTERN = re.compile(r"[A-Za-z0-9-]{1,40}")


class SerialKind(StrEnum):
    IMEI = "imei"  # 15 digits, Luhn check digit
    SERIAL = "serial"  # letters, digits and "-", up to 40


class UnitStatus(StrEnum):
    IN_STOCK = "in_stock"
    SOLD = "sold"
    DAMAGED = "damaged"  # came back damaged: out of stock for good


def serial_problem(kind: SerialKind, serial: str) -> str | None:
    """Why ``serial`` cannot be a unit's serial of ``kind`` (None when it can)."""
    if kind is SerialKind.IMEI:
        if not (serial.isascii() and serial.isdigit() and len(serial) == 15):
            return f"{serial!r} is not an IMEI: 15 digits"
        if not imei_numbers.is_valid(serial):
            return f"{serial} is not an IMEI: its check digit is wrong"
        return None
    if SERIAL_PATTERN.fullmatch(serial) is None:
        return f"{serial!r} is not a serial: letters, digits and -, up to {SERIAL_MAX_LENGTH}"
    return None


def normalise_serial(serial: str) -> str:
    """As stored and matched: trimmed, upper-case (a serial read aloud or typed in either case is one serial)."""
    return serial.strip().upper()


def serials_problems(kind: SerialKind, serials: Sequence[str], quantity: int) -> list[str]:
    """What is wrong with the serials named for ``quantity`` units: their count, each one, repeats."""
    problems = []
    if len(serials) != quantity:
        problems.append(f"must name exactly {quantity} serial(s), one per unit (named {len(serials)})")
    problems += [p for p in (serial_problem(kind, s) for s in serials) if p is not None]
    repeated = sorted({s for s in serials if serials.count(s) > 1})
    if repeated:
        problems.append("names a serial twice: " + ", ".join(repeated))
    return problems


def warranty_end(sold_at: datetime, months: int) -> date | None:
    """The sale's date plus ``months`` (the month's last day when shorter); None without warranty."""
    if months <= 0:
        return None
    day = sold_at.date()
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@attrs.frozen
class Unit:
    id: int | None
    product_id: int
    serial: str
    status: UnitStatus = attrs.field(converter=UnitStatus)
    created_at: datetime
    sale_id: int | None = None  # the sale it left with
    sold_at: datetime | None = None
    warranty_until: date | None = None
    return_id: int | None = None  # the return it came back with, if it did


class UnitsUnavailable(Conflict):
    """Serials named that are not in stock (sold, damaged, unknown) or already in stock when put in (409)."""

    def __init__(self, detail: str, serials: Sequence[str], field: str = "serials") -> None:
        super().__init__(detail, field=field)
        self.serials = tuple(serials)
