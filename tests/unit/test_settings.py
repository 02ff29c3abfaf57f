"""Settings come from TECHSTORE_ variables, with safe development defaults."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from techstore.settings import SettingsError, load_settings


def test_development_defaults(tmp_path: Path) -> None:
    settings = load_settings({"TECHSTORE_VAR_DIR": str(tmp_path)})
    assert settings.env == "development"
    assert settings.database_url == f"sqlite:///{tmp_path / 'techstore.sqlite3'}"
    assert settings.currency == "USD"
    assert len(settings.secret_key) >= 32
    # The generated key is kept, so sessions survive a restart.
    assert load_settings({"TECHSTORE_VAR_DIR": str(tmp_path)}).secret_key == settings.secret_key
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_production_requires_a_secret_key(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="TECHSTORE_SECRET_KEY is required"):
        load_settings({"TECHSTORE_ENV": "production", "TECHSTORE_VAR_DIR": str(tmp_path)})


@pytest.mark.parametrize(
    "environ",
    [{"TECHSTORE_ENV": "staging"}, {"TECHSTORE_CURRENCY": "dollars"}, {"TECHSTORE_SECRET_KEY": "short"},
     {"TECHSTORE_RATE_LIMIT": "lots"}, {"TECHSTORE_RATE_LIMIT": "300/fortnight"}, {"TECHSTORE_RATE_LIMIT": "-5/minute"},
     {"TECHSTORE_RATE_LIMIT_STORAGE": "memcached://127.0.0.1:11211"}],
)
def test_bad_settings_are_refused(environ: dict[str, str], tmp_path: Path) -> None:
    with pytest.raises(SettingsError):
        load_settings({"TECHSTORE_VAR_DIR": str(tmp_path), **environ})


def test_the_secret_key_is_not_in_the_repr(tmp_path: Path) -> None:
    settings = load_settings({"TECHSTORE_VAR_DIR": str(tmp_path), "TECHSTORE_SECRET_KEY": "s" * 40})
    assert "s" * 40 not in repr(settings)


@pytest.mark.parametrize(("given", "rule"), [(None, "300/minute"), ("50/second", "50/second"),
                                             ("1000 per hour", "1000/hour"), ("0", ""), ("off", "")])
def test_the_rate_limit_is_a_count_per_period_or_off(given: str | None, rule: str, tmp_path: Path) -> None:
    environ = {"TECHSTORE_VAR_DIR": str(tmp_path)}
    if given is not None:
        environ["TECHSTORE_RATE_LIMIT"] = given
    settings = load_settings(environ)
    assert settings.rate_limit == rule
    assert settings.rate_limit_storage == "memory://"


def test_a_redis_password_is_not_in_the_repr(tmp_path: Path) -> None:
    settings = load_settings({"TECHSTORE_VAR_DIR": str(tmp_path),
                              "TECHSTORE_RATE_LIMIT_STORAGE": "redis://:hunter2-secret@redis:6379/0"})
    assert settings.rate_limit_storage.startswith("redis://") and "hunter2" not in repr(settings)


@pytest.mark.parametrize("name", ["Nowhere/Land", "America", "../../etc/passwd", "UTC+1"])
def test_an_unknown_time_zone_stops_the_app_at_start(name: str, tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="TECHSTORE_TIMEZONE must be an IANA time zone name"):
        load_settings({"TECHSTORE_VAR_DIR": str(tmp_path), "TECHSTORE_TIMEZONE": name})


def test_the_time_zone_defaults_to_utc(tmp_path: Path) -> None:
    assert load_settings({"TECHSTORE_VAR_DIR": str(tmp_path)}).timezone == "UTC"
    assert load_settings({"TECHSTORE_VAR_DIR": str(tmp_path), "TECHSTORE_TIMEZONE": "Europe/Lisbon"}).timezone \
        == "Europe/Lisbon"


SECRET = {"TECHSTORE_SECRET_KEY": "s" * 40}


def test_production_requires_the_public_url(tmp_path: Path) -> None:
    """Links that leave the page (a repair ticket's QR code) are built from it, never from the Host header."""
    production = {"TECHSTORE_ENV": "production", "TECHSTORE_VAR_DIR": str(tmp_path), **SECRET}
    with pytest.raises(SettingsError, match="TECHSTORE_PUBLIC_URL is required when TECHSTORE_ENV=production"):
        load_settings(production)
    given = load_settings({**production, "TECHSTORE_PUBLIC_URL": "https://shop.example.com/"})
    assert given.public_url == "https://shop.example.com"


def test_the_public_url_defaults_to_the_served_address_in_development(tmp_path: Path) -> None:
    assert load_settings({"TECHSTORE_VAR_DIR": str(tmp_path)}).public_url == ""  # "" = the served address


@pytest.mark.parametrize("url", ["shop.example.com", "ftp://shop.example.com", "https://", "https://shop.example.com/?a=1",
                                 "https://shop.example.com/#top", "https://user:pw@shop.example.com",
                                 "https://shop example.com", "javascript:alert(1)"])
def test_a_public_url_that_is_not_an_http_address_is_refused(url: str, tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="TECHSTORE_PUBLIC_URL"):
        load_settings({"TECHSTORE_VAR_DIR": str(tmp_path), "TECHSTORE_PUBLIC_URL": url})


@pytest.mark.parametrize(("given", "required"), [(None, True), ("", True), ("true", True), ("false", False),
                                                 ("0", False)])
def test_cash_is_taken_only_from_an_open_drawer_unless_the_store_says_otherwise(
        given: str | None, required: bool, tmp_path: Path) -> None:
    environ = {"TECHSTORE_VAR_DIR": str(tmp_path)}
    if given is not None:
        environ["TECHSTORE_REQUIRE_CASH_SESSION"] = given
    assert load_settings(environ).require_cash_session is required


@pytest.mark.parametrize(("given", "limit"), [
    (None, Decimal("0.00")), ("", None), ("  ", None), ("500", Decimal("500.00")), ("12.5", Decimal("12.50"))])
def test_a_new_customers_credit_limit_defaults_to_0_and_empty_means_none(
        given: str | None, limit: Decimal | None, tmp_path: Path) -> None:
    environ = {"TECHSTORE_VAR_DIR": str(tmp_path)}
    if given is not None:
        environ["TECHSTORE_DEFAULT_CREDIT_LIMIT"] = given
    assert load_settings(environ).default_credit_limit == limit


@pytest.mark.parametrize("given", ["-1", "abc", "1.001", "NaN", "Infinity", "1e3", "99999999999"])
def test_a_default_credit_limit_that_is_not_an_amount_stops_the_app(given: str, tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="TECHSTORE_DEFAULT_CREDIT_LIMIT"):
        load_settings({"TECHSTORE_VAR_DIR": str(tmp_path), "TECHSTORE_DEFAULT_CREDIT_LIMIT": given})


PRIMARY = "postgresql+psycopg://app:secret@primary:5432/techstore"


def test_no_replica_unless_one_is_named_and_its_lag_defaults_to_30_seconds(tmp_path: Path) -> None:
    settings = load_settings({"TECHSTORE_VAR_DIR": str(tmp_path)})
    assert (settings.replica_database_url, settings.replica_max_lag) == ("", 30)
    named = load_settings({"TECHSTORE_VAR_DIR": str(tmp_path), "TECHSTORE_DATABASE_URL": PRIMARY,
                           "TECHSTORE_REPLICA_DATABASE_URL": "postgresql://app:secret@replica:5432/techstore",
                           "TECHSTORE_REPLICA_MAX_LAG": "5"})
    assert named.replica_database_url == "postgresql+psycopg://app:secret@replica:5432/techstore"
    assert named.replica_max_lag == 5
    assert "secret@replica" not in repr(named)


@pytest.mark.parametrize("replica", ["sqlite:///var/replica.sqlite3", "mysql://app:pw@replica/techstore",
                                     "postgresql+psycopg://app:pw@/techstore", "postgresql+psycopg://replica:5432",
                                     "not a url"])
def test_a_replica_that_is_not_a_postgresql_url_stops_the_app(replica: str, tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="TECHSTORE_REPLICA_DATABASE_URL must be a PostgreSQL") as refused:
        load_settings({"TECHSTORE_VAR_DIR": str(tmp_path), "TECHSTORE_DATABASE_URL": PRIMARY,
                       "TECHSTORE_REPLICA_DATABASE_URL": replica})
    assert "pw" not in str(refused.value)


def test_a_replica_needs_a_postgresql_primary(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="needs TECHSTORE_DATABASE_URL on PostgreSQL"):
        load_settings({"TECHSTORE_VAR_DIR": str(tmp_path),
                       "TECHSTORE_REPLICA_DATABASE_URL": "postgresql+psycopg://replica:5432/techstore"})


@pytest.mark.parametrize("lag", ["0", "-1", "ten", "1.5", "86401"])
def test_a_replica_max_lag_that_is_not_whole_seconds_stops_the_app(lag: str, tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="TECHSTORE_REPLICA_MAX_LAG"):
        load_settings({"TECHSTORE_VAR_DIR": str(tmp_path), "TECHSTORE_REPLICA_MAX_LAG": lag})
