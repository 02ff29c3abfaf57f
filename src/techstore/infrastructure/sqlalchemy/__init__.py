"""SQLAlchemy adapters (SQLite and PostgreSQL)."""
