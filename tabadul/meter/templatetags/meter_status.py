"""The Meter's schedule status in templates (the rule: meter/schedule.py).

{% load meter_status %}
{% status_badge project %}          → the status in words with its icon, coloured (never colour alone)
{% status_bar goal %}               → the 24 px bar in the status's colour with the schedule's tick
{% status_legend %}                 → the legend: every status, its shape, its word and what it means
{% status_legend items=goals %}     → the same, with how many of the items are in each status
{% with status=plan|schedule %}…    → the Status itself (key, label, icon)
"""

from django import template
from django.utils.translation import get_language_bidi

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


@register.inclusion_tag("meter/_legend.html")
def status_legend(*, items=None) -> dict:
    """The legend; with `items` (goals, projects, plans), how many of them are in each status."""
    by_key = {status.key: count for status, count in schedule.status_counts(items or [])}
    return {
        "statuses": [(status, by_key.get(status.key, 0)) for status in schedule.STATUSES],
        "counted": items is not None,
    }
