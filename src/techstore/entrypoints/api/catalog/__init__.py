"""Categories, products, stock movements, CSV export and import."""
