# ruff: noqa: E501 - the old template, kept verbatim as the reference
"""The breadcrumbs and tabs of a body's Meter pages are made in one tag (issue 22) and print what meter/_body_nav.html
printed with its tags and conditions: byte for byte, in both languages, on every page that shows them, with and
without a plan."""

from types import SimpleNamespace

import pytest
from django.template import engines
from django.utils import translation

OLD_BODY_NAV = '{% load i18n icons bidi %}{% with current=request.resolver_match.url_name %}<nav class="breadcrumbs" aria-label="{% translate \'Breadcrumbs\' %}"><ol><li><a href="{% url \'meter:plan_list\' %}">{% translate "Municipality Meter" %}</a></li><li><a href="{% url \'meter:body_home\' body.slug %}">{{ body.name|user_text }}</a></li></ol></nav>\n<nav class="tabs" aria-label="{% translate \'Municipality Meter sections\' %}"><ul>\n  {% if plan %}<li><a href="{% url \'meter:plan_detail\' plan.pk %}"{% if current == "plan_detail" %} aria-current="page"{% elif current == "report_detail" or current == "plan_feedback" %} aria-current="true"{% endif %}>{% icon "flag" %}{% translate "Plan" %}</a></li>\n  <li><a href="{% url \'meter:project_list\' plan.pk %}"{% if current == "project_list" %} aria-current="page"{% elif current == "project_detail" or current == "project_feedback" %} aria-current="true"{% endif %}>{% icon "briefcase" %}{% translate "Projects" %}</a></li>\n  <li><a href="{% url \'meter:plan_map\' plan.pk %}"{% if current == "plan_map" %} aria-current="page"{% endif %}>{% icon "map" %}{% translate "Map" %}</a></li>{% endif %}\n  <li><a href="{% url \'meter:post_list\' body.slug %}"{% if current == "post_list" %} aria-current="page"{% elif current == "post_detail" %} aria-current="true"{% endif %}>{% icon "newspaper" %}{% translate "News and activities" %}</a></li>\n  <li><a href="{% url \'meter:gallery\' body.slug %}"{% if current == "gallery" %} aria-current="page"{% endif %}>{% icon "photo" %}{% translate "Gallery" %}</a></li>\n  <li><a href="{% url \'meter:feed_rss\' body.slug %}" type="application/rss+xml">{% icon "rss" %}RSS</a></li>\n</ul></nav>{% endwith %}\n'
NEW_BODY_NAV = "{% load meter_nav %}{% body_nav body %}"
PAGES = [
    "plan_detail",
    "report_detail",
    "plan_feedback",
    "project_list",
    "project_detail",
    "project_feedback",
    "plan_map",
    "post_list",
    "post_detail",
    "gallery",
    "body_home",
    "support",
    None,
]


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("with_plan", [True, False])
@pytest.mark.parametrize("name", ["بلدية بيتا", "Beita & <co>"])
def test_the_tabs_are_the_old_include_byte_for_byte(language, with_plan, name):
    body = SimpleNamespace(slug="beita", name=name)
    for page in PAGES:
        request = SimpleNamespace(resolver_match=SimpleNamespace(url_name=page) if page else None)
        context = {"request": request, "body": body, **({"plan": SimpleNamespace(pk=12)} if with_plan else {})}
        with translation.override(language):
            before, after = (
                engines["django"].from_string(source).render(context) for source in (OLD_BODY_NAV, NEW_BODY_NAV)
            )
        assert after == before, page
        assert ("/plans/12/" in after) == with_plan
