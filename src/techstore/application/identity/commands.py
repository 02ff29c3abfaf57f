"""Inputs of the identity use cases.

Where an API body and a use case's input are the same thing they are one
type: the API reads its body straight into these classes.
"""

from __future__ import annotations

from typing import Literal

import attrs

RoleName = Literal["admin", "staff"]


@attrs.frozen
class Credentials:
    """What a person types to sign in (``POST /auth/token``, the login form)."""

    username: str
    password: str = attrs.field(repr=False)


@attrs.frozen
class NewUser:
    """An admin creates a user (``POST /users``, the new-user form)."""

    username: str
    full_name: str
    role: RoleName
    password: str = attrs.field(repr=False)


@attrs.frozen
class UserChanges:
    """An admin changes a user (``PATCH /users/{id}``); fields left ``None`` stay as they are."""

    full_name: str | None = None
    role: RoleName | None = None
    is_active: bool | None = None
    password: str | None = attrs.field(default=None, repr=False)


@attrs.frozen
class PasswordChange:
    """Someone changes their own password (``POST /me/password``, the profile form)."""

    current_password: str = attrs.field(repr=False)
    new_password: str = attrs.field(repr=False)
