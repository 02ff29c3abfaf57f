"""Inputs of the identity use cases."""

from __future__ import annotations

import attrs


@attrs.frozen
class LoginCommand:
    username: str
    password: str = attrs.field(repr=False)
    address: str = "unknown"


@attrs.frozen
class CreateUserCommand:
    username: str
    full_name: str
    role: str
    password: str = attrs.field(repr=False)


@attrs.frozen
class UpdateUserCommand:
    """Fields left ``None`` are not changed."""

    user_id: int
    full_name: str | None = None
    role: str | None = None
    is_active: bool | None = None
    password: str | None = attrs.field(default=None, repr=False)


@attrs.frozen
class ChangePasswordCommand:
    current_password: str = attrs.field(repr=False)
    new_password: str = attrs.field(repr=False)
