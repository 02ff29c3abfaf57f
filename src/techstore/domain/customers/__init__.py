"""The customers bounded context (not built yet)."""
