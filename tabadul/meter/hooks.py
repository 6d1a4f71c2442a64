"""What the Meter contributes to other apps' pages and lists (tabadul/core/hooks.py)."""

from tabadul.core import hooks
from tabadul.core.pickers import SEPARATOR, Picker
from tabadul.programmes.selectors import PilotResult, WorkKind, sees_draft_work

from . import home
from .body_page import NEWS_SECTION, PLAN_SECTION
from .models import Project, StrategicGoal, StrategicPlan
from .rollup import annotate_achievement, plan_figures, project_rows
from .selectors import today, visible_plans
from .work import FEEDBACK_TO_MODERATE, MY_FEEDBACK, PLATFORM_FEEDBACK, PROGRESS_TO_APPROVE

hooks.register("work.waiting", PROGRESS_TO_APPROVE)
hooks.register("work.waiting", FEEDBACK_TO_MODERATE)
hooks.register("work.waiting", MY_FEEDBACK)
hooks.register("work.waiting", PLATFORM_FEEDBACK)


def _programme_pilots(programme, user) -> list:
    """The programme's Meter pilots: published plans, or all of them for those who see its drafts."""
    plans = StrategicPlan.objects.filter(programme=programme).select_related("body").order_by("body__name_ar", "pk")
    if not sees_draft_work(programme=programme, user=user):
        plans = plans.filter(status=StrategicPlan.Status.PUBLISHED)
    return list(plans)


def _published_pilots(programme):
    return StrategicPlan.objects.filter(programme=programme, status=StrategicPlan.Status.PUBLISHED)


def _programme_pilot_results(programme, period) -> dict:
    """Each published pilot plan with its achievement by the Meter's rollup, as it stood at the end of the period
    (today when open): three queries."""
    plans = list(_published_pilots(programme).select_related("body").order_by("body__name_ar", "pk"))
    as_of = min(period.end, today()) if period.end else None
    goals: dict[int, list] = {plan.pk: [] for plan in plans}
    for goal in StrategicGoal.objects.filter(plan__in=plans):
        goals[goal.plan_id].append(goal)
    projects: dict[int, list] = {plan.pk: [] for plan in plans}
    for row in project_rows(annotate_achievement(Project.objects.filter(plan__in=plans), as_of=as_of)):
        projects[row.plan_id].append(row)
    pilots = [
        PilotResult(
            plan=figures.plan,
            achievement=figures.achievement,
            expected=figures.expected,
            project_count=figures.project_count,
            completed_count=figures.completed_count,
            behind_count=figures.behind_count,
        )
        for figures in (plan_figures(plan, goals[plan.pk], projects[plan.pk], as_of or today()) for plan in plans)
    ]
    return {"pilots": pilots}


def _programme_pilot_bodies(programme, period):
    return _published_pilots(programme).values_list("body", flat=True)


hooks.register(
    "programmes.work",
    WorkKind(
        "pilots",
        _programme_pilots,
        model=StrategicPlan,
        count_name="pilot_count",
        results=_programme_pilot_results,
        reached=_programme_pilot_bodies,
    ),
    order=30,
)
hooks.register("directory.body_sections", PLAN_SECTION, order=10)
hooks.register("directory.body_sections", NEWS_SECTION, order=20)

hooks.register("core.home_figures", home.FIGURE, order=50)
hooks.register("core.home_context", home.home_context, order=50)


def _project_label(project) -> str:
    """A project's name and its body (core/pickers.py)."""
    return f"{project.name}{SEPARATOR}{project.plan.body.name}"


hooks.register(
    "core.pickers",
    Picker(
        name="projects",
        names=("name_ar", "name_en"),
        label=_project_label,
        suggestions=lambda user: Project.objects.filter(plan__in=visible_plans(user).values("pk")),
        related=("plan__body",),
    ),
)
