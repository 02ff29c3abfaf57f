"""Tables of the identity context."""

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table, false

from techstore.infrastructure.sqlalchemy.metadata import metadata
from techstore.infrastructure.sqlalchemy.types import UTCDateTime

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False),
    # Lower-cased username: the unique key that makes usernames case-insensitive.
    Column("username_key", String(64), nullable=False, unique=True),
    Column("full_name", String(120), nullable=False),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("is_active", Boolean, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("token_version", Integer, nullable=False, server_default="0"),
    # Optional; ``email_key`` (lower-cased) is unique: single sign-on finds the user by it.
    Column("email", String(254), nullable=True),
    Column("email_key", String(254), nullable=True),
    Column("totp_secret", String(64), nullable=True),
    Column("totp_enabled", Boolean, nullable=False, server_default=false()),
    Index("uq_users_email_key", "email_key", unique=True),
)

refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("family_id", String(64), nullable=False, index=True),
    Column("token_hash", String(128), nullable=False, unique=True),
    Column("issued_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("rotated_at", UTCDateTime, nullable=True),
    Column("revoked_at", UTCDateTime, nullable=True),
)

login_attempts = Table(
    "login_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username_key", String(256), nullable=False),
    Column("address", String(64), nullable=False),
    Column("succeeded", Boolean, nullable=False),
    Column("attempted_at", UTCDateTime, nullable=False),
    Index("ix_login_attempts_username_key_attempted_at", "username_key", "attempted_at"),
    Index("ix_login_attempts_address_attempted_at", "address", "attempted_at"),
)

# One row per username ever tried: locking it serialises concurrent attempts.
login_subjects = Table(
    "login_subjects",
    metadata,
    Column("username_key", String(256), primary_key=True),
)
