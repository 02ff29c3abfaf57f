"""Categories: staff create and rename them; admins delete them, unless products still use them."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from techstore.application.catalog.commands import CategoryChanges, NewCategory
from techstore.application.catalog.ports import CatalogUnitOfWork, CatalogUnitOfWorkFactory
from techstore.application.catalog.products import check_tax_rate
from techstore.application.shared.errors import DuplicateKey
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.catalog.categories import Category
from techstore.domain.identity.users import User, require_manager
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import Conflict, NotFound


def name_taken(name: str) -> Conflict:
    return Conflict(f"A category named {name!r} already exists.", field="name")


def category_not_found(category_id: int) -> NotFound:
    return NotFound(f"Category {category_id} does not exist.")


def _unique_name(uow: CatalogUnitOfWork, category: Category) -> None:
    other = uow.categories.get_by_name(category.name)
    if other is not None and other.id != category.id:
        raise name_taken(category.name)


class ListCategories:
    def __init__(self, uow: CatalogUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, page: PageRequest) -> Page[Category]:
        with self._uow(read_only=True) as uow:
            return uow.categories.list(page)


class AllCategories:
    """Every category, for a form's choice of category."""

    def __init__(self, uow: CatalogUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User) -> Sequence[Category]:
        with self._uow(read_only=True) as uow:
            return uow.categories.all()


class GetCategory:
    def __init__(self, uow: CatalogUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, category_id: int) -> Category:
        with self._uow(read_only=True) as uow:
            category = uow.categories.get(category_id)
        if category is None:
            raise category_not_found(category_id)
        return category


class CreateCategory:
    """Rules: category names are unique, whatever their letter case (409); its tax rate, if it names one, is
    active (409)."""

    def __init__(self, uow: CatalogUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, command: NewCategory) -> Category:
        category = Category.create(name=command.name, description=command.description,
                                   tax_rate_id=command.tax_rate_id, now=self._clock.now())
        with self._uow() as uow:
            check_tax_rate(uow, category.tax_rate_id)
            _unique_name(uow, category)
            try:
                category = uow.categories.add(category)
            except DuplicateKey:  # taken by a concurrent request since the check
                raise name_taken(category.name) from None
            uow.commit()
        return category


class UpdateCategory:
    """Rename it, describe it, or change its tax rate: a rate given (or ``tax_rate_id`` named in ``given``, then
    ``None`` puts it back on the default) must be active, unless it is the one it already has."""

    def __init__(self, uow: CatalogUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, category_id: int, changes: CategoryChanges,
                 given: Collection[str] = ()) -> Category:
        now = self._clock.now()
        with self._uow() as uow:
            category = uow.categories.get_for_update(category_id)
            if category is None:
                raise category_not_found(category_id)
            category.change(now=now, name=changes.name, description=changes.description)
            if changes.tax_rate_id is not None or "tax_rate_id" in given:
                check_tax_rate(uow, changes.tax_rate_id, before=category.tax_rate_id)
                category.tax_at(changes.tax_rate_id, now)
            _unique_name(uow, category)
            try:
                uow.categories.update(category)
            except DuplicateKey:
                raise name_taken(category.name) from None
            uow.commit()
        return category


class DeleteCategory:
    """Admins only. Rule: a category that products still use cannot be deleted (409)."""

    def __init__(self, uow: CatalogUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, category_id: int) -> None:
        require_manager(actor)
        with self._uow() as uow:
            # Locked: a product cannot join it between the check and the delete.
            category = uow.categories.get_for_update(category_id)
            if category is None:
                raise category_not_found(category_id)
            if uow.categories.in_use(category_id):
                raise Conflict(f"The category {category.name!r} still has products: move them to another "
                               "category or delete them first.")
            uow.categories.delete(category, self._clock.now())
            uow.commit()
