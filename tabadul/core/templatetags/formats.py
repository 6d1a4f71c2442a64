"""Dates, times, numbers and money on pages: one set of filters over `tabadul.core.formats` (CLDR through Babel).

    {% load formats %}
    {% format_country plan.body.country.code %}     Arabic month names of the page's country (ar_PS, ar_LY)
    {{ post.published_at|day }}                      <time datetime="2026-01-12">12 كانون الثاني 2026</time>
    {{ post.published_at|day:"short" }}              12 Jan 2026 (styles: long, short, weekday, month, year)
    {{ comment.created_at|day_time }}                day and time in the site's zone
    {{ event.starts_at|day_time:event.time_zone }}   … in the event's zone, with the zone's name
    {{ event.starts_at|weekday_time:event.time_zone }} the same with the day's name
    {{ event.starts_at|clock:event.time_zone }}      14:30 / 2:30 م
    {{ notification.created_at|relative }}           قبل ساعتين / 2 hours ago (the full date in the title)
    {% date_range review.starts_at review.ends_at %} two isolated <time> elements, start first
    {% year_range plan.starts_on plan.ends_on %}     <bdi dir="ltr">2019–2022</bdi>
    {{ count|number }}  {{ value|number:1 }}  {{ achievement|percent }}  {{ budget|money:project.currency }}

Dates come as <time datetime="ISO" dir="auto"> (isolated, machine-readable); numbers and money as <bdi>.
"""

from django import template
from django.utils.html import format_html

from tabadul.core import formats
from tabadul.core.templatetags.bidi import ltr, range_

register = template.Library()


def _time(value, text, tz=None, title=""):
    if not text:
        return ""
    if title:
        return format_html('<time datetime="{}" dir="auto" title="{}">{}</time>', formats.iso(value, tz), title, text)
    return format_html('<time datetime="{}" dir="auto">{}</time>', formats.iso(value, tz), text)


def _zone_of(arg):
    """A filter argument naming a zone: a zone id, or an object with a time_zone (an event)."""
    return getattr(arg, "time_zone", arg) or None


@register.simple_tag
def format_country(code):
    """Arabic dates on the rest of this page use the month names of this country (ISO code)."""
    formats.set_country(code)
    return ""


@register.filter
def day(value, style="long"):
    if value in (None, ""):
        return ""
    return _time(formats.local_date(value), formats.format_date(value, style))


@register.filter
def day_text(value, style="long"):
    """The day as plain text, for places that take no markup (<title>, attributes)."""
    return formats.format_date(value, style)


@register.filter
def day_time(value, tz=None):
    """Day and time; with a zone (or an event) the time is in that zone and the zone's name follows."""
    if value in (None, ""):
        return ""
    zone = _zone_of(tz)
    return _time(value, formats.format_datetime(value, zone, show_zone=zone is not None), zone)


@register.filter
def weekday_time(value, tz=None):
    if value in (None, ""):
        return ""
    zone = _zone_of(tz)
    return _time(value, formats.format_datetime(value, zone, show_zone=zone is not None, weekday=True), zone)


@register.filter
def clock(value, tz=None):
    if value in (None, ""):
        return ""
    zone = _zone_of(tz)
    return _time(value, formats.format_time(value, zone), zone)


@register.filter
def zone_name(tz, at=None):
    """The zone's name in the page's language (an id or an event)."""
    return formats.time_zone_name(_zone_of(tz), at)


@register.filter
def relative(value):
    if value in (None, ""):
        return ""
    full = formats.format_datetime(value) if hasattr(value, "hour") else formats.format_date(value)
    return _time(value, formats.format_relative(value), title=full)


@register.simple_tag
def date_range(start, end):
    """Two days, start first in reading order, each an isolated <time>; one day when they are the same."""
    first, last = day(start), day(end)
    if first and last and formats.format_date(start) == formats.format_date(end):
        return first
    return range_(first, last)


@register.simple_tag
def year_range(start, end):
    """Years, start first, one left-to-right isolate: never printed reversed in an Arabic line."""
    text = formats.format_year_range(start, end)
    return ltr(text)


@register.filter
def number(value, decimals=0):
    if value in (None, ""):
        return ""
    return format_html("<bdi>{}</bdi>", formats.format_number(value, int(decimals)))


@register.filter
def percent(value, decimals=0):
    if value in (None, ""):
        return ""
    return format_html("<bdi>{}</bdi>", formats.format_percent(value, int(decimals)))


@register.filter
def money(value, currency=""):
    if value in (None, ""):
        return ""
    return format_html('<bdi class="money">{}</bdi>', formats.format_money(value, currency))
