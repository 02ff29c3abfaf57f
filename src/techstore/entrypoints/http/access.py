"""Who may call a route. Every route declares one; the guard enforces it, and the OpenAPI document and
the access matrix (docs/security.md) are read from the same declarations."""

from __future__ import annotations

from enum import StrEnum

from techstore.domain.identity.roles import (
    COUNTER_ROLES,
    MANAGING_ROLES,
    NOT_AT_THE_COUNTER,
    ONLY_ADMIN,
    ONLY_MANAGER,
    Role,
)


class Access(StrEnum):
    PUBLIC = "public"
    SIGNED_IN = "signed_in"  # any active user, technicians included
    COUNTER = "counter"  # sales, returns, the cash drawer, payments, reports: not technicians
    MANAGER = "manager"  # managers and admins
    ADMIN = "admin"

    @property
    def roles(self) -> frozenset[Role]:
        """The roles a signed-in caller needs (every role for public and signed-in routes)."""
        return _ROLES[self]

    def admits(self, role: Role) -> bool:
        return role in _ROLES[self]

    @property
    def refusal(self) -> str:
        """What a refused caller is told (403)."""
        return _REFUSALS.get(self, "")


_ROLES = {
    Access.PUBLIC: frozenset(Role),
    Access.SIGNED_IN: frozenset(Role),
    Access.COUNTER: COUNTER_ROLES,
    Access.MANAGER: MANAGING_ROLES,
    Access.ADMIN: frozenset({Role.ADMIN}),
}
_REFUSALS = {Access.COUNTER: NOT_AT_THE_COUNTER, Access.MANAGER: ONLY_MANAGER, Access.ADMIN: ONLY_ADMIN}
