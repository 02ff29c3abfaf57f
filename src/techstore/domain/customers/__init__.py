"""The customers bounded context: customers and their current accounts."""
