"""What the tax-rate use cases need from the outside world, and the port the taxes context offers other
contexts (``TaxesPort``, ``uow.taxes``: the catalog checks the rate a product or a category names)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from techstore.application.shared.pages import Page, PageRequest
from techstore.application.shared.unit_of_work import UnitOfWork
from techstore.domain.taxes.rates import AppliedRate, RateUsage, TaxRate


class TaxRateRepository(Protocol):
    def lock(self) -> None:
        """Every change of the rates takes this first: one writer of the rates at a time until the transaction
        ends (PostgreSQL: a lock on the table that readers, sales and assignments do not wait for; SQLite and
        memory serialise their writers already). So moving the default, checking a name and deleting never
        race another change."""
        ...

    def get(self, rate_id: int) -> TaxRate | None: ...

    def get_for_update(self, rate_id: int) -> TaxRate | None:
        """Like ``get``; the row stays locked until the transaction ends."""
        ...

    def get_for_share(self, rate_id: int) -> TaxRate | None:
        """Like ``get``, for naming the rate (a product, a category): the row cannot be deactivated or deleted
        until the transaction ends, while others may still name it too."""
        ...

    def get_by_name(self, name: str) -> TaxRate | None:
        """Case-insensitive lookup."""
        ...

    def default(self) -> TaxRate:
        """The default rate: there is always exactly one."""
        ...

    def list(self, page: PageRequest) -> Page[TaxRate]:
        """By name; one statement whatever the page size."""
        ...

    def all(self) -> Sequence[TaxRate]:
        """Every rate, by name (a store has a handful)."""
        ...

    def add(self, rate: TaxRate) -> TaxRate:
        """Store a new rate, not the default (``make_default`` moves it); raises ``DuplicateKey("name")``."""
        ...

    def update(self, rate: TaxRate) -> None:
        """Name, percent, active flag (never ``is_default``: see ``make_default``); ``DuplicateKey("name")``."""
        ...

    def make_default(self, rate_id: int, now: datetime) -> None:
        """Move the default to this rate: the old default stops being it, then this one becomes it, in the
        caller's transaction (a unique index on the default refuses a second one)."""
        ...

    def usage(self, rate_id: int) -> RateUsage:
        """How many products and categories (not deleted) name the rate."""
        ...

    def delete(self, rate_id: int) -> None:
        """Delete a rate nothing live names; deleted products and categories that named it forget it."""
        ...


class TaxesPort(Protocol):
    """The taxes context's port for other contexts, used inside the caller's unit of work (``uow.taxes``)."""

    def check_assignable(self, rate_id: int) -> None:
        """Refuse (409 on ``tax_rate_id``) a rate that does not exist or is inactive: a product or a category
        may newly name only an active rate. The rate stays as checked until the caller's transaction ends."""
        ...

    def default_rate(self) -> AppliedRate:
        """The default rate, as a line copies it (labour lines are taxed at it)."""
        ...

    def line_rate(self, rate_id: int | None) -> AppliedRate:
        """The rate a line names (active, 409 on ``tax_rate_id`` otherwise), or the default without one."""
        ...


class TaxesUnitOfWork(UnitOfWork, Protocol):
    tax_rates: TaxRateRepository


class TaxesUnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> TaxesUnitOfWork: ...
