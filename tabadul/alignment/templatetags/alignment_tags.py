"""`{% alignment_tags obj %}`: the goals, targets and indicators an aligned object serves, as linked badges.

A tag rather than an included template: a topic tagged with every goal and its targets shows some 70 badges, and
the include spent 2.5 ms on them (a `reverse` and a `blocktranslate` each) on the hub page at scale (issue 22).
Its tags come from `obj.tags` (alignment/models.py)."""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext

from tabadul.core.bidi import user_text

register = template.Library()


@lru_cache(maxsize=4096)
def _address(view: str, key: str, language: str, script_prefix: str) -> str:
    """A goal's, target's or indicator's page: a few hundred of them, each reversed once per language."""
    return reverse(view, args=[key])


def _url(view: str, key) -> str:
    return _address(view, str(key), get_language(), get_script_prefix())


@register.simple_tag
def alignment_tags(obj) -> str:
    goals, targets, kpis = obj.tags.goals, obj.tags.targets, obj.tags.kpis
    if not (goals or targets or kpis):
        return ""
    badge = '<li><a class="badge" href="{}" title="{}">{}</a></li>'
    items = [
        *(
            (_url("alignment:goal_detail", g.number), g.name, gettext("SDG %(number)s") % {"number": g.number})
            for g in goals
        ),
        *((_url("alignment:target_detail", t.code), t.text, t.code) for t in targets),
    ]
    kpi_items = ((_url("alignment:kpi_detail", kpi.code), user_text(kpi.name)) for kpi in kpis)
    return format_html(
        '<ul class="alignment-tags" aria-label="{}">{}{}</ul>',
        gettext("Alignment"),
        format_html_join("", badge, items),
        format_html_join("", '<li><a class="badge" href="{}">{}</a></li>', kpi_items),
    )
