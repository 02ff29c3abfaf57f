"""The store's settings the repairs use cases follow, in one value the container builds from the settings."""

from __future__ import annotations

from datetime import timedelta

import attrs

from techstore.domain.repairs.rules import DEFAULT_WARRANTY_DAYS

DEVELOPMENT_URL = "http://127.0.0.1:8000"  # `make run`'s address


@attrs.frozen
class RepairTerms:
    prices_include_tax: bool = False  # TECHSTORE_PRICES_INCLUDE_TAX: labour and part prices include tax
    warranty_days: int = DEFAULT_WARRANTY_DAYS  # TECHSTORE_REPAIR_WARRANTY_DAYS
    public_url: str = ""  # TECHSTORE_PUBLIC_URL: tracking links in messages are built on it
    store_name: str = "TechStore"

    @property
    def warranty(self) -> timedelta:
        return timedelta(days=self.warranty_days)

    def tracking_url(self, tracking_code: str) -> str:
        """The link a message carries; without a public URL (development) the development server's address."""
        return f"{(self.public_url or DEVELOPMENT_URL).rstrip('/')}/track/{tracking_code}"
