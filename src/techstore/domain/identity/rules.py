"""Rules on usernames, names and passwords, each returning the message it breaks."""

from __future__ import annotations

import re

from techstore.domain.identity.roles import Role

PASSWORD_MIN_LENGTH = 10
# Long enough for any passphrase, short enough that hashing cannot be abused.
PASSWORD_MAX_LENGTH = 256
USERNAME_MIN_LENGTH = 2
USERNAME_MAX_LENGTH = 64
# Plain ASCII classes only: the API's JSON Schema states the same source, read by ECMA-262 regex engines.
USERNAME_PATTERN_SOURCE = r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$"
USERNAME_PATTERN = re.compile(USERNAME_PATTERN_SOURCE)
USERNAME_MESSAGE = "must be 2 to 64 letters, digits or . _ @ -, starting with a letter or digit"
FULL_NAME_MAX_LENGTH = 120
# A user's optional email (single sign-on matches the provider's to it): the customers' rule, stated here
# too because domain contexts share nothing. Empty means none: a change clears it with "".
EMAIL_MAX_LENGTH = 254
EMAIL_PATTERN_SOURCE = r"^$|^[^@\x00-\x20\x7f]+@[^@\x00-\x20\x7f]+\.[^@\x00-\x20\x7f]+$"
EMAIL_PATTERN = re.compile(EMAIL_PATTERN_SOURCE)
EMAIL_MESSAGE = "must be an email address such as ana@example.com, or empty for none"
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def username_problem(username: str) -> str | None:
    if not USERNAME_PATTERN.fullmatch(username):
        return USERNAME_MESSAGE
    return None


def full_name_problem(full_name: str) -> str | None:
    if not full_name.strip():
        return "is required"
    if _CONTROL_CHARACTERS.search(full_name):  # the same set the API refuses at the edge
        return "must be one line, without control characters"
    if len(full_name) > FULL_NAME_MAX_LENGTH:
        return f"must be at most {FULL_NAME_MAX_LENGTH} characters"
    return None


def email_problem(email: str) -> str | None:
    if len(email) > EMAIL_MAX_LENGTH:
        return f"must be at most {EMAIL_MAX_LENGTH} characters"
    if not EMAIL_PATTERN.search(email.strip()):
        return EMAIL_MESSAGE
    return None


def password_problem(password: str) -> str | None:
    if len(password) < PASSWORD_MIN_LENGTH:
        return f"must be at least {PASSWORD_MIN_LENGTH} characters"
    if len(password) > PASSWORD_MAX_LENGTH:
        return f"must be at most {PASSWORD_MAX_LENGTH} characters"
    return None


def role_problem(role: str) -> str | None:
    if role not in {r.value for r in Role}:
        return "must be admin, manager, staff or technician"
    return None
