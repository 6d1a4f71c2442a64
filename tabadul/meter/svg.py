"""A small server-rendered SVG bar chart of achievement by goal (no JavaScript, no external library)."""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

ROW = 46
WIDTH = 640
LABEL_H = 18
BAR_H = 16


def goals_chart(goal_figures, *, rtl: bool, title: str) -> str:
    """Horizontal bars, one per goal: achievement as a bar, the linear-schedule expectation as a tick."""
    height = max(1, len(goal_figures)) * ROW + 8
    parts = [
        f'<svg class="meter-chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="chart-title"'
        f' xmlns="http://www.w3.org/2000/svg" direction="{"rtl" if rtl else "ltr"}">',
        f'<title id="chart-title">{escape(title)}</title>',
    ]
    for index, figures in enumerate(goal_figures):
        top = index * ROW + 4
        value = max(0.0, min(100.0, figures.achievement))
        expected = max(0.0, min(100.0, figures.expected))
        bar = WIDTH * value / 100
        tick = WIDTH * expected / 100
        bar_x = WIDTH - bar if rtl else 0
        tick_x = WIDTH - tick if rtl else tick
        label_x = WIDTH if rtl else 0
        name = figures.goal.name
        label = f"{name} — {round(value)}%"
        parts.append(
            f'<text x="{label_x}" y="{top + 14}" text-anchor="start" font-size="14" fill="#1d2a33">'
            f"{escape(label)}</text>"
        )
        parts.append(f'<rect x="0" y="{top + LABEL_H + 2}" width="{WIDTH}" height="{BAR_H}" rx="3" fill="#e4e9ec"/>')
        parts.append(
            f'<rect x="{bar_x:.1f}" y="{top + LABEL_H + 2}" width="{bar:.1f}" height="{BAR_H}" rx="3"'
            f' fill="{"#b3261e" if figures.behind_count else "#0b6e4f"}"><title>{escape(label)}</title></rect>'
        )
        parts.append(
            f'<line x1="{tick_x:.1f}" x2="{tick_x:.1f}" y1="{top + LABEL_H}" y2="{top + LABEL_H + BAR_H + 4}"'
            f' stroke="#1d2a33" stroke-width="2"><title>{escape(_("Expected by schedule"))}:'
            f" {round(expected)}%</title></line>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text and number above is escaped or numeric
