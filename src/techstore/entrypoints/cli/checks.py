"""``techstore check stock``: on a live database, is every product's stock the sum of its movements?"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from techstore.container import Container


def check_stock(container: Container) -> int:
    """Lists each product whose stock differs from its ledger; 1 if any, else 0. Reads only."""
    drift = container.catalog.find_stock_drift()()
    if not drift:
        print("Stock matches the ledger for every product.")
        return 0
    print(f"{len(drift)} product(s) whose stock differs from the sum of their movements:")
    for item in drift:
        print(f"  {item.sku} (id {item.product_id}): stock {item.stock}, movements add up to {item.ledger}")
    return 1
