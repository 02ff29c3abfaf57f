"""The customers context's wiring: its unit-of-work members (repositories, the accounts port)
and its use cases."""

from __future__ import annotations

from collections.abc import Callable

from dependency_injector import containers, providers

from techstore.application.customers.account import (
    AdjustBalance,
    CheckAccounts,
    GetMovement,
    GetStatement,
    TakePayment,
)
from techstore.application.customers.accounts import Accounts
from techstore.application.customers.customers import (
    DeleteCustomer,
    GetCustomer,
    RegisterCustomer,
    RestoreCustomer,
    SearchCustomers,
    UpdateCustomer,
)
from techstore.application.customers.history import GetHistory
from techstore.application.customers.provisioning import ProvisionCustomers
from techstore.application.shared.security_events import SecurityEvents
from techstore.domain.shared.clock import Clock
from techstore.infrastructure.members import Members
from techstore.infrastructure.memory.repositories import customers as memory
from techstore.infrastructure.sqlalchemy.repositories import customers as sql
from techstore.settings import Settings

PORTS = {"accounts": Accounts}
SQL_MEMBERS = Members(repositories=sql.REPOSITORIES, ports=PORTS)
MEMORY_MEMBERS = Members(repositories=memory.REPOSITORIES, ports=PORTS)
# ``open_repairs`` (asked before a delete) is the repairs context's member: see container/repairs.py;
# ``customer_history`` (the customer's page) the reports context's: see container/reports.py.


class CustomersContainer(containers.DeclarativeContainer):
    uow: providers.Dependency[Callable[[], object]] = providers.Dependency()
    clock: providers.Dependency[Clock] = providers.Dependency()
    events: providers.Dependency[SecurityEvents] = providers.Dependency()
    settings: providers.Dependency[Settings] = providers.Dependency()

    search_customers = providers.Singleton(SearchCustomers, uow=uow)
    get_customer = providers.Singleton(GetCustomer, uow=uow)
    register_customer = providers.Singleton(RegisterCustomer, uow=uow, clock=clock,
                                            default_credit_limit=settings.provided.default_credit_limit)
    update_customer = providers.Singleton(UpdateCustomer, uow=uow, clock=clock)
    delete_customer = providers.Singleton(DeleteCustomer, uow=uow, clock=clock)
    restore_customer = providers.Singleton(RestoreCustomer, uow=uow, clock=clock, events=events)
    take_payment = providers.Singleton(TakePayment, uow=uow, clock=clock)
    adjust_balance = providers.Singleton(AdjustBalance, uow=uow, clock=clock, events=events)
    get_statement = providers.Singleton(GetStatement, uow=uow)
    get_movement = providers.Singleton(GetMovement, uow=uow)
    get_history = providers.Singleton(GetHistory, uow=uow)
    check_accounts = providers.Singleton(CheckAccounts, uow=uow)
    provision_customers = providers.Singleton(ProvisionCustomers, uow=uow, clock=clock)
