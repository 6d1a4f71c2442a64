"""The sources read what their entries need a chunk at a time: building the index runs the same queries for one
object as for many (at 10,000 bodies there are 25,000 strategic goals)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tabadul.meter import services
from tabadul.search.models import Kind, SearchEntry, SearchFacet

from .helpers import rebuild

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(body, body_editor):
    services.status_save(
        actor=body_editor, body=body, code="in_progress", name_ar="قيد التنفيذ", name_en="In progress",
        default_percent=40, position=0,
    )  # fmt: skip
    return services.plan_create(
        actor=body_editor, body=body, title_ar="الخطة", title_en="Plan", start_year=2024, end_year=2027, vision=""
    )


def _add_goal(plan, actor, number: int, sectors: list[str]):
    goal = services.goal_save(
        actor=actor, plan=plan, external_id=f"G{number}", name_ar=f"الهدف {number}", name_en="", description="",
        weight=Decimal(1), position=number,
    )  # fmt: skip
    status = plan.body.meter_statuses.get(code="in_progress")
    for index, sector in enumerate(sectors):
        services.project_save(
            actor=actor, plan=plan, goal=goal, external_id=f"P{number}-{index}", name_ar="مشروع", name_en="",
            description="", sector=sector, location="", department="", budget=None, funding_source="",
            start_date=dt.date(2024, 1, 1), end_date=dt.date(2024, 12, 31), weight=Decimal(1), status=status,
        )  # fmt: skip
    return goal


def _queries_of_goal_rebuild() -> int:
    SearchEntry.objects.filter(kind=Kind.GOAL).delete()  # every entry written anew, at both sizes
    with CaptureQueriesContext(connection) as queries:
        rebuild(Kind.GOAL)
    return len(queries)


def test_the_goals_index_runs_the_same_queries_for_one_goal_and_for_many(plan, body_editor):
    _add_goal(plan, body_editor, 1, ["مياه"])
    one = _queries_of_goal_rebuild()
    for number in range(2, 8):
        _add_goal(plan, body_editor, number, ["مياه", "طاقة", "طرق"][: number % 3 + 1])
    assert _queries_of_goal_rebuild() == one


def test_a_goal_is_filed_under_its_projects_sectors(plan, body_editor):
    single = _add_goal(plan, body_editor, 1, ["مياه", "مياه", ""])
    mixed = _add_goal(plan, body_editor, 2, ["طاقة", "مياه"])
    rebuild(Kind.GOAL)

    def facets(goal):
        return set(SearchFacet.objects.filter(entry__kind=Kind.GOAL, entry__object_id=goal.pk, name="sector"))

    assert {facet.value for facet in facets(single)} == {"مياه"}
    assert not facets(mixed)  # several sectors: filed under none of them as a facet, found by their words
    text = SearchEntry.objects.get(kind=Kind.GOAL, object_id=mixed.pk).text
    assert "طاقة" in text and "مياه" in text
