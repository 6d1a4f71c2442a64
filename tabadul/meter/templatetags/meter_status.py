"""The Meter's schedule status in templates (the rule: meter/schedule.py).

{% load meter_status %}
{% status_badge project %}          → the status in words with its icon, coloured (never colour alone)
{% status_bar goal %}               → the 24 px bar in the status's colour with the schedule's tick
{% status_legend %}                 → the legend: every status, its shape, its word and what it means
{% status_legend items=goals %}     → the same, with how many of the items are in each status
{% with status=plan|schedule %}…    → the Status itself (key, label, icon)
"""

import functools

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from tabadul.core.templatetags.icons import icon

from .. import schedule, svg

register = template.Library()


@register.filter(name="schedule")
def schedule_filter(item) -> schedule.Status:
    return schedule.status_of(item)


@register.inclusion_tag("meter/_status_badge.html")
def status_badge(item) -> dict:
    return {"status": schedule.status_of(item)}


@register.simple_tag
def status_bar(item) -> str:
    status = schedule.status_of(item)
    return svg.bar(
        achievement=item.achievement, expected=getattr(item, "expected", 0), status=status, rtl=get_language_bidi()
    )


@register.simple_tag
def status_legend(*, items=None) -> str:
    """The legend; with `items` (goals, projects, plans), how many of them are in each status.

    What meter/_legend.html printed (tests/test_legend.py compares them): its words and icons are the same on every
    page of a language, so they are made once per language; a page only puts in its counts (issue 22)."""
    head, rows, tail = _legend_parts(get_language())
    if items is None:
        return mark_safe(head + "".join(start + end for _key, start, end in rows) + tail)  # noqa: S308 - see _legend_parts
    by_key = {status.key: count for status, count in schedule.status_counts(items)}
    counted = "".join(
        f'{start} <span class="status-count">{conditional_escape(localize(by_key.get(key, 0)))}</span>{end}'
        for key, start, end in rows
    )
    return mark_safe(head + counted + tail)  # noqa: S308 - see _legend_parts; the counts are escaped


@functools.lru_cache(maxsize=8)
def _legend_parts(language) -> tuple[str, list[tuple[str, str, str]], str]:
    """The legend's opening, each status's row (its key, before and after its count) and its end, escaped."""
    head = format_html(
        '<div class="status-legend">\n  <p class="status-legend-title">{}</p>\n  <dl>\n    ',
        _("What the colours mean"),
    )
    rows = [
        (
            status.key,
            format_html(
                '<div>\n      <dt><span class="status status-{}">{}<span>{}</span></span>',
                status.key,
                icon(status.icon, solid=True),
                status.label,
            ),
            format_html("</dt>\n      <dd>{}</dd>\n    </div>", status.meaning),
        )
        for status in schedule.STATUSES
    ]
    tail = format_html(
        '\n    <div>\n      <dt><span class="legend-tick" aria-hidden="true"></span> {}</dt>\n      <dd>{}</dd>\n'
        "    </div>\n  </dl>\n</div>\n",
        _("Dark tick"),
        _("What the schedule expects by today."),
    )
    return head, rows, tail
