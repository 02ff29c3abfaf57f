"""Paginated query results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

import attrs

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


@attrs.frozen
class PageRequest:
    limit: int = DEFAULT_LIMIT
    offset: int = 0


@attrs.frozen
class Page(Generic[T]):
    items: Sequence[T]
    total: int
    limit: int
    offset: int
