"""Reports: figures of the store (read-only)."""
