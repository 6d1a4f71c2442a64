# ruff: noqa: E501 - the old templates, kept verbatim as the reference
"""The plan page's rows print their values precomputed (issue 22) and show every field they showed before.

The goal chart's rows and the "behind schedule" list used to resolve and format each value in the template
(includes, {% with %}, {% url %}, counted {% blocktranslate %}). The templates they had are kept here as the
reference: the rows made now must be the same HTML, byte for byte, in both languages.
"""

from datetime import timedelta

import pytest
from django.template import engines
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language_bidi

from .. import rollup_store, selectors, svg
from ..models import StrategicPlan
from ..rollup import GoalFigures
from .factories import make_project

# meter/_goal_chart.html before issue 22.
OLD_CHART = """{% load i18n meter_status formats bidi %}<ol class="goal-chart" aria-label="{{ title }}">
{% for row in rows %}{% with figures=row.figures status=row.status %}
  <li class="goal-chart-row">
    <div class="goal-chart-head">
      <h3><a href="{% url 'meter:project_list' figures.goal.plan_id %}?goal={{ figures.goal.pk }}">{{ figures.goal.name|user_text }}</a></h3>
      <strong class="goal-chart-value">{{ figures.achievement|percent }}</strong>
    </div>
    {{ row.bar }}
    <p class="goal-chart-meta">{% include "meter/_status_badge.html" %}
      <span class="meta">{% blocktranslate with expected=figures.expected|percent %}expected {{ expected }}{% endblocktranslate %}
      · {% blocktranslate count counter=figures.project_count %}{{ counter }} project{% plural %}{{ counter }} projects{% endblocktranslate %}{% if figures.behind_count %}, {% blocktranslate count counter=figures.behind_count %}{{ counter }} behind schedule{% plural %}{{ counter }} behind schedule{% endblocktranslate %}{% endif %}{% if figures.completed_count %}, {% blocktranslate count counter=figures.completed_count %}{{ counter }} done{% plural %}{{ counter }} done{% endblocktranslate %}{% endif %}</span></p>
  </li>
{% endwith %}{% empty %}
  <li class="empty">{% translate "This plan has no goals yet." %}</li>
{% endfor %}
</ol>
"""
# The "behind schedule" list of meter/plan_detail.html before issue 22.
OLD_BEHIND = (
    "{% load i18n formats bidi %}<ul>{% for project in behind %}<li><a href=\"{% url 'meter:project_detail' "
    'project.pk %}">{{ project.name|user_text }}</a> — {{ project.achievement|percent }} <span class="meta">'
    "({% blocktranslate with expected=project.expected|percent %}expected {{ expected }}{% endblocktranslate %})"
    "</span></li>{% endfor %}</ul>"
)
NEW_BEHIND = (
    '<ul>{% for project in behind %}<li><a href="{{ project.url }}">{{ project.name_html }}</a> — '
    '{{ project.achievement_html }} <span class="meta">({{ project.expected_html }})</span></li>{% endfor %}</ul>'
)


def _old_chart(goal_figures, title):
    from ..schedule import status_of

    rows = [
        {
            "figures": figures,
            "status": status_of(figures),
            "bar": svg.bar(
                achievement=figures.achievement,
                expected=figures.expected,
                status=status_of(figures),
                rtl=get_language_bidi(),
            ),
        }
        for figures in goal_figures
    ]
    return engines["django"].from_string(OLD_CHART).render({"rows": rows, "title": title})


def _figures(goal):
    """Every combination the rows print differently: none, one, several of each count; 0, between, 100 %."""
    return [
        GoalFigures(goal=goal, achievement=a, expected=e, project_count=p, behind_count=b, completed_count=c)
        for a, e, p, b, c in [
            (0.0, 0.0, 0, 0, 0),
            (37.5, 80.25, 1, 1, 0),
            (100.0, 100.0, 12, 0, 12),
            (55.0, 40.0, 3, 2, 1),
            (12.345, 99.9, 1000, 999, 1),
        ]
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_goal_chart_rows_are_the_html_the_old_template_made(world, language):
    goal = world.goals[0]
    goal.name_en = "Roads <and> water"  # escaped the same way
    with translation.override(language):
        for figures in [[], _figures(goal), _figures(world.goals[1])[:2]]:
            new = svg.goals_chart(figures, rtl=get_language_bidi(), title="Achievement by goal")
            assert new == _old_chart(figures, "Achievement by goal")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_behind_rows_are_the_html_the_old_template_made(world, language):
    today = timezone.localdate()
    for n in range(3):  # started long ago, still at the status default: behind schedule
        make_project(
            actor=world.editor,
            plan=world.plan,
            goal=world.goals[n % 2],
            status=world.statuses["tendering"],
            external_id=f"B{n}",
            name_ar=f"مشروع متأخر <{n}>",
            name_en=f"Late project {n}" if n else "",
            start_date=today - timedelta(days=700 + n),
            end_date=today - timedelta(days=10 * n),
        )
    plan = StrategicPlan.objects.get(pk=world.plan.pk)
    with translation.override(language):
        _figures_now, behind = selectors.plan_summary(plan=plan)
        assert len(behind) >= 3
        live = rollup_store.behind_of(rollup_store.live(plan, today=today))[: rollup_store.BEHIND_SHOWN]
        old = engines["django"].from_string(OLD_BEHIND).render({"behind": live})
        new = engines["django"].from_string(NEW_BEHIND).render({"behind": behind})
        assert new == old
        path = reverse("meter:plan_detail", args=[plan.pk])  # /en/… in English
    assert new in Client().get(path).content.decode()  # the page's list is these rows
