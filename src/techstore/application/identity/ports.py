"""What the identity use cases need from the outside world."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Protocol

import attrs

from techstore.application.shared.pages import Page, PageRequest
from techstore.application.shared.unit_of_work import UnitOfWork
from techstore.domain.identity.sessions import RefreshToken
from techstore.domain.identity.throttling import RecentFailures
from techstore.domain.identity.users import User


class UserRepository(Protocol):
    def get(self, user_id: int) -> User | None: ...

    def get_signed_in(self, user_id: int, session_id: str) -> User | None:
        """Like ``get``, but None also when the sign-in ``session_id`` (the user's refresh-token family)
        has ended: logged out or revoked. One lookup, as ``get``: it runs on every request."""
        ...

    def get_for_update(self, user_id: int) -> User | None:
        """Like ``get``, and the row stays locked until the transaction ends, so a
        read-change-write of a user cannot undo a concurrent change."""
        ...

    def names(self, user_ids: Collection[int]) -> dict[int, str]:
        """Each user's full name (their username if it is empty), by id, in one statement; ids of no
        user are left out."""
        ...

    def get_by_username(self, username: str) -> User | None:
        """Case-insensitive lookup."""
        ...

    def get_by_email(self, email: str) -> User | None:
        """Case-insensitive lookup by the optional email (single sign-on)."""
        ...

    def list(self, page: PageRequest) -> Page[User]: ...

    def add(self, user: User) -> User:
        """Store a new user; returns it with its id. Raises ``DuplicateKey("username")`` when the
        username is taken (case-insensitively), ``DuplicateKey("email")`` when the email is."""
        ...

    def update(self, user: User) -> None:
        """Raises ``DuplicateKey("email")`` when another user has the email."""
        ...

    def lock_active_admins(self) -> Sequence[int]:
        """Ids of active admins, locked until the transaction ends (last-admin rule)."""
        ...


class RefreshTokenRepository(Protocol):
    def add(self, token: RefreshToken) -> RefreshToken: ...

    def get_by_hash(self, token_hash: str) -> RefreshToken | None: ...

    def mark_rotated(self, token_id: int, now: datetime) -> bool:
        """Mark a live token rotated. False when it was already rotated or revoked,
        so two concurrent refreshes with one token cannot both succeed."""
        ...

    def revoke_family(self, family_id: str, now: datetime) -> None: ...

    def revoke_all_for_user(self, user_id: int, now: datetime) -> None: ...


class LoginAttemptRepository(Protocol):
    def lock_subject(self, key: str) -> None:
        """Serialise attempts for one username so concurrent guesses are all counted."""
        ...

    def record(self, *, username_key: str, address: str, succeeded: bool, at: datetime) -> None: ...

    def recent_failures(self, username_key: str, address: str, since: datetime) -> RecentFailures:
        """The username's failures since ``since``: from ``address`` after that pair's last
        success (in recording order, so a failure in the same instant as a success counts),
        and from everywhere. One statement: it runs on every password check."""
        ...


class IdentityUnitOfWork(UnitOfWork, Protocol):
    users: UserRepository
    refresh_tokens: RefreshTokenRepository
    login_attempts: LoginAttemptRepository


class IdentityUnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> IdentityUnitOfWork:
        """A new unit of work; ``read_only`` for queries (no write lock, cannot commit)."""
        ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...

    def needs_rehash(self, password_hash: str) -> bool: ...


@attrs.frozen
class AccessClaims:
    user_id: int
    token_version: int
    expires_at: datetime
    # The sign-in this token belongs to (its refresh-token family): stable across refreshes.
    session_id: str


class TokenService(Protocol):
    def issue_access_token(self, user: User, now: datetime, session_id: str) -> str: ...

    def read_access_token(self, token: str, now: datetime) -> AccessClaims:
        """Verify signature and expiry; raises ``AuthenticationFailed``."""
        ...

    def new_refresh_secret(self) -> str:
        """A fresh, unguessable refresh token to hand to the client."""
        ...

    def digest(self, secret: str) -> str:
        """What is stored in place of a refresh token."""
        ...

    def issue_second_step(self, user: User, now: datetime) -> str:
        """A half-done sign-in (the password was right, the one-time code is still to come), signed,
        bound to the user and their token version, expiring in ``SECOND_STEP_LIFETIME``. Never the password."""
        ...

    def read_second_step(self, token: str, now: datetime) -> tuple[int, int]:
        """The user id and token version of a half-done sign-in; raises ``AuthenticationFailed``."""
        ...


class OneTimeCodes(Protocol):
    """TOTP arithmetic (RFC 6238: 30-second steps, 6 digits)."""

    def new_secret(self) -> str:
        """A fresh base32 secret."""
        ...

    def provisioning_uri(self, secret: str, account: str) -> str:
        """The ``otpauth://`` URI an authenticator app reads from a QR code."""
        ...

    def accept(self, secret: str, code: str, now: datetime, *, user_id: int) -> bool:
        """Whether ``code`` is valid at ``now`` (one step of clock drift either way) and was not accepted
        for this user before: a code seen once is refused while it is still valid."""
        ...
