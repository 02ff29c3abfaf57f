"""The repairs bounded context (not built yet)."""
