"""Adapters that implement the application ports."""
