"""The in-memory store has no schema to migrate."""


class NoSchema:
    def upgrade(self, revision: str = "head") -> None:
        """Nothing to do."""

    def downgrade(self, revision: str) -> None:
        """Nothing to do."""

    def current(self) -> None:
        print("in-memory store: no migrations")
