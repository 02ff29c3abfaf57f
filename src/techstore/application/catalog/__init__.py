"""Catalog use cases: categories, products, stock movements, CSV in and out."""
