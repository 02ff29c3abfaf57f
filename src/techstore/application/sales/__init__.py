"""Use cases of the sales context."""
