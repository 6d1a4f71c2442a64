"""The figures stored on a plan (rollup_store.py) equal the live rollup after every kind of write (issue 22).

Random sequences of the writes the figures depend on run through the services; after each, the plan's stored
figures must be exactly what the rollup computes from the projects and their published progress, and the plan
page's summary must read them. Every public service is classified below, so a new write has to be placed.
"""

import contextlib
import inspect
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tabadul.directory.tests.factories import LocalBodyFactory

from .. import rollup_store, selectors, services
from ..models import ProgressUpdate, Project, StrategicGoal, StrategicPlan
from .factories import make_goal, make_plan, make_project, make_statuses, publish_progress, staff

# The writes the stored figures depend on: each one is in the random sequences below.
CHANGES_FIGURES = {
    "plan_create",
    "goal_save",
    "goal_delete",
    "project_save",
    "project_delete",
    "project_status_sync",
    "progress_publish",
    "progress_reject",
    "status_save",
}
# The writes that leave them as they are (nothing the rollup reads), and why.
LEAVES_FIGURES = {
    "plan_update": "titles, years, vision: not read by the rollup",
    "plan_set_status": "publishing shows the figures, it does not change them",
    "milestone_save": "not part of the rollup",
    "indicator_save": "not part of the rollup",
    "progress_submit": "a report counts once published",
    "post_save": "news",
    "post_delete": "news",
    "feedback_submit": "citizens' messages",
    "feedback_moderate": "citizens' messages",
    "feedback_reply": "citizens' messages",
    "feedback_erase_contacts": "citizens' messages",
    "support_set": "citizens' messages",
    "platform_feedback_submit": "messages to the platform",
    "platform_feedback_done": "messages to the platform",
    "platform_feedback_erase_contacts": "messages to the platform",
    "report_save": "reports compute their own figures as of their period",
    "follow_set": "followers",
}


def test_every_service_is_classified():
    public = {
        name
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if not name.startswith("_") and function.__module__ == services.__name__
    }
    assert public == CHANGES_FIGURES | set(LEAVES_FIGURES)


def _today():
    """Asked at each use, not once at import: a run that crosses midnight (Palestine's) compared yesterday's
    date, kept since import, with the figures stored today."""
    return timezone.localdate()


percent = st.integers(0, 100)
index = st.integers(0, 50)
operations = st.one_of(
    st.tuples(
        st.just("project_create"),
        index,
        st.sampled_from(["planned", "tendering", "in_progress"]),
        st.integers(0, 3),
        st.integers(-900, 200),
        st.integers(30, 900),
    ),
    st.tuples(st.just("project_edit"), index, index, st.integers(0, 3), st.integers(-900, 200), st.integers(30, 900)),
    st.tuples(st.just("project_status"), index, st.sampled_from(["planned", "tendering", "in_progress", "completed"])),
    st.tuples(st.just("project_delete"), index),
    st.tuples(st.just("goal_create"), st.integers(0, 4)),
    st.tuples(st.just("goal_edit"), index, st.integers(0, 4)),
    st.tuples(st.just("goal_delete"), index),
    st.tuples(st.just("publish"), index, percent, st.integers(0, 700)),
    st.tuples(st.just("withdraw"), index),
    st.tuples(st.just("status_default"), st.integers(1, 99)),
)


class StoredFiguresFollowEveryWrite(TestCase):
    def _setup(self):
        body = LocalBodyFactory()
        editor, approver = staff(body)
        statuses = make_statuses(actor=editor, body=body)
        plan = make_plan(
            actor=editor, body=body, approver=approver, start_year=_today().year - 3, end_year=_today().year
        )
        goal = make_goal(actor=editor, plan=plan, weight=2)
        make_project(actor=editor, plan=plan, goal=goal, status=statuses["tendering"], external_id="P0")
        return body, editor, approver, statuses, plan

    def _apply(self, op, *, body, editor, approver, statuses, plan):
        kind, *args = op
        goals = list(StrategicGoal.objects.filter(plan=plan).order_by("pk"))
        projects = list(Project.objects.filter(plan=plan).order_by("pk"))
        first_day = date(plan.start_year, 1, 1)
        if kind == "project_create" and goals:
            n, code, weight, start, length = args
            start_date = max(first_day, _today() + timedelta(days=start))
            make_project(
                actor=editor,
                plan=plan,
                goal=goals[n % len(goals)],
                status=statuses[code],
                external_id=f"P{Project.objects.count() + 1}-{n}",
                weight=weight,
                start_date=start_date,
                end_date=start_date + timedelta(days=length),
            )
        elif kind == "project_edit" and projects and goals:
            n, g, weight, start, length = args
            start_date = max(first_day, _today() + timedelta(days=start))
            services.project_save(
                actor=editor,
                plan=plan,
                project=projects[n % len(projects)],
                goal=goals[g % len(goals)],
                weight=Decimal(weight),
                name_ar=f"مشروع {n}",
                start_date=start_date,
                end_date=start_date + timedelta(days=length),
            )
        elif kind == "project_status" and projects:
            n, code = args
            services.project_save(actor=editor, plan=plan, project=projects[n % len(projects)], status=statuses[code])
        elif kind == "project_delete" and projects:
            services.project_delete(actor=editor, project=projects[args[0] % len(projects)])
        elif kind == "goal_create":
            make_goal(actor=editor, plan=plan, external_id=f"G{StrategicGoal.objects.count() + 1}", weight=args[0])
        elif kind == "goal_edit" and goals:
            n, weight = args
            services.goal_save(actor=editor, plan=plan, goal=goals[n % len(goals)], weight=Decimal(weight))
        elif kind == "goal_delete" and goals:
            services.goal_delete(actor=editor, goal=goals[args[0] % len(goals)])
        elif kind == "publish" and projects:
            n, value, days_ago = args
            when = max(first_day, _today() - timedelta(days=days_ago))
            publish_progress(
                editor=editor, approver=approver, project=projects[n % len(projects)], percent=value, when=when
            )
        elif kind == "withdraw":
            update = (
                ProgressUpdate.objects.filter(project__plan=plan, status=ProgressUpdate.Status.PUBLISHED)
                .order_by("-date", "-pk")
                .first()
            )
            if update is not None:
                services.progress_reject(actor=approver, update=update, reason="سحب التقرير")
        elif kind == "status_default":
            services.status_save(actor=editor, body=body, status=statuses["in_progress"], default_percent=args[0])
            statuses["in_progress"].refresh_from_db()

    def _assert_stored_is_live(self, plan):
        plan = StrategicPlan.objects.get(pk=plan.pk)
        live = rollup_store.live(plan, today=_today())
        assert plan.rollup == rollup_store.serialise(live, today=_today())
        figures, behind = selectors.plan_summary(plan=plan)
        for name in ("achievement", "expected", "project_count", "behind_count", "completed_count"):
            assert getattr(figures, name) == getattr(live, name)
            assert [getattr(g, name) for g in figures.goals] == [getattr(g, name) for g in live.goals]
        assert [g.goal.pk for g in figures.goals] == [g.goal.pk for g in live.goals]
        live_behind = rollup_store.behind_of(live)[: rollup_store.BEHIND_SHOWN]
        assert [(r.pk, r.name, r.achievement, r.expected) for r in behind] == [
            (r.pk, r.name, r.achievement, r.expected) for r in live_behind
        ]

    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(operations, min_size=1, max_size=10))
    def test_stored_figures_equal_the_live_ones_after_every_write(self, ops):
        body, editor, approver, statuses, plan = self._setup()
        self._assert_stored_is_live(plan)
        for op in ops:
            # A refusal (a status that contradicts the published achievement) writes nothing.
            with contextlib.suppress(ValidationError):
                self._apply(op, body=body, editor=editor, approver=approver, statuses=statuses, plan=plan)
            self._assert_stored_is_live(plan)


@pytest.mark.django_db
def test_the_page_reads_stored_figures_of_today_and_computes_others_live(world, django_assert_num_queries):
    plan = StrategicPlan.objects.get(pk=world.plan.pk)
    assert plan.rollup["on"] == _today().isoformat()
    with django_assert_num_queries(1):  # the goals; the figures come with the plan
        figures, _behind = selectors.plan_summary(plan=plan)
    assert figures.project_count == len(world.projects)
    plan.rollup = {**plan.rollup, "on": (_today() - timedelta(days=1)).isoformat()}
    with django_assert_num_queries(2):  # yesterday's: the goals and the projects, computed live
        live, _behind = selectors.plan_summary(plan=plan)
    assert live.achievement == figures.achievement


@pytest.mark.django_db
def test_the_command_stores_what_a_bulk_load_left_out(world):
    StrategicPlan.objects.filter(pk=world.plan.pk).update(rollup=None)
    call_command("meter_rollups", stdout=open("/dev/null", "w"))  # noqa: SIM115
    plan = StrategicPlan.objects.get(pk=world.plan.pk)
    assert plan.rollup == rollup_store.serialise(rollup_store.live(plan, today=_today()), today=_today())


@pytest.mark.django_db
def test_deferred_stores_each_plan_once_at_the_end(world):
    with rollup_store.deferred():
        world.publish(world.projects[0], 55)
        world.publish(world.projects[1], 65)
        assert StrategicPlan.objects.get(pk=world.plan.pk).rollup["achievement"] != (
            rollup_store.live(world.plan, today=_today()).achievement
        )
    plan = StrategicPlan.objects.get(pk=world.plan.pk)
    assert plan.rollup == rollup_store.serialise(rollup_store.live(plan, today=_today()), today=_today())


@pytest.mark.django_db
def test_the_comparison_reads_stored_figures_of_today_and_computes_others_live(
    world, other_world, django_assert_num_queries
):
    keys = list(selectors.published_plan_keys())
    names = [StrategicPlan.objects.select_related("body").get(pk=key).body.name_ar for key in keys]
    assert sorted(keys) == sorted([world.plan.pk, other_world.plan.pk]) and names == sorted(names)
    with django_assert_num_queries(1):
        plans = selectors.plans_in_order(keys)
    assert [plan.pk for plan in plans] == keys
    live = {
        plan.pk: rollup_store.live(plan, today=_today(), goals=list(plan.goals.order_by("position", "pk")))
        for plan in plans
    }
    with django_assert_num_queries(1):  # the goals; every plan holds today's figures
        stored = selectors.plans_compared(plans=plans)
    plans[0].rollup = {**plans[0].rollup, "on": (_today() - timedelta(days=1)).isoformat()}
    with django_assert_num_queries(2):  # the goals, and the projects of the plan holding yesterday's
        mixed = selectors.plans_compared(plans=plans)
    for figures in (stored, mixed):
        for item in figures:
            expected = live[item.plan.pk]
            assert (item.achievement, item.expected, item.project_count, item.behind_count) == (
                expected.achievement,
                expected.expected,
                expected.project_count,
                expected.behind_count,
            )
