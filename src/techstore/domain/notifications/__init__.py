"""Notifications: messages to customers and suppliers, written to an outbox and sent by a worker."""
