"""Request and response bodies of the auth and users endpoints (API.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import attrs

from techstore.application.identity.sessions import TokenPair
from techstore.domain.identity.users import User

RoleName = Literal["admin", "staff"]


@attrs.frozen
class TokenRequest:
    username: str
    password: str = attrs.field(repr=False)


@attrs.frozen
class RefreshRequest:
    refresh_token: str = attrs.field(repr=False)


@attrs.frozen
class TokenPairOut:
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"]
    expires_in: int

    @classmethod
    def of(cls, pair: TokenPair) -> TokenPairOut:
        return cls(pair.access_token, pair.refresh_token, "bearer", pair.expires_in)


@attrs.frozen
class PasswordChangeRequest:
    current_password: str = attrs.field(repr=False)
    new_password: str = attrs.field(repr=False)


@attrs.frozen
class UserOut:
    id: int
    username: str
    full_name: str
    role: RoleName
    is_active: bool
    created_at: datetime

    @classmethod
    def of(cls, user: User) -> UserOut:
        assert user.id is not None
        return cls(user.id, user.username, user.full_name, user.role.value, user.is_active, user.created_at)  # type: ignore[arg-type]


@attrs.frozen
class UserPageOut:
    items: list[UserOut]
    total: int
    limit: int
    offset: int


@attrs.frozen
class UserCreateRequest:
    username: str
    full_name: str
    role: RoleName
    password: str = attrs.field(repr=False)


@attrs.frozen
class UserPatchRequest:
    full_name: str | None = None
    role: RoleName | None = None
    is_active: bool | None = None
    password: str | None = attrs.field(default=None, repr=False)
