"""Numbers and Latin text inside Arabic: isolate them so the bidi algorithm cannot reorder them with their
neighbours ("2019–2020" printed as "2020–2019" in a right-to-left line, an e-mail address split around a dot).

    {% load bidi %}
    {% range plan.start_year plan.end_year %}   → <bdi dir="ltr">2019–2020</bdi>
    {% range starts|date:"j F Y" ends|date:"j F Y" %}  → <bdi>1 مايو 2024</bdi> – <bdi>3 يونيو 2024</bdi>
    {{ body.email|ltr }}                        → <bdi dir="ltr">info@salfit.ps</bdi>

A range of numbers or Latin text reads left to right as one unit, start first; a range of Arabic dates keeps the
line's direction (start first in reading order), each end isolated.
"""

from django import template
from django.utils.html import format_html

from tabadul.core import bidi

register = template.Library()

EN_DASH = "\u2013"


_is_left_to_right = bidi.is_left_to_right


@register.simple_tag(name="range")
def range_(start, end):
    """From start to end, isolated; when one end is missing, the other alone."""
    if start in (None, "") or end in (None, "") or start == end:
        value = end if start in (None, "") else start
        return ltr(value) if _is_left_to_right(value) else format_html("<bdi>{}</bdi>", value)
    if _is_left_to_right(start) and _is_left_to_right(end):
        return format_html('<bdi dir="ltr">{}{}{}</bdi>', start, EN_DASH, end)
    return format_html("<bdi>{}</bdi> {} <bdi>{}</bdi>", start, EN_DASH, end)


@register.filter
def ltr(value):
    """Latin text, codes, e-mail addresses, web addresses, phone numbers: one left-to-right isolate."""
    if value in (None, ""):
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.filter
def user_text(value):
    """A name or text someone wrote, inline (`tabadul.core.bidi.user_text`: <bdi>, marked lang="ar" on an English
    page)."""
    return bidi.user_text(value)


@register.simple_tag
def text_dir(value):
    """The attributes for a block holding someone's text: <p{% text_dir post.body %}>…</p>."""
    return bidi.text_dir(value)
