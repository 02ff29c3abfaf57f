"""Suppliers, purchase orders, receiving at a weighted cost and reorder suggestions, through the purchasing
use cases."""

from __future__ import annotations
