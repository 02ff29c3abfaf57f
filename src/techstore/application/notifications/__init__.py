"""Notifications: the outbox, the worker's pass, the admin's list and retry."""
