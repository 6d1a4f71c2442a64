"""Every read the Meter's pages show, each with a fixed number of queries (asserted in the tests)."""

from dataclasses import dataclass
from datetime import datetime
from statistics import median

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.rules import is_platform_admin
from tabadul.core.prepared import PreparedQuery
from tabadul.directory.models import LocalBody
from tabadul.directory.selectors import BodyFilters, body_list

from . import rollup_store
from .models import (
    Evidence,
    Feedback,
    FeedbackSupport,
    Follow,
    ImportJob,
    Milestone,
    PlanReport,
    PlatformFeedback,
    Post,
    ProgressUpdate,
    Project,
    ProjectStatus,
    StrategicGoal,
    StrategicPlan,
)
from .rollup import (
    PLAN_ORDER,
    PlanFigures,
    ProjectRow,
    annotate_achievement,
    plan_figures,
    project_rows,
    project_schedule,
)


def today():
    return timezone.localdate()


def visible_plans(user) -> QuerySet[StrategicPlan]:
    """Published plans, plus the drafts of the bodies the person works for."""
    plans = StrategicPlan.objects.select_related("body__country")
    if user is None or not user.is_authenticated:
        return plans.published()
    if is_platform_admin(user):
        return plans

    staff_bodies = RoleGrant.objects.filter(user=user, local_body__isnull=False).values("local_body_id")
    return plans.filter(Q(status=StrategicPlan.Status.PUBLISHED) | Q(body_id__in=staff_bodies))


def published_plans() -> QuerySet[StrategicPlan]:
    """The platform's comparison page: every published plan, by body name then period."""
    return StrategicPlan.objects.published().select_related("body").order_by("body__name_ar", "-start_year", "pk")


# A visitor's plan: every public page of a plan reads it (core/prepared.py: compiled once per connection).
_published_plan = PreparedQuery(lambda pk: visible_plans(None).filter(pk=pk))


def plan_get(*, user, pk: int) -> StrategicPlan:
    if user is None or not user.is_authenticated:
        found = _published_plan(pk=pk)
        if not found:
            raise StrategicPlan.DoesNotExist
        return found[0]
    return visible_plans(user).get(pk=pk)


def _project_rows(plan_ids, as_of=None) -> list[ProjectRow]:
    """The project rows of the rollup, as plain rows (one query; see rollup.ProjectRow)."""
    return project_rows(annotate_achievement(Project.objects.filter(plan_id__in=plan_ids), as_of=as_of))


def plan_overview(*, plan: StrategicPlan, as_of=None) -> PlanFigures:
    """Goal and plan achievement of one plan: two queries, whatever the number of projects.

    With `as_of`, the figures as they stood on that day (for reports on a past period).
    """
    goals = list(StrategicGoal.objects.filter(plan=plan))
    projects = _project_rows([plan.pk], as_of=as_of)
    return plan_figures(plan, goals, projects, as_of or today())


def plan_totals(*, plan: StrategicPlan) -> PlanFigures:
    """The plan's achievement, expected achievement and project counts, not its goals': stored on the plan when they
    are today's (no query), else computed live (two queries)."""
    now = today()
    return rollup_store.stored_totals(plan, today=now) or rollup_store.live(plan, today=now)


_plan_goals = PreparedQuery(lambda plan_id: StrategicGoal.objects.filter(plan_id=plan_id).order_by("position", "pk"))


def plan_summary(*, plan: StrategicPlan) -> tuple[PlanFigures, list]:
    """The public plan page's figures and the projects furthest behind schedule (at most BEHIND_SHOWN): stored on the
    plan by the services when they are today's (one query, the goals), else computed live (two queries)."""
    now = today()
    goals = _plan_goals(plan_id=plan.pk)  # the plan's order of goals
    summary = rollup_store.stored(plan, goals, today=now)
    if summary is None:
        figures = rollup_store.live(plan, today=now, goals=goals)
        behind = [
            rollup_store.BehindRow.of(row) for row in rollup_store.behind_of(figures)[: rollup_store.BEHIND_SHOWN]
        ]
        summary = figures, behind
    return summary[0], rollup_store.with_display(summary[1])


def published_plan_keys() -> QuerySet:
    """The comparison page's order of the published plans, as keys: the sort carries narrow rows read from an index
    (meter_plan_status_body), not every column of 5,000 plans (their stored figures among them); the page's plans
    are read by key after (plans_in_order)."""
    return StrategicPlan.objects.published().order_by("body__name_ar", "-start_year", "pk").values_list("pk", flat=True)


def plans_in_order(keys: list[int]) -> list[StrategicPlan]:
    """The plans of `keys`, in their order, with their bodies: one query."""
    plans = StrategicPlan.objects.select_related("body").in_bulk(keys)
    return [plans[key] for key in keys if key in plans]


def plans_compared(*, plans: list[StrategicPlan]) -> list[PlanFigures]:
    """Figures of several plans side by side: those stored on the plans when they are today's (rollup_store.py),
    the others computed live. The goals, and the projects of the plans without today's figures: two queries at most
    (one when every plan holds today's, as after the nightly `meter_rollups`)."""
    ids = [plan.pk for plan in plans]
    goals_by_plan: dict[int, list] = {pk: [] for pk in ids}
    for goal in StrategicGoal.objects.filter(plan_id__in=ids).order_by("position", "pk"):
        goals_by_plan[goal.plan_id].append(goal)
    now = today()
    figures: dict[int, PlanFigures] = {}
    for plan in plans:
        summary = rollup_store.stored(plan, goals_by_plan[plan.pk], today=now)
        if summary is not None:
            figures[plan.pk] = summary[0]
    live = [plan for plan in plans if plan.pk not in figures]
    if live:
        projects_by_plan: dict[int, list] = {plan.pk: [] for plan in live}
        for project in _project_rows(list(projects_by_plan)):
            projects_by_plan[project.plan_id].append(project)
        for plan in live:
            figures[plan.pk] = plan_figures(plan, goals_by_plan[plan.pk], projects_by_plan[plan.pk], now)
    return [figures[plan.pk] for plan in plans]


@dataclass(frozen=True)
class ProjectFilters:
    goal: StrategicGoal | None = None
    status: ProjectStatus | None = None
    sector: str = ""
    behind: bool = False


def project_list(*, plan: StrategicPlan, filters: ProjectFilters) -> QuerySet[Project]:
    projects = annotate_achievement(Project.objects.filter(plan=plan).select_related("goal", "status"))
    if filters.goal:
        projects = projects.filter(goal=filters.goal)
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.sector:
        projects = projects.filter(sector=filters.sector)
    return projects.order_by(*PLAN_ORDER)


def with_schedule(projects) -> list:
    now = today()
    rows = list(projects)
    for project in rows:
        project_schedule(project, now)
    return rows


@dataclass
class Neighbourhood:
    name: str  # "" for the projects whose neighbourhood is not given
    rows: list  # (number on the map, project)


def by_neighbourhood(*, projects: list, numbers: dict[int, int]) -> list[Neighbourhood]:
    """The map page's list: projects grouped by neighbourhood (named ones in alphabetical order, then those without
    one), each with its number on the map. No query: `projects` are already loaded."""
    groups: dict[str, list] = {}
    for project in projects:
        groups.setdefault(project.neighbourhood.strip(), []).append((numbers[project.pk], project))
    names = sorted(name for name in groups if name) + ([""] if "" in groups else [])
    return [Neighbourhood(name, groups[name]) for name in names]


def plan_points(*, plan: StrategicPlan) -> list[tuple]:
    """The (latitude, longitude) of the plan's projects that have one: the frame of the project form's map."""
    return list(Project.objects.filter(plan=plan, latitude__isnull=False).values_list("latitude", "longitude"))


def sectors(*, plan: StrategicPlan) -> list[str]:
    return list(
        Project.objects.filter(plan=plan)
        .exclude(sector="")
        .order_by("sector")
        .values_list("sector", flat=True)
        .distinct()
    )


def project_get(*, user, pk: int) -> Project:
    project = annotate_achievement(
        Project.objects.select_related("plan__body__country", "goal", "status").filter(plan__in=visible_plans(user))
    ).get(pk=pk)
    project_schedule(project, today())
    return project


def project_timeline(*, project: Project, include_unpublished: bool = False) -> list[ProgressUpdate]:
    updates = project.progress_updates.prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
    if not include_unpublished:
        updates = updates.filter(status=ProgressUpdate.Status.PUBLISHED)
    return list(updates.order_by("-date", "-pk"))


def project_milestones(*, project: Project) -> list[Milestone]:
    return list(project.milestones.all())


def feedback_by_reference(*, reference: str) -> Feedback:
    """One message by its reference, with what its page shows (one query); DoesNotExist when unknown."""
    if len(reference) != 8:
        raise Feedback.DoesNotExist
    return Feedback.objects.select_related("body", "plan", "project").get(reference=reference)


def published_feedback(*, plan: StrategicPlan | int, project: Project | None = None) -> QuerySet[Feedback]:
    """Published messages (of a plan or a plan's id); a complaint only with the body's reply (older rows published
    without one stay hidden)."""
    feedback = (
        Feedback.objects.filter(plan=plan, status=Feedback.Status.PUBLISHED)
        .exclude(kind=Feedback.Kind.COMPLAINT, reply="")
        .select_related("project")
        .annotate(support_count=Count("supports"))  # in the same query: the count is public (and cached)
    )
    if project is not None:
        feedback = feedback.filter(project=project)
    return feedback.order_by("-created_at")


# How the body's feedback list may be sorted: newest first (the default) or most supported first.
QUEUE_ORDERS = {"": ("status", "-created_at", "-pk"), "support": ("-support_count", "status", "-created_at", "-pk")}


def moderation_queue(*, body, order: str = "") -> QuerySet[Feedback]:
    return (
        Feedback.objects.filter(body=body)
        .select_related("plan", "project", "author")
        .annotate(support_count=Count("supports"))
        .order_by(*QUEUE_ORDERS.get(order, QUEUE_ORDERS[""]))
    )


# What the plan page shows of each published message (meter/plan_detail.html): its kind, text, reply and project, and
# the count of supporters. Only these columns are read and grouped by for the count (a message has twenty).
FEEDBACK_SHOWN = 10
_FEEDBACK_FIELDS = ("kind", "text", "reply", "created_at", "project__name_ar", "project__name_en")


_plan_page_feedback = PreparedQuery(
    lambda plan_id: published_feedback(plan=plan_id).only(*_FEEDBACK_FIELDS)[:FEEDBACK_SHOWN]
)


def plan_page_feedback(*, plan: StrategicPlan) -> list[Feedback]:
    """The latest published messages on the plan, as its public page lists them: one query."""
    return _plan_page_feedback(plan_id=plan.pk)


def supported_ids(*, user, feedback) -> set[int]:
    """Which of these messages the person supports: one query, none for an anonymous visitor."""
    if not user.is_authenticated:
        return set()
    ids = [item.pk for item in feedback]
    if not ids:
        return set()
    return set(FeedbackSupport.objects.filter(user=user, feedback_id__in=ids).values_list("feedback_id", flat=True))


def supportable_feedback(*, pk: int) -> Feedback:
    """A published suggestion of a published plan, with its support count: the support page."""
    return (
        Feedback.objects.filter(
            pk=pk,
            kind=Feedback.Kind.SUGGESTION,
            status=Feedback.Status.PUBLISHED,
            plan__status=StrategicPlan.Status.PUBLISHED,
        )
        .select_related("plan__body", "project")
        .annotate(support_count=Count("supports"))
        .get()
    )


def platform_feedback(*, status: str = PlatformFeedback.Status.OPEN) -> QuerySet[PlatformFeedback]:
    """Suggestions to improve the Meter, for the platform's administrators (oldest open first)."""
    order = ("created_at", "pk") if status == PlatformFeedback.Status.OPEN else ("-created_at", "-pk")
    return PlatformFeedback.objects.filter(status=status).select_related("author").order_by(*order)


def pending_progress(*, body) -> QuerySet[ProgressUpdate]:
    return (
        ProgressUpdate.objects.filter(project__plan__body=body, status=ProgressUpdate.Status.PENDING)
        .select_related("project__plan__body", "author")  # the body: the approval rule asks each update
        .prefetch_related("evidence")
        .order_by("date", "pk")
    )


@dataclass
class ResponseFigures:
    received: int
    answered: int
    median_hours: float | None
    average_hours: float | None


def _answered_feedback(bodies) -> QuerySet:
    return (
        Feedback.objects.filter(body_id__in=bodies)
        .exclude(status=Feedback.Status.REJECTED)
        .order_by()  # the figures do not depend on the order: no sort by the model's ordering
        .values_list("body_id", "created_at", "replied_at")
    )


_body_answered_feedback = PreparedQuery(lambda body_id: _answered_feedback([body_id]))


def response_times(*, body) -> ResponseFigures:
    """How fast a body answers its citizens' feedback (rejected spam left out): one query."""
    return _response_figures(_body_answered_feedback(body_id=body.pk), body_ids=[body.pk])[body.pk]


def response_times_by_body(*, body_ids) -> dict[int, ResponseFigures]:
    """`response_times` for several bodies in one query."""
    return _response_figures(_answered_feedback(list(body_ids)), body_ids=body_ids)


def _response_figures(rows, *, body_ids) -> dict[int, ResponseFigures]:
    received: dict[int, int] = {}
    hours: dict[int, list[float]] = {}
    for body_id, created, replied in rows:
        received[body_id] = received.get(body_id, 0) + 1
        if replied is not None:
            hours.setdefault(body_id, []).append(max(0.0, (replied - created).total_seconds() / 3600))
    return {
        body_id: ResponseFigures(
            received=received.get(body_id, 0),
            answered=len(hours.get(body_id, [])),
            median_hours=round(median(hours[body_id]), 1) if hours.get(body_id) else None,
            average_hours=round(sum(hours[body_id]) / len(hours[body_id]), 1) if hours.get(body_id) else None,
        )
        for body_id in body_ids
    }


def behind_projects(*, figures: PlanFigures) -> list:
    """The projects furthest behind their linear schedule first."""
    return rollup_store.behind_of(figures)


def body_posts(*, body, kind: str = "", now: datetime | None = None) -> QuerySet[Post]:
    """A body's (or a body id's) published posts, newest first."""
    posts = Post.objects.filter(body=body, published_at__lte=now or timezone.now())
    if kind:
        posts = posts.filter(kind=kind)
    return posts.order_by("-published_at", "-pk")


LATEST_POSTS = 3
_latest_posts = PreparedQuery(lambda body_id, now: body_posts(body=body_id, now=now)[:LATEST_POSTS], now=datetime)


def latest_posts(*, body) -> list[Post]:
    """The body's newest published posts, as its plan page lists them."""
    return _latest_posts(body_id=body.pk, now=timezone.now())


def body_gallery(*, body) -> QuerySet[Post]:
    return body_posts(body=body).exclude(image="")


_plan_reports = PreparedQuery(lambda plan_id: PlanReport.objects.filter(plan_id=plan_id))


def plan_reports(*, plan: StrategicPlan) -> list[PlanReport]:
    reports = _plan_reports(plan_id=plan.pk)
    for report in reports:
        report.plan = plan  # as plan.reports.all() gives them: no query for their plan
    return reports


# --- Lookups of the views (one object by its id, with what the page and the permission check need) ------------


# Not .first(): it would order by the model's ordering, which joins the body to read one column of one row.
_plan_body_id = PreparedQuery(
    lambda pk: StrategicPlan.objects.filter(pk=pk).order_by().values_list("body_id", flat=True)[:1]
)


def plan_body_id(*, pk) -> int | None:
    """The body of a plan, or None when there is no such plan: the cache scope of the plan's pages."""
    return next(iter(_plan_body_id(pk=pk)), None)


def project_body_id(*, pk) -> int | None:
    """The body of a project, or None when there is no such project: the cache scope of the project's page."""
    return Project.objects.filter(pk=pk).values_list("plan__body_id", flat=True).first()


def body_id_by_slug(*, slug: str) -> int | None:
    """The body with this slug, or None: the cache scope of the body's pages."""
    return LocalBody.objects.filter(slug=slug).values_list("pk", flat=True).first()


def current_plans(*, body) -> QuerySet[StrategicPlan]:
    """The body's published plans, the one that starts last (its current plan) first."""
    return StrategicPlan.objects.published().filter(body=body).order_by("-start_year", "-pk")


_current_plan = PreparedQuery(lambda body_id: current_plans(body=body_id)[:1])


def current_plan(*, body) -> StrategicPlan | None:
    """The body's published plan that starts last (its Meter home page), or None."""
    plans = _current_plan(body_id=body.pk)
    return plans[0] if plans else None


def is_following(*, user, plan: StrategicPlan | None = None, project: Project | None = None) -> bool:
    lookup = {"project": project} if project is not None else {"plan": plan}
    return Follow.objects.filter(user=user, **lookup).exists()


def managed_bodies(*, user, filters: BodyFilters) -> QuerySet[LocalBody]:
    """The bodies on a person's Meter dashboard (every body with a plan for platform administrators: thousands at
    regional scale, so the view pages them) that match the directory's filters, each with its plans (prefetched for
    the page shown only)."""
    if is_platform_admin(user):
        ids = StrategicPlan.objects.values("body_id")
    else:
        ids = user.role_grants.filter(local_body__isnull=False).values("local_body_id")
    return body_list(filters=filters).filter(pk__in=ids).prefetch_related("meter_plans")


def body_statuses(*, body) -> QuerySet[ProjectStatus]:
    return ProjectStatus.objects.filter(body=body)


def plans_with_body() -> QuerySet[StrategicPlan]:
    return StrategicPlan.objects.select_related("body__country")


def projects_with_plan() -> QuerySet[Project]:
    return Project.objects.select_related("plan__body__country")


def progress_with_project() -> QuerySet[ProgressUpdate]:
    return ProgressUpdate.objects.select_related("project__plan__body", "author")


def feedback_with_body() -> QuerySet[Feedback]:
    return Feedback.objects.select_related("body", "plan", "project")


def import_jobs() -> QuerySet[ImportJob]:
    return ImportJob.objects.select_related("plan__body")


def reports_with_plan() -> QuerySet[PlanReport]:
    return PlanReport.objects.select_related("plan__body__country")


def saved_copy(instance):
    """The object as its row holds it now (None for None): what an edit hands to its service, rather than the
    instance a bound ModelForm has already changed."""
    if instance is None:
        return None
    return type(instance)._default_manager.get(pk=instance.pk)
