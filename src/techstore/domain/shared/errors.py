"""Domain errors. Entrypoints translate each kind to one HTTP status."""

from __future__ import annotations

from collections.abc import Sequence

import attrs


class DomainError(Exception):
    """A business rule refused an operation."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(DomainError):
    """The thing asked for does not exist (or is not visible to the caller)."""


class Conflict(DomainError):
    """A business rule refused the operation given the current state (409)."""


class PermissionDenied(DomainError):
    """The acting user's role may not do this (403)."""


class AuthenticationFailed(DomainError):
    """Credentials or token are missing, wrong, expired or revoked (401)."""


class TooManyAttempts(DomainError):
    """Rate limited; ``retry_after`` is in whole seconds (429)."""

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


@attrs.frozen
class FieldError:
    field: str
    message: str


class ValidationFailed(DomainError):
    """Input broke a rule about its shape or value (422), per field."""

    def __init__(self, errors: Sequence[FieldError], detail: str = "The input is not valid.") -> None:
        super().__init__(detail)
        self.errors = list(errors)

    @classmethod
    def single(cls, field: str, message: str) -> ValidationFailed:
        return cls([FieldError(field, message)], detail=f"{field}: {message}")
