"""Page handlers, one module per context."""
