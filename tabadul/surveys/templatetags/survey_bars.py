"""The results' bars, drawn like the Meter's goal chart (meter/svg.py): the text (label, count, percentage) stays
HTML beside the bar, and the bar is a small SVG hidden from assistive technology, stretched to the row's width,
filled from the line's start (the right in Arabic). No inline style, so the CSP holds."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_bidi

register = template.Library()

HEIGHT = 16
TRACK = "#e4e9ec"
FILL = "#0b6e4f"


@register.simple_tag
def share_bar(percent) -> str:
    value = max(0.0, min(100.0, float(percent or 0)))
    start = 100 - value if get_language_bidi() else 0
    return mark_safe(  # noqa: S308 - numbers only
        f'<svg class="survey-bar" viewBox="0 0 100 {HEIGHT}" width="100%" height="{HEIGHT}"'
        ' preserveAspectRatio="none" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">'
        f'<rect x="0" y="0" width="100" height="{HEIGHT}" fill="{TRACK}"/>'
        f'<rect x="{start:.2f}" y="0" width="{value:.2f}" height="{HEIGHT}" fill="{FILL}"/></svg>'
    )
