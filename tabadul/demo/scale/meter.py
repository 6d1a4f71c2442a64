"""The Municipality Meter: published strategic plans of half the bodies, with goals, projects and a history of
progress reports. Each project's status agrees with its latest published figure (meter/stages.py), as the
services keep it; the last report of some projects still waits for the approver."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from tabadul.demo.meter import FUNDERS, GOALS, STATUSES
from tabadul.directory.models import Country
from tabadul.meter.models import ProgressUpdate, Project, ProjectStatus, StrategicGoal, StrategicPlan

from .base import Run, insert, pick
from .words import PROGRESS_NOTES, ROOTS

PLANS_AT_ONCE = 200  # plans generated (and their projects kept in memory) together
APPROVAL = timedelta(days=2)  # from a report to its publication
CURRENCIES = {"PS": "ILS", "JO": "JOD", "LB": "LBP", "IQ": "IQD", "LY": "LYD", "TN": "TND"}


def _statuses(run: Run, body_ids: list[int]) -> dict[int, dict[str, int]]:
    rows = [
        ProjectStatus(body_id=b, code=code, name_ar=ar, name_en=en, default_percent=percent, position=position)
        for b in body_ids
        for position, (code, ar, en, percent) in enumerate(STATUSES)
    ]
    statuses: dict[int, dict[str, int]] = {}
    for status in insert(ProjectStatus, rows, run):
        statuses.setdefault(status.body_id, {})[status.code] = status.pk
    return statuses


def _plan(run: Run, rng, body_id: int) -> StrategicPlan:
    body_ar, body_en = run.body_names[body_id]
    start = run.today.year - rng.choice([1, 2, 2, 3])
    end = start + rng.choice([3, 4])
    return StrategicPlan(
        body_id=body_id,
        title_ar=f"الخطة الاستراتيجية التنموية ل{body_ar}",
        title_en=f"Strategic development plan of {body_en} {start}–{end}",
        start_year=start,
        end_year=end,
        vision=f"{body_ar} مكان آمن ومنتج، بخدمات عادلة ومشاركة واسعة لمواطنيه.",
        status=StrategicPlan.Status.PUBLISHED,
        published_at=datetime.combine(date(start, 3, 1), time(9), tzinfo=UTC),
    )


def _goals(rng, plans: list[StrategicPlan]):
    for plan in plans:
        keys = rng.sample(sorted(GOALS), k=rng.randrange(4, 7))
        for position, key in enumerate(keys):
            name_ar, name_en, *_rest = GOALS[key]
            goal = StrategicGoal(
                plan_id=plan.pk, external_id=f"G{position + 1}", name_ar=name_ar, name_en=name_en, position=position
            )
            goal.key = key
            goal.weight = Decimal(rng.choice([1, 2, 2, 3]))
            yield goal


def history(rng, start: date, end: date, today: date, average: float) -> list[tuple[date, int]]:
    """Rising progress reports between a project's start and today (or its end): about `average` of them."""
    last = min(end, today)
    span = (last - start).days
    if span < 2:
        return []
    expected = 100 * span / max(1, (end - start).days)
    final = max(5, min(100, round(expected + rng.choice([-40, -20, -10, 0, 0, 10]))))
    if end <= today and rng.random() < 0.7:
        final = 100
    count = min(span, rng.randrange(1, max(2, round(2 * average))))
    days = sorted(rng.sample(range(1, span + 1), k=count))
    values = sorted(rng.randrange(5, final + 1) for _ in days[:-1]) + [final]
    return [(start + timedelta(days=day), value) for day, value in zip(days, values, strict=True)]


def status_code(published: list[tuple[date, int]], start: date, today: date) -> str:
    """The status whose stage is that of the latest published figure (demo/meter.py does the same)."""
    if not published:
        return "tendering" if start <= today else "planned"
    percent = published[-1][1]
    if percent >= 100:
        return "completed"
    return "in_progress" if percent >= 20 else "contracted"


def _projects(run: Run, rng, plans, goals, statuses, currencies):
    goals_of = {}
    for goal in goals:
        goals_of.setdefault(goal.plan_id, []).append(goal)
    average = run.volumes.projects / run.volumes.plans
    for plan in plans:
        plan_goals = goals_of[plan.pk]
        for index in range(max(1, round(average * rng.uniform(0.5, 1.5)))):
            goal = plan_goals[index % len(plan_goals)]
            _ar, _en, sector, department, templates = GOALS[goal.key]
            place = f"حي {pick(rng, ROOTS)[0]}"
            start = date(plan.start_year, 1, 1) + timedelta(
                days=rng.randrange(0, 365 * (plan.end_year - plan.start_year))
            )
            end = min(date(plan.end_year, 12, 31), start + timedelta(days=rng.choice([120, 180, 270, 365, 540, 730])))
            project = Project(
                plan_id=plan.pk,
                goal_id=goal.pk,
                external_id=f"{goal.external_id}-{index // len(plan_goals) + 1:02d}",
                name_ar=pick(rng, templates).format(place=place),
                sector=sector,
                location=place,
                neighbourhood=place,
                department=department,
                budget=Decimal(rng.randrange(20, 1500) * 1000),
                currency=currencies[plan.body_id],
                funding_source=pick(rng, FUNDERS),
                start_date=start,
                end_date=end,
                weight=Decimal(rng.choice([1, 1, 2, 3])),
            )
            project.history = history(rng, start, end, run.today, run.volumes.progress_updates / run.volumes.projects)
            project.pending_last = len(project.history) > 1 and rng.random() < 0.1
            published = project.history[:-1] if project.pending_last else project.history
            project.status_id = statuses[plan.body_id][status_code(published, start, run.today)]
            yield project


def _updates(run: Run, rng, projects, plans):
    body_of_plan = {plan.pk: plan.body_id for plan in plans}
    now = datetime.combine(run.today, time(12), tzinfo=UTC)
    for project in projects:
        body_id = body_of_plan[project.plan_id]
        for number, (day, percent) in enumerate(project.history):
            pending = project.pending_last and number == len(project.history) - 1
            yield ProgressUpdate(
                project_id=project.pk,
                percent=percent,
                date=day,
                note=pick(rng, PROGRESS_NOTES),
                author_id=run.editor(body_id),
                status=ProgressUpdate.Status.PENDING if pending else ProgressUpdate.Status.PUBLISHED,
                published_by_id=None if pending else run.approver(body_id),
                published_at=None if pending else min(now, datetime.combine(day, time(10), tzinfo=UTC) + APPROVAL),
            )


def generate(run: Run) -> None:
    rng = run.rng("meter")
    codes = {pk: code for pk, code in Country.objects.values_list("pk", "code")}
    body_ids = sorted(rng.sample(run.body_ids, k=min(run.bodies, run.volumes.plans)))  # keys rise with the order
    currencies = {b: CURRENCIES.get(codes[run.body_country[b]], "ILS") for b in body_ids}
    for start in range(0, len(body_ids), PLANS_AT_ONCE):
        chunk = body_ids[start : start + PLANS_AT_ONCE]
        statuses = _statuses(run, chunk)
        plans = insert(StrategicPlan, (_plan(run, rng, b) for b in chunk), run)
        goals = insert(StrategicGoal, _goals(rng, plans), run)
        projects = insert(Project, _projects(run, rng, plans, goals, statuses, currencies), run)
        insert(ProgressUpdate, _updates(run, rng, projects, plans), run, keep=False)
        run.plan_ids.extend(plan.pk for plan in plans)
        run.project_ids.extend(project.pk for project in projects)
