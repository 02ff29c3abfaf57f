"""The cash drawer bounded context: cash sessions per user, what went through them, the count at the close."""
