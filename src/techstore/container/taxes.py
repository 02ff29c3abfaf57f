"""The taxes context's wiring: its unit-of-work members (with the ``taxes`` port it offers the catalog) and its
use cases."""

from __future__ import annotations

from collections.abc import Callable

from dependency_injector import containers, providers

from techstore.application.taxes.assignment import TaxRateChoice
from techstore.application.taxes.rates import (
    AllTaxRates,
    CreateTaxRate,
    DeleteTaxRate,
    GetTaxRate,
    ListTaxRates,
    UpdateTaxRate,
)
from techstore.domain.shared.clock import Clock
from techstore.infrastructure.members import Members
from techstore.infrastructure.memory.repositories import taxes as memory
from techstore.infrastructure.sqlalchemy.repositories import taxes as sql

PORTS = {"taxes": TaxRateChoice}
SQL_MEMBERS = Members(repositories=sql.REPOSITORIES, ports=PORTS)
MEMORY_MEMBERS = Members(repositories=memory.REPOSITORIES, ports=PORTS)


class TaxesContainer(containers.DeclarativeContainer):
    uow: providers.Dependency[Callable[[], object]] = providers.Dependency()
    clock: providers.Dependency[Clock] = providers.Dependency()

    list_tax_rates = providers.Singleton(ListTaxRates, uow=uow)
    all_tax_rates = providers.Singleton(AllTaxRates, uow=uow)
    get_tax_rate = providers.Singleton(GetTaxRate, uow=uow)
    create_tax_rate = providers.Singleton(CreateTaxRate, uow=uow, clock=clock)
    update_tax_rate = providers.Singleton(UpdateTaxRate, uow=uow, clock=clock)
    delete_tax_rate = providers.Singleton(DeleteTaxRate, uow=uow)
