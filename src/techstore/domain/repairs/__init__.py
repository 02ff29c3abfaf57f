"""The repairs bounded context: the workshop's order book, from intake to delivery."""
