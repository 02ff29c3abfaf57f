"""Every user may change their own password."""

from __future__ import annotations

from techstore.application.identity.commands import PasswordChange
from techstore.application.identity.ports import IdentityUnitOfWorkFactory, PasswordHasher, TokenService
from techstore.application.identity.sessions import TokenPair, issue_tokens, revoke_refresh_tokens
from techstore.application.identity.throttle import PasswordThrottle
from techstore.application.shared import security_events as events
from techstore.application.shared.security_events import NoSecurityEvents, SecurityEvents
from techstore.domain.identity.users import User
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import AuthenticationFailed, TooManyAttempts


class ChangeOwnPassword:
    """Rules: the current password must be given, and wrong guesses count toward
    the same limit as sign-in (``PasswordThrottle``: 429, and the account's
    sign-in locks too); the new one follows the password rules. Every session
    of the user ends, so a stolen session cannot outlive it; the caller gets a
    fresh session in the same transaction (no second sign-in)."""

    def __init__(
        self,
        uow: IdentityUnitOfWorkFactory,
        hasher: PasswordHasher,
        tokens: TokenService,
        clock: Clock,
        throttle: PasswordThrottle | None = None,
        events: SecurityEvents | None = None,
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._tokens = tokens
        self._clock = clock
        self._throttle = throttle or PasswordThrottle()
        self._events = events or NoSecurityEvents()

    def __call__(self, actor: User, command: PasswordChange, address: str) -> TokenPair:
        assert actor.id is not None
        target = f"user:{actor.id}"
        with self._uow() as uow:
            try:
                now = self._throttle.admit(uow, actor.username_key, address, self._clock,
                                           what="password attempts")
            except TooManyAttempts:
                self._events.record(events.PASSWORD_CHECK_LOCKED, actor_id=actor.id, target=target,
                                    address=address)
                raise
            user = uow.users.get_for_update(actor.id)
            if user is None or not user.is_active:
                raise AuthenticationFailed("The session has ended; please sign in again.")
            matches = self._hasher.verify(user.password_hash, command.current_password)
            if not matches:
                self._throttle.record(uow, user.username_key, address, False, now)
                uow.commit()  # the failure counts even though the change is refused
                self._events.record(events.PASSWORD_CHECK_FAILED, actor_id=actor.id, target=target,
                                    address=address)
            user.set_own_password(command.new_password, current_matches=matches, hash_password=self._hasher.hash,
                                  now=now)
            revoke_refresh_tokens(uow, user, now)
            uow.users.update(user)
            pair = issue_tokens(uow, self._tokens, user, now)
            uow.commit()
        self._events.record(events.PASSWORD_CHANGED, actor_id=actor.id, target=target)
        return pair
