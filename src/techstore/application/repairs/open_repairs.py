"""The repairs context's answer to the customers context: a customer with an open repair cannot be
deleted (``uow.open_repairs.count_for``)."""

from __future__ import annotations

from typing import Any


class OpenRepairsCount:
    def __init__(self, uow: Any) -> None:
        self._uow = uow

    def count_for(self, customer_id: int) -> int:
        return int(self._uow.repairs.count_open_for(customer_id))
