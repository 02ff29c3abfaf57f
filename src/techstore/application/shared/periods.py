"""The UTC days a list is filtered by (``?from=&to=``): both included."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta


def days(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    """The UTC days ``first`` to ``last``, both included, as [start, end); either may be open."""
    start = None if first is None else datetime.combine(first, time(), tzinfo=UTC)
    end = None if last is None or last == date.max else datetime.combine(last, time(), tzinfo=UTC) + timedelta(1)
    return start, end
