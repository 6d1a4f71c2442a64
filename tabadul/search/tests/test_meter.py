"""The Meter in the one search (issue 19, item 8): plans, goals, projects and news, with their body, sector and
status as facets; an unpublished plan (and its goals and projects) never appears to anyone but its body's staff;
a post scheduled for later appears to nobody before its time."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.meter import services
from tabadul.meter.models import StrategicPlan
from tabadul.search.models import Kind
from tabadul.search.selectors import SearchFilters, search

WORD = "زيتونالمقياس"  # a word found nowhere else

pytestmark = pytest.mark.django_db


def _found(user, query=WORD, **filters):
    results = search(user=user, query=query, filters=SearchFilters(**filters))
    return sorted((hit.entry.kind, hit.entry.title) for hit in results.hits)


@pytest.fixture
def meter(body, body_editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        status = services.status_save(
            actor=body_editor, body=body, code="in_progress", name_ar="قيد التنفيذ", name_en="In progress",
            default_percent=40, position=0,
        )  # fmt: skip
        plan = services.plan_create(
            actor=body_editor, body=body, title_ar=f"خطة {WORD}", title_en="Plan", start_year=2024, end_year=2027,
            vision="رؤية",
        )  # fmt: skip
        goal = services.goal_save(
            actor=body_editor, plan=plan, external_id="G1", name_ar=f"هدف {WORD}", name_en="Goal", description="",
            weight=Decimal(1), position=0,
        )  # fmt: skip
        services.project_save(
            actor=body_editor, plan=plan, goal=goal, external_id="P1", name_ar=f"مشروع {WORD}", name_en="",
            description="", sector="مياه", location="", department="", budget=None, funding_source="موازنة البلدية",
            start_date=dt.date(2024, 1, 1), end_date=dt.date(2024, 12, 31), weight=Decimal(1), status=status,
        )  # fmt: skip
        for title, when in ((f"خبر {WORD}", timezone.now() - dt.timedelta(days=1)),
                            (f"خبر لاحق {WORD}", timezone.now() + dt.timedelta(days=30))):  # fmt: skip
            services.post_save(
                actor=body_editor, body=body, kind="news", title=title, summary="", text="", project=None,
                published_at=when,
            )  # fmt: skip
    return plan


DRAFT_PARTS = [(Kind.GOAL, f"هدف {WORD}"), (Kind.PLAN, f"خطة {WORD}"), (Kind.PROJECT, f"مشروع {WORD}")]
NEWS = [(Kind.NEWS, f"خبر {WORD}")]


def test_an_unpublished_plan_never_appears_but_to_its_bodys_staff(
    meter, body, citizen, other_body_editor, body_editor, django_capture_on_commit_callbacks
):
    for person in (AnonymousUser(), citizen, other_body_editor):
        assert _found(person) == NEWS  # the draft plan, its goal and project: never; the later post: not yet
    assert _found(body_editor) == sorted(DRAFT_PARTS + NEWS)
    approver = make_user(role=RoleGrant.Role.BODY_APPROVER, body=body)
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_set_status(actor=approver, plan=meter, status=StrategicPlan.Status.PUBLISHED)
    for person in (AnonymousUser(), citizen, other_body_editor):
        assert _found(person) == sorted(DRAFT_PARTS + NEWS)


def test_the_meter_has_body_sector_and_status_facets(meter, body, body_editor):
    results = search(user=body_editor, query=WORD)
    assert {value.value for value in results.facets["body"]} == {str(body.pk)}
    assert [value.label for value in results.facets["sector"]] == ["مياه"]
    assert [(value.value, value.label) for value in results.facets["status"]] == [("in_progress", "قيد التنفيذ")]
    assert _found(body_editor, status="in_progress") == [(Kind.PROJECT, f"مشروع {WORD}")]
    # A goal whose projects are all of one sector is filed under it too.
    assert _found(body_editor, sector="مياه") == [(Kind.GOAL, f"هدف {WORD}"), (Kind.PROJECT, f"مشروع {WORD}")]
    assert len(_found(body_editor, body=body.pk)) == 4


def test_a_funding_source_is_found_but_ranks_below_a_title(meter, body, body_editor):
    """A project whose funding source reads موازنة البلدية is found by الموازنه, below an entry titled so."""
    with_title = services.post_save(
        actor=body_editor, body=body, kind="news", title="الموازنة العامة", summary="", text="",
        project=None, published_at=timezone.now() - dt.timedelta(days=400),
    )  # fmt: skip
    from tabadul.search import index

    index.reindex(Kind.NEWS, [with_title.pk])
    hits = [(hit.entry.kind, hit.entry.title) for hit in search(user=body_editor, query="الموازنه").hits]
    assert hits == [(Kind.NEWS, "الموازنة العامة"), (Kind.PROJECT, f"مشروع {WORD}")]
