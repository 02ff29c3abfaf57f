"""The security events port: what an auditor must be able to find afterwards.

Use cases report each event once it has happened (after the commit, or with the
refusal it caused): who acted (``actor_id``, None when no one is signed in),
what it was done to (``target``, e.g. ``"user:7"``), and a few plain details.
Never a password, a token or a secret: details are ids, names of roles, amounts.
The adapter decides where they go (one structured log line each, see
``infrastructure/security/events.py``); the request id is the adapter's to add.
"""

from __future__ import annotations

from typing import Protocol

Detail = str | int | bool | None

# Event names: one per kind of event, stable, for log queries and alerts.
SIGN_IN_FAILED = "sign_in_failed"
SIGN_IN_LOCKED = "sign_in_locked"  # refused with 429: too many failures
PASSWORD_CHECK_FAILED = "password_check_failed"  # a wrong current password when changing one's own
PASSWORD_CHECK_LOCKED = "password_check_locked"
APPROVAL_FAILED = "approval_failed"  # a wrong approver's password typed at the till
APPROVAL_LOCKED = "approval_locked"
PASSWORD_CHANGED = "password_changed"  # by the user themselves
PASSWORD_RESET = "password_reset"  # by an admin
TWO_STEP_ENABLED = "two_step_enabled"  # a user confirmed their TOTP enrolment
TWO_STEP_DISABLED = "two_step_disabled"  # by the user, with their password and a code
TWO_STEP_RESET = "two_step_reset"  # by an admin (a lost phone)
REFRESH_TOKEN_REPLAYED = "refresh_token_replayed"  # a rotated token came back: its family is revoked
USER_CREATED = "user_created"
ROLE_CHANGED = "role_changed"
USER_DEACTIVATED = "user_deactivated"
USER_REACTIVATED = "user_reactivated"
SALE_VOIDED = "sale_voided"
STOCK_ADJUSTED = "stock_adjusted"
BALANCE_ADJUSTED = "balance_adjusted"
CUSTOMER_RESTORED = "customer_restored"  # an admin undid a soft delete


class SecurityEvents(Protocol):
    def record(self, event: str, *, actor_id: int | None, target: str | None, **details: Detail) -> None:
        """Record one event. Must not raise: an event that cannot be written never undoes what happened."""
        ...


class NoSecurityEvents:
    """Records nothing: for use cases built by hand (scripts, unit tests)."""

    def record(self, event: str, *, actor_id: int | None, target: str | None, **details: Detail) -> None:
        pass

