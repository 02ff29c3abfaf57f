"""Argon2id password hashing (argon2-cffi)."""

from __future__ import annotations

from argon2 import PasswordHasher as Argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


class Argon2PasswordHasher:
    """Argon2id with argon2-cffi's RFC 9106 low-memory defaults unless told otherwise."""

    def __init__(self, time_cost: int | None = None, memory_cost: int | None = None) -> None:
        defaults = Argon2()
        self._argon2 = Argon2(
            time_cost=time_cost or defaults.time_cost, memory_cost=memory_cost or defaults.memory_cost
        )

    def hash(self, password: str) -> str:
        return self._argon2.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._argon2.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        return self._argon2.check_needs_rehash(password_hash)
