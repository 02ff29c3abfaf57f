"""The purchasing context: suppliers, purchase orders, receiving, reorder suggestions."""
