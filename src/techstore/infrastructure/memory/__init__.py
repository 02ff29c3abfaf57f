"""In-memory adapters: a real adapter set for fast tests."""
