from django import template
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from tabadul.core.bidi import user_text
from tabadul.core.formats import format_number

register = template.Library()


@register.simple_tag(takes_context=True)
def member_area_link(context, area) -> str:
    """One place of the members page's list of where the hub's member bodies are: a link narrowing the list to it
    (keeping the type chosen) and its count. A tag rather than an included template: a hub of the Arab region
    lists some 80 places, and an include per place cost the list a third more (issue 22)."""
    body_type = context.get("body_type")
    query = urlencode({**({"type": body_type} if body_type else {}), area.kind: area.code})
    current = mark_safe(' aria-current="true"') if area == context.get("member_area") else ""  # noqa: S308 (constant)
    return format_html(
        '<a href="?{}"{}>{}</a> <span class="badge"><bdi>{}</bdi></span>',
        query,
        current,
        user_text(area.name),
        format_number(area.count),
    )
