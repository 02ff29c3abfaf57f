"""How pages and printed documents write and read numbers and dates: the store's locale (TECHSTORE_LOCALE).

The signs and patterns are CLDR's, through Babel: the decimal, grouping and minus signs, the sizes of the
digit groups, and the date and time patterns of every locale. The API's JSON keeps its own format whatever
the locale ("1299.50", ISO 8601 times); so do CSV files, and the values of ``<input type="date">``, which
HTML defines.

Writing: a ``Decimal`` is shown as it is held, with its own places, the locale's decimal and minus signs and
no grouping (``1299.50`` is "1299,50" in de_DE and pt_PT, and still "1299.50" in en_US). The templates do it
for every ``{{ value }}`` (``templates.py``); ``|plain`` keeps a machine's "1299.50".

Reading: an amount typed into a form is read with the same signs, strictly. The integer part is plain digits
or groups of the locale's sizes, and a dot or a comma that is neither sign of the locale is refused: "150,00"
in en_US (where the comma groups thousands) is an error, never 15000, and "1.299,50" in de_DE is 1299.50.
What the text means then obeys the one money rule (``parse_money``: two decimals at most, the field's sign,
the range). Babel's own ``parse_decimal(strict=True)`` is not used for this: it also takes "NaN", "1e5",
Arabic-Indic digits, and in pt_PT reads "1.299" as 1.299.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import cache

import attrs
from babel import Locale
from babel.dates import format_date, format_datetime, match_skeleton
from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol

from techstore.application.shared.constraints import DEFAULT_MONEY, Money
from techstore.domain.shared.money import InvalidAmount, amount_rule

DEFAULT_LOCALE = "en_US"
# Digits as typed are ASCII digits (a keypad's), whatever the locale's own numbering system.
_DIGITS = re.compile(r"[0-9]+")
# Locales that group with a space group with a no-break or a narrow no-break space; a keyboard types a space.
_SPACES = (" ", "\u00a0", "\u202f")
_ASCII_MINUS = "-"
_MINUS = "\u2212"  # what CLDR's minus sign is in some locales (sv_SE, fi_FI, ...)
# An amount in a message the core worded ("at least the cash due, 20.00."): a point and two or three places,
# standing alone (not inside a word, a version like 1.2.30, or a longer number), a sentence's full stop after it
# allowed.
_AMOUNT_IN_TEXT = re.compile(r"(?<![\w.,-])-?[0-9]+\.[0-9]{2,3}(?![\w]|[.,][0-9])")


@attrs.frozen
class StoreLocale:
    """One locale's way of writing numbers and dates, read once from CLDR (``StoreLocale.of``)."""

    name: str
    decimal_sign: str
    group_sign: str
    minus_sign: str
    # Digits in each group: (nearest the decimal sign, every other); (3, 3) mostly, (3, 2) in hi_IN.
    grouping: tuple[int, int]
    datetime_pattern: str  # a date with its time, such as "dd.MM.y, HH:mm"
    date_pattern: str  # a date, such as "dd.MM.y"
    long_date_pattern: str  # a date with the day's name, such as "EEEE, d. MMMM y"
    day_month_pattern: str  # a day of the month with the month's short name, such as "d. MMM"
    locale: Locale = attrs.field(eq=False, repr=False)

    @staticmethod
    @cache
    def of(name: str) -> StoreLocale:
        """The locale ``name`` (a value ``load_settings`` accepted, such as "de_DE")."""
        locale = Locale.parse(name)
        pattern = locale.decimal_formats[None]
        time, day = locale.time_formats["short"].pattern, _skeleton(locale, "yMMdd")
        return StoreLocale(
            name=name,
            decimal_sign=get_decimal_symbol(locale, numbering_system="latn"),
            group_sign=get_group_symbol(locale, numbering_system="latn"),
            minus_sign=get_minus_sign_symbol(locale, numbering_system="latn"),
            grouping=(pattern.grouping[0], pattern.grouping[1]),
            datetime_pattern=str(locale.datetime_formats["short"]).replace("{1}", day).replace("{0}", time),
            date_pattern=day,
            long_date_pattern=locale.date_formats["full"].pattern,
            day_month_pattern=_skeleton(locale, "MMMd"),
            locale=locale,
        )

    # -------------------------------------------------------------------------------------- numbers

    @property
    def writes_decimals_plainly(self) -> bool:
        """Whether a ``Decimal`` is written here as Python writes it (en_US, en_GB, ja_JP, ...)."""
        return self.decimal_sign == "." and self.minus_sign == _ASCII_MINUS

    def decimal(self, value: Decimal) -> str:
        """``value`` with its own places, this locale's decimal and minus signs, no grouping."""
        text = str(value)
        if self.writes_decimals_plainly or not value.is_finite():
            return text
        return text.replace(_ASCII_MINUS, self.minus_sign).replace(".", self.decimal_sign)

    def message(self, text: str) -> str:
        """A message worded in the core (which knows no locale) with its amounts written here: "must be at least
        the cash due, 20,00" in de_DE. Only for the refusals' messages, never for what a user typed."""
        if self.writes_decimals_plainly:
            return text
        return _AMOUNT_IN_TEXT.sub(lambda found: self.decimal(Decimal(found.group())), text)

    @property
    def example(self) -> str:
        """An amount as this locale writes it, for messages: "12.50" or "12,50"."""
        return self.decimal(Decimal("12.50"))

    def amount(self, typed: str, marker: Money = DEFAULT_MONEY) -> Decimal:
        """An amount typed into a form, read strictly in this locale (see the module's doc) and then by
        ``marker`` (its sign, two decimals, the range). ``InvalidAmount`` with the rule, worded with
        this locale's example, otherwise."""
        canonical = self._canonical(typed.strip())
        if canonical is not None:
            try:
                return marker.parse(canonical)
            except InvalidAmount:
                pass  # refused below, in this locale's words (the money rule's own give 12.50)
        raise InvalidAmount(amount_rule(marker.sign, self.example))

    def _canonical(self, text: str) -> str | None:
        """``text`` written as Python writes a decimal ("-1299.50"), or None when it is not a number
        written in this locale."""
        sign = ""
        for minus in (self.minus_sign, _ASCII_MINUS, _MINUS):
            if minus and text.startswith(minus):
                sign, text = "-", text[len(minus):]
                break
        whole, point, places = text.partition(self.decimal_sign)
        if point and not _DIGITS.fullmatch(places):
            return None
        digits = self._ungrouped(whole)
        if digits is None:
            return None
        return f"{sign}{digits}.{places}" if point else f"{sign}{digits}"

    def _ungrouped(self, whole: str) -> str | None:
        """The digits of ``whole``, plain ("1299") or grouped as this locale groups them ("1.299")."""
        group = self.group_sign
        if group in _SPACES:
            for space in _SPACES:
                whole = whole.replace(space, group)
        groups = whole.split(group) if group else [whole]
        if not all(_DIGITS.fullmatch(g) for g in groups):
            return None
        nearest, other = self.grouping
        if len(groups) > 1 and not (
            len(groups[-1]) == nearest
            and all(len(g) == other for g in groups[1:-1])
            and 1 <= len(groups[0]) <= other
        ):
            return None
        return "".join(groups)

    # -------------------------------------------------------------------------------------- dates

    def datetime(self, value: dt.datetime) -> str:
        """A moment with its date and time, in UTC (the pages say so): "31.01.2026, 15:04"."""
        moment = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
        return format_datetime(moment, self.datetime_pattern, tzinfo=dt.UTC, locale=self.locale)

    def date(self, value: dt.date) -> str:
        """A day: "31.01.2026" (of a moment, its day in UTC)."""
        return format_date(_day(value), self.date_pattern, locale=self.locale)

    def long_date(self, value: dt.date) -> str:
        """A day with its name: "Samstag, 31. Januar 2026"."""
        return format_date(_day(value), self.long_date_pattern, locale=self.locale)

    def day_month(self, value: dt.date) -> str:
        """A day and its month, as a chart's axis labels them: "31. Jan."."""
        return format_date(_day(value), self.day_month_pattern, locale=self.locale)


def _day(value: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).date() if value.tzinfo is not None else value.date()
    return value


def _skeleton(locale: Locale, skeleton: str) -> str:
    """The locale's pattern for a CLDR skeleton ("yMMdd": the numeric date with the year in full)."""
    found = skeleton if skeleton in locale.datetime_skeletons else match_skeleton(skeleton,
                                                                                  locale.datetime_skeletons)
    assert found is not None, f"CLDR has no pattern near {skeleton} for {locale}"
    return str(locale.datetime_skeletons[found].pattern)
