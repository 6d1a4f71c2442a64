"""One way to show dates, times, numbers and money (core/formats.py, core/templatetags/formats.py), in both
languages: month names of the page's country, Latin digits, grouping, currency names, zone names, relative times,
and the markup (<time datetime="ISO">, <bdi>) the filters put around them."""

import datetime
import re
import zoneinfo

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import timezone, translation

from tabadul.core import formats

HEBRON = zoneinfo.ZoneInfo("Asia/Hebron")
WINTER = datetime.datetime(2026, 1, 12, 14, 30, tzinfo=HEBRON)
SUMMER = datetime.datetime(2026, 7, 12, 9, 5, tzinfo=HEBRON)
ARABIC_COMMA = "\u060c"
ARABIC_INDIC_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load formats bidi %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "country", "expected"),
    [
        ("ar", "PS", "12 كانون الثاني 2026"),
        ("ar", "LY", "12 يناير 2026"),
        ("ar", "DE", "12 يناير 2026"),
        ("en", "PS", "12 January 2026"),
        ("en", "LY", "12 January 2026"),
    ],
)
def test_month_names_follow_the_page_language_and_the_country(language, country, expected):
    with translation.override(language):
        assert formats.format_date(WINTER.date(), country=country) == expected
        with formats.use_country(country):
            assert formats.format_date(WINTER.date()) == expected


@override_settings(TABADUL_FORMAT_COUNTRY="LY")
def test_the_site_default_country_is_a_setting():
    with translation.override("ar"):
        assert formats.format_date(WINTER.date()) == "12 يناير 2026"
        with formats.use_country("PS"):
            assert formats.format_date(WINTER.date()) == "12 كانون الثاني 2026"
        assert formats.format_date(WINTER.date()) == "12 يناير 2026"


def test_date_styles():
    with translation.override("en"):
        assert formats.format_date(WINTER.date(), "weekday") == "Monday, 12 January 2026"
        assert formats.format_date(WINTER.date(), "month") == "January 2026"
        assert formats.format_date(WINTER.date(), "short") == "12 Jan 2026"
        assert formats.format_date(WINTER.date(), "year") == "2026"
    with translation.override("ar"), formats.use_country("PS"):
        assert formats.format_date(WINTER.date(), "weekday") == "الاثنين، 12 كانون الثاني 2026"
        assert formats.format_date(WINTER.date(), "month") == "كانون الثاني 2026"


def test_datetimes_in_the_given_zone_with_its_localized_name():
    utc = WINTER.astimezone(datetime.UTC)
    with translation.override("en"):
        text = formats.format_datetime(utc, "Asia/Hebron", show_zone=True)
        assert text == "12 January 2026, 14:30 (Eastern European Standard Time)"
        assert ARABIC_COMMA not in text
        assert formats.format_datetime(SUMMER, "Asia/Hebron", show_zone=True).endswith("(Eastern European Summer Time)")
        assert formats.format_datetime(utc, "Africa/Tripoli", show_zone=True) == (
            "12 January 2026, 14:30 (Eastern European Standard Time)"
        )
        assert formats.format_datetime(utc, "Europe/Berlin", show_zone=True) == (
            "12 January 2026, 13:30 (Central European Standard Time)"
        )
        assert formats.time_zone_name("UTC") == "UTC"
    with translation.override("ar"), formats.use_country("PS"):
        text = formats.format_datetime(utc, "Asia/Hebron", show_zone=True)
        assert text == "12 كانون الثاني 2026، 2:30 م (توقيت شرق أوروبا الرسمي)"
        assert "Asia/" not in text
        assert formats.format_time(SUMMER) == "9:05 ص"


def test_datetimes_default_to_the_current_zone():
    utc = WINTER.astimezone(datetime.UTC)
    with timezone.override("Asia/Hebron"), translation.override("en"):
        assert formats.format_datetime(utc) == "12 January 2026, 14:30"
        assert formats.format_time(utc) == "14:30"
        assert formats.iso(utc) == "2026-01-12T14:30+02:00"


def test_date_and_year_ranges():
    with translation.override("en"):
        assert formats.format_date_range(datetime.date(2026, 1, 12), datetime.date(2026, 1, 14)) == "12–14 Jan 2026"
        assert formats.format_date_range(datetime.date(2026, 1, 12), None) == "12 January 2026"
    with translation.override("ar"), formats.use_country("LY"):
        assert formats.format_date_range(datetime.date(2026, 1, 12), datetime.date(2026, 2, 3)) == (
            "12 يناير – 3 فبراير 2026"
        )
    assert formats.format_year_range(datetime.date(2019, 1, 1), datetime.date(2022, 12, 31)) == "2019–2022"
    assert formats.format_year_range(2020, 2020) == "2020"


@pytest.mark.parametrize(
    ("language", "delta", "expected"),
    [
        ("en", datetime.timedelta(days=3), "in 3 days"),
        ("en", -datetime.timedelta(hours=2), "2 hours ago"),
        ("ar", datetime.timedelta(days=3), "خلال 3 أيام"),
        ("ar", -datetime.timedelta(hours=2), "قبل ساعتين"),
    ],
)
def test_relative_times(language, delta, expected):
    with translation.override(language):
        assert formats.format_relative(WINTER + delta, now=WINTER) == expected


@pytest.mark.parametrize("language", ["ar", "en"])
def test_numbers_percentages_and_money_use_latin_digits_and_grouping(language):
    with translation.override(language):
        assert formats.format_number(1476000) == "1,476,000"
        assert formats.format_number("12.345", 1) == "12.3"
        assert formats.format_percent(86.4) == "86%"
        assert formats.format_percent(86.46, 1) == "86.5%"
        for text in (formats.format_number(1476000), formats.format_money(1476000, "ILS")):
            assert not ARABIC_INDIC_DIGITS.search(text)
    with translation.override("ar"), formats.use_country("LY"):
        assert formats.format_number(1476000) == "1,476,000"  # one grouping whatever the country


def test_money_has_the_currency_name_in_the_page_language():
    with translation.override("en"):
        assert formats.format_money(1476000, "ILS") == "1,476,000 Israeli new shekels"
        assert formats.format_money("2500.5", "LYD") == "2,500.50 Libyan dinars"
        assert formats.format_money(1, "ILS") == "1 Israeli new shekel"
        assert formats.format_money(None, "ILS") == ""
    with translation.override("ar"):
        assert formats.format_money(1476000, "ILS") == "1,476,000 شيكل إسرائيلي جديد"
        assert formats.format_money(1476000, "JOD") == "1,476,000 دينار أردني"


def test_filters_wrap_dates_in_time_with_iso_and_numbers_in_bdi():
    page = render(
        "{{ when|day }}|{{ when|day_time:zone }}|{{ when|clock:zone }}|"
        "{{ n|number }}|{{ p|percent }}|{{ m|money:'ILS' }}",
        "en",
        when=WINTER.astimezone(datetime.UTC),
        zone="Asia/Hebron",
        n=1476000,
        p=86,
        m=1476000,
    )
    day, day_time, clock, n, p, m = page.split("|")
    assert day == '<time datetime="2026-01-12" dir="auto">12 January 2026</time>'
    assert day_time == (
        '<time datetime="2026-01-12T14:30+02:00" dir="auto">'
        "12 January 2026, 14:30 (Eastern European Standard Time)</time>"
    )
    assert clock == '<time datetime="2026-01-12T14:30+02:00" dir="auto">14:30</time>'
    assert n == "<bdi>1,476,000</bdi>"
    assert p == "<bdi>86%</bdi>"
    assert m == '<bdi class="money">1,476,000 Israeli new shekels</bdi>'


def test_an_event_gives_its_own_zone():
    class Event:
        time_zone = "Europe/Berlin"

    page = render("{{ when|weekday_time:event }}", "ar", when=WINTER, event=Event())
    assert "توقيت وسط أوروبا" in page and "Europe/Berlin" not in page
    assert 'datetime="2026-01-12T13:30+01:00"' in page


def test_format_country_tag_sets_the_month_names_for_the_page():
    assert "كانون الثاني" in render("{{ d|day }}", "ar", d=WINTER.date())
    page = render("{% format_country 'LY' %}{{ d|day }}", "ar", d=WINTER.date())
    assert "يناير" in page
    formats.reset_country()
    assert "كانون الثاني" in render("{{ d|day }}", "ar", d=WINTER.date())


def test_ranges_print_start_first_and_isolated():
    years = render("{% year_range a b %}", "ar", a=datetime.date(2019, 1, 1), b=datetime.date(2022, 1, 1))
    assert years == '<bdi dir="ltr">2019–2022</bdi>'
    days = render("{% date_range a b %}", "ar", a=datetime.date(2026, 1, 12), b=datetime.date(2026, 1, 14))
    assert days.index("2026-01-12") < days.index("2026-01-14")
    assert days.startswith("<bdi><time") and "</bdi> – <bdi>" in days
    same = render("{% date_range a a %}", "en", a=datetime.date(2026, 1, 12))
    assert same.count("<time") == 1


def test_relative_filter_keeps_the_full_date_in_its_title():
    with timezone.override("Asia/Hebron"):
        page = render("{{ when|relative }}", "ar", when=timezone.now() - datetime.timedelta(hours=2))
    assert "قبل ساعتين" in page and 'title="' in page and "datetime=" in page


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "بلدية سلفيت", '<bdi lang="ar" dir="rtl">بلدية سلفيت</bdi>'),
        ("en", "Salfit", "<bdi>Salfit</bdi>"),
        ("ar", "بلدية سلفيت", "<bdi>بلدية سلفيت</bdi>"),
        ("ar", "<b>GIZ</b>", "<bdi>&lt;b&gt;GIZ&lt;/b&gt;</bdi>"),
    ],
)
def test_user_text_marks_arabic_on_english_pages_and_escapes(language, text, expected):
    assert render("{{ text|user_text }}", language, text=text) == expected


def test_text_dir_gives_block_attributes():
    assert render("<p{% text_dir t %}>", "en", t="نص") == '<p lang="ar" dir="rtl">'
    assert render("<p{% text_dir t %}>", "ar", t="text") == '<p dir="auto">'


def test_lists_are_joined_as_the_page_s_language_joins_them():
    names = ["Nablus", "Jenin", "Hebron"]
    with translation.override("en"):
        assert formats.format_list(names) == "Nablus, Jenin and Hebron"
        assert "،" not in formats.format_list(["تونس", "ليبيا"])
    with translation.override("ar"):
        assert formats.format_list(["نابلس", "جنين", "الخليل"]) == "نابلس وجنين والخليل"
    assert formats.format_list([]) == ""


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("decimals", [0, 1, 2])
def test_percentages_formatted_once_per_figure_read_as_babel_formats_them(language, decimals):
    """format_percent rounds before it remembers a figure's text (issue 22): the text is Babel's for the unrounded
    value, halves, negatives, zeros and long floats included."""
    from decimal import Decimal

    from babel import numbers as babel_numbers

    values = [0, -0.0, 0.5, 1.5, 2.5, -0.3, -2.5, 12.345, 12.355, 99.95, 99.995, 100, 1234.5, 42.857142857142854]
    values += [step / 8 for step in range(-16, 820)]
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    with translation.override(language):
        for value in values:
            babel = babel_numbers.format_percent(
                Decimal(str(value)) / 100, format=pattern, locale=formats.number_locale(), numbering_system="latn"
            ).replace("\u200e", "")
            assert formats.format_percent(value, decimals) == babel, value
            assert formats.format_percent(value, decimals) == babel, value  # the remembered text
