"""Every bounded context, registered once.

``CONTEXTS`` feeds the container (a sub-container per context, its members of the unit of work),
the API and page routers (``entrypoints/app.py``), the navigation (``base.html``) and the
acceptance steps (``tests/acceptance/conftest.py``). A context's tables register themselves
(``infrastructure/sqlalchemy/tables``) and its domain package joins the independence contract by
the wildcard in ``pyproject.toml``. So a new context is its own files plus one entry here; see
docs/architecture.md, "Adding a context".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs
from dependency_injector import containers
from starlette.routing import BaseRoute

from techstore.container import (
    cash,
    catalog,
    customers,
    identity,
    notifications,
    purchasing,
    repairs,
    reports,
    sales,
    taxes,
)
from techstore.domain.identity.roles import Role
from techstore.entrypoints.api.cash import routes as cash_api
from techstore.entrypoints.api.catalog import labels as labels_api
from techstore.entrypoints.api.catalog import routes as catalog_api
from techstore.entrypoints.api.customers import routes as customers_api
from techstore.entrypoints.api.identity import routes as identity_api
from techstore.entrypoints.api.notifications import routes as notifications_api
from techstore.entrypoints.api.purchasing import routes as purchasing_api
from techstore.entrypoints.api.repairs import routes as repairs_api
from techstore.entrypoints.api.reports import routes as reports_api
from techstore.entrypoints.api.sales import routes as sales_api
from techstore.entrypoints.api.taxes import routes as taxes_api
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.routing import PageRoute
from techstore.entrypoints.web.pages import cash as cash_pages
from techstore.entrypoints.web.pages import catalog as catalog_pages
from techstore.entrypoints.web.pages import customers as customers_pages
from techstore.entrypoints.web.pages import dashboard as reports_pages
from techstore.entrypoints.web.pages import identity as identity_pages
from techstore.entrypoints.web.pages import labels as labels_pages
from techstore.entrypoints.web.pages import notifications as notifications_pages
from techstore.entrypoints.web.pages import purchasing as purchasing_pages
from techstore.entrypoints.web.pages import repairs as repairs_pages
from techstore.entrypoints.web.pages import sales as sales_pages
from techstore.entrypoints.web.pages import single_sign_on as single_sign_on_pages
from techstore.entrypoints.web.pages import taxes as taxes_pages
from techstore.infrastructure.members import Members
from techstore.settings import Settings

# A context's own rule on its members, from the settings (cash: "no cash without a session").
MembersRule = Callable[[Members, Settings], Members]


def as_declared(members: Members, settings: Settings) -> Members:
    return members


@attrs.frozen
class NavEntry:
    """A link in the staff navigation. ``key`` is the ``nav_active`` a page sets to mark it current;
    ``place`` orders the bar across contexts (the bar reads by what staff do most, not by context)."""

    label: str
    route: str
    key: str
    place: int
    # Who sees the link: read from the page's own declaration (``navigation_bar``), never stated twice.
    access: Access = Access.SIGNED_IN

    def shown_to(self, role: Role) -> bool:
        return self.access.admits(role)


@attrs.frozen
class Context:
    """One bounded context, as the rest of the application sees it.

    ``container`` is its sub-container, reached as ``container.<name>``; each of its
    ``providers.Dependency()`` is handed the root's shared service of the same name (see
    ``root.SHARED``). ``sql`` and ``memory`` are its members of the unit of work per adapter set,
    passed through ``rule`` when the container is built. ``steps`` name its acceptance step modules
    (``tests/acceptance/steps/<step>.py``).
    """

    name: str
    container: type[containers.DeclarativeContainer]
    sql: Members
    memory: Members
    api: Sequence[BaseRoute] = ()
    pages: Sequence[BaseRoute] = ()
    nav: tuple[NavEntry, ...] = ()
    steps: tuple[str, ...] = ()
    rule: MembersRule = as_declared


CONTEXTS: tuple[Context, ...] = (
    Context("identity", identity.IdentityContainer, identity.SQL_MEMBERS, identity.MEMORY_MEMBERS,
            api=identity_api.routes, pages=(*identity_pages.routes, *single_sign_on_pages.routes),
            nav=(NavEntry("Users", "user_list", "users", 90),),
            steps=("passwords", "sessions", "signing_in", "users")),
    Context("catalog", catalog.CatalogContainer, catalog.SQL_MEMBERS, catalog.MEMORY_MEMBERS,
            api=(*catalog_api.routes, *labels_api.routes), pages=(*catalog_pages.routes, *labels_pages.routes),
            nav=(NavEntry("Products", "product_list", "products", 70),
                 NavEntry("Categories", "category_list", "categories", 80)),
            steps=("catalog", "units")),
    Context("customers", customers.CustomersContainer, customers.SQL_MEMBERS, customers.MEMORY_MEMBERS,
            api=customers_api.routes, pages=customers_pages.routes,
            nav=(NavEntry("Customers", "customer_list", "customers", 40),), steps=("customers",)),
    Context("sales", sales.SalesContainer, sales.SQL_MEMBERS, sales.MEMORY_MEMBERS,
            api=sales_api.routes, pages=sales_pages.routes,
            nav=(NavEntry("Sales", "sale_list", "sales", 20),),
            steps=("sales", "returns", "parked_sales", "approvals")),
    Context("repairs", repairs.RepairsContainer, repairs.SQL_MEMBERS, repairs.MEMORY_MEMBERS,
            api=repairs_api.routes, pages=repairs_pages.routes,
            nav=(NavEntry("Repairs", "repair_list", "repairs", 50),), steps=("repairs",)),
    Context("cash", cash.CashContainer, cash.SQL_MEMBERS, cash.MEMORY_MEMBERS,
            api=cash_api.routes, pages=cash_pages.routes,
            nav=(NavEntry("Cash", "drawer", "cash", 30),), steps=("cash",), rule=cash.ruled),
    Context("reports", reports.ReportsContainer, reports.SQL_MEMBERS, reports.MEMORY_MEMBERS,
            api=reports_api.routes, pages=reports_pages.routes,
            nav=(NavEntry("Dashboard", "home", "dashboard", 10), NavEntry("Reports", "reports_page", "reports", 60)),
            steps=("reports",)),
    Context("taxes", taxes.TaxesContainer, taxes.SQL_MEMBERS, taxes.MEMORY_MEMBERS,
            api=taxes_api.routes, pages=taxes_pages.routes,
            nav=(NavEntry("Tax rates", "tax_rate_list", "tax_rates", 95),), steps=("taxes",)),
    Context("notifications", notifications.NotificationsContainer, notifications.SQL_MEMBERS,
            # No bar entry (the admins' bar stays one row at 1366 px): the Users page links to the messages.
            notifications.MEMORY_MEMBERS, api=notifications_api.routes, pages=notifications_pages.routes),
    Context("purchasing", purchasing.PurchasingContainer, purchasing.SQL_MEMBERS, purchasing.MEMORY_MEMBERS,
            api=purchasing_api.routes, pages=purchasing_pages.routes,
            # Suppliers are reached from the purchase orders' page (the bar stays one row at 1366 px).
            nav=(NavEntry("Purchasing", "purchase_order_list", "purchasing", 75),),
            steps=("purchasing",)),
)


def navigation_bar(contexts: Sequence[Context] = CONTEXTS) -> tuple[NavEntry, ...]:
    """The staff navigation bar, in order; each link carries the access its page declares, so a role sees
    the links it may open (a technician has no till or drawer)."""
    access = {route.name: route.access for context in contexts for route in context.pages
              if isinstance(route, PageRoute)}
    entries = (attrs.evolve(entry, access=access[entry.route]) for context in contexts for entry in context.nav)
    return tuple(sorted(entries, key=lambda entry: entry.place))
