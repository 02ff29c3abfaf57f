"""``techstore check accounts``: the accounts invariant, checked on the live database."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from techstore.container import Container


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
