"""Who may call a route. Every route declares one; the guard enforces it."""

from __future__ import annotations

from enum import StrEnum


class Access(StrEnum):
    PUBLIC = "public"
    SIGNED_IN = "signed_in"  # any active user: staff or admin
    ADMIN = "admin"
