"""The breadcrumbs and tabs at the top of every public Meter page of a body.

{% load meter_nav %}
{% body_nav body %}   → the Meter › body breadcrumbs, then the tabs: the plan's (plan, projects, map) when the page
                        has a `plan`, and the body's (news, gallery, RSS); the current page's tab marked
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tabadul.core.bidi import user_text
from tabadul.core.templatetags.icons import icon

register = template.Library()

# Each tab: its URL, its icon, its label, the page it is (aria-current="page") and the pages inside it ("true").
_PLAN_TABS = [
    ("meter:plan_detail", "flag", gettext_lazy("Plan"), "plan_detail", ("report_detail", "plan_feedback")),
    (
        "meter:project_list",
        "briefcase",
        gettext_lazy("Projects"),
        "project_list",
        ("project_detail", "project_feedback"),
    ),
    ("meter:plan_map", "map", gettext_lazy("Map"), "plan_map", ()),
]
_BODY_TABS = [
    ("meter:post_list", "newspaper", gettext_lazy("News and activities"), "post_list", ("post_detail",)),
    ("meter:gallery", "photo", gettext_lazy("Gallery"), "gallery", ()),
]


def _tab(url, icon_name, label, page, inside, current) -> str:
    marked = _PAGE if current == page else _INSIDE if current in inside else ""
    return format_html('<li><a href="{}"{}>{}{}</a></li>', url, marked, icon(icon_name), label)


_PAGE = mark_safe(' aria-current="page"')
_INSIDE = mark_safe(' aria-current="true"')


@register.simple_tag(takes_context=True)
def body_nav(context, body) -> str:
    """What meter/_body_nav.html printed with its tags and conditions (tests/test_body_nav.py compares them), in one
    node (issue 22)."""
    match = getattr(context.get("request"), "resolver_match", None)
    current = match.url_name if match else None
    plan = context.get("plan")
    crumbs = format_html(
        '<nav class="breadcrumbs" aria-label="{}"><ol><li><a href="{}">{}</a></li><li><a href="{}">{}</a></li></ol>'
        '</nav>\n<nav class="tabs" aria-label="{}"><ul>\n  ',
        _("Breadcrumbs"),
        reverse("meter:plan_list"),
        _("Municipality Meter"),
        reverse("meter:body_home", args=[body.slug]),
        user_text(body.name),
        _("Municipality Meter sections"),
    )
    plan_tabs = [_tab(reverse(name, args=[plan.pk]), *tab, current) for name, *tab in _PLAN_TABS] if plan else []
    body_tabs = [_tab(reverse(name, args=[body.slug]), *tab, current) for name, *tab in _BODY_TABS]
    rss = format_html(
        '<li><a href="{}" type="application/rss+xml">{}RSS</a></li>',
        reverse("meter:feed_rss", args=[body.slug]),
        icon("rss"),
    )
    # The old template's lines: the plan's tabs (or nothing) on one line, then each of the body's on its own.
    lines = ["\n  ".join(plan_tabs), *body_tabs, rss]
    return mark_safe(crumbs + "\n  ".join(lines) + "\n</ul></nav>\n")  # noqa: S308 - every part from format_html
