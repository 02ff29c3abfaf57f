"""Two-step sign-in (TOTP, RFC 6238) for admins and managers: who may use it, and its states.

A user's TOTP goes: off (no secret) -> enrolling (a secret shown once as a QR code, not yet asked at
sign-in) -> on (confirmed with a code from their app; asked at every password sign-in). The user turns it
off with their password and a code; an admin resets it when the phone is lost. The arithmetic of codes is
an adapter's (``OneTimeCodes``); these are the rules.
"""

from __future__ import annotations

import re
from datetime import datetime

from techstore.domain.identity.users import User
from techstore.domain.shared.errors import Conflict, PermissionDenied

CODE_LENGTH = 6
CODE_PATTERN_SOURCE = r"^[0-9]{6}$"
CODE_MESSAGE = "must be the 6 digits your authenticator app shows"
WRONG_CODE = "is not the code your authenticator app shows now"
ONLY_MANAGERS = "Two-step sign-in is for managers and admins."
ALREADY_ON = "Two-step sign-in is already on; turn it off first to set it up again."
NOT_ENROLLING = "Start setting up two-step sign-in first."
NOT_ON = "Two-step sign-in is not on."

_CODE = re.compile(CODE_PATTERN_SOURCE)


def may_use(user: User) -> bool:
    """Rule (PRODUCT.md): optional TOTP for admins and managers only."""
    return user.is_manager


def require_may_use(user: User) -> None:
    if not may_use(user):
        raise PermissionDenied(ONLY_MANAGERS)


def is_code(text: str) -> bool:
    return bool(_CODE.match(text))


def is_enrolling(user: User) -> bool:
    return user.totp_secret is not None and not user.totp_enabled


def start(user: User, secret: str, now: datetime) -> None:
    """A new secret, not asked at sign-in until confirmed; starting again replaces an unconfirmed one."""
    require_may_use(user)
    if user.totp_enabled:
        raise Conflict(ALREADY_ON)
    user.totp_secret = secret
    user.updated_at = now


def confirm(user: User, now: datetime) -> None:
    """The user typed a valid code for the pending secret: from now on it is asked at sign-in."""
    require_may_use(user)
    if not is_enrolling(user):
        raise Conflict(NOT_ENROLLING)
    user.totp_enabled = True
    user.updated_at = now


def turn_off(user: User, now: datetime) -> None:
    """By the user (password and a code checked by the caller) or by an admin (a reset)."""
    user.totp_secret = None
    user.totp_enabled = False
    user.updated_at = now
