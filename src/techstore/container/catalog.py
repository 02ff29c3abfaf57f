"""The catalog context's wiring: its unit-of-work members (with the ``stock`` port it
offers other contexts) and its use cases."""

from __future__ import annotations

from collections.abc import Callable

from dependency_injector import containers, providers

from techstore.application.catalog.categories import (
    AllCategories,
    CreateCategory,
    DeleteCategory,
    GetCategory,
    ListCategories,
    UpdateCategory,
)
from techstore.application.catalog.imports import ExportProducts, ImportProducts
from techstore.application.catalog.labels import FindLabelProduct, PrintLabels
from techstore.application.catalog.ledger import StockLedger
from techstore.application.catalog.products import (
    CreateProduct,
    DeleteProduct,
    GetProduct,
    SearchProducts,
    UpdateProduct,
)
from techstore.application.catalog.stock import (
    FindStockDrift,
    FindUnit,
    ListStockMovements,
    ListUnits,
    RecordStockMovement,
)
from techstore.application.shared.security_events import SecurityEvents
from techstore.domain.shared.clock import Clock
from techstore.infrastructure.members import Members
from techstore.infrastructure.memory.repositories import catalog as memory
from techstore.infrastructure.sqlalchemy.repositories import catalog as sql

PORTS = {"stock": StockLedger}
SQL_MEMBERS = Members(repositories=sql.REPOSITORIES, ports=PORTS)
MEMORY_MEMBERS = Members(repositories=memory.REPOSITORIES, ports=PORTS)


class CatalogContainer(containers.DeclarativeContainer):
    uow: providers.Dependency[Callable[[], object]] = providers.Dependency()
    clock: providers.Dependency[Clock] = providers.Dependency()
    events: providers.Dependency[SecurityEvents] = providers.Dependency()

    list_categories = providers.Singleton(ListCategories, uow=uow)
    all_categories = providers.Singleton(AllCategories, uow=uow)
    get_category = providers.Singleton(GetCategory, uow=uow)
    create_category = providers.Singleton(CreateCategory, uow=uow, clock=clock)
    update_category = providers.Singleton(UpdateCategory, uow=uow, clock=clock)
    delete_category = providers.Singleton(DeleteCategory, uow=uow, clock=clock)
    search_products = providers.Singleton(SearchProducts, uow=uow)
    get_product = providers.Singleton(GetProduct, uow=uow)
    create_product = providers.Singleton(CreateProduct, uow=uow, clock=clock)
    update_product = providers.Singleton(UpdateProduct, uow=uow, clock=clock)
    delete_product = providers.Singleton(DeleteProduct, uow=uow, clock=clock)
    record_stock_movement = providers.Singleton(RecordStockMovement, uow=uow, clock=clock, events=events)
    list_stock_movements = providers.Singleton(ListStockMovements, uow=uow)
    find_stock_drift = providers.Singleton(FindStockDrift, uow=uow)
    list_units = providers.Singleton(ListUnits, uow=uow)
    find_unit = providers.Singleton(FindUnit, uow=uow, clock=clock)
    import_products = providers.Singleton(ImportProducts, uow=uow, clock=clock)
    export_products = providers.Singleton(ExportProducts, uow=uow)
    print_labels = providers.Singleton(PrintLabels, uow=uow)
    find_label_product = providers.Singleton(FindLabelProduct, uow=uow)
