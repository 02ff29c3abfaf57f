"""Password guessing is limited wherever a password is checked: signing in,
and confirming one's current password before changing it."""

from __future__ import annotations

from datetime import datetime

import attrs

from techstore.application.identity.ports import IdentityUnitOfWork
from techstore.domain.identity.throttling import LoginLimits, wait_in_words
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import TooManyAttempts


@attrs.frozen
class PasswordThrottle:
    """Rule (``LoginLimits``): 5 failed checks for one username from one address within the
    window, or 50 for the username from anywhere, and checks are refused with 429 until the
    window passes. Every check counts, whichever operation made it, so a stolen session
    cannot guess faster than sign-in can."""

    limits: LoginLimits = LoginLimits()

    def admit(
        self, uow: IdentityUnitOfWork, key: str, address: str, clock: Clock, *, what: str = "sign-in attempts"
    ) -> datetime:
        """Let one password check for ``key`` from ``address`` go ahead, or raise ``TooManyAttempts``.
        Checks for one username are serialised (a row lock), so concurrent guesses are
        all counted; the time is read once the lock is ours, so attempts are recorded in
        order. Returns that time, to record the attempt at."""
        uow.login_attempts.lock_subject(key)
        now = clock.now()
        failures = uow.login_attempts.recent_failures(key, address, now - self.limits.window)
        wait = self.limits.retry_after(failures, now)
        if wait is not None:
            raise TooManyAttempts(f"Too many failed {what}. Try again {wait_in_words(wait)}.",
                                  retry_after=wait)
        return now

    def record(self, uow: IdentityUnitOfWork, key: str, address: str, succeeded: bool, now: datetime) -> None:
        uow.login_attempts.record(username_key=key, address=address, succeeded=succeeded, at=now)
