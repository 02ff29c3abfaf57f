"""Taxes: the store's tax rates, and the rate a document's line copies."""
