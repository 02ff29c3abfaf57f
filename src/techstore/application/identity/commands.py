"""Inputs of the identity use cases.

Where an API body and a use case's input are the same thing they are one
type: the API reads its body straight into these classes. The markers in the
annotations (``application.shared.constraints``) state the limits once: the
API and the forms enforce them at the edge, and the OpenAPI document states
them. A string without a marker is still single-line text.
"""

from __future__ import annotations

from typing import Annotated, Literal

import attrs

from techstore.application.shared.constraints import Text
from techstore.domain.identity.rules import (
    EMAIL_MAX_LENGTH,
    EMAIL_MESSAGE,
    EMAIL_PATTERN_SOURCE,
    FULL_NAME_MAX_LENGTH,
    PASSWORD_MAX_LENGTH,
    PASSWORD_MIN_LENGTH,
    USERNAME_MAX_LENGTH,
    USERNAME_MESSAGE,
    USERNAME_MIN_LENGTH,
    USERNAME_PATTERN_SOURCE,
)
from techstore.domain.identity.two_step import CODE_LENGTH, CODE_MESSAGE, CODE_PATTERN_SOURCE

RoleName = Literal["admin", "manager", "staff", "technician"]
Username = Annotated[str, Text(min_length=USERNAME_MIN_LENGTH, max_length=USERNAME_MAX_LENGTH,
                               pattern=USERNAME_PATTERN_SOURCE, message=USERNAME_MESSAGE)]
FullName = Annotated[str, Text(max_length=FULL_NAME_MAX_LENGTH, blank=False)]
# Optional; "" is none (a change clears the email with it). Unique case-insensitively (409 naming "email").
UserEmail = Annotated[str, Text(max_length=EMAIL_MAX_LENGTH, pattern=EMAIL_PATTERN_SOURCE, message=EMAIL_MESSAGE)]
NewPassword = Annotated[str, Text(min_length=PASSWORD_MIN_LENGTH, max_length=PASSWORD_MAX_LENGTH)]
OneTimeCode = Annotated[str, Text(min_length=CODE_LENGTH, max_length=CODE_LENGTH, pattern=CODE_PATTERN_SOURCE,
                                  message=CODE_MESSAGE)]


@attrs.frozen
class Credentials:
    """What a person types to sign in (``POST /auth/token``, the login form)."""

    username: str
    password: str = attrs.field(repr=False)
    # The code from the user's authenticator app, for users with two-step sign-in on.
    otp: OneTimeCode | None = attrs.field(default=None, repr=False)


@attrs.frozen
class NewUser:
    """An admin creates a user (``POST /users``, the new-user form)."""

    username: Username
    full_name: FullName
    role: RoleName
    password: NewPassword = attrs.field(repr=False)
    email: UserEmail | None = None


@attrs.frozen
class UserChanges:
    """An admin changes a user (``PATCH /users/{id}``); fields left ``None`` stay as they are, and an empty
    ``email`` clears it."""

    full_name: FullName | None = None
    role: RoleName | None = None
    is_active: bool | None = None
    password: NewPassword | None = attrs.field(default=None, repr=False)
    email: UserEmail | None = None
    # True: turn the user's two-step sign-in off (they lost their phone); they may set it up again.
    totp_reset: bool | None = None


@attrs.frozen
class PasswordChange:
    """Someone changes their own password (``POST /me/password``, the profile form)."""

    current_password: str = attrs.field(repr=False)
    new_password: NewPassword = attrs.field(repr=False)


@attrs.frozen
class SecondStep:
    """The login page's second step: the half-done sign-in it carries and the one-time code."""

    second_step: str = attrs.field(repr=False)
    otp: OneTimeCode = attrs.field(repr=False)


@attrs.frozen
class TwoStepCode:
    """Confirming two-step sign-in's setup with a code from the app (the profile form)."""

    otp: OneTimeCode = attrs.field(repr=False)


@attrs.frozen
class TwoStepOff:
    """Turning one's own two-step sign-in off: the current password and a code (the profile form)."""

    current_password: str = attrs.field(repr=False)
    otp: OneTimeCode = attrs.field(repr=False)
