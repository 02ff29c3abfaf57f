"""Server-rendered staff pages."""
