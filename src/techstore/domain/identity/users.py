"""The store's users and their roles. Creating and changing a user goes
through this module, so every caller (API, pages, CLI, demo data) obeys the
same rules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import attrs

from techstore.domain.identity import rules
from techstore.domain.identity.roles import (
    ONLY_ADMIN,
    Role,
    manages,
    require_counter,
    require_managing,
    works_the_counter,
)
from techstore.domain.shared.errors import FieldProblems, PermissionDenied
from techstore.domain.shared.time import utc

HashPassword = Callable[[str], str]
WRONG_CURRENT_PASSWORD = "does not match your current password"

__all__ = ["HashPassword", "Role", "User", "email_key", "removes_an_admin", "require_admin", "require_counter_user",
           "require_manager", "username_key"]


@attrs.define
class User:
    """Someone who works at the store. ``password_hash`` never leaves the core."""

    id: int | None
    username: str
    full_name: str
    role: Role
    password_hash: str = attrs.field(repr=False)
    is_active: bool
    created_at: datetime = attrs.field(converter=utc)
    updated_at: datetime = attrs.field(converter=utc)
    # Access tokens carry the version they were issued under; bumping it ends them all.
    token_version: int = 0
    # Optional, unique case-insensitively: single sign-on matches the provider's verified email to it.
    email: str | None = None
    # A TOTP secret (base32) once enrolment started; asked at sign-in only once ``totp_enabled``.
    totp_secret: str | None = attrs.field(default=None, repr=False)
    totp_enabled: bool = False

    @classmethod
    def create(
        cls,
        *,
        username: str,
        full_name: str,
        role: str,
        password: str,
        hash_password: HashPassword,
        now: datetime,
        email: str | None = None,
    ) -> User:
        """A new, active user. Raises ``ValidationFailed`` naming every field that breaks a rule."""
        problems = FieldProblems()
        problems.check("username", rules.username_problem(username))
        problems.check("full_name", rules.full_name_problem(full_name))
        problems.check("role", rules.role_problem(role))
        problems.check("password", rules.password_problem(password))
        if email is not None:
            problems.check("email", rules.email_problem(email))
        problems.raise_if_any()
        return cls(
            id=None,
            username=username,
            full_name=full_name.strip(),
            role=Role(role),
            password_hash=hash_password(password),
            is_active=True,
            created_at=now,
            updated_at=now,
            email=_stored_email(email),
        )

    def change(
        self,
        *,
        now: datetime,
        hash_password: HashPassword,
        full_name: str | None = None,
        role: str | None = None,
        is_active: bool | None = None,
        password: str | None = None,
        email: str | None = None,
    ) -> bool:
        """Apply an admin's changes; ``None`` leaves a field alone (an empty ``email`` clears it). Validates every
        field first, so a refused change changes nothing. Deactivating a user or
        resetting their password ends their sessions: then it returns True, and
        the caller revokes their refresh tokens too."""
        problems = FieldProblems()
        if full_name is not None:
            problems.check("full_name", rules.full_name_problem(full_name))
        if role is not None:
            problems.check("role", rules.role_problem(role))
        if password is not None:
            problems.check("password", rules.password_problem(password))
        if email is not None:
            problems.check("email", rules.email_problem(email))
        problems.raise_if_any()
        if email is not None:
            self.email = _stored_email(email)
        if full_name is not None:
            self.full_name = full_name.strip()
        if role is not None:
            self.role = Role(role)
        if is_active is not None:
            self.is_active = is_active
        if password is not None:
            self.password_hash = hash_password(password)
        self.updated_at = now
        if is_active is False or password is not None:
            self.end_sessions()
            return True
        return False

    def set_own_password(
        self, new_password: str, *, current_matches: bool, hash_password: HashPassword, now: datetime
    ) -> None:
        """The user chose a new password, having given the current one (``current_matches``).
        Both mistakes are reported together, so the form shows every one at once. Every
        session they hold ends."""
        problems = FieldProblems()
        problems.check("new_password", rules.password_problem(new_password))
        problems.check("current_password", None if current_matches else WRONG_CURRENT_PASSWORD)
        problems.raise_if_any()
        self.password_hash = hash_password(new_password)
        self.end_sessions()
        self.updated_at = now

    def end_sessions(self) -> None:
        """Every access token issued so far stops working (refresh tokens are revoked apart)."""
        self.token_version += 1

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def is_manager(self) -> bool:
        """A manager or an admin: approves at the counter, voids, adjusts stock, buys, sees every drawer."""
        return manages(self.role)

    @property
    def works_the_counter(self) -> bool:
        """Sells, takes returns and cash (everyone but a technician)."""
        return works_the_counter(self.role)

    @property
    def username_key(self) -> str:
        return username_key(self.username)

    @property
    def is_active_admin(self) -> bool:
        return self.is_active and self.is_admin


def removes_an_admin(*, role: str | None, is_active: bool | None) -> bool:
    """Whether a change may leave the store with one admin fewer (demotion or deactivation)."""
    demoted = role is not None and role != Role.ADMIN.value
    return demoted or is_active is False


def username_key(username: str) -> str:
    """Usernames are unique case-insensitively: compare on this key.

    Usernames are ASCII (``rules.USERNAME_PATTERN``), so only ASCII letters fold:
    Unicode case folding would let "ſam" (long s) or "K" (Kelvin sign) sign
    in as "sam" or "k". No NFKC normalisation either, for the same reason."""
    name = username.strip()
    return name.lower() if name.isascii() else name


def email_key(email: str | None) -> str | None:
    """Emails are unique case-insensitively; an empty one is none at all."""
    if email is None or not email.strip():
        return None
    return email.strip().lower()


def _stored_email(email: str | None) -> str | None:
    """As typed, less the blanks around it; an empty one is none."""
    return email.strip() if email is not None and email.strip() else None


def require_admin(actor: User) -> None:
    """Admin-only operations are refused to everyone else, never silently ignored."""
    if not actor.is_admin:
        raise PermissionDenied(ONLY_ADMIN)


def require_manager(actor: User) -> None:
    """Operations for managers and admins (PRODUCT.md, Roles)."""
    require_managing(actor.role)


def require_counter_user(actor: User) -> None:
    """Sales, returns and the cash drawer: refused to technicians."""
    require_counter(actor.role)
