"""The catalog bounded context (not built yet)."""
