"""The in-memory store is always reachable."""


class MemoryDatabaseProbe:
    def is_reachable(self) -> bool:
        return True
