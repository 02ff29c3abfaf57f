"""Bodies of the auth and users endpoints that are not use-case inputs (API.md).

Request bodies that are a use case's input are the command classes of
``application.identity.commands``."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import attrs

from techstore.application.identity.commands import RoleName
from techstore.application.identity.sessions import TokenPair
from techstore.domain.identity.users import User


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
class UserOut:
    id: int
    username: str
    full_name: str
    role: RoleName
    is_active: bool
    created_at: datetime
    email: str | None  # single sign-on matches the provider's verified email to it

    @classmethod
    def of(cls, user: User) -> UserOut:
        assert user.id is not None
        return cls(user.id, user.username, user.full_name, user.role.value, user.is_active, user.created_at,
                   user.email)


@attrs.frozen
class UserPageOut:
    items: list[UserOut]
    total: int
    limit: int
    offset: int
