"""In-memory repository of the taxes context. The store starts with the rate the migration inserts (the
default "Sales tax" at 0%), so every adapter set begins alike. The unit of work holds the store's lock: every
change is already alone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import attrs

from techstore.application.shared.errors import DuplicateKey
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.catalog.categories import Category
from techstore.domain.catalog.products import Product
from techstore.domain.taxes.rates import STARTING_RATE_NAME, STARTING_RATE_PERCENT, RateUsage, TaxRate, rate_key
from techstore.infrastructure.memory.store import MemoryStore

TABLE = "tax_rates"


def starting_rates() -> dict[int, TaxRate]:
    """The ``tax_rates`` table as a new store holds it (migration 0015 inserts the same row)."""
    now = datetime.now(UTC)
    return {1: TaxRate(1, STARTING_RATE_NAME, STARTING_RATE_PERCENT, True, True, now, now)}


def tax_rates_table(store: MemoryStore) -> dict[int, TaxRate]:
    """The rates, by id: every reader of the table (the catalog's too) makes it with the starting rate."""
    return store.table(TABLE, starting_rates)


class MemoryTaxRateRepository:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    @property
    def _rows(self) -> dict[int, TaxRate]:
        return tax_rates_table(self._store)

    def _sorted(self) -> list[TaxRate]:
        return sorted(self._rows.values(), key=lambda r: r.key)

    def lock(self) -> None:
        """The unit of work holds the store's lock already."""

    def get(self, rate_id: int) -> TaxRate | None:
        rate = self._rows.get(rate_id)
        return attrs.evolve(rate) if rate else None

    def get_for_update(self, rate_id: int) -> TaxRate | None:
        return self.get(rate_id)

    def get_for_share(self, rate_id: int) -> TaxRate | None:
        return self.get(rate_id)

    def get_by_name(self, name: str) -> TaxRate | None:
        key = rate_key(name)
        return next((attrs.evolve(r) for r in self._rows.values() if r.key == key), None)

    def default(self) -> TaxRate:
        found = next((r for r in self._rows.values() if r.is_default), None)
        if found is None:
            raise LookupError("no default tax rate: the store always has one")
        return attrs.evolve(found)

    def list(self, page: PageRequest) -> Page[TaxRate]:
        rates = self._sorted()
        items = [attrs.evolve(r) for r in rates[page.offset:page.offset + page.limit]]
        return Page(items, len(rates), page.limit, page.offset)

    def all(self) -> Sequence[TaxRate]:
        return [attrs.evolve(r) for r in self._sorted()]

    def add(self, rate: TaxRate) -> TaxRate:
        self._check_unique(rate)
        rate_id = self._store.next_id(TABLE)
        while rate_id in self._rows:  # the starting rate took id 1 without the sequence
            rate_id = self._store.next_id(TABLE)
        rate.id = rate_id
        self._rows[rate_id] = attrs.evolve(rate, is_default=False)
        return rate

    def update(self, rate: TaxRate) -> None:
        assert rate.id in self._rows
        self._check_unique(rate)
        stored = self._rows[rate.id]
        self._rows[rate.id] = attrs.evolve(rate, is_default=stored.is_default)  # moved only by make_default

    def make_default(self, rate_id: int, now: datetime) -> None:
        assert rate_id in self._rows
        for other_id, other in list(self._rows.items()):
            if other.is_default and other_id != rate_id:
                self._rows[other_id] = attrs.evolve(other, is_default=False, updated_at=now)
        self._rows[rate_id] = attrs.evolve(self._rows[rate_id], is_default=True, updated_at=now)

    def usage(self, rate_id: int) -> RateUsage:
        products: dict[int, Product] = self._store.table("products", dict)
        categories = self._categories()
        return RateUsage(sum(1 for p in products.values() if p.tax_rate_id == rate_id and not p.is_deleted),
                         sum(1 for c, deleted in categories if c.tax_rate_id == rate_id and not deleted))

    def delete(self, rate_id: int) -> None:
        products: dict[int, Product] = self._store.table("products", dict)
        for product_id, product in list(products.items()):
            if product.tax_rate_id == rate_id:  # deleted ones only: usage() saw no live one
                products[product_id] = attrs.evolve(product, tax_rate_id=None)
        rows: dict[int, Any] = self._store.table("categories", dict)  # the catalog's rows: a category, deleted_at
        for category_id, row in list(rows.items()):
            if row.category.tax_rate_id == rate_id:
                rows[category_id] = attrs.evolve(row, category=attrs.evolve(row.category, tax_rate_id=None))
        del self._rows[rate_id]

    def _categories(self) -> Sequence[tuple[Category, bool]]:
        """(category, whether deleted), from the catalog's table."""
        rows: dict[int, Any] = self._store.table("categories", dict)
        return [(row.category, row.deleted_at is not None) for row in rows.values()]

    def _check_unique(self, rate: TaxRate) -> None:
        if any(r.key == rate.key and r.id != rate.id for r in self._rows.values()):
            raise DuplicateKey("name")


REPOSITORIES = {
    "tax_rates": MemoryTaxRateRepository,
}
