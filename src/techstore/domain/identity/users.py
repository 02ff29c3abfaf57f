"""The store's users and their roles."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import attrs

from techstore.domain.shared.errors import PermissionDenied
from techstore.domain.shared.time import utc


class Role(StrEnum):
    ADMIN = "admin"
    STAFF = "staff"


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

    def end_sessions(self) -> None:
        """Every access token issued so far stops working (refresh tokens are revoked apart)."""
        self.token_version += 1

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def username_key(self) -> str:
        return username_key(self.username)

    @property
    def is_active_admin(self) -> bool:
        return self.is_active and self.is_admin


def username_key(username: str) -> str:
    """Usernames are unique case-insensitively: compare on this key."""
    return username.strip().casefold()


def require_admin(actor: User) -> None:
    """Admin-only operations are refused to staff, never silently ignored."""
    if not actor.is_admin:
        raise PermissionDenied("Only an admin may do this.")
