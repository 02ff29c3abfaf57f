"""TECHSTORE_LOCALE at the web edge: amounts written and read the locale's way, strictly (issue 23)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from techstore.application.shared.constraints import Money, Sign
from techstore.domain.shared.money import InvalidAmount
from techstore.entrypoints.web.store_locale import StoreLocale
from techstore.settings import SettingsError, load_settings

EN, DE, PT = StoreLocale.of("en_US"), StoreLocale.of("de_DE"), StoreLocale.of("pt_PT")
NOT_NEGATIVE, POSITIVE = Money(Sign.NOT_NEGATIVE), Money(Sign.POSITIVE)


@pytest.mark.parametrize(("value", "en", "de", "pt"), [
    ("1299.00", "1299.00", "1299,00", "1299,00"),
    ("1299.50", "1299.50", "1299,50", "1299,50"),
    ("-5.00", "-5.00", "-5,00", "-5,00"),
    ("0.10", "0.10", "0,10", "0,10"),
    ("1234567.5", "1234567.5", "1234567,5", "1234567,5"),  # its own places, never grouped
    ("42", "42", "42", "42"),
])
def test_a_decimal_is_written_with_its_own_places_and_the_locales_signs(value: str, en: str, de: str,
                                                                         pt: str) -> None:
    assert (EN.decimal(Decimal(value)), DE.decimal(Decimal(value)), PT.decimal(Decimal(value))) == (en, de, pt)


def test_en_us_writes_decimals_as_python_does_so_its_pages_are_unchanged() -> None:
    assert EN.writes_decimals_plainly and not DE.writes_decimals_plainly and not PT.writes_decimals_plainly
    assert StoreLocale.of("sv_SE").decimal(Decimal("-1.50")) == "\u22121,50"  # CLDR's minus sign there


@pytest.mark.parametrize(("locale", "typed", "amount"), [
    (EN, "150.00", "150.00"), (EN, "1299.5", "1299.50"), (EN, "1,299.50", "1299.50"), (EN, " 7 ", "7.00"),
    (EN, "1,234,567.89", "1234567.89"),
    (DE, "150,00", "150.00"), (DE, "1299,50", "1299.50"), (DE, "1.299,50", "1299.50"), (DE, "1.299", "1299.00"),
    (DE, "0,5", "0.50"),
    (PT, "150,00", "150.00"), (PT, "1299,50", "1299.50"), (PT, "1 299,50", "1299.50"),
    (PT, "1\u00a0299,50", "1299.50"),
])
def test_an_amount_is_read_as_the_locale_writes_it(locale: StoreLocale, typed: str, amount: str) -> None:
    assert locale.amount(typed, NOT_NEGATIVE) == Decimal(amount)


@pytest.mark.parametrize(("locale", "typed"), [
    # A decimal comma where the comma groups thousands: refused, never read as 15000.
    (EN, "150,00"), (EN, "1299,50"), (EN, "1.299,50"), (EN, "12,5"),
    # A decimal point where the point groups thousands, or means nothing.
    (DE, "150.00"), (DE, "1,299.50"), (DE, "12.5"), (PT, "150.00"), (PT, "1.299"),
    # Groups of the wrong size, signs twice, no digits, what Babel's own parser would let through.
    (EN, "1,2,3"), (EN, "12,34.00"), (DE, "1.2.3"), (DE, "1,2,3"), (DE, "12,"), (DE, ",5"), (EN, ".5"),
    (EN, ""), (EN, "abc"), (EN, "+5"), (EN, "1e5"), (EN, "NaN"), (EN, "Infinity"), (EN, "\u0661\u0662"),
    (EN, "007"), (EN, "1.999"), (DE, "1,999"), (EN, "12345678901.00"),
])
def test_what_is_not_an_amount_in_the_locale_is_refused(locale: StoreLocale, typed: str) -> None:
    with pytest.raises(InvalidAmount):
        locale.amount(typed, Money())


def test_the_refusal_states_the_rule_with_the_locales_example() -> None:
    with pytest.raises(InvalidAmount, match=r"^must be an amount such as 12\.50 \(at most two decimals, 0 or more\)$"):
        EN.amount("150,00", NOT_NEGATIVE)
    with pytest.raises(InvalidAmount, match=r"^must be an amount such as 12,50 \(at most two decimals, more than 0\)$"):
        DE.amount("0,00", POSITIVE)
    with pytest.raises(InvalidAmount, match="such as 12,50"):
        PT.amount("-1,00", NOT_NEGATIVE)


def test_a_negative_amount_is_read_with_either_minus_sign() -> None:
    assert DE.amount("-5,00") == Decimal("-5.00")
    assert StoreLocale.of("sv_SE").amount("\u22125,00") == Decimal("-5.00")
    assert StoreLocale.of("sv_SE").amount("-5,00") == Decimal("-5.00")


def test_what_a_locale_writes_it_reads_back() -> None:
    for locale in (EN, DE, PT, StoreLocale.of("sv_SE"), StoreLocale.of("hi_IN"), StoreLocale.of("de_CH")):
        for amount in ("0.00", "-0.01", "12.50", "-1299.50", "9999999999.99"):
            assert locale.amount(locale.decimal(Decimal(amount))) == Decimal(amount), (locale.name, amount)


def test_indian_grouping_is_read_in_hi_in() -> None:
    hindi = StoreLocale.of("hi_IN")
    assert hindi.amount("12,34,567.50") == Decimal("1234567.50")
    with pytest.raises(InvalidAmount):
        hindi.amount("1,234,567.50")


MOMENT = datetime(2026, 1, 31, 15, 4, 5, tzinfo=UTC)


def test_moments_and_days_are_written_in_the_locales_patterns() -> None:
    assert EN.datetime(MOMENT) == "1/31/2026, 3:04\u202fPM"
    assert DE.datetime(MOMENT) == "31.01.2026, 15:04"
    assert PT.datetime(MOMENT) == "31/01/2026, 15:04"
    assert (EN.date(MOMENT.date()), DE.date(MOMENT.date()), PT.date(MOMENT.date())) == (
        "1/31/2026", "31.01.2026", "31/01/2026")
    assert DE.long_date(date(2026, 1, 31)) == "Samstag, 31. Januar 2026"
    assert EN.day_month(date(2026, 1, 31)) == "Jan 31"


def test_moments_are_written_in_utc_as_the_pages_say() -> None:
    an_hour_east = MOMENT.astimezone(timezone(timedelta(hours=1)))
    assert DE.datetime(an_hour_east) == "31.01.2026, 15:04"
    assert DE.datetime(MOMENT.replace(tzinfo=None)) == "31.01.2026, 15:04"  # a naive moment is UTC
    assert DE.date(datetime(2026, 1, 31, 23, 30, tzinfo=timezone(timedelta(hours=-2)))) == "01.02.2026"


@pytest.mark.parametrize(("given", "kept"), [
    (None, "en_US"), ("", "en_US"), ("de_DE", "de_DE"), ("de-DE", "de_DE"), ("pt_PT", "pt_PT"),
    (" pt_PT ", "pt_PT"),
])
def test_the_setting_names_a_cldr_locale(tmp_path, given: str | None, kept: str) -> None:  # type: ignore[no-untyped-def]
    environ = {"TECHSTORE_VAR_DIR": str(tmp_path)}
    if given is not None:
        environ["TECHSTORE_LOCALE"] = given
    assert load_settings(environ).locale == kept


@pytest.mark.parametrize("given", ["xx_YY", "german", "de_DE;rm -rf", "123"])
def test_a_locale_cldr_does_not_know_fails_at_start(tmp_path, given: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SettingsError, match="TECHSTORE_LOCALE must be a locale such as en_US"):
        load_settings({"TECHSTORE_VAR_DIR": str(tmp_path), "TECHSTORE_LOCALE": given})
