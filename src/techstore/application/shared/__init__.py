"""Ports and helpers every use case shares."""
