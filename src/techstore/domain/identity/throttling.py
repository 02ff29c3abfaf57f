"""Brute-force limits on logins: per username, and a coarser one per address."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta

import attrs


@attrs.frozen
class LoginLimit:
    """At most ``max_failures`` failed logins within ``window``."""

    max_failures: int
    window: timedelta

    def retry_after(self, failures: Sequence[datetime], now: datetime) -> int | None:
        """Seconds until another attempt is allowed, or None when it is allowed now.

        ``failures`` are the failed attempts within the window, in any order.
        """
        recent = sorted(t for t in failures if t > now - self.window)
        if len(recent) < self.max_failures:
            return None
        # The window frees a slot when the oldest failure that still counts expires.
        frees_at = recent[-self.max_failures] + self.window
        return max(1, math.ceil((frees_at - now).total_seconds()))


PER_USERNAME = LoginLimit(max_failures=5, window=timedelta(minutes=15))


def wait_in_words(seconds: int) -> str:
    """A wait as people say it: "in 13 minutes" (rounded up), "in 1 minute", "in a moment".

    Under a minute, "in a moment": a person retrying by hand will not time seconds.
    """
    if seconds <= 0:
        return "now"
    if seconds < 60:
        return "in a moment"
    minutes = math.ceil(seconds / 60)
    return f"in {minutes} minute{'' if minutes == 1 else 's'}"
