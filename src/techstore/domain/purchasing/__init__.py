"""Suppliers and purchase orders (PRODUCT.md, "Suppliers and purchasing")."""
