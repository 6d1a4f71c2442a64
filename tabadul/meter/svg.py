"""Server-rendered bars of the Meter (no JavaScript, no external library, no inline style under the CSP).

The goal chart is a list in HTML, one row per goal: the goal's name, its figures and its schedule status in words
with an icon (meter/schedule.py), then a bar. Text stays text, so it wraps and keeps its size on a 390 px phone;
only the bar is SVG. Each bar is its own small SVG, `viewBox="0 0 100 24"` stretched to the row's width
(`preserveAspectRatio="none"`) and 24 px high: the achievement fills the bar in the status's colour from the
line's start (the right in Arabic), and a dark tick on a white halo marks what the linear schedule expects by today.
"""

from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tabadul.core.templatetags.bidi import user_text
from tabadul.core.templatetags.formats import percent
from tabadul.core.templatetags.icons import icon

from .schedule import status_of

BAR_HEIGHT = 24
TRACK = "#e4e9ec"
TICK = "#1d2a33"


def _clamp(value) -> float:
    return max(0.0, min(100.0, float(value or 0)))


def bar(*, achievement, expected, status, rtl: bool) -> str:
    """One bar: the achievement in the status's colour and the schedule's expectation as a tick. Hidden from
    assistive technology: the text beside it says the same (achievement, expected, status)."""
    value, tick = _clamp(achievement), _clamp(expected)
    start = 100 - value if rtl else 0
    tick_x = 100 - tick if rtl else tick
    return mark_safe(  # noqa: S308 - numbers and a colour from schedule.STATUSES only
        f'<svg class="meter-bar-svg status-{status.key}" viewBox="0 0 100 {BAR_HEIGHT}" width="100%"'
        f' height="{BAR_HEIGHT}" preserveAspectRatio="none" aria-hidden="true" focusable="false"'
        f' xmlns="http://www.w3.org/2000/svg">'
        f'<rect x="0" y="0" width="100" height="{BAR_HEIGHT}" fill="{TRACK}"/>'
        f'<rect x="{start:.2f}" y="0" width="{value:.2f}" height="{BAR_HEIGHT}" fill="{status.colour}"/>'
        f'<line x1="{tick_x:.2f}" x2="{tick_x:.2f}" y1="0" y2="{BAR_HEIGHT}" stroke="#fff" stroke-width="6"'
        ' vector-effect="non-scaling-stroke"/>'
        f'<line x1="{tick_x:.2f}" x2="{tick_x:.2f}" y1="0" y2="{BAR_HEIGHT}" stroke="{TICK}" stroke-width="3"'
        ' vector-effect="non-scaling-stroke"/></svg>'
    )


def status_badge(status) -> str:
    """The status in words with its icon (what meter/_status_badge.html renders, with its line end)."""
    return format_html(
        '<span class="status status-{}">{}<span>{}</span></span>\n',
        status.key,
        icon(status.icon, solid=True),
        status.label,
    )


def _goal_meta(figures) -> str:
    """ "expected 40 % · 12 projects, 3 behind schedule, 2 done": the same messages the template had."""
    text = _("expected %(expected)s") % {"expected": percent(figures.expected)}
    text += "\n      · " + ngettext("%(counter)s project", "%(counter)s projects", figures.project_count) % {
        "counter": localize(figures.project_count)
    }
    if figures.behind_count:
        text += ", " + ngettext("%(counter)s behind schedule", "%(counter)s behind schedule", figures.behind_count) % {
            "counter": localize(figures.behind_count)
        }
    if figures.completed_count:
        text += ", " + ngettext("%(counter)s done", "%(counter)s done", figures.completed_count) % {
            "counter": localize(figures.completed_count)
        }
    return mark_safe(text)  # noqa: S308 - translated messages and numbers formatted by percent() and localize()


def goals_chart(goal_figures, *, rtl: bool, title: str) -> str:
    """The plan page's chart of achievement by goal: one row per goal.

    Each row is made here, so nothing is resolved or formatted through includes, {% with %}, {% url %} and counted
    {% blocktranslate %} (issue 22: the chart's five rows cost a tenth of the uncached page), and the chart is no
    template of its own either: tests/test_plan_page_rows.py compares it with the template it was."""
    rows = []
    list_urls: dict[int, str] = {}
    for figures in goal_figures:
        status = status_of(figures)
        goal = figures.goal
        if goal.plan_id not in list_urls:
            list_urls[goal.plan_id] = reverse("meter:project_list", args=[goal.plan_id])
        rows.append(
            format_html(
                _CHART_ROW,
                f"{list_urls[goal.plan_id]}?goal={goal.pk}",
                user_text(goal.name),
                percent(figures.achievement),
                bar(achievement=figures.achievement, expected=figures.expected, status=status, rtl=rtl),
                status_badge(status),
                _goal_meta(figures),
            )
        )
    if not rows:
        rows.append(format_html('\n  <li class="empty">{}</li>\n', _("This plan has no goals yet.")))
    return format_html('<ol class="goal-chart" aria-label="{}">\n{}\n</ol>\n', title, mark_safe("".join(rows)))  # noqa: S308 - rows from format_html


_CHART_ROW = """
  <li class="goal-chart-row">
    <div class="goal-chart-head">
      <h3><a href="{}">{}</a></h3>
      <strong class="goal-chart-value">{}</strong>
    </div>
    {}
    <p class="goal-chart-meta">{}
      <span class="meta">{}</span></p>
  </li>
"""
