"""The catalog bounded context: categories, products and their audited stock ledger."""
