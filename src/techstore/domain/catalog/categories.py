"""Product categories: a unique name (whatever its letter case), a description, and the tax rate of their
products that name none (``tax_rate_id``; ``None``: the store's default rate)."""

from __future__ import annotations

from datetime import datetime

import attrs

from techstore.domain.catalog import rules
from techstore.domain.shared.errors import FieldProblems
from techstore.domain.shared.time import utc


def category_key(name: str) -> str:
    """Category names are unique case-insensitively: compare on this key."""
    return " ".join(name.split()).casefold()


@attrs.define
class Category:
    id: int | None
    name: str
    description: str
    created_at: datetime = attrs.field(converter=utc)
    updated_at: datetime = attrs.field(converter=utc)
    tax_rate_id: int | None = None

    @classmethod
    def create(cls, *, name: str, description: str, now: datetime, tax_rate_id: int | None = None) -> Category:
        _check(name, description)
        return cls(None, name.strip(), description.strip(), now, now, tax_rate_id)

    def change(self, *, now: datetime, name: str | None = None, description: str | None = None) -> None:
        _check(name, description)
        if name is not None:
            self.name = name.strip()
        if description is not None:
            self.description = description.strip()
        self.updated_at = now

    def tax_at(self, tax_rate_id: int | None, now: datetime) -> None:
        """Its products that name no rate are taxed at this one (``None``: the default rate)."""
        self.tax_rate_id = tax_rate_id
        self.updated_at = now

    @property
    def key(self) -> str:
        return category_key(self.name)


def _check(name: str | None, description: str | None) -> None:
    problems = FieldProblems()
    if name is not None:
        problems.check("name", rules.line_problem(name, rules.CATEGORY_NAME_MAX_LENGTH))
    if description is not None:
        problems.check("description", rules.description_problem(description))
    problems.raise_if_any()
