"""The public plan page's figures, stored on the plan whenever something they depend on is written (issue 22).

The rollup (rollup.py) reads every project of the plan with its latest published progress: on a 200-project plan
that was about a quarter of the uncached page's CPU time. So the services that change what the figures depend on
call `plan_changed(plan_id)` inside their transaction, and the plan's `rollup` column then holds, as JSON:

- the plan's and each goal's achievement, expected achievement, project, behind and completed counts;
- the projects furthest behind schedule (the page lists `BEHIND_SHOWN`), with their names;
- `on`: the day they were computed for. The expected achievement follows the calendar (rollup.expected_percent),
  so the figures are exact for that day only: `manage.py meter_rollups` stores every plan's anew each night,
  and a page that finds the figures of another day (or none) computes them live, as before — never a wrong figure.

The writes that change them (and call `plan_changed`): a plan's creation; a goal's save or deletion; a project's
save, deletion or status sync; a progress report's publication or withdrawal; a project status's new default.
`tests/test_rollup_store.py` runs random sequences of these through the services and compares the stored figures
with the live ones after each.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from tabadul.core.templatetags.bidi import user_text
from tabadul.core.templatetags.formats import percent

from .models import Project, StrategicGoal, StrategicPlan
from .rollup import GoalFigures, PlanFigures, _active_name, annotate_achievement, plan_figures, project_rows

# How many of the projects furthest behind schedule the plan page lists (and the plan stores).
BEHIND_SHOWN = 10

_pending: ContextVar[set | None] = ContextVar("meter_rollup_pending", default=None)


class BehindRow:
    """A project of the "behind schedule" list: what the plan page shows of it, and (after `with_display`) how."""

    __slots__ = (
        "pk",
        "name_ar",
        "name_en",
        "achievement",
        "expected",
        "url",
        "name_html",
        "achievement_html",
        "expected_html",
    )

    def __init__(self, pk, name_ar, name_en, achievement, expected):
        self.pk, self.name_ar, self.name_en, self.achievement, self.expected = (
            pk,
            name_ar,
            name_en,
            achievement,
            expected,
        )

    name = property(_active_name)

    @classmethod
    def of(cls, row) -> "BehindRow":
        return cls(row.pk, row.name_ar, row.name_en, row.achievement, float(row.expected))

    def __repr__(self) -> str:
        return f"BehindRow({self.pk}, {self.name_ar!r}, {self.achievement}, {self.expected})"


URL_SENTINEL = 987654321


def with_display(rows: list[BehindRow]) -> list[BehindRow]:
    """Each row's link, name and figures made once here, so the page's loop prints them without tags or filters
    (issue 22): one `reverse` for the list instead of one per row."""
    if not rows:
        return rows
    prefix, suffix = reverse("meter:project_detail", args=[URL_SENTINEL]).split(str(URL_SENTINEL))
    for row in rows:
        row.url = f"{prefix}{row.pk}{suffix}"
        row.name_html = user_text(row.name)
        row.achievement_html = percent(row.achievement)
        row.expected_html = mark_safe(_("expected %(expected)s") % {"expected": percent(row.expected)})  # noqa: S308 - a translated message and a formatted number
    return rows


def behind_of(figures: PlanFigures) -> list:
    """The projects furthest behind their linear schedule first (all of them; the page shows the first ten)."""
    rows = [project for project in figures.projects if project.behind]
    return sorted(rows, key=lambda project: project.achievement - project.expected)


def live(plan, *, today: date, goals: list | None = None) -> PlanFigures:
    """The figures computed from the projects and their published progress (two queries)."""
    if goals is None:
        goals = list(StrategicGoal.objects.filter(plan_id=plan.pk))
    rows = project_rows(annotate_achievement(Project.objects.filter(plan_id=plan.pk)))
    return plan_figures(plan, goals, rows, today)


def serialise(figures: PlanFigures, *, today: date) -> dict:
    def counts(item) -> dict:
        return {
            "achievement": float(item.achievement),
            "expected": float(item.expected),
            "project_count": item.project_count,
            "behind_count": item.behind_count,
            "completed_count": item.completed_count,
        }

    return {
        "on": today.isoformat(),
        **counts(figures),
        "goals": [{"id": goal.goal.pk, **counts(goal)} for goal in figures.goals],
        "behind": [
            [row.pk, row.name_ar, row.name_en, row.achievement, float(row.expected)]
            for row in behind_of(figures)[:BEHIND_SHOWN]
        ],
    }


FIGURES = ("achievement", "expected", "project_count", "behind_count", "completed_count")


def stored(plan, goals: list, *, today: date) -> tuple[PlanFigures, list] | None:
    """The figures and the behind list stored on `plan` when they are today's and of these goals; else None."""
    figures = stored_totals(plan, today=today)
    data = plan.rollup
    if figures is None or [g["id"] for g in data["goals"]] != [g.pk for g in goals]:
        return None
    figures.goals = [
        GoalFigures(goal=goal, **{name: item[name] for name in FIGURES})
        for goal, item in zip(goals, data["goals"], strict=True)
    ]
    return figures, [BehindRow(*row) for row in data["behind"]]


def stored_totals(plan, *, today: date) -> PlanFigures | None:
    """The plan's own figures (not its goals') stored on it when they are today's, else None: for a page that shows
    the plan's totals only (a body's page), without reading its goals."""
    data = plan.rollup
    if not data or data.get("on") != today.isoformat():
        return None
    return PlanFigures(plan=plan, **{name: data[name] for name in FIGURES})


def store(*, plan_id: int, today: date | None = None) -> None:
    """Compute and store one plan's figures, the plan's row locked first (two writers store one after the other)."""
    today = today or timezone.localdate()
    plan = StrategicPlan.objects.select_for_update().filter(pk=plan_id).first()
    if plan is None:  # deleted in the same transaction
        return
    StrategicPlan.objects.filter(pk=plan_id).update(rollup=serialise(live(plan, today=today), today=today))


def plan_changed(*plan_ids: int) -> None:
    """Called by the services, inside their transaction, after a write the plan's figures depend on."""
    pending = _pending.get()
    if pending is not None:
        pending.update(plan_ids)
        return
    for plan_id in plan_ids:
        store(plan_id=plan_id)


@contextmanager
def deferred():
    """Inside the block, each changed plan's figures are stored once, at its end (bulk loads: the bench, imports)."""
    if _pending.get() is not None:
        yield
        return
    token = _pending.set(set())
    try:
        yield
        pending = _pending.get()
    finally:
        _pending.reset(token)
    for plan_id in sorted(pending):
        store(plan_id=plan_id)
