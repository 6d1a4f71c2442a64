"""Where a project, a goal or a plan stands against its schedule: the one rule every colour of the Meter follows.

The rule (docs/meter.md, "Colour means something") reads two figures the rollup already computed, the achievement
and the expected achievement of the linear schedule, and nothing else:

1. **Completed** when the achievement is 100 %.
2. **Behind schedule** when the achievement is more than `rollup.BEHIND_TOLERANCE` points below the expected one
   (`rollup.is_behind`, the same test a project's "behind" flag uses).
3. **Not started** when the achievement is 0 % (and the schedule does not yet count it as late).
4. **On track** otherwise.

A goal's or a plan's status is the rule applied to *its own* figures (the weighted means of its projects), not to
the worst of its projects: a goal at 86 % where 80 % was expected is on track even when one of its projects is late;
the number of late projects is said beside it in words. Each status has a colour, a shape (an icon) and a word, so
colour is never the only sign; a legend (`{% status_legend %}`) stands wherever a status colour does.
"""

from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .rollup import BEHIND_TOLERANCE, is_behind


@dataclass(frozen=True)
class Status:
    key: str  # used in CSS classes: status-<key>
    label: object  # lazy translation
    icon: str  # Heroicons name (solid): the shape beside the colour
    glyph: str  # a text shape for places without icons (the Excel/PDF report, the SVG <title>)
    colour: str  # fill of the bar; text on white passes 4.5:1 (checked in tests/test_schedule.py)
    meaning: object  # one sentence for the legend


DONE = Status(
    "done",
    pgettext_lazy("schedule status", "Completed"),
    "check-circle",
    "✔",
    "#1f5f8b",
    _("The work is finished: 100 % achieved."),
)
ON_TRACK = Status(
    "on_track",
    _("On track"),
    "arrow-trending-up",
    "●",
    "#0b6e4f",
    _("Achievement is at, above or close to what the schedule expects by today."),
)
BEHIND = Status(
    "behind",
    _("Behind schedule"),
    "exclamation-triangle",
    "▲",
    "#b3261e",
    format_lazy(
        _("Achievement is more than {points} points below what the schedule expects by today."),
        points=BEHIND_TOLERANCE,
    ),
)
NOT_STARTED = Status(
    "not_started",
    _("Not started"),
    "pause-circle",
    "○",
    "#5b6770",
    _("Nothing achieved yet, and the schedule does not count it as late."),
)

# In the order the legend lists them.
STATUSES = (ON_TRACK, BEHIND, DONE, NOT_STARTED)
BY_KEY = {status.key: status for status in STATUSES}


def status_for(achievement: float, expected: float) -> Status:
    """The schedule status of anything with an achievement and an expected achievement (0–100)."""
    if achievement >= 100:
        return DONE
    if is_behind(achievement, expected):
        return BEHIND
    if achievement <= 0:
        return NOT_STARTED
    return ON_TRACK


def status_of(item) -> Status:
    """The status of a project row, a project, a rollup.GoalFigures or a rollup.PlanFigures."""
    return status_for(float(item.achievement or 0), float(getattr(item, "expected", 0) or 0))


def status_counts(items) -> list[tuple[Status, int]]:
    """How many of `items` are in each status, in the legend's order (statuses with none left out)."""
    counts = {status.key: 0 for status in STATUSES}
    for item in items:
        counts[status_of(item).key] += 1
    return [(status, counts[status.key]) for status in STATUSES if counts[status.key]]
