"""Use cases of the repairs context."""
