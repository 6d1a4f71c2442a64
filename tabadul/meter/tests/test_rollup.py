from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tabadul.directory.tests.factories import LocalBodyFactory

from .. import selectors, services
from ..rollup import BEHIND_TOLERANCE, expected_percent, is_behind, weighted_mean
from .factories import make_goal, make_plan, make_project, make_statuses, publish_progress, staff

percent = st.integers(min_value=0, max_value=100)
weight = st.integers(min_value=0, max_value=1000)
pairs = st.lists(st.tuples(percent, weight), max_size=30)


@given(pairs)
def test_weighted_mean_is_always_within_0_and_100(items):
    assert 0 <= weighted_mean(items) <= 100


@given(percent, st.integers(min_value=1, max_value=1000))
def test_a_single_item_is_its_own_mean(value, w):
    assert weighted_mean([(value, w)]) == pytest.approx(value)


@given(pairs.filter(lambda items: sum(w for _, w in items) > 0), st.integers(min_value=1, max_value=50))
def test_scaling_every_weight_changes_nothing(items, factor):
    assert weighted_mean([(v, w * factor) for v, w in items]) == pytest.approx(weighted_mean(items))


@given(percent, percent, st.integers(min_value=1, max_value=100), st.integers(min_value=1, max_value=100))
def test_the_heavier_item_pulls_the_mean_towards_it(a, b, wa, wb):
    mean = weighted_mean([(a, wa), (b, wb)])
    assert mean == pytest.approx((a * wa + b * wb) / (wa + wb))
    if wa > wb and a != b:
        assert abs(mean - a) < abs(mean - b)


def test_zero_weights_give_the_plain_mean_and_empty_is_zero():
    assert weighted_mean([(20, 0), (40, 0)]) == 30
    assert weighted_mean([]) == 0
    assert weighted_mean([(100, 0), (0, 5)]) == 0


def test_linear_schedule_and_behind_tolerance():
    start, end = date(2024, 1, 1), date(2024, 12, 31)
    assert expected_percent(start, end, date(2023, 6, 1)) == 0
    assert expected_percent(start, end, date(2025, 6, 1)) == 100
    assert expected_percent(start, end, date(2024, 7, 1)) == pytest.approx(50, abs=1)
    assert not is_behind(50 - BEHIND_TOLERANCE, 50)
    assert is_behind(50 - BEHIND_TOLERANCE - 1, 50)


class RollupFromTheDatabase(TestCase):
    """The same properties through the real query: published updates only, weights respected."""

    def _setup(self):
        body = LocalBodyFactory()
        editor, approver = staff(body)
        statuses = make_statuses(actor=editor, body=body)
        plan = make_plan(actor=editor, body=body, approver=approver)
        return editor, approver, statuses, plan

    @settings(max_examples=15, deadline=None)
    @given(percent, st.lists(percent, max_size=3), st.sampled_from(["planned", "tendering", "completed"]))
    def test_a_plan_of_one_project_equals_that_project(self, published, unpublished, status_code):
        editor, approver, statuses, plan = self._setup()
        goal = make_goal(actor=editor, plan=plan, weight=3)
        project = make_project(actor=editor, plan=plan, goal=goal, status=statuses[status_code], weight=7)
        assert selectors.plan_overview(plan=plan).achievement == statuses[status_code].default_percent
        publish_progress(editor=editor, approver=approver, project=project, percent=published)
        for value in unpublished:  # pending and rejected updates, dated later, are ignored
            update = services.progress_submit(actor=editor, project=project, percent=value, date=date(2025, 1, 1))
            if value % 2:
                services.progress_reject(actor=approver, update=update, reason="لا يطابق الواقع")
        figures = selectors.plan_overview(plan=plan)
        assert figures.achievement == pytest.approx(published)
        assert figures.goals[0].achievement == pytest.approx(published)

    @settings(max_examples=10, deadline=None)
    @given(
        st.lists(st.tuples(percent, st.integers(1, 20)), min_size=1, max_size=5),
        st.lists(st.tuples(percent, st.integers(1, 20)), min_size=1, max_size=5),
        st.integers(1, 9),
        st.integers(1, 9),
    )
    def test_goals_and_plans_are_weighted_means(self, first, second, w1, w2):
        editor, approver, statuses, plan = self._setup()
        expected_goals = []
        for g, (rows, gw) in enumerate(((first, w1), (second, w2))):
            goal = make_goal(actor=editor, plan=plan, external_id=f"G{g}", weight=gw)
            for i, (value, pw) in enumerate(rows):
                project = make_project(
                    actor=editor, plan=plan, goal=goal, status=statuses["planned"], external_id=f"P{g}-{i}", weight=pw
                )
                publish_progress(editor=editor, approver=approver, project=project, percent=value)
            expected_goals.append((sum(v * w for v, w in rows) / sum(w for _, w in rows), gw))
        figures = selectors.plan_overview(plan=plan)
        assert [gf.achievement for gf in figures.goals] == pytest.approx([v for v, _ in expected_goals])
        assert figures.achievement == pytest.approx(sum(v * w for v, w in expected_goals) / (w1 + w2))
        assert 0 <= figures.achievement <= 100


@pytest.mark.django_db
def test_the_latest_published_update_wins_by_date_not_by_entry_order(body):
    editor, approver = staff(body)
    statuses = make_statuses(actor=editor, body=body)
    plan = make_plan(actor=editor, body=body, approver=approver)
    goal = make_goal(actor=editor, plan=plan)
    project = make_project(actor=editor, plan=plan, goal=goal, status=statuses["tendering"])
    publish_progress(editor=editor, approver=approver, project=project, percent=60, when=date(2024, 9, 1))
    publish_progress(editor=editor, approver=approver, project=project, percent=40, when=date(2024, 3, 1))
    assert selectors.plan_overview(plan=plan).achievement == 60


@pytest.mark.django_db
def test_rollup_query_count_does_not_grow_with_projects(body, django_assert_num_queries):
    editor, approver = staff(body)
    statuses = make_statuses(actor=editor, body=body)
    plan = make_plan(actor=editor, body=body, approver=approver)
    goal = make_goal(actor=editor, plan=plan)
    for i in range(30):
        make_project(actor=editor, plan=plan, goal=goal, status=statuses["tendering"], external_id=f"P{i}")
    with django_assert_num_queries(2):
        figures = selectors.plan_overview(plan=plan)
    assert figures.project_count == 30 and figures.achievement == 10
