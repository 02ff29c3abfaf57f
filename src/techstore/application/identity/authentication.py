"""Logging in, refreshing, logging out and recognising an access token."""

from __future__ import annotations

import attrs

from techstore.application.identity.commands import Credentials
from techstore.application.identity.ports import (
    IdentityUnitOfWork,
    IdentityUnitOfWorkFactory,
    OneTimeCodes,
    PasswordHasher,
    TokenService,
)
from techstore.application.identity.sessions import TokenPair, issue_tokens
from techstore.application.identity.throttle import PasswordThrottle
from techstore.application.identity.two_step import OneTimeCodeRequired, check_code
from techstore.application.shared import security_events as events
from techstore.application.shared.security_events import NoSecurityEvents, SecurityEvents
from techstore.domain.identity.rules import PASSWORD_MAX_LENGTH, USERNAME_MAX_LENGTH
from techstore.domain.identity.users import User, username_key
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import AuthenticationFailed, TooManyAttempts

WRONG_CREDENTIALS = "Wrong username or password."
SESSION_ENDED = "The session has expired or was revoked; please sign in again."


class LogIn:
    """Exchange a username and password for tokens.

    Rules: guessing is limited by ``PasswordThrottle`` (429 with the wait). A
    user with two-step sign-in on also gives the code from their app (``otp``):
    without it, 401 ``OneTimeCodeRequired``; a wrong one counts as a failure. A
    wrong username, a wrong password and a deactivated account all get the
    same answer. Failures and lockouts are security events; they name the
    account only when it exists (never the text typed, which may be a password).
    """

    def __init__(
        self,
        uow: IdentityUnitOfWorkFactory,
        hasher: PasswordHasher,
        tokens: TokenService,
        clock: Clock,
        throttle: PasswordThrottle | None = None,
        events: SecurityEvents | None = None,
        codes: OneTimeCodes | None = None,
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._tokens = tokens
        self._clock = clock
        self._throttle = throttle or PasswordThrottle()
        self._events = events or NoSecurityEvents()
        self._codes = codes
        self._decoy_hash = hasher.hash("decoy password never used")

    def __call__(self, command: Credentials, address: str) -> TokenPair:
        if len(command.username) > USERNAME_MAX_LENGTH:
            self._events.record(events.SIGN_IN_FAILED, actor_id=None, target=None, reason="unknown_user",
                                address=address)
            raise AuthenticationFailed(WRONG_CREDENTIALS)  # no such user can exist
        key = username_key(command.username)
        try:
            with self._uow() as uow:
                now = self._throttle.admit(uow, key, address, self._clock)
                user = uow.users.get_by_username(command.username)
                succeeded = self._password_matches(user, command.password)
                if succeeded and user is not None and user.totp_enabled:
                    # Two-step sign-in: the password alone is not a sign-in, nor a guess to count.
                    if command.otp is None:
                        raise OneTimeCodeRequired(self._tokens.issue_second_step(user, now))
                    check_code(uow, user, command.otp, codes=self._codes, throttle=self._throttle,
                               sink=self._events, address=address, now=now)  # records it; raises if wrong
                else:
                    self._throttle.record(uow, key, address, succeeded, now)
                if not succeeded or user is None:
                    uow.commit()
                    self._events.record(events.SIGN_IN_FAILED, actor_id=None, target=_user_target(user),
                                        reason=_failure(user), address=address)
                    raise AuthenticationFailed(WRONG_CREDENTIALS)
                self._upgrade_hash(uow, user, command.password)
                pair = issue_tokens(uow, self._tokens, user, now)
                uow.commit()
                return pair
        except TooManyAttempts:
            self._events.record(events.SIGN_IN_LOCKED, actor_id=None, target=self._target_of(command.username),
                                address=address)
            raise

    def _target_of(self, username: str) -> str | None:
        with self._uow(read_only=True) as uow:
            return _user_target(uow.users.get_by_username(username))

    def _password_matches(self, user: User | None, password: str) -> bool:
        if len(password) > PASSWORD_MAX_LENGTH:
            return False  # no stored password is that long; do not spend a hash on it
        if user is None:
            # Spend the same time as a real check so timing does not reveal usernames.
            self._hasher.verify(self._decoy_hash, password)
            return False
        return self._hasher.verify(user.password_hash, password) and user.is_active

    def _upgrade_hash(self, uow: IdentityUnitOfWork, user: User, password: str) -> None:
        if self._hasher.needs_rehash(user.password_hash):
            user.password_hash = self._hasher.hash(password)
            uow.users.update(user)


def _user_target(user: User | None) -> str | None:
    return None if user is None else f"user:{user.id}"


def _failure(user: User | None) -> str:
    if user is None:
        return "unknown_user"
    return "inactive_user" if not user.is_active else "wrong_password"


class RefreshSession:
    """Exchange a refresh token for a new pair; the old one dies.

    Rule: presenting a refresh token that was already rotated is treated as
    theft: its whole family is revoked, so the newest token stops working too.
    """

    def __init__(self, uow: IdentityUnitOfWorkFactory, tokens: TokenService, clock: Clock,
                 events: SecurityEvents | None = None) -> None:
        self._uow = uow
        self._tokens = tokens
        self._clock = clock
        self._events = events or NoSecurityEvents()

    def __call__(self, refresh_token: str) -> TokenPair:
        now = self._clock.now()
        with self._uow() as uow:
            stored = uow.refresh_tokens.get_by_hash(self._tokens.digest(refresh_token))
            if stored is None:
                raise AuthenticationFailed(SESSION_ENDED)
            if stored.was_rotated:
                uow.refresh_tokens.revoke_family(stored.family_id, now)
                uow.commit()
                self._replayed(stored.user_id)
                raise AuthenticationFailed(SESSION_ENDED)
            user = uow.users.get(stored.user_id)
            if not stored.is_live(now) or user is None or not user.is_active:
                raise AuthenticationFailed(SESSION_ENDED)
            assert stored.id is not None
            if not uow.refresh_tokens.mark_rotated(stored.id, now):
                # Another request rotated it first: this is a replay as well.
                uow.refresh_tokens.revoke_family(stored.family_id, now)
                uow.commit()
                self._replayed(stored.user_id)
                raise AuthenticationFailed(SESSION_ENDED)
            pair = issue_tokens(uow, self._tokens, user, now, family_id=stored.family_id)
            uow.commit()
            return pair

    def _replayed(self, user_id: int) -> None:
        self._events.record(events.REFRESH_TOKEN_REPLAYED, actor_id=None, target=f"user:{user_id}")


class LogOut:
    """End the session a refresh token belongs to (its whole family). Unknown tokens are ignored."""

    def __init__(self, uow: IdentityUnitOfWorkFactory, tokens: TokenService, clock: Clock) -> None:
        self._uow = uow
        self._tokens = tokens
        self._clock = clock

    def __call__(self, refresh_token: str) -> None:
        with self._uow() as uow:
            stored = uow.refresh_tokens.get_by_hash(self._tokens.digest(refresh_token))
            if stored is not None:
                uow.refresh_tokens.revoke_family(stored.family_id, self._clock.now())
                uow.commit()


@attrs.frozen
class SignedIn:
    user: User
    session_id: str = attrs.field(repr=False)


class AuthenticateAccessToken:
    """Who presents this access token.

    Rule: a deactivated user's live tokens stop working at once, and stay dead
    after reactivation; so do tokens issued before a password change or reset,
    and the tokens of a session that was logged out or revoked as theft (ADR 0008).
    """

    def __init__(self, uow: IdentityUnitOfWorkFactory, tokens: TokenService, clock: Clock) -> None:
        self._uow = uow
        self._tokens = tokens
        self._clock = clock

    def __call__(self, access_token: str) -> User:
        return self.session(access_token).user

    def session(self, access_token: str) -> SignedIn:
        """The user and the sign-in (session id) the token belongs to."""
        claims = self._tokens.read_access_token(access_token, self._clock.now())
        with self._uow(read_only=True) as uow:
            user = uow.users.get_signed_in(claims.user_id, claims.session_id)
        if user is None or not user.is_active or user.token_version != claims.token_version:
            raise AuthenticationFailed(SESSION_ENDED)
        return SignedIn(user, claims.session_id)
