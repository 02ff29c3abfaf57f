"""SQL repositories, one module per context."""
