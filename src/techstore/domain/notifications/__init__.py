"""Messages to customers and suppliers, written to an outbox and sent later."""
