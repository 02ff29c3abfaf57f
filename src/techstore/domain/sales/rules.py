"""Limits on sale fields, declared once: the commands, the forms and the OpenAPI document read them."""

from __future__ import annotations

NOTES_MAX_LENGTH = 1000
REASON_MAX_LENGTH = 200
# A sale at the counter has tens of lines, not thousands; payments one per method at most, in practice.
MAX_LINES = 200
MAX_PAYMENTS = 8
MAX_QUANTITY = 1_000_000
NUMBER_PREFIX = "S-"
RETURN_NUMBER_PREFIX = "RT-"
