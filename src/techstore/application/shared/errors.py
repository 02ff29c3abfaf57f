"""Errors that ports raise for use cases to word."""

from __future__ import annotations


class DuplicateKey(Exception):
    """A repository refused to store a second row with a unique key (``key`` names it,
    such as ``"username"``). The use case turns it into the message people read."""

    def __init__(self, key: str) -> None:
        super().__init__(f"duplicate {key}")
        self.key = key


class SchemaError(Exception):
    """The database schema could not be read or changed: the database is unreachable, or a
    migration was refused (an unknown revision). Said to the operator in one line."""
