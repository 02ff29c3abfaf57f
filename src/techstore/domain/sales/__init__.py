"""The sales bounded context (not built yet)."""
