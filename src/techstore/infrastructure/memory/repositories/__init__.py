"""In-memory repositories, one module per context."""
