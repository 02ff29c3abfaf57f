"""Demo data for every capability that exists. Runs once: a second run changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from techstore.application.catalog.commands import NewCategory, ProductChanges, ProductQuery, StockChange
from techstore.application.shared.pages import PageRequest
from techstore.application.taxes.commands import NewTaxRate, TaxRateChanges
from techstore.domain.identity.users import Role, User
from techstore.entrypoints.cli.demo_bulk_history import DAYS as BULK_DAYS
from techstore.entrypoints.cli.demo_bulk_history import load_bulk_history
from techstore.entrypoints.cli.demo_catalog import (
    CATEGORIES,
    EXEMPT_CATEGORIES,
    demo_catalogue_csv,
    imeis,
    laptop_serials,
    serialized_kind,
    without_serialized_stock,
)
from techstore.entrypoints.cli.demo_customers import demo_customers
from techstore.entrypoints.cli.demo_purchasing import seed_purchasing
from techstore.entrypoints.cli.demo_repairs import seed_repairs
from techstore.entrypoints.cli.demo_sales import (
    DAYS,
    seed_clock,
    seed_parked,
    seed_sales,
    seed_serialized_sales,
    seed_warranty_repairs,
)

if TYPE_CHECKING:
    from techstore.container import Container

# Demo credentials, printed by `make run`. Only for the demo database.
# ``--sales N`` with N at least BULK_FROM adds BULK_PRODUCTS products: "a few thousand" for a large shop.
BULK_FROM = 10_000
BULK_PRODUCTS = 3_000
DEMO_USERS = [
    ("admin", "Alex Admin", Role.ADMIN, "admin-demo-password"),
    ("sam", "Sam Seller", Role.STAFF, "staff-demo-password"),
    ("rita", "Rita Repairs", Role.STAFF, "staff-demo-password"),
    # Last, so the users above keep their places in the demo's history.
    ("mia", "Mia Manager", Role.MANAGER, "manager-demo-password"),
    ("theo", "Theo Technician", Role.TECHNICIAN, "technician-demo-password"),
]


def seed_demo(container: Container, sales: int | None = None, products: int | None = None,
              days: int | None = None) -> None:
    create = container.identity.provision_user()
    if create.exists(DEMO_USERS[0][0]):
        print("Demo data already present; nothing changed.")
        return
    users = [create(username, password, full_name=full_name, role=role)
             for username, full_name, role, password in DEMO_USERS]
    extra = BULK_PRODUCTS if (sales or 0) >= BULK_FROM else 0
    if products is not None:  # at least that many in all: the long tail makes up the difference
        extra = max(extra, products - demo_catalogue_size())
    made_products = seed_catalogue(container, users[0], extra=extra)
    ledger_days = max(DAYS, days or 0) + 1
    with seed_clock(container, datetime.now(UTC) - timedelta(days=ledger_days)):  # the paper ledger, before the history
        customers = container.customers.provision_customers()(users[0], demo_customers())
    if sales is None:
        made, voided, returned = seed_sales(container, users[:2], users[0])
        made_text = f"{made} sales over the last 90 days (busier on Saturdays, a few on account), {voided} voided"
        returns_text = (f"{returned} returns, and a cash session per seller each day, closed with small "
                        f"differences")
    else:
        loaded = load_bulk_history(container.adapters.engine(), container.adapters.tables(), sales,
                                   container.clock().now(), days=days or BULK_DAYS)
        made_text = (f"{loaded.sales} sales over the past {days or BULK_DAYS} days, loaded in bulk "
                     f"({loaded.on_account} on account), {loaded.voided} voided")
        returns_text = f"{loaded.returns} returns (no cash sessions)"
    serialized_sales = seed_serialized_sales(container, users[1], users[0])
    repairs = seed_repairs(container, users[2])  # today, from Rita's drawer: left open
    back_for_repair = seed_warranty_repairs(container, users[2], serialized_sales)
    parked = seed_parked(container, users[:2])
    suppliers, orders = seed_purchasing(container, users[0], users[1])
    rolled = container.reports.roll_up()(rebuild=True)  # the history's closed days, for the reports
    print("Demo data created:")
    print(f"  {len(CATEGORIES)} categories and {made_products} products, some at or below their minimum stock")
    print(f"  2 tax rates: Sales tax 8.25% (the default) and Exempt 0% ({', '.join(EXEMPT_CATEGORIES).lower()})")
    print(f"  {customers} customers, some owing money, some with a credit limit")
    print(f"  phones by IMEI and some laptops by serial, every unit in stock listed; {len(serialized_sales)} of "
          f"them sold to customers, {back_for_repair} back for repair under warranty")
    print(f"  {made_text}")
    print(f"  {returns_text}")
    print(f"  {repairs} repairs (phones, laptops, consoles) in every status, two delivered today and paid "
          f"into Rita's open cash drawer")
    print(f"  {parked} parked sales at the counter, one of them older than a day")
    print(f"  {suppliers} suppliers, each the preferred supplier of some categories; {orders} purchase orders (draft, "
          f"ordered, partially received, received, cancelled); the low-stock products in the reorder suggestions")
    print(f"  {rolled} closed days rolled up for the reports")
    print("  and these users:")
    for username, _full_name, role, password in DEMO_USERS:
        print(f"  {role.value:<5}  {username} / {password}")


def demo_catalogue_size() -> int:
    """Products in the demo catalogue before any long tail (its CSV's rows)."""
    return len(demo_catalogue_csv().splitlines()) - 1


def seed_tax_rates(container: Container, admin: User) -> int:
    """The store's default rate (the one every store starts with) set to 8.25%, and an "Exempt" rate at 0%;
    the id of the exempt one."""
    taxes = container.taxes
    default = next(rate for rate in taxes.all_tax_rates()(admin) if rate.is_default)
    taxes.update_tax_rate()(admin, default.id, TaxRateChanges(name="Sales tax", percent=Decimal("8.25")))
    exempt = taxes.create_tax_rate()(admin, NewTaxRate("Exempt", Decimal(0)))
    rate_id: int = exempt.id
    return rate_id


def seed_catalogue(container: Container, admin: User, extra: int = 0) -> int:
    """The demo catalogue, through the use cases: the tax rates, the categories (gift cards and services
    exempt), then one CSV import (with ``extra`` more products, for a large history)."""
    catalog = container.catalog
    exempt = seed_tax_rates(container, admin)
    for name, description in CATEGORIES.items():
        rate = exempt if name in EXEMPT_CATEGORIES else None  # None: the default rate
        catalog.create_category()(admin, NewCategory(name, description, tax_rate_id=rate))
    text, serialized_stock = without_serialized_stock(demo_catalogue_csv(extra=extra))
    result = catalog.import_products()(admin, text.encode())
    seed_serialized(container, admin, serialized_stock)
    created: int = result.created
    return created


def seed_serialized(container: Container, admin: User, stock: dict[str, int]) -> None:
    """The phones and some laptops serialized (IMEI or serial, with their warranty), then their stock received
    with one serial per unit: each one's stock is its units in stock."""
    catalog = container.catalog
    for sku, quantity in stock.items():
        found = catalog.search_products()(admin, ProductQuery(q=sku), PageRequest(limit=10)).items
        product = next(p for p in found if p.sku == sku)
        kind, months = serialized_kind(sku) or ("serial", 0)
        catalog.update_product()(admin, product.id, ProductChanges(serial_kind=kind, warranty_months=months))
        if quantity:
            serials = imeis(product.id, quantity) if kind == "imei" else laptop_serials(sku, quantity)
            catalog.record_stock_movement()(admin, product.id, StockChange(
                "purchase", quantity, "Opening stock, received by serial", serials))
