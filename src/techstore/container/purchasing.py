"""The purchasing context's wiring: its unit-of-work members (with the ``supplier_check`` port it offers the
catalog) and its use cases."""

from __future__ import annotations

from collections.abc import Callable

from dependency_injector import containers, providers

from techstore.application.purchasing.orders import (
    CreatePurchaseOrder,
    EmailPurchaseOrder,
    GetPurchaseOrder,
    GetReceipt,
    ListPurchaseOrders,
    MovePurchaseOrder,
    OrderSuggestions,
    ReceiveGoods,
    ReorderSuggestions,
    UpdatePurchaseOrder,
)
from techstore.application.purchasing.suppliers import (
    AllSuppliers,
    CreateSupplier,
    DeleteSupplier,
    GetSupplier,
    ListSuppliers,
    SupplierChoice,
    UpdateSupplier,
)
from techstore.domain.shared.clock import Clock
from techstore.infrastructure.members import Members
from techstore.infrastructure.memory.repositories import purchasing as memory
from techstore.infrastructure.sqlalchemy.repositories import purchasing as sql
from techstore.settings import Settings

PORTS = {"supplier_check": SupplierChoice}
SQL_MEMBERS = Members(repositories=sql.REPOSITORIES, ports=PORTS)
MEMORY_MEMBERS = Members(repositories=memory.REPOSITORIES, ports=PORTS)


class PurchasingContainer(containers.DeclarativeContainer):
    uow: providers.Dependency[Callable[[], object]] = providers.Dependency()
    clock: providers.Dependency[Clock] = providers.Dependency()
    settings: providers.Dependency[Settings] = providers.Dependency()

    list_suppliers = providers.Singleton(ListSuppliers, uow=uow)
    all_suppliers = providers.Singleton(AllSuppliers, uow=uow)
    get_supplier = providers.Singleton(GetSupplier, uow=uow)
    create_supplier = providers.Singleton(CreateSupplier, uow=uow, clock=clock)
    update_supplier = providers.Singleton(UpdateSupplier, uow=uow, clock=clock)
    delete_supplier = providers.Singleton(DeleteSupplier, uow=uow, clock=clock)

    list_purchase_orders = providers.Singleton(ListPurchaseOrders, uow=uow)
    get_purchase_order = providers.Singleton(GetPurchaseOrder, uow=uow)
    create_purchase_order = providers.Singleton(CreatePurchaseOrder, uow=uow, clock=clock)
    update_purchase_order = providers.Singleton(UpdatePurchaseOrder, uow=uow, clock=clock)
    move_purchase_order = providers.Singleton(MovePurchaseOrder, uow=uow, clock=clock)
    receive_goods = providers.Singleton(ReceiveGoods, uow=uow, clock=clock)
    get_receipt = providers.Singleton(GetReceipt, uow=uow)
    reorder_suggestions = providers.Singleton(ReorderSuggestions, uow=uow)
    order_suggestions = providers.Singleton(OrderSuggestions, uow=uow, clock=clock)
    email_purchase_order = providers.Singleton(EmailPurchaseOrder, uow=uow, clock=clock,
                                               store_name=settings.provided.store_name)
