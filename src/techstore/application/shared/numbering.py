"""Gap-free human numbers (``S-000001``, ``RT-``, ``R-``): one sequence each, kept in a row (table ``counters``).

A counter is a row incremented inside the caller's transaction, so a rollback
gives the number back and two transactions never get the same one. The row
stays locked until the transaction ends: concurrent sales queue on it, so a
use case takes its number as late as it can.
"""

from __future__ import annotations

from typing import Protocol


class NumberSequences(Protocol):
    def next(self, name: str) -> int:
        """The sequence's next value (1 the first time), locked until the transaction ends."""
        ...
