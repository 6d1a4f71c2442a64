"""How achievement rolls up from projects to goals to plans (the rule is written out in docs/meter.md).

- A project's achievement is the percentage of its latest *published* progress update (latest by date,
  then by id); with none, the default percentage of its status (e.g. "tendering" = 10 %).
- A goal's achievement is the weighted mean of its projects' achievements, by project weight.
- A plan's achievement is the weighted mean of its goals' achievements, by goal weight.
- When every weight in a mean is zero, the plain mean is used; an empty goal or plan is 0 %.
- Expected progress follows a straight line from 0 % on the start date to 100 % on the end date;
  a project is "behind schedule" when its achievement is more than BEHIND_TOLERANCE points below it.

The database does the per-project part in one query (`annotate_achievement`); the means are one pass
over those rows in Python (`weighted_mean`), the same functions the property tests exercise.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, F, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from .models import ProgressUpdate

# Percentage points a project may lag its linear schedule before it is shown as behind schedule.
BEHIND_TOLERANCE = 15

# The plan's order of projects: by goal (in the plan's order of goals), then by external id. The rollup's rows come
# in it, so that sums, ties in the "behind schedule" list and paged lists do not depend on the database's whim.
PLAN_ORDER = ("goal__position", "goal_id", "external_id")


def weighted_mean(items: Iterable[tuple[float, float]]) -> float:
    """Mean of (value, weight) pairs by weight; the plain mean when all weights are 0; 0 when empty.

    Every value is clamped into 0–100 first, so the result always is too.
    """
    pairs = [(min(100.0, max(0.0, float(value))), max(0.0, float(weight))) for value, weight in items]
    if not pairs:
        return 0.0
    total_weight = sum(weight for _, weight in pairs)
    if total_weight <= 0:
        result = sum(value for value, _ in pairs) / len(pairs)
    else:
        result = sum(value * weight for value, weight in pairs) / total_weight
    return min(100.0, max(0.0, result))


def expected_percent(start: date, end: date, today: date) -> float:
    """Where a linear schedule says the project should be on `today`."""
    if today <= start:
        return 0.0
    if today >= end:
        return 100.0
    return 100.0 * (today - start).days / max(1, (end - start).days)


def is_behind(achievement: float, expected: float) -> bool:
    return achievement < expected - BEHIND_TOLERANCE


def annotate_achievement(projects: QuerySet, *, as_of: date | None = None) -> QuerySet:
    """Add `achievement` (latest published update, else the status default) and `last_update_date`.

    With `as_of` (the figures of a report period), only the published progress history counts, never the
    project's current state: the latest published update dated on or before that day, else 0 % — the status
    default is today's state, not history. A project that had not started by that day counts 0 %.
    """

    latest = ProgressUpdate.objects.filter(project=OuterRef("pk"), status=ProgressUpdate.Status.PUBLISHED)
    if as_of is not None:
        latest = latest.filter(date__lte=as_of)
    latest = latest.order_by("-date", "-pk")
    reported = Subquery(latest.values("percent")[:1], output_field=IntegerField())
    if as_of is None:
        achievement = Coalesce(reported, F("status__default_percent"), Value(0), output_field=IntegerField())
    else:
        achievement = Case(
            When(start_date__gt=as_of, then=Value(0)),
            default=Coalesce(reported, Value(0), output_field=IntegerField()),
            output_field=IntegerField(),
        )
    return projects.annotate(achievement=achievement, last_update_date=Subquery(latest.values("date")[:1]))


def _active_name(row) -> str:
    from django.utils.translation import get_language

    if row.name_en and (get_language() or "ar").startswith("en"):
        return row.name_en
    return row.name_ar


class StatusRow:
    """The status of a project row: what the public pages, reports and the API read of a ProjectStatus."""

    __slots__ = ("pk", "name_ar", "name_en", "default_percent")

    def __init__(self, pk, name_ar, name_en, default_percent):
        self.pk, self.name_ar, self.name_en, self.default_percent = pk, name_ar, name_en, default_percent

    name = property(_active_name)

    def __str__(self) -> str:
        return self.name


class ProjectRow:
    """A project as the rollup reads it: plain attributes from one `values_list` row, not a model instance.

    Building 200 model instances (with their statuses) cost more than the rest of the plan page's query;
    this keeps the attributes the pages, the report and the API use (`pk`, `name`, `status.name`, ...).
    """

    FIELDS = (
        "pk",
        "plan_id",
        "goal_id",
        "external_id",
        "name_ar",
        "name_en",
        "sector",
        "start_date",
        "end_date",
        "weight",
        "achievement",
        "last_update_date",
    )
    __slots__ = (*FIELDS, "status", "expected", "behind")

    def __init__(self, values, status):
        (
            self.pk,
            self.plan_id,
            self.goal_id,
            self.external_id,
            self.name_ar,
            self.name_en,
            self.sector,
            self.start_date,
            self.end_date,
            self.weight,
            self.achievement,
            self.last_update_date,
        ) = values
        self.status = status

    name = property(_active_name)

    @property
    def id(self):
        return self.pk

    @property
    def status_id(self):
        return self.status.pk

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("meter:project_detail", args=[self.pk])


def project_rows(queryset: QuerySet) -> list[ProjectRow]:
    """Rows of an `annotate_achievement` queryset of projects, in the plan's order, with their statuses (no extra
    query)."""
    statuses: dict = {}
    rows = []
    for values in queryset.order_by(*PLAN_ORDER).values_list(
        *ProjectRow.FIELDS, "status_id", "status__name_ar", "status__name_en", "status__default_percent"
    ):
        status = statuses.get(values[12])
        if status is None:
            status = statuses[values[12]] = StatusRow(*values[12:])
        rows.append(ProjectRow(values[:12], status))
    return rows


@dataclass
class GoalFigures:
    goal: object
    achievement: float = 0.0
    project_count: int = 0
    behind_count: int = 0
    completed_count: int = 0
    expected: float = 0.0


@dataclass
class PlanFigures:
    plan: object
    achievement: float = 0.0
    goals: list[GoalFigures] = field(default_factory=list)
    project_count: int = 0
    behind_count: int = 0
    completed_count: int = 0
    expected: float = 0.0
    by_status: dict = field(default_factory=dict)
    projects: list = field(default_factory=list)


def project_schedule(project, today: date) -> None:
    """Set `expected` and `behind` on a project row annotated with `achievement`."""
    project.expected = expected_percent(project.start_date, project.end_date, today)
    project.behind = is_behind(project.achievement, project.expected)


def plan_figures(plan, goals: list, projects: list, today: date) -> PlanFigures:
    """Roll annotated project rows up into goal and plan figures in one pass."""
    by_goal: dict[int, list] = {goal.pk: [] for goal in goals}
    figures = PlanFigures(plan=plan, projects=projects)
    by_status: dict = {}  # by status object: its name (in the active language) once per status, not per project
    for project in projects:
        project_schedule(project, today)
        by_goal.setdefault(project.goal_id, []).append(project)
        figures.project_count += 1
        figures.behind_count += project.behind
        figures.completed_count += project.achievement >= 100
        status = getattr(project, "status", None)
        by_status[id(status)] = (status, by_status.get(id(status), (None, 0))[1] + 1)
    for status, count in by_status.values():
        key = status.name if status is not None else ""
        figures.by_status[key] = figures.by_status.get(key, 0) + count
    for goal in goals:
        rows = by_goal.get(goal.pk, [])
        goal_figures = GoalFigures(
            goal=goal,
            achievement=weighted_mean((row.achievement, row.weight) for row in rows),
            project_count=len(rows),
            behind_count=sum(row.behind for row in rows),
            completed_count=sum(row.achievement >= 100 for row in rows),
            expected=weighted_mean((row.expected, row.weight) for row in rows),
        )
        figures.goals.append(goal_figures)
    figures.achievement = weighted_mean((gf.achievement, gf.goal.weight) for gf in figures.goals)
    figures.expected = weighted_mean((gf.expected, gf.goal.weight) for gf in figures.goals)
    return figures
