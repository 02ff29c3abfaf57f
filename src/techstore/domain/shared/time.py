"""Times in the domain are timezone-aware and in UTC, whatever stores them."""

from __future__ import annotations

from datetime import UTC, datetime


def utc(value: datetime) -> datetime:
    """Converter for entity fields: refuses naive times, normalises to UTC."""
    if value.tzinfo is UTC:  # nearly every time (the clock's, the database's): no offset to work out
        return value
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("times must be timezone-aware")
    return value.astimezone(UTC)


def utc_or_none(value: datetime | None) -> datetime | None:
    return None if value is None else utc(value)
