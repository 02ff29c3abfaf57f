"""Taxes: the store's tax rates (admins manage them), offered to the catalog as ``uow.tax_rates``."""
