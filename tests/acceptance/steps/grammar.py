"""The few words the identity steps share: quoted names, durations, devices, refusals.

Every step pattern goes through ``phrase`` so a quoted field never runs past
its closing quote: ``an admin "{username:Q}"`` cannot swallow the rest of
``an admin "ada" with the password "..."``.
"""

from __future__ import annotations

from datetime import timedelta

import parse
from pytest_bdd import parsers

from techstore.domain.sales.approvals import ApprovalNeeded
from techstore.domain.shared.errors import (
    AuthenticationFailed,
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    TooManyAttempts,
    ValidationFailed,
)

REFUSALS: dict[str, type[DomainError]] = {
    "wrong credentials": AuthenticationFailed,
    "an ended session": AuthenticationFailed,
    "too many attempts": TooManyAttempts,
    "admin-only": PermissionDenied,
    "forbidden": PermissionDenied,
    "a conflict": Conflict,
    "not found": NotFound,
    "invalid input": ValidationFailed,
    "needing approval": ApprovalNeeded,
}

ROLES = {"admin": "admin", "manager": "manager", "staff member": "staff", "technician": "technician"}


@parse.with_pattern(r'[^"]*')
def _quoted(text: str) -> str:
    return text


@parse.with_pattern(r"\d+ (?:second|minute|hour|day)s?")
def _duration(text: str) -> timedelta:
    amount, unit = text.split()
    return timedelta(**{unit.rstrip("s") + "s": int(amount)})


@parse.with_pattern(r"[a-z][a-z -]*")
def _device(text: str) -> str:
    return text


@parse.with_pattern("|".join(REFUSALS))
def _refusal(text: str) -> type[DomainError]:
    return REFUSALS[text]


@parse.with_pattern("|".join(ROLES))
def _role(text: str) -> str:
    return ROLES[text]


TYPES = {"Q": _quoted, "Duration": _duration, "Device": _device, "Refusal": _refusal, "Role": _role}


def phrase(pattern: str) -> parsers.parse:
    return parsers.parse(pattern, extra_types=TYPES)
