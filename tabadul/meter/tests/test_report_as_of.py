"""Report figures as of a date: computed from the published progress history, never from the current state."""

import contextlib
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tabadul.directory.tests.factories import LocalBodyFactory

from .. import report, selectors, services
from .factories import make_goal, make_plan, make_project, make_statuses, publish_progress, staff

PERIOD = (date(2024, 1, 1), date(2024, 12, 31))


def _report(editor, plan, start=PERIOD[0], end=PERIOD[1]):
    return services.report_save(
        actor=editor,
        plan=plan,
        title="تقرير 2024",
        period_start=start,
        period_end=end,
        achievements="",
        challenges="",
        next_steps="",
    )


def _figures(item) -> tuple:
    """Every figure of the report (plan, goals, projects, on schedule, behind, completed) as plain values."""
    data = report.report_data(item)
    figures = []
    for side in (data.start, data.end):
        figures.append(
            (
                round(side.achievement, 6),
                round(side.expected, 6),
                side.behind_count,
                side.completed_count,
                side.project_count,
                tuple((round(goal.achievement, 6), round(goal.expected, 6), goal.behind_count) for goal in side.goals),
                tuple((p.pk, p.achievement, round(p.expected, 6), p.behind) for p in side.projects),
            )
        )
    return (
        *figures,
        round(data.gained, 6),
        data.updates_in_period,
        tuple(p.pk for p in data.completed_in_period),
        tuple((p.pk, was) for p, was in data.projects),
    )


@pytest.mark.django_db
def test_a_project_not_started_counts_0_percent_whatever_its_status_today():
    """The issue's case: a project starting on 1 December 2025, completed today, is at 0 % on 1 January 2025."""
    body = LocalBodyFactory()
    editor, approver = staff(body)
    statuses = make_statuses(actor=editor, body=body)
    plan = make_plan(actor=editor, body=body, approver=approver)
    goal = make_goal(actor=editor, plan=plan)
    late = make_project(
        actor=editor,
        plan=plan,
        goal=goal,
        status=statuses["in_progress"],
        external_id="LATE",
        start_date=date(2025, 12, 1),
        end_date=date(2026, 6, 30),
    )
    publish_progress(editor=editor, approver=approver, project=late, percent=100, when=date(2026, 2, 1))
    late.refresh_from_db()
    assert late.status == statuses["completed"]  # today: completed, 100 %
    item = _report(editor, plan, start=date(2025, 1, 1), end=date(2025, 12, 31))
    data = report.report_data(item)
    assert [p.achievement for p in data.start.projects] == [0]
    assert [p.achievement for p in data.end.projects] == [0]  # started, but nothing reported by 31 December
    assert data.start.achievement == data.end.achievement == 0
    assert data.completed_in_period == []
    assert selectors.plan_overview(plan=plan).achievement == 100  # the plan page shows today's state


@pytest.mark.django_db
def test_figures_at_the_start_and_end_come_from_the_dated_history():
    body = LocalBodyFactory()
    editor, approver = staff(body)
    statuses = make_statuses(actor=editor, body=body)
    plan = make_plan(actor=editor, body=body, approver=approver)
    goal = make_goal(actor=editor, plan=plan)
    a = make_project(actor=editor, plan=plan, goal=goal, status=statuses["tendering"], external_id="A")
    b = make_project(actor=editor, plan=plan, goal=goal, status=statuses["in_progress"], external_id="B")
    publish_progress(editor=editor, approver=approver, project=a, percent=40, when=date(2023, 6, 1))
    publish_progress(editor=editor, approver=approver, project=a, percent=55, when=date(2024, 1, 1))  # in the period
    publish_progress(editor=editor, approver=approver, project=a, percent=100, when=date(2024, 12, 31))
    publish_progress(editor=editor, approver=approver, project=b, percent=60, when=date(2025, 3, 1))  # after
    data = report.report_data(_report(editor, plan))
    start = {p.pk: p.achievement for p in data.start.projects}
    end = {p.pk: p.achievement for p in data.end.projects}
    assert start == {a.pk: 40, b.pk: 0}  # b's status default (30 %) is today's state, not history
    assert end == {a.pk: 100, b.pk: 0}
    assert data.updates_in_period == 2
    assert [p.pk for p in data.completed_in_period] == [a.pk]
    assert data.end.completed_count == 1
    # Expected on 31 December 2024 of a 2023–2026 project is about 50 %: b at 0 % is behind, a at 100 % is not.
    assert {p.pk: p.behind for p in data.end.projects} == {a.pk: False, b.pk: True}
    assert data.end.behind_count == 1


class ReportOfAPastPeriod(TestCase):
    """Property: the report of a past period does not change when later progress is published, when pending or
    rejected reports of any date come in, or when statuses change."""

    dates = st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 9, 30))
    history = st.lists(st.tuples(st.integers(0, 2), dates, st.integers(0, 100)), max_size=8)
    later = st.lists(
        st.tuples(
            st.integers(0, 2),
            st.dates(min_value=PERIOD[1] + timedelta(days=1), max_value=date(2026, 9, 30)),
            st.integers(0, 100),
        ),
        max_size=5,
    )
    unpublished = st.lists(st.tuples(st.integers(0, 2), dates, st.integers(0, 100), st.booleans()), max_size=4)

    @settings(max_examples=20, deadline=None)
    @given(history, later, unpublished, st.lists(st.integers(0, 3), min_size=3, max_size=3))
    def test_later_progress_changes_nothing(self, history, later, unpublished, new_statuses):
        body = LocalBodyFactory()
        editor, approver = staff(body)
        statuses = make_statuses(actor=editor, body=body)
        order = list(statuses.values())
        plan = make_plan(actor=editor, body=body, approver=approver)
        goals = [make_goal(actor=editor, plan=plan, external_id=f"G{i}", weight=i + 1) for i in range(2)]
        starts = [date(2023, 1, 1), date(2024, 6, 1), date(2025, 12, 1)]
        projects = [
            make_project(
                actor=editor,
                plan=plan,
                goal=goals[i % 2],
                status=statuses["tendering"],
                external_id=f"P{i}",
                weight=i + 1,
                start_date=starts[i],
                end_date=date(2026, 12, 31),
            )
            for i in range(3)
        ]
        for index, when, percent in history:
            publish_progress(editor=editor, approver=approver, project=projects[index], percent=percent, when=when)
        item = _report(editor, plan)
        before = _figures(item)

        for index, when, percent in later:
            publish_progress(editor=editor, approver=approver, project=projects[index], percent=percent, when=when)
        for index, when, percent, reject in unpublished:
            update = services.progress_submit(actor=editor, project=projects[index], percent=percent, date=when)
            if reject:
                services.progress_reject(actor=approver, update=update, reason="لا يطابق الواقع")
        for project, choice in zip(projects, new_statuses, strict=True):
            project.refresh_from_db()
            # A status that contradicts the published achievement is refused; the report ignores statuses anyway.
            with contextlib.suppress(ValidationError):
                services.project_save(actor=editor, plan=plan, project=project, status=order[choice])
        item.refresh_from_db()
        assert _figures(item) == before
