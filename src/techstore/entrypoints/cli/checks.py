"""``techstore check stock|accounts``: the ledgers' invariants, checked on the live database (read only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from techstore.container import Container


def check_stock(container: Container) -> int:
    """Lists each product whose stock differs from its ledger; 1 if any, else 0."""
    drift = container.catalog.find_stock_drift()()
    if not drift:
        print("Stock matches the ledger for every product.")
        return 0
    print(f"{len(drift)} product(s) whose stock differs from the sum of their movements:")
    for item in drift:
        print(f"  {item.sku} (id {item.product_id}): stock {item.stock}, movements add up to {item.ledger}")
    return 1


def check_accounts(container: Container) -> int:
    """Print every broken account (customer id, name, what is wrong); 1 if there is any, else 0."""
    broken = container.customers.check_accounts()()
    if not broken:
        print("Every account holds: balances equal their movements, and every chain is whole.")
        return 0
    for account in broken:
        print(f"customer {account.customer_id} ({account.name}): {account.problem}")
    customers = len({account.customer_id for account in broken})
    print(f"{customers} customer account(s) broken.")
    return 1
