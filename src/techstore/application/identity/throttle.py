"""Password guessing is limited wherever a password is checked: signing in,
and confirming one's current password before changing it."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from techstore.application.identity.ports import IdentityUnitOfWork
from techstore.domain.identity.throttling import PER_USERNAME, LoginLimit, wait_in_words
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import TooManyAttempts

# Coarser than the per-username limit: one address may mistype several accounts.
PER_ADDRESS = LoginLimit(max_failures=50, window=timedelta(minutes=15))


@attrs.frozen
class PasswordThrottle:
    """Rule: after ``per_username.max_failures`` failed password checks for one
    username within the window (or too many from one address), checks are
    refused with 429 until the window passes. Every check counts, whichever
    operation made it, so a stolen session cannot guess faster than sign-in can."""

    per_username: LoginLimit = PER_USERNAME
    per_address: LoginLimit = PER_ADDRESS

    def admit(
        self, uow: IdentityUnitOfWork, key: str, address: str, clock: Clock, *, what: str = "sign-in attempts"
    ) -> datetime:
        """Let one password check for ``key`` go ahead, or raise ``TooManyAttempts``.
        Checks for one username are serialised (a row lock), so concurrent guesses are
        all counted; the time is read once the lock is ours, so attempts are recorded in
        order. Returns that time, to record the attempt at."""
        uow.login_attempts.lock_subject(key)
        now = clock.now()
        self._refuse_while_limited(uow, key, address, now, what)
        return now

    def _refuse_while_limited(self, uow: IdentityUnitOfWork, key: str, address: str, now: datetime,
                              what: str) -> None:
        attempts = uow.login_attempts
        waits = [
            self.per_username.retry_after(attempts.failures_for_username(key, now - self.per_username.window), now),
            self.per_address.retry_after(attempts.failures_for_address(address, now - self.per_address.window), now),
        ]
        wait = max((w for w in waits if w is not None), default=None)
        if wait is not None:
            raise TooManyAttempts(f"Too many failed {what}. Try again {wait_in_words(wait)}.",
                                  retry_after=wait)

    def record(self, uow: IdentityUnitOfWork, key: str, address: str, succeeded: bool, now: datetime) -> None:
        uow.login_attempts.record(username_key=key, address=address, succeeded=succeeded, at=now)
