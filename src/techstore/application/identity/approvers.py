"""Whose password was typed at the till to approve something (PRODUCT.md, "Approval at the counter")."""

from __future__ import annotations

from techstore.application.identity.ports import IdentityUnitOfWorkFactory, PasswordHasher
from techstore.application.identity.throttle import PasswordThrottle
from techstore.application.shared import security_events as events
from techstore.application.shared.security_events import NoSecurityEvents, SecurityEvents
from techstore.domain.identity.rules import PASSWORD_MAX_LENGTH, USERNAME_MAX_LENGTH
from techstore.domain.identity.users import User, username_key
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import TooManyAttempts


class CheckApprover:
    """The active user a username and password name, or None. Every check counts in that username's
    sign-in throttle (``PasswordThrottle``, keyed by the username and the caller's address), so a till
    cannot guess a manager's password faster than the sign-in page could: too many → 429. The check is
    committed on its own, before the sale or return it approves is written (a refusal of that leaves the
    failure counted). Whether the user may approve is the caller's rule."""

    def __init__(self, uow: IdentityUnitOfWorkFactory, hasher: PasswordHasher, clock: Clock,
                 throttle: PasswordThrottle | None = None, events: SecurityEvents | None = None) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock
        self._throttle = throttle or PasswordThrottle()
        self._events = events or NoSecurityEvents()
        self._decoy_hash = hasher.hash("decoy password never used")

    def __call__(self, username: str, password: str, address: str, actor_id: int | None = None) -> User | None:
        """``actor_id``: who asked at the till (the security events name them)."""
        if len(username) > USERNAME_MAX_LENGTH:
            return None  # no such user can exist
        key = username_key(username)
        try:
            with self._uow() as uow:
                now = self._throttle.admit(uow, key, address, self._clock, what="password attempts")
                user = uow.users.get_by_username(username)
                matches = self._matches(user, password)
                self._throttle.record(uow, key, address, matches, now)
                uow.commit()
        except TooManyAttempts:
            self._events.record(events.APPROVAL_LOCKED, actor_id=actor_id, target=None, address=address)
            raise
        if not matches or user is None:
            self._events.record(events.APPROVAL_FAILED, actor_id=actor_id,
                                target=None if user is None else f"user:{user.id}", address=address)
            return None
        return user

    def _matches(self, user: User | None, password: str) -> bool:
        if len(password) > PASSWORD_MAX_LENGTH:
            return False
        if user is None:
            self._hasher.verify(self._decoy_hash, password)  # the same time as a real check
            return False
        return self._hasher.verify(user.password_hash, password) and user.is_active
