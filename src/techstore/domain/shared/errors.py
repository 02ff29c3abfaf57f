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
    """A business rule refused the operation given the current state (409).
    ``field`` names the input it concerns, when one does (a taken username)."""

    def __init__(self, detail: str, field: str | None = None) -> None:
        super().__init__(detail)
        self.field = field


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


class FieldProblems:
    """Collects rule breaches per field so one answer reports them all."""

    def __init__(self) -> None:
        self._errors: list[FieldError] = []

    def check(self, field: str, problem: str | None) -> None:
        if problem is not None:
            self._errors.append(FieldError(field, problem))

    @property
    def errors(self) -> list[FieldError]:
        return list(self._errors)

    def raise_if_any(self) -> None:
        if self._errors:
            raise ValidationFailed(self._errors)
