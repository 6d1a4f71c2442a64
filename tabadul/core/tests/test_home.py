"""The home page (issue 18, item 2): the platform's figures equal direct counts, are stored and counted anew after a
write to what they count, and the page reads a constant number of queries for anonymous visitors and for a
signed-in hub coordinator."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import TEST_PASSWORD, make_user
from tabadul.core import hooks, selectors, services
from tabadul.core.models import StoredFigure
from tabadul.directory.models import LocalBody
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.events.models import Event, Registration
from tabadul.hubs.models import Hub, Mandate, Membership
from tabadul.library.models import Document
from tabadul.library.tests.factories import make_document
from tabadul.meter.models import Post, StrategicPlan
from tabadul.meter.tests.factories import make_plan, staff

pytestmark = pytest.mark.django_db

FIGURE_KEYS = ["bodies", "hubs", "events_held", "documents", "plans"]


_serial = iter(range(1, 10**6))


def _hub(n: int, status=Hub.Status.ACTIVE) -> Hub:
    n = next(_serial)
    return Hub.objects.create(name_ar=f"منصة {n}", name_en=f"Hub {n}", slug=f"hub-{n}", status=status)


def _event(n: int, *, days: int, status=Event.Status.SCHEDULED, visibility=Event.Visibility.PUBLIC) -> Event:
    starts = timezone.now() + timedelta(days=days)
    return Event.objects.create(
        name_ar=f"فعالية {n}",
        name_en=f"Event {n}",
        type=Event.Type.WORKSHOP,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        status=status,
        visibility=visibility,
    )


def _world(size: int) -> dict:
    """`size` of everything the home page counts or lists, with rows that must not be counted beside them."""
    bodies = [LocalBodyFactory() for _ in range(size)]
    for n in range(size):
        _hub(n)
        _event(n, days=-10 - n)  # held
        _event(100 + n, days=5 + n)  # to come
        make_document(file=False)
    _hub(999, status=Hub.Status.CLOSED)  # not counted
    _event(998, days=-3, status=Event.Status.CANCELLED)  # not held
    make_document(file=False, visibility=Document.Visibility.PRIVATE)  # not public
    make_document(file=False, status=Document.Status.DRAFT)  # a draft
    for body in bodies[:size]:
        editor, approver = staff(body)
        make_plan(actor=editor, body=body, approver=approver)
        Post.objects.create(body=body, title=f"خبر {body.pk}", published_at=timezone.now() - timedelta(days=1))
    draft_body = LocalBodyFactory()
    editor, approver = staff(draft_body)
    make_plan(actor=editor, body=draft_body, approver=approver, published=False)  # a draft plan
    return {"bodies": bodies}


def _direct_counts() -> dict[str, int]:
    now = timezone.now()
    return {
        "bodies": LocalBody.objects.count(),
        "hubs": Hub.objects.exclude(status=Hub.Status.CLOSED).count(),
        "events_held": Event.objects.filter(ends_at__lt=now).exclude(status=Event.Status.CANCELLED).count(),
        "documents": Document.objects.filter(visibility="public", status="final").count(),
        "plans": StrategicPlan.objects.filter(status="published").count(),
    }


def test_every_figure_is_declared_once_and_in_order():
    keys = [figure.key for figure in hooks.get_hooks("core.home_figures")]
    assert keys == FIGURE_KEYS


def test_home_figures_equal_direct_counts_and_are_shown(client):
    _world(3)
    direct = _direct_counts()
    assert direct == {"bodies": 4, "hubs": 3, "events_held": 3, "documents": 3, "plans": 3}  # the dataset itself
    services.home_figures_store()
    shown = {figure.key: figure.value for figure in selectors.home_figures()}
    assert shown == direct
    html = client.get("/en/").content.decode()
    figures = re.search(r'<ul class="home-figures">(.*?)</ul>', html, re.S).group(1)
    assert [int(n) for n in re.findall(r"<strong>(?:<bdi>)?(\d+)(?:</bdi>)?</strong>", figures)] == [
        direct[key] for key in FIGURE_KEYS
    ]


def test_stored_figures_are_read_in_one_query_and_a_figure_not_stored_is_counted():
    _world(1)
    services.home_figures_store()
    LocalBodyFactory.create_batch(2)  # in the test's transaction: no recount has run
    with CaptureQueriesContext(connection) as queries:
        stored = {figure.key: figure.value for figure in selectors.home_figures()}
    assert len(queries) == 1
    assert stored["bodies"] == _direct_counts()["bodies"] - 2  # as stored, not counted on the visit
    StoredFigure.objects.filter(key="bodies").delete()
    with CaptureQueriesContext(connection) as queries:
        shown = {figure.key: figure.value for figure in selectors.home_figures()}
    assert (
        shown == {**stored, "bodies": _direct_counts()["bodies"]} and len(queries) == 2
    )  # the stored figures, then the one missing counted


def test_a_write_to_what_a_figure_counts_stores_the_figures_anew_once_after_the_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _world(2)
        LocalBodyFactory.create_batch(3)
    recounts = [
        queued for queued in callbacks if getattr(queued, "callback", None) is services._enqueue_home_figures_store
    ]
    assert len(recounts) == 1  # one count for the transaction, however many rows it wrote
    assert {figure.key: figure.value for figure in selectors.home_figures()} == _direct_counts()


def test_a_deletion_counts_the_figures_anew(django_capture_on_commit_callbacks):
    Hub.objects.bulk_create([Hub(name_ar="منصة", name_en="Hub", slug="hub")])  # no signal: nothing queued yet
    services.home_figures_store()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        Hub.objects.all().delete()
    assert services._enqueue_home_figures_store in [getattr(queued, "callback", None) for queued in callbacks]
    assert {figure.key: figure.value for figure in selectors.home_figures()}["hubs"] == 0


def test_the_hourly_command_counts_what_the_clock_changed():
    """An event becomes held when it ends, with no write: `manage.py home_figures` (hourly) counts it."""
    _world(1)
    services.home_figures_store()
    held = {figure.key: figure.value for figure in selectors.home_figures()}["events_held"]
    earlier = timezone.now() - timedelta(hours=2)
    Event.objects.filter(starts_at__gt=timezone.now()).update(starts_at=earlier, ends_at=earlier + timedelta(hours=1))
    assert {figure.key: figure.value for figure in selectors.home_figures()}["events_held"] == held
    call_command("home_figures", stdout=io.StringIO())
    assert {figure.key: figure.value for figure in selectors.home_figures()} == _direct_counts()
    StoredFigure.objects.create(key="gone", value=1, counted_at=timezone.now())  # a figure no app declares now
    services.home_figures_store()
    assert set(StoredFigure.objects.values_list("key", flat=True)) == set(FIGURE_KEYS)


def _home_queries(client, path="/en/") -> tuple[int, str]:
    client.get(path)  # warms the process's caches (content types, the person's waiting total)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_anonymous_home_reads_a_constant_number_of_queries(client):
    _world(1)
    small, _html = _home_queries(client)
    _world(6)
    large, html = _home_queries(client)
    assert small == large <= 10
    assert html.count('class="home-list home-dated"') == 2  # next events and news, each listed


def _coordinator(hubs: list[Hub], events: list[Event]):
    body = LocalBody.objects.first()
    user = make_user(role=RoleGrant.Role.BODY_EDITOR, body=body)
    today = timezone.localdate()
    for hub in hubs:
        Membership.objects.get_or_create(hub=hub, body=body, defaults={"status": Membership.Status.ACTIVE})
        Mandate.objects.create(
            hub=hub, user=user, role=Mandate.Role.COORDINATOR, starts_on=today, ends_on=today + timedelta(days=300)
        )
    for event in events:
        Registration.objects.create(event=event, user=user, status=Registration.Status.CONFIRMED)
    return user


def test_signed_in_coordinator_home_reads_a_constant_number_of_queries_and_shows_their_work(client):
    _world(2)
    user = _coordinator(list(Hub.objects.all()[:1]), list(Event.objects.filter(starts_at__gt=timezone.now())[:1]))
    assert client.login(username=user.username, password=TEST_PASSWORD)
    small, html = _home_queries(client)
    assert "Waiting for you" in html and "Your hubs" in html and "Your next events" in html
    assert Hub.objects.first().name_en in html or Hub.objects.first().name_ar in html
    _world(5)
    Mandate.objects.all().delete()
    Registration.objects.all().delete()
    user_hubs = list(Hub.objects.exclude(status=Hub.Status.CLOSED)[:4])
    today = timezone.localdate()
    for hub in user_hubs:
        Membership.objects.get_or_create(hub=hub, body=user.local_body, defaults={"status": Membership.Status.ACTIVE})
        Mandate.objects.create(
            hub=hub, user=user, role=Mandate.Role.COORDINATOR, starts_on=today, ends_on=today + timedelta(days=300)
        )
    for event in Event.objects.filter(starts_at__gt=timezone.now())[:4]:
        Registration.objects.create(event=event, user=user, status=Registration.Status.CONFIRMED)
    large, html = _home_queries(client)
    assert small == large <= 45
    assert html.count("home-card") >= 4  # the body, waiting work, hubs and events


def test_anonymous_home_leads_to_the_tasks(client):
    _world(1)
    html = client.get("/en/").content.decode()
    body = LocalBody.objects.filter(meter_plans__status="published").first()
    assert 'action="/en/directory/"' in html  # my municipality: a search over local bodies
    assert f'href="/en/directory/{body.slug}/"' in html  # bodies that publish their plan lead to their page
    for url in ("/en/meter/", "/en/hubs/", "/en/events/", "/en/library/", "/en/twinning/"):
        assert f'href="{url}"' in html
    assert 'action="/en/search/"' in html
    assert "Waiting for you" not in html and "Welcome" not in html


def test_bodies_that_publish_their_plan_are_those_of_the_newest_plans_by_name(monkeypatch):
    """The home page names PLAN_BODIES bodies of the newest published plans (not of every plan sorted by name)."""
    from tabadul.meter import home as meter_home

    monkeypatch.setattr(meter_home, "PLAN_BODIES", 2)  # the newest 6 plans, of 8
    _world(8)
    plans = StrategicPlan.objects.filter(status="published").select_related("body").order_by("-pk")
    newest = sorted({plan.body for plan in plans[:6]}, key=lambda body: (body.name_ar, body.pk))
    with CaptureQueriesContext(connection) as queries:
        shown = meter_home.home_context(user=None)["plan_bodies"]
    assert shown == newest[:2] and len(queries) == 2  # the news, the bodies
    assert plans.last().body not in shown  # the oldest plan's body


def test_next_events_are_the_soonest_the_visitor_may_see_in_one_query():
    from django.contrib.auth.models import AnonymousUser

    from tabadul.events import home as events_home

    coming = [_event(n, days=n) for n in range(2, 8)]
    _event(90, days=1, visibility=Event.Visibility.INVITATION)  # sooner, not for this visitor
    _event(91, days=1, status=Event.Status.CANCELLED)  # sooner, cancelled
    _event(92, days=-1)  # over
    with CaptureQueriesContext(connection) as queries:
        shown = events_home.home_context(user=AnonymousUser())["next_events"]
    assert shown == coming[: events_home.NEXT_EVENTS] and len(queries) == 1
