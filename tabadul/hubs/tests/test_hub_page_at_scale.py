"""The hub page's sections whose reads grew with a large hub at regional scale (issue 22): its documents (2,500 of a
hub among 50,000), its current coordinator and deputy (400 overlapping terms), its work plans' topics (a query for
the hub per plan). Each is read through an index, in a number of queries that does not grow; the plan assertions
are SQLite's, what its planner picks without statistics, as the bench's and a fresh site's database are."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.hubs import selectors, services
from tabadul.hubs.models import Mandate, Mentorship
from tabadul.library.models import Document
from tabadul.library.tests.factories import make_document

from .conftest import make_coordinator

pytestmark = pytest.mark.django_db
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")


def _topic(hub, coordinator, title="الموازنة المستجيبة للنوع الاجتماعي"):
    plan = services.work_plan_create(
        actor=coordinator, hub=hub, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31)
    )
    return services.topic_propose(actor=coordinator, work_plan=plan, title_ar=title)


def _plans_of(read) -> list[str]:
    """SQLite's plan of every query `read` runs."""
    with CaptureQueriesContext(connection) as captured:
        read()
    plans = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
            plans.append("\n".join(str(row[-1]) for row in cursor.fetchall()))
    return plans


def test_the_hubs_documents_are_the_latest_added_first_whatever_their_year(hub, coordinator, other_hub):
    topic = _topic(hub, coordinator)
    older = make_document(actor=coordinator, author_hubs=[hub], year=2025)
    newer = make_document(actor=coordinator, author_hubs=[hub], year=2012)
    serving = make_document(topics=[topic], year=2019)  # serves one of the hub's topics (written by the system)
    make_document(author_hubs=[other_hub])
    members_only = make_document(actor=coordinator, author_hubs=[hub], visibility=Document.Visibility.MEMBERS)
    shown = selectors.hub_documents(hub=hub, user=coordinator)
    assert [d.pk for d in shown] == [members_only.pk, serving.pk, newer.pk, older.pk]
    assert [d.pk for d in selectors.hub_documents(hub=hub, user=AnonymousUser())] == [serving.pk, newer.pk, older.pk]
    assert [d.pk for d in selectors.hub_documents(hub=hub, user=coordinator, limit=2)] == [members_only.pk, serving.pk]


@sqlite_only
@pytest.mark.parametrize("viewer", ["anonymous", "coordinator"])
def test_the_hubs_documents_start_from_its_links_in_key_order_not_from_a_sort(hub, coordinator, viewer):
    make_document(actor=coordinator, author_hubs=[hub])
    user = AnonymousUser() if viewer == "anonymous" else coordinator
    [plan] = [p for p in _plans_of(lambda: selectors.hub_documents(hub=hub, user=user)) if "library_document" in p]
    assert "TEMP B-TREE FOR ORDER BY" not in plan, plan  # no sort of every document of the hub
    assert plan.startswith("SEARCH library_document USING INTEGER PRIMARY KEY"), plan


@sqlite_only
def test_the_current_coordinator_and_deputy_are_found_through_the_index_of_their_terms(hub):
    make_coordinator(hub)
    make_coordinator(hub, role=Mandate.Role.DEPUTY)
    [plan] = _plans_of(lambda: selectors.hub_mandates(hub=hub, today=timezone.localdate()))
    assert plan.count("USING INDEX hubs_mandate_latest") == 2 and "SCAN" not in plan, plan


def test_the_work_plans_topics_do_not_each_read_their_hub(client, hub, coordinator):
    """A topic's address names its hub: one plan or three, the page runs the same queries (the largest hub's page
    ran two more on the demo, which has more plans, than at scale)."""
    _topic(hub, coordinator)
    with CaptureQueriesContext(connection) as one:
        assert client.get(hub.get_absolute_url()).status_code == 200
    for title in ("النفايات الصلبة", "الطاقة المتجددة"):
        _topic(hub, coordinator, title=title)
    with CaptureQueriesContext(connection) as three:
        response = client.get(hub.get_absolute_url())
    assert len(response.context["work_plans"]) == 3
    assert len(three) == len(one)


def test_the_mentoring_page_writes_its_row_forms_once_whatever_the_rows(client, hub, coordinator):
    """Each mentoring the coordinator manages has a form to record a session and one to change its status: the
    same empty fields, written once for the page (40 forms were half of a page of 20's time)."""
    bodies = LocalBodyFactory.create_batch(4)
    client.force_login(coordinator)

    def forms_written(mentorships: int) -> int:
        while Mentorship.objects.filter(hub=hub).count() < mentorships:
            services.mentorship_create(
                actor=coordinator, hub=hub, mentor_body=bodies[0], mentee_bodies=bodies[1:], topic_ar="الأرشفة"
            )
        response = client.get(reverse("hubs:mentorships", args=[hub.slug]))
        assert response.content.decode().count('name="held_on"') == mentorships
        return [template.name for template in response.templates].count("includes/form.html")

    assert forms_written(1) == forms_written(3) == 3  # the session's and the status's fields, and the new mentoring
