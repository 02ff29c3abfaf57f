"""``techstore check stock|accounts|money``: the ledgers' invariants, checked on the live database (read only)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from techstore.container import Container


def check_stock(container: Container) -> int:
    """Lists each product whose stock differs from its ledger or, serialized, from its units in stock; 1 if any,
    else 0."""
    drift = container.catalog.find_stock_drift()()
    if not drift:
        print("Stock matches the ledger for every product, and the units in stock for every serialized one.")
        return 0
    print(f"{len(drift)} product(s) whose stock differs from the sum of their movements or their units in stock:")
    for item in drift:
        units = "" if item.units_in_stock is None else f", units in stock {item.units_in_stock}"
        print(f"  {item.sku} (id {item.product_id}): stock {item.stock}, movements add up to {item.ledger}{units}")
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


def check_money(container: Container, first: date | None = None, last: date | None = None) -> int:
    """Print every discrepancy between the documents, the money journal, the drawers and the reports over the
    local days ``first`` to ``last`` (by default everything recorded); 1 if there is any, else 0."""
    checked = container.reports.check_money()(first, last)
    if checked.first is None or checked.last is None:
        print("Money holds: nothing was recorded yet.")
        return 0
    days = f"from {checked.first.isoformat()} to {checked.last.isoformat()} ({checked.timezone})"
    if checked.holds:
        print(f"Money holds {days}: every document's journal entries match it, every closed drawer's expected "
              f"cash is its float plus its cash entries, and the reports equal the journal and the documents.")
        return 0
    for problem in checked.problems:
        print(problem)
    print(f"{len(checked.problems)} money discrepanc{'y' if len(checked.problems) == 1 else 'ies'} {days}.")
    return 1
