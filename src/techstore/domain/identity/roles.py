"""What a user may do at the store: four roles, and the capabilities that tell them apart (PRODUCT.md, Roles).

Use cases ask for a capability (``require_manager``), never compare roles themselves, so the matrix lives here.
"""

from __future__ import annotations

from enum import StrEnum

from techstore.domain.shared.errors import PermissionDenied


class Role(StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    STAFF = "staff"
    TECHNICIAN = "technician"


# Who works the till: sales, returns, the cash drawer, account payments, the reports.
COUNTER_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.STAFF})
# Who approves at the counter, voids, adjusts stock, sets prices, buys from suppliers, sees every drawer.
MANAGING_ROLES = frozenset({Role.ADMIN, Role.MANAGER})

ONLY_ADMIN = "Only an admin may do this."
ONLY_MANAGER = "Only a manager or an admin may do this."
NOT_AT_THE_COUNTER = "A technician does not sell, take returns or handle the cash drawer."


def works_the_counter(role: Role) -> bool:
    return role in COUNTER_ROLES


def manages(role: Role) -> bool:
    return role in MANAGING_ROLES


def require_counter(role: Role) -> None:
    if not works_the_counter(role):
        raise PermissionDenied(NOT_AT_THE_COUNTER)


def require_managing(role: Role) -> None:
    if not manages(role):
        raise PermissionDenied(ONLY_MANAGER)
