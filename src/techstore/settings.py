"""Settings, read once from ``TECHSTORE_*`` environment variables.

A standalone module: the container reads it and hands values on, so no layer
reads the environment itself.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
from babel import Locale, UnknownLocaleError

ENVIRONMENTS = ("development", "test", "production")
DEFAULT_REPAIR_TERMS = (
    "Quotes are free. Work starts once you approve the price. Data on the device is your responsibility: back it "
    "up. Equipment not collected within 90 days of the ready notice may be disposed of. Parts carry a 90-day "
    "warranty; the warranty does not cover liquid or impact damage."
)
MIN_SECRET_LENGTH = 32
# Five requests a second on average per signed-in user (or per address when anonymous): far above what a
# till or an integration needs, low enough to blunt a runaway script. "0" turns the limit off (benchmarks).
DEFAULT_RATE_LIMIT = "300/minute"
_RATE_LIMIT = re.compile(r"([1-9][0-9]{0,8}) ?(?:/|per) ?(second|minute|hour|day)s?")
# An amount of money as the money range allows it (at most 9999999999.99), two decimals at most.
_AMOUNT = re.compile(r"[0-9]{1,10}(?:\.[0-9]{1,2})?")
RATE_LIMIT_STORAGES = ("memory://", "redis://", "rediss://", "redis+unix://")


class SettingsError(RuntimeError):
    """The environment does not describe a usable configuration."""


@attrs.frozen
class Settings:
    env: str
    database_url: str = attrs.field(repr=False)
    secret_key: str = attrs.field(repr=False)
    currency: str
    var_dir: Path
    log_level: str
    # Use cases running at once per process; the database pool is sized from it.
    worker_threads: int = 2  # DEFAULT_WORKER_THREADS
    # What printed pages (account statements) are headed with.
    store_name: str = "TechStore"
    store_address: str = ""
    # Public repair lookups (/track/{code}) per client address per minute (TECHSTORE_TRACKING_LOOKUPS).
    tracking_lookups: int = 30
    # Printed on every repair's intake ticket (TECHSTORE_REPAIR_TERMS).
    repair_terms: str = DEFAULT_REPAIR_TERMS
    # Cash taken or paid with no open cash session is refused (409); when false, it is journalled "outside a
    # drawer" (TECHSTORE_REQUIRE_CASH_SESSION, default true).
    require_cash_session: bool = True
    # API requests per client per window, "N/second|minute|hour|day" (TECHSTORE_RATE_LIMIT); "" when off ("0").
    rate_limit: str = DEFAULT_RATE_LIMIT
    # Where the counts live (TECHSTORE_RATE_LIMIT_STORAGE): memory:// (this process) or redis://host:port/db
    # (shared by every process that names the same Redis).
    rate_limit_storage: str = attrs.field(default="memory://", repr=False)  # a Redis URL may hold a password
    # The store's time zone (IANA name, TECHSTORE_TIMEZONE): reports and the dashboard count local days.
    timezone: str = "UTC"
    # Where customers reach the store, e.g. https://shop.example.com (TECHSTORE_PUBLIC_URL): links that leave
    # the page (a repair ticket's QR code) are built on it, never on the Host header, which a client may forge.
    # "" (development and test only) means the address the server was reached on. Required in production.
    public_url: str = ""
    # A new customer's credit limit when whoever registers them does not give one
    # (TECHSTORE_DEFAULT_CREDIT_LIMIT): 0 (the default) means no sale on account until someone sets a limit;
    # None (the variable set empty) means no limit.
    default_credit_limit: Decimal | None = Decimal("0.00")
    # Whether catalogue prices (and repair labour) include tax (TECHSTORE_PRICES_INCLUDE_TAX, default false: tax
    # is added to them), and the store's own tax number printed on receipts and invoices (TECHSTORE_STORE_TAX_ID).
    prices_include_tax: bool = False
    store_tax_id: str = ""
    # How pages and printed documents write and read numbers and dates (TECHSTORE_LOCALE, a CLDR locale
    # such as de_DE); the API's JSON keeps its own format whatever it is.
    locale: str = "en_US"
    # How long a delivered repair is under warranty, in days (TECHSTORE_REPAIR_WARRANTY_DAYS, default 90).
    repair_warranty_days: int = 90
    # Where email goes out (TECHSTORE_SMTP_URL): smtp://user:pass@host:587?starttls=true, smtps://host:465 (SSL) or
    # smtp://localhost:1025 (plain); "" sends no email (messages stay unsent). Holds a password: never shown.
    smtp_url: str = attrs.field(default="", repr=False)
    # Who email is from (TECHSTORE_MAIL_FROM), e.g. "TechStore <shop@example.com>".
    mail_from: str = ""
    # Single sign-on through an OpenID Connect provider (TECHSTORE_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET: all
    # three or none), offered on the login page as "Sign in with {oidc_name}" (TECHSTORE_OIDC_NAME).
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = attrs.field(default="", repr=False)
    oidc_name: str = "single sign-on"
    # What a staff member may give alone at the counter; beyond it a manager approves on the spot: a discount
    # above this percent of the subtotal (TECHSTORE_DISCOUNT_LIMIT_PERCENT, default 10), a refund above this
    # amount (TECHSTORE_REFUND_LIMIT, default 100.00).
    discount_limit_percent: Decimal = Decimal(10)
    refund_limit: Decimal = Decimal("100.00")
    # A PostgreSQL streaming replica the reports and the dashboard may read (TECHSTORE_REPLICA_DATABASE_URL, ""
    # for none), while it is no more than replica_max_lag seconds behind (TECHSTORE_REPLICA_MAX_LAG, default 30).
    replica_database_url: str = attrs.field(default="", repr=False)  # may hold a password
    replica_max_lag: int = 30

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def single_sign_on(self) -> bool:
        """Whether single sign-on is configured."""
        return bool(self.oidc_issuer)


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    environ = os.environ if environ is None else environ
    env = environ.get("TECHSTORE_ENV", "development")
    if env not in ENVIRONMENTS:
        raise SettingsError(f"TECHSTORE_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}")
    var_dir = Path(environ.get("TECHSTORE_VAR_DIR", "var")).resolve()
    database_url = environ.get("TECHSTORE_DATABASE_URL") or f"sqlite:///{var_dir / 'techstore.sqlite3'}"
    currency = environ.get("TECHSTORE_CURRENCY", "USD").upper()
    if len(currency) != 3 or not currency.isalpha():
        raise SettingsError("TECHSTORE_CURRENCY must be a three-letter ISO 4217 code such as USD")
    return Settings(
        env=env,
        database_url=database_url,
        secret_key=_secret_key(environ, env, var_dir),
        currency=currency,
        var_dir=var_dir,
        log_level=environ.get("TECHSTORE_LOG_LEVEL", "INFO").upper(),
        worker_threads=_worker_threads(environ),
        store_name=environ.get("TECHSTORE_STORE_NAME", "").strip() or "TechStore",
        store_address=environ.get("TECHSTORE_STORE_ADDRESS", "").strip(),
        repair_terms=environ.get("TECHSTORE_REPAIR_TERMS", "").strip() or DEFAULT_REPAIR_TERMS,
        tracking_lookups=_whole(environ, "TECHSTORE_TRACKING_LOOKUPS", 30, 1, 100_000),
        require_cash_session=_flag(environ, "TECHSTORE_REQUIRE_CASH_SESSION", default=True),
        rate_limit=_rate_limit(environ),
        rate_limit_storage=_rate_limit_storage(environ),
        timezone=_timezone(environ),
        public_url=_public_url(environ, env),
        default_credit_limit=_default_credit_limit(environ),
        prices_include_tax=_flag(environ, "TECHSTORE_PRICES_INCLUDE_TAX", default=False),
        store_tax_id=environ.get("TECHSTORE_STORE_TAX_ID", "").strip(),
        locale=_locale(environ),
        repair_warranty_days=_whole(environ, "TECHSTORE_REPAIR_WARRANTY_DAYS", 90, 0, 3650),
        smtp_url=_smtp_url(environ),
        mail_from=_mail_from(environ),
        discount_limit_percent=_discount_limit(environ),
        refund_limit=_refund_limit(environ),
        replica_database_url=_replica_database_url(environ, database_url),
        replica_max_lag=_whole(environ, "TECHSTORE_REPLICA_MAX_LAG", 30, 1, 86_400),
        **_oidc(environ, env),
    )


_OIDC_VARIABLES = ("TECHSTORE_OIDC_ISSUER", "TECHSTORE_OIDC_CLIENT_ID", "TECHSTORE_OIDC_CLIENT_SECRET")


def _oidc(environ: Mapping[str, str], env: str) -> dict[str, str]:
    issuer, client_id, secret = (environ.get(name, "").strip() for name in _OIDC_VARIABLES)
    name = environ.get("TECHSTORE_OIDC_NAME", "").strip() or "single sign-on"
    if any(c in name for c in "\r\n") or len(name) > 60:
        raise SettingsError("TECHSTORE_OIDC_NAME must be one line of at most 60 characters")
    if not (issuer or client_id or secret):
        return {"oidc_name": name}
    if not (issuer and client_id and secret):
        raise SettingsError("Single sign-on needs TECHSTORE_OIDC_ISSUER, TECHSTORE_OIDC_CLIENT_ID and "
                            "TECHSTORE_OIDC_CLIENT_SECRET, all three (or none)")
    try:
        parts = urlsplit(issuer)
        well_formed = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:
        well_formed = False
    if not well_formed or parts.query or parts.fragment or "@" in parts.netloc:
        raise SettingsError("TECHSTORE_OIDC_ISSUER must be the provider's address, such as "
                            "https://accounts.example.com (its /.well-known/openid-configuration is read)")
    if env == "production" and parts.scheme != "https":
        raise SettingsError("TECHSTORE_OIDC_ISSUER must be an https address when TECHSTORE_ENV=production")
    return {"oidc_issuer": issuer.rstrip("/"), "oidc_client_id": client_id, "oidc_client_secret": secret,
            "oidc_name": name}


def _replica_database_url(environ: Mapping[str, str], database_url: str) -> str:
    raw = environ.get("TECHSTORE_REPLICA_DATABASE_URL", "").strip()
    if not raw:
        return ""
    try:
        parts = urlsplit(raw)
        well_formed = parts.scheme in ("postgresql", "postgresql+psycopg") and bool(parts.hostname) \
            and parts.port != 0 and bool(parts.path.strip("/"))
    except ValueError:
        well_formed = False
    if not well_formed:
        # The value is not echoed: it may hold a password.
        raise SettingsError("TECHSTORE_REPLICA_DATABASE_URL must be a PostgreSQL streaming replica's URL such as "
                            "postgresql+psycopg://user:password@replica:5432/techstore")
    if not database_url.startswith(("postgresql://", "postgresql+psycopg://")):
        raise SettingsError("TECHSTORE_REPLICA_DATABASE_URL needs TECHSTORE_DATABASE_URL on PostgreSQL: a replica "
                            "is a copy of the PostgreSQL primary")
    return raw.replace("postgresql://", "postgresql+psycopg://", 1)


def _discount_limit(environ: Mapping[str, str]) -> Decimal:
    raw = environ.get("TECHSTORE_DISCOUNT_LIMIT_PERCENT", "").strip() or "10"
    if not re.fullmatch(r"[0-9]{1,3}(?:\.[0-9]{1,2})?", raw) or Decimal(raw) > 100:
        raise SettingsError("TECHSTORE_DISCOUNT_LIMIT_PERCENT must be a percent from 0 to 100, such as 10 or 12.5")
    return Decimal(raw)


def _refund_limit(environ: Mapping[str, str]) -> Decimal:
    raw = environ.get("TECHSTORE_REFUND_LIMIT", "").strip() or "100.00"
    if not _AMOUNT.fullmatch(raw):
        raise SettingsError("TECHSTORE_REFUND_LIMIT must be an amount such as 100.00")
    return Decimal(raw).quantize(Decimal("0.01"))


def _smtp_url(environ: Mapping[str, str]) -> str:
    raw = environ.get("TECHSTORE_SMTP_URL", "").strip()
    if not raw:
        return ""
    try:
        parts = urlsplit(raw)
        well_formed = parts.scheme in ("smtp", "smtps") and bool(parts.hostname) and parts.port != 0
        query = dict(pair.partition("=")[::2] for pair in parts.query.split("&") if pair)
    except ValueError:
        well_formed, query = False, {}
    if not well_formed or set(query) - {"starttls"} or query.get("starttls", "true") not in ("true", "false"):
        # The value is not echoed: it may hold a password.
        raise SettingsError("TECHSTORE_SMTP_URL must be smtp://user:password@host:587?starttls=true, "
                            "smtps://user:password@host:465 or smtp://host:port")
    return raw


def _mail_from(environ: Mapping[str, str]) -> str:
    raw = environ.get("TECHSTORE_MAIL_FROM", "").strip()
    if environ.get("TECHSTORE_SMTP_URL", "").strip() and not raw:
        raise SettingsError("TECHSTORE_MAIL_FROM is required with TECHSTORE_SMTP_URL: the address email is from, "
                            "such as \"TechStore <shop@example.com>\"")
    if any(c in raw for c in "\r\n"):
        raise SettingsError("TECHSTORE_MAIL_FROM must be one line")
    return raw


def _default_credit_limit(environ: Mapping[str, str]) -> Decimal | None:
    raw = environ.get("TECHSTORE_DEFAULT_CREDIT_LIMIT")
    if raw is None:
        return Decimal("0.00")
    if not raw.strip():
        return None  # set but empty: no limit
    if not _AMOUNT.fullmatch(raw.strip()):
        raise SettingsError("TECHSTORE_DEFAULT_CREDIT_LIMIT must be an amount such as 0 or 500.00, or empty for "
                            "no limit")
    return Decimal(raw.strip()).quantize(Decimal("0.01"))


def _locale(environ: Mapping[str, str]) -> str:
    raw = environ.get("TECHSTORE_LOCALE", "").strip() or "en_US"
    try:
        return str(Locale.parse(raw.replace("-", "_")))
    except (UnknownLocaleError, ValueError, TypeError):
        raise SettingsError(f"TECHSTORE_LOCALE must be a locale such as en_US, de_DE or pt_PT, not {raw!r}") \
            from None


def _public_url(environ: Mapping[str, str], env: str) -> str:
    raw = environ.get("TECHSTORE_PUBLIC_URL", "").strip()
    if not raw:
        if env == "production":
            raise SettingsError("TECHSTORE_PUBLIC_URL is required when TECHSTORE_ENV=production: the address "
                                "customers reach the store at, such as https://shop.example.com (the QR code on "
                                "repair tickets links there)")
        return ""
    try:
        parts = urlsplit(raw)
        well_formed = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:  # a port that is not a number, an unbalanced [
        well_formed = False
    if not well_formed or parts.query or parts.fragment or "@" in parts.netloc or any(c.isspace() for c in raw):
        # The value is not echoed: a mistyped one may hold credentials.
        raise SettingsError("TECHSTORE_PUBLIC_URL must be an http(s) address such as https://shop.example.com, "
                            "with no query, fragment or credentials")
    return raw.rstrip("/")


def _rate_limit(environ: Mapping[str, str]) -> str:
    raw = environ.get("TECHSTORE_RATE_LIMIT", DEFAULT_RATE_LIMIT).strip().lower()
    if raw in ("0", "off"):
        return ""
    match = _RATE_LIMIT.fullmatch(raw)
    if match is None:
        raise SettingsError('TECHSTORE_RATE_LIMIT must be a count per period such as "300/minute" '
                            '(second, minute, hour or day), or "0" to turn the limit off')
    return f"{match[1]}/{match[2]}"


def _rate_limit_storage(environ: Mapping[str, str]) -> str:
    raw = environ.get("TECHSTORE_RATE_LIMIT_STORAGE", "").strip() or "memory://"
    if not raw.startswith(RATE_LIMIT_STORAGES):
        raise SettingsError("TECHSTORE_RATE_LIMIT_STORAGE must be memory:// or a Redis URL such as "
                            "redis://127.0.0.1:6379/0")
    return raw


def _timezone(environ: Mapping[str, str]) -> str:
    raw = environ.get("TECHSTORE_TIMEZONE", "").strip() or "UTC"
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise SettingsError(f"TECHSTORE_TIMEZONE must be an IANA time zone name such as Europe/Lisbon, not {raw!r}") \
            from None
    return raw


def _whole(environ: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = environ.get(name, str(default))
    if not (raw.isascii() and raw.isdigit() and low <= int(raw) <= high):
        raise SettingsError(f"{name} must be a whole number from {low} to {high}")
    return int(raw)


def _flag(environ: Mapping[str, str], name: str, *, default: bool = False) -> bool:
    raw = environ.get(name, "true" if default else "false").strip().lower()
    if raw not in ("true", "false", "1", "0", "yes", "no", ""):
        raise SettingsError(f"{name} must be true or false")
    if raw == "":
        return default
    return raw in ("true", "1", "yes")


# Use cases running at once per process. More threads than this make a 2-core server slower, not faster:
# at 32 concurrent clients, 20 threads fighting for the GIL put p99 at 4x the median; 8 keep it near 2x
# (issue 8, measured with bench/request_path.py). Requests beyond it wait their turn in the event loop.
DEFAULT_WORKER_THREADS = 2


def _worker_threads(environ: Mapping[str, str]) -> int:
    raw = environ.get("TECHSTORE_WORKER_THREADS", str(DEFAULT_WORKER_THREADS))
    if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= 200):
        raise SettingsError("TECHSTORE_WORKER_THREADS must be a whole number from 1 to 200")
    return int(raw)


def _secret_key(environ: Mapping[str, str], env: str, var_dir: Path) -> str:
    given = environ.get("TECHSTORE_SECRET_KEY")
    if given:
        if len(given) < MIN_SECRET_LENGTH:
            raise SettingsError(f"TECHSTORE_SECRET_KEY must be at least {MIN_SECRET_LENGTH} characters")
        return given
    if env == "production":
        raise SettingsError("TECHSTORE_SECRET_KEY is required when TECHSTORE_ENV=production")
    # Development: generate one once and keep it, so sessions survive restarts.
    path = var_dir / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
