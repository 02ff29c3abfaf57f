"""Brute-force limits on logins: per username and client address, and a ceiling per username."""

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


@attrs.frozen
class RecentFailures:
    """One username's failed logins since some time.

    ``from_address``: those from the asking address, after that pair's last success (a good
    sign-in forgives the mistakes made from there before it). ``everywhere``: all of them, from
    any address, successes or not: an owner signing in must not grant a distributed guesser more.
    """

    from_address: Sequence[datetime] = ()
    everywhere: Sequence[datetime] = ()


# One address guessing at one username: a typo-prone owner still gets 5 tries, an attacker at
# another address cannot lock them out.
PER_USERNAME_AND_ADDRESS = LoginLimit(max_failures=5, window=timedelta(minutes=15))
# Guesses from many addresses: few enough in all that a distributed attack gets few tries.
PER_USERNAME = LoginLimit(max_failures=50, window=timedelta(minutes=15))


@attrs.frozen
class LoginLimits:
    """Rule (PRODUCT.md, Brute force): after 5 failed logins for one username from one address
    within 15 minutes that pair waits until the window passes; after 50 for the username from
    any addresses, every attempt for it waits."""

    per_pair: LoginLimit = PER_USERNAME_AND_ADDRESS
    per_username: LoginLimit = PER_USERNAME

    @property
    def window(self) -> timedelta:
        """How far back the failures that matter go."""
        return max(self.per_pair.window, self.per_username.window)

    def retry_after(self, failures: RecentFailures, now: datetime) -> int | None:
        waits = [self.per_pair.retry_after(failures.from_address, now),
                 self.per_username.retry_after(failures.everywhere, now)]
        return max((w for w in waits if w is not None), default=None)


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
