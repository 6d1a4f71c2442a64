"""One way to show dates, times, numbers and money, in Arabic and English (docs/design.md, "Dates, numbers and money").

Everything a person reads — pages, PDFs, notifications, e-mails, flash messages — goes through these functions
(templates through the filters in `core/templatetags/formats.py`). They return plain text; the template filters add
the `<time datetime="ISO">` and `<bdi>` markup. ISO dates are for machines only (datetime attributes, exports, API).

- Locale: English pages use CLDR `en_GB` (12 January 2026, 24-hour clock). Arabic pages use the month names of
  the country the page is about — `ar_PS` (كانون الثاني) for Palestine, `ar_LY` (يناير) for Libya, `ar` elsewhere —
  chosen with `use_country()` (the `{% format_country %}` tag) and otherwise `settings.TABADUL_FORMAT_COUNTRY`.
- Digits: Latin digits (0–9) in both languages, grouped with a comma, decimals with a full stop, whatever the
  country (the same figures are compared across countries, typed into forms and exported).
- Money: the amount grouped, without decimals when whole, followed by the currency's CLDR display name in the
  page's language ("1,476,000 شيكل إسرائيلي جديد", "1,476,000 Israeli new shekels"): never a bare ISO code, and
  never a symbol that two currencies share (Jordanian and Libyan dinars).
- Time zones: a time with a zone shows the zone's CLDR name in the page's language ("توقيت شرق أوروبا الصيفي"),
  never an id such as "Asia/Hebron".
"""

from __future__ import annotations

import contextvars
import datetime
import functools
import zoneinfo
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation

from babel import dates as babel_dates
from babel import lists as babel_lists
from babel import numbers as babel_numbers
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

# The Arabic CLDR locale for each country the platform serves; any other country uses plain "ar".
ARABIC_LOCALES = {"PS": "ar_PS", "LY": "ar_LY"}
ENGLISH_LOCALE = "en_GB"
# Numbers use one set of symbols everywhere (comma grouping, full-stop decimals); only the words change.
NUMBER_LOCALES = {"ar": "ar_PS", "en": ENGLISH_LOCALE}

_country: contextvars.ContextVar[str | None] = contextvars.ContextVar("tabadul_format_country", default=None)


def default_country() -> str:
    return getattr(settings, "TABADUL_FORMAT_COUNTRY", "PS")


def set_country(code: str | None) -> None:
    """The country whose month names Arabic dates use for the rest of this request (None: the site default)."""
    _country.set((code or "").upper() or None)


@contextmanager
def use_country(code: str | None):
    """Format Arabic dates with the month names of this country inside the block (PDFs, notifications)."""
    token = _country.set((code or "").upper() or None)
    try:
        yield
    finally:
        _country.reset(token)


def reset_country(**kwargs) -> None:
    """Called when a request starts and when it ends: no country carried over from the thread's previous request."""
    _country.set(None)


def _language(language: str | None = None) -> str:
    language = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return "en" if language == "en" else "ar"


def locale(language: str | None = None, country: str | None = None) -> str:
    """The CLDR locale for words (month, day and zone names) on a page in this language about this country."""
    if _language(language) == "en":
        return ENGLISH_LOCALE
    code = (country or _country.get() or default_country() or "").upper()
    return ARABIC_LOCALES.get(code, "ar")


def number_locale(language: str | None = None) -> str:
    return NUMBER_LOCALES[_language(language)]


def is_arabic_page() -> bool:
    return _language() == "ar"


# ---------------------------------------------------------------- dates and times


def _zone(tz) -> zoneinfo.ZoneInfo | datetime.tzinfo:
    if tz is None or tz == "":
        return timezone.get_current_timezone()
    if isinstance(tz, str):
        try:
            return zoneinfo.ZoneInfo(tz)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return timezone.get_current_timezone()
    return tz


def _local(value, tz=None) -> datetime.datetime:
    """A datetime in the given zone (default: the current one); naive datetimes are taken as in that zone."""
    zone = _zone(tz)
    if timezone.is_naive(value):
        return timezone.make_aware(value, zone)
    return value.astimezone(zone)


def local_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return _local(value).date()
    return value


def iso(value, tz=None) -> str:
    """The machine form: YYYY-MM-DD for a date, an ISO 8601 timestamp with offset for a datetime."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        return _local(value, tz).isoformat(timespec="minutes" if not value.second else "seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def format_date(value, style: str = "long", *, language: str | None = None, country: str | None = None) -> str:
    """A day: "12 January 2026" / "12 كانون الثاني 2026". style: long, short (12 Jan 2026), weekday (with the
    day's name), month (January 2026), year, day (the day of the month only), weekday_short (Mon)."""
    if value in (None, ""):
        return ""
    return _format_day(local_date(value), style, locale(language, country))


# Babel formats a day in about a tenth of a millisecond; a page shows few distinct days, each formatted once per
# process (the result depends on nothing but the arguments: the day, the style and the CLDR locale).
@functools.lru_cache(maxsize=2048)
def _format_day(day: datetime.date, style: str, loc: str) -> str:
    if style == "long":
        return babel_dates.format_date(day, "long", locale=loc)
    if style == "weekday":
        return babel_dates.format_date(day, "full", locale=loc)
    if style == "short":
        return babel_dates.format_skeleton("yMMMd", day, locale=loc)
    if style == "month":
        return babel_dates.format_skeleton("yMMMM", day, locale=loc)
    if style == "year":
        return babel_dates.format_skeleton("y", day, locale=loc)
    if style == "day":
        return babel_dates.format_skeleton("d", day, locale=loc)
    if style == "weekday_short":
        return babel_dates.format_skeleton("EEE", day, locale=loc)
    raise ValueError(f"unknown date style {style!r}")


def format_time(value, tz=None, *, language: str | None = None) -> str:
    """A time of day in the zone (default: the current one): "14:30" / "2:30 م"."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        value = _local(value, tz)
    return babel_dates.format_time(value, "short", locale=locale(language))


def time_zone_name(tz=None, at: datetime.datetime | None = None, *, language: str | None = None) -> str:
    """The zone's name in the page's language, summer or winter time as at `at`: "Eastern European Summer Time"."""
    zone = _zone(tz)
    key = getattr(zone, "key", "")
    if key in ("UTC", "Etc/UTC") or zone is datetime.UTC:
        return gettext("UTC")
    moment = _local(at or timezone.now(), zone)
    return babel_dates.get_timezone_name(moment, "long", locale=locale(language))


def format_datetime(
    value,
    tz=None,
    *,
    show_zone: bool = False,
    weekday: bool = False,
    language: str | None = None,
    country: str | None = None,
) -> str:
    """A day and time in the zone (default: the current one), with the zone's name when asked:
    "12 January 2026, 14:30 (Eastern European Time)" / "12 كانون الثاني 2026، 2:30 م (توقيت شرق أوروبا)"."""
    if value in (None, ""):
        return ""
    moment = _local(value, tz)
    loc = locale(language, country)
    day = babel_dates.format_date(moment.date(), "full" if weekday else "long", locale=loc)
    clock = babel_dates.format_time(moment, "short", locale=loc)
    text = babel_dates.get_datetime_format("long", locale=loc).replace("{1}", day).replace("{0}", clock)
    if show_zone:
        text = f"{text} ({time_zone_name(moment.tzinfo, moment, language=language)})"
    return text


def format_date_range(start, end, *, language: str | None = None, country: str | None = None) -> str:
    """From one day to another, shortened where CLDR shortens it: "12–14 January 2026" / "12–14 كانون الثاني 2026"."""
    if start in (None, "") or end in (None, ""):
        return format_date(start or end, language=language, country=country)
    first, last = local_date(start), local_date(end)
    if first == last:
        return format_date(first, language=language, country=country)
    return babel_dates.format_interval(first, last, "yMMMMd", locale=locale(language, country))


def format_year_range(start, end) -> str:
    """Years from start to end, start first: "2019–2022" (the template tag isolates it left to right)."""
    first = start.year if isinstance(start, datetime.date) else start
    last = end.year if isinstance(end, datetime.date) else end
    if first in (None, "") or last in (None, "") or first == last:
        return str(first if first not in (None, "") else (last if last is not None else ""))
    return f"{first}\u2013{last}"


def format_relative(value, now: datetime.datetime | None = None, *, language: str | None = None) -> str:
    """How long ago or how soon: "in 3 days", "قبل ساعتين"; a day when given a date."""
    if value in (None, ""):
        return ""
    now = now or timezone.now()
    if isinstance(value, datetime.datetime):
        delta = _local(value) - _local(now)
    else:
        delta = datetime.timedelta(days=(value - _local(now).date()).days)
        if not delta:
            return gettext("today")
    if abs(delta) < datetime.timedelta(seconds=45):
        return gettext("just now")
    return babel_dates.format_timedelta(delta, threshold=1.1, add_direction=True, locale=locale(language))


# ---------------------------------------------------------------- numbers and money


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def format_number(value, decimals: int | None = 0, *, language: str | None = None) -> str:
    """A number with Latin digits and grouping: "1,476,000", "12.5" (decimals=None keeps the value's own)."""
    number = _decimal(value)
    if number is None:
        return "" if value in (None, "") else str(value)
    if decimals is None:
        pattern = None
    else:
        number = round(number, decimals)
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return babel_numbers.format_decimal(
        number, format=pattern, locale=number_locale(language), numbering_system="latn", decimal_quantization=True
    )


def format_percent(value, decimals: int = 0, *, language: str | None = None) -> str:
    """A percentage given in points (86 → "86%"), with the locale's sign."""
    number = _decimal(value)
    if number is None:
        return ""
    if number.is_finite():
        # Rounded here as Babel rounds (half to even, to the pattern's decimals), so that the figures of a page
        # (0–100 in whole points, mostly) are each formatted once per process: Babel takes about a tenth of a
        # millisecond a call, and the Meter's plan page shows 30 percentages (issue 22).
        number = round(number, decimals)
    return _format_percent(str(number), decimals, number_locale(language))


@functools.lru_cache(maxsize=4096)
def _format_percent(number: str, decimals: int, loc: str) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    text = babel_numbers.format_percent(Decimal(number) / 100, format=pattern, locale=loc, numbering_system="latn")
    return text.replace("\u200e", "")


def format_money(amount, currency: str, *, language: str | None = None) -> str:
    """An amount with its currency's name in the page's language: "1,476,000 Israeli new shekels",
    "1,476,000.50 دينار ليبي"; no decimals when the amount is whole."""
    number = _decimal(amount)
    if number is None:
        return ""
    code = (currency or "").upper()
    whole = number == number.to_integral_value()
    figure = format_number(number, 0 if whole else 2, language=language)
    if not code:
        return figure
    try:
        name = babel_numbers.get_currency_name(code, count=number, locale=locale(language))
    except Exception:  # an unknown code: show it as it is rather than fail the page
        name = code
    return f"{figure} {name}"


def format_count(value, *, language: str | None = None) -> str:
    """A count of things, grouped: "12,400"."""
    return format_number(value, 0, language=language)


def format_list(items, *, language: str | None = None) -> str:
    """Names joined as the page's language joins them: "Nablus, Jenin and Hebron", "نابلس وجنين والخليل"."""
    return babel_lists.format_list([str(item) for item in items], locale=locale(language))
