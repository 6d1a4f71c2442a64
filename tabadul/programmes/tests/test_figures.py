"""A programme's stored results (figures.py): equal to a fresh count after the writes that change them, read and
never counted by the page (a GET writes nothing), paged without reading every group or pilot, shown as being
prepared until stored, left as they were when nothing changed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tabadul.events.models import Registration
from tabadul.programmes import figures
from tabadul.programmes.models import ProgrammeFigures
from tabadul.programmes.selectors import programme_results

from .test_results import _figures, _grow, _held_event


def _stored(programme, language="en") -> dict:
    with translation.override(language):
        return _figures(figures.stored_results(programme=programme, work=_no_work()))


def _no_work():
    return type("Work", (), {"pilots": [], "groups": []})


def _fresh(programme, language="en") -> dict:
    with translation.override(language):
        return _figures(programme_results(programme=programme))


@pytest.mark.django_db(transaction=True)  # each write commits: its store runs after it (the immediate task backend)
def test_the_stored_figures_equal_a_fresh_count_after_the_writes_that_change_them(world):
    _grow(world.p, 2)  # members, attended events, documents, twinning groups: each write stores them anew
    for side in (world.p, world.q):
        assert _stored(side.programme) == _fresh(side.programme)
        assert _stored(side.programme, "ar") == _fresh(side.programme, "ar")
    assert _stored(world.p.programme)["staff_trained"] == 2
    person = world.p.member
    _held_event(world.p, days_ago=1, attendees=[person])  # a check-in
    assert _stored(world.p.programme) == _fresh(world.p.programme)
    assert _stored(world.p.programme)["staff_trained"] == 3
    Registration.objects.filter(user=person, checked_in_at__isnull=False).delete()
    world.p.group.members.clear()  # a group's members (a many-to-many link)
    assert _stored(world.p.programme) == _fresh(world.p.programme)
    assert _stored(world.p.programme)["staff_trained"] == 2


def test_the_events_by_type_are_stored_in_each_language(world):
    _held_event(world.p, days_ago=3)
    figures.store()
    with translation.override("en"):
        english = figures.stored_results(programme=world.p.programme, work=_no_work()).events_by_type
    with translation.override("ar"):
        arabic = figures.stored_results(programme=world.p.programme, work=_no_work()).events_by_type
    assert english == [("Specialised workshop", 1)]
    assert arabic != english and arabic[0][1] == 1


def test_a_store_that_finds_nothing_changed_leaves_the_rows(world):
    figures.store()
    before = dict(ProgrammeFigures.objects.values_list("programme_id", "counted_at"))
    assert figures.store() == 0
    assert dict(ProgrammeFigures.objects.values_list("programme_id", "counted_at")) == before
    _held_event(world.p, days_ago=2)
    assert figures.store() == 1  # only programme P's changed


def test_the_page_reads_the_stored_figures_and_a_get_writes_nothing(client, world):
    _grow(world.p, 1)
    with translation.override("en"):
        url = reverse("programmes:detail", args=[world.p.programme.slug])
    response = client.get(url)
    assert response.context["results"] is None
    assert "being prepared" in response.content.decode()
    assert not ProgrammeFigures.objects.exists()  # the page counted and stored nothing
    figures.store()
    _held_event(world.p, days_ago=1)  # not stored yet: the page shows what was stored
    response = client.get(url)
    results = response.context["results"]
    assert results.counted_at is not None and results.events_held == 2
    assert "being prepared" not in response.content.decode()


def test_a_period_is_counted_live(client, world):
    _grow(world.p, 1)
    with translation.override("en"):
        url = reverse("programmes:detail", args=[world.p.programme.slug])
    start = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    response = client.get(url, {"start": start})
    assert response.context["results"].events_held == 2 and response.context["results"].counted_at is None


def test_the_groups_and_pilots_are_read_a_page_at_a_time(client, world, settings):
    settings.PAGE_SIZE = 2
    _grow(world.p, 4)  # five groups
    figures.store()
    with translation.override("en"):
        url = reverse("programmes:detail", args=[world.p.programme.slug])
    page = client.get(url, {"groups": "2"}).context["groups"].page
    assert page.paginator.count == 5
    rows = list(page.object_list)
    names = sorted(world.p.programme.twinning_groups.values_list("name_ar", "pk"))
    assert [row.group.pk for row in rows] == [pk for _name, pk in names[2:4]]
    assert all(row.member_count == 2 for row in rows)
    achievements = client.get(url).context["achievements"].page.object_list
    assert [pilot.plan for pilot in achievements] == [world.p.plan]


def test_the_page_query_count_does_not_grow_with_the_stored_rows(client, world):
    client.force_login(world.officer)
    with translation.override("en"):
        url = reverse("programmes:detail", args=[world.p.programme.slug])
    _grow(world.p, 1)
    figures.store()
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _grow(world.p, 30)  # more groups than a page
    figures.store()
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(small) == len(large)
