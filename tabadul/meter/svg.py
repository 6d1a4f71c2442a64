"""Server-rendered bars of the Meter (no JavaScript, no external library, no inline style under the CSP).

The goal chart is a list in HTML, one row per goal: the goal's name, its figures and its schedule status in words
with an icon (meter/schedule.py), then a bar. Text stays text, so it wraps and keeps its size on a 390 px phone;
only the bar is SVG. Each bar is its own small SVG, `viewBox="0 0 100 24"` stretched to the row's width
(`preserveAspectRatio="none"`) and 24 px high: the achievement fills the bar in the status's colour from the
line's start (the right in Arabic), and a dark tick on a white halo marks what the linear schedule expects by today.
"""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

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


def goals_chart(goal_figures, *, rtl: bool, title: str) -> str:
    """The plan page's chart of achievement by goal: a legend and one row per goal (meter/_goal_chart.html)."""
    rows = []
    for figures in goal_figures:
        status = status_of(figures)
        rows.append(
            {
                "figures": figures,
                "status": status,
                "bar": bar(achievement=figures.achievement, expected=figures.expected, status=status, rtl=rtl),
            }
        )
    html = render_to_string("meter/_goal_chart.html", {"rows": rows, "title": title})
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, which escapes
