"""The sales bounded context: sales at the counter, their lines, payments and voids."""
