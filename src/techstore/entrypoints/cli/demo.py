"""Demo data for every capability that exists. Runs once: a second run changes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from techstore.domain.identity.users import Role

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
    for username, full_name, role, password in DEMO_USERS:
        create(username, password, full_name=full_name, role=role)
    print("Demo data created:")
    for username, _full_name, role, password in DEMO_USERS:
        print(f"  {role.value:<5}  {username} / {password}")
