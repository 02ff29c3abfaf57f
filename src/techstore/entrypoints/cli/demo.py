"""Demo data for every capability that exists. Runs once: a second run changes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from techstore.domain.identity.users import Role
from techstore.entrypoints.cli.demo_customers import demo_customers

if TYPE_CHECKING:
    from techstore.container import Container

# Demo credentials, printed by `make run`. Only for the demo database.
DEMO_USERS = [
    ("admin", "Alex Admin", Role.ADMIN, "admin-demo-password"),
    ("sam", "Sam Seller", Role.STAFF, "staff-demo-password"),
    ("rita", "Rita Repairs", Role.STAFF, "staff-demo-password"),
]


def seed_demo(container: Container) -> None:
    create = container.identity.provision_user()
    if create.exists(DEMO_USERS[0][0]):
        print("Demo data already present; nothing changed.")
        return
    users = [create(username, password, full_name=full_name, role=role)
             for username, full_name, role, password in DEMO_USERS]
    customers = container.customers.provision_customers()(users[0], demo_customers())
    print("Demo data created:")
    print(f"  {customers} customers, some owing money, some with a credit limit")
    for username, _full_name, role, password in DEMO_USERS:
        print(f"  {role.value:<5}  {username} / {password}")
