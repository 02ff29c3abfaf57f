"""Collects rule breaches per field so one answer reports them all."""

from __future__ import annotations

from techstore.domain.shared.errors import FieldError, ValidationFailed


class FieldProblems:
    def __init__(self) -> None:
        self._errors: list[FieldError] = []

    def check(self, field: str, problem: str | None) -> None:
        if problem is not None:
            self._errors.append(FieldError(field, problem))

    def raise_if_any(self) -> None:
        if self._errors:
            raise ValidationFailed(self._errors)
