"""Suppliers: anyone signed in reads them; managers and admins manage them (soft delete). Also the port the
catalog asks which supplier a product may name (``SupplierChoice``, ``uow.supplier_check``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from techstore.application.purchasing.commands import NewSupplier, SupplierChanges
from techstore.application.purchasing.ports import PurchasingUnitOfWork, PurchasingUnitOfWorkFactory
from techstore.application.shared.errors import DuplicateKey
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.identity.users import User, require_manager
from techstore.domain.purchasing.suppliers import Supplier
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import Conflict, NotFound

CLEARABLE = frozenset({"contact_name", "email", "phone", "notes"})


def require_buyer(actor: User) -> None:
    """Creating, editing, ordering and cancelling is for managers and admins (PRODUCT.md)."""
    require_manager(actor)


def supplier_not_found(supplier_id: int) -> NotFound:
    return NotFound(f"Supplier {supplier_id} does not exist.")


def name_taken(name: str) -> Conflict:
    return Conflict(f"A supplier named {name!r} already exists.", field="name")


def live_supplier(uow: PurchasingUnitOfWork, supplier_id: int) -> Supplier:
    supplier = uow.suppliers.get(supplier_id)
    if supplier is None or supplier.is_deleted:
        raise supplier_not_found(supplier_id)
    return supplier


def _unique(uow: PurchasingUnitOfWork, supplier: Supplier) -> None:
    other = uow.suppliers.get_by_name(supplier.name)
    if other is not None and other.id != supplier.id:
        raise name_taken(supplier.name)


class SupplierChoice:
    """The port the purchasing context offers the catalog (``uow.supplier_check``)."""

    def __init__(self, uow: Any) -> None:
        self._uow = uow

    def check_assignable(self, supplier_id: int) -> None:
        supplier = self._uow.suppliers.get_for_share(supplier_id)
        if supplier is None or supplier.is_deleted:
            raise Conflict(f"There is no supplier {supplier_id}.", field="supplier_id")


class ListSuppliers:
    def __init__(self, uow: PurchasingUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, page: PageRequest) -> Page[Supplier]:
        with self._uow(read_only=True) as uow:
            return uow.suppliers.list(page)


class AllSuppliers:
    """Every supplier, by name: a form's choice."""

    def __init__(self, uow: PurchasingUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User) -> Sequence[Supplier]:
        with self._uow(read_only=True) as uow:
            return uow.suppliers.all()


class GetSupplier:
    """Managers and admins (API.md: ``GET /suppliers/{id}``); anyone signed in lists them."""

    def __init__(self, uow: PurchasingUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, supplier_id: int) -> Supplier:
        require_buyer(actor)
        with self._uow(read_only=True) as uow:
            return live_supplier(uow, supplier_id)


class CreateSupplier:
    """Managers and admins. Rule: a unique name, whatever its letter case (409)."""

    def __init__(self, uow: PurchasingUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, command: NewSupplier) -> Supplier:
        require_buyer(actor)
        supplier = Supplier.create(name=command.name, contact_name=command.contact_name, email=command.email,
                                   phone=command.phone, notes=command.notes, now=self._clock.now())
        with self._uow() as uow:
            _unique(uow, supplier)
            try:
                supplier = uow.suppliers.add(supplier)
            except DuplicateKey:
                raise name_taken(supplier.name) from None
            uow.commit()
        return supplier


class UpdateSupplier:
    """Managers and admins: the fields given change; of contact name, email, phone and notes, ``None`` clears
    those named in ``given``."""

    def __init__(self, uow: PurchasingUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, supplier_id: int, changes: SupplierChanges,
                 given: frozenset[str] | None = None) -> Supplier:
        require_buyer(actor)
        given = given if given is not None else frozenset()
        chosen = {k: v for k, v in attrs.asdict(changes).items()
                  if v is not None or (k in CLEARABLE and k in given)}
        with self._uow() as uow:
            supplier = live_supplier(uow, supplier_id)
            supplier.change(now=self._clock.now(), **chosen)
            _unique(uow, supplier)
            try:
                uow.suppliers.update(supplier)
            except DuplicateKey:
                raise name_taken(supplier.name) from None
            uow.commit()
        return supplier


class DeleteSupplier:
    """Managers and admins. A soft delete: its orders and the products that name it keep it; its name is free."""

    def __init__(self, uow: PurchasingUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, supplier_id: int) -> None:
        require_buyer(actor)
        with self._uow() as uow:
            supplier = live_supplier(uow, supplier_id)
            supplier.delete(self._clock.now())
            uow.suppliers.update(supplier)
            uow.commit()
