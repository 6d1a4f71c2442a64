import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone, translation

from tabadul.accounts.tests.factories import make_user
from tabadul.events import services
from tabadul.events.models import Event
from tabadul.hubs.models import Hub, Mandate, Membership
from tabadul.hubs.selectors import forget_hub_relations


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language (a request to an /en/ page leaves English active in the thread)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def hub(db):
    return Hub.objects.create(slug="test-hub", name_ar="منصة تجريبية", name_en="Test hub")


@pytest.fixture
def other_hub(db):
    return Hub.objects.create(slug="other-hub", name_ar="منصة أخرى", name_en="Other hub")


def make_coordinator(hub, body=None):
    user = make_user(body=body)
    today = timezone.localdate()
    Mandate.objects.create(
        hub=hub,
        user=user,
        role=Mandate.Role.COORDINATOR,
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=365),
    )
    return user


@pytest.fixture
def coordinator(hub):
    return make_coordinator(hub)


@pytest.fixture
def other_coordinator(other_hub):
    return make_coordinator(other_hub)


@pytest.fixture
def member(hub, body):
    """Staff of a body that is an active member of `hub`."""
    Membership.objects.create(hub=hub, body=body, status=Membership.Status.ACTIVE)
    return make_user(body=body)


def soon(days=7, hours=10, tz="Asia/Hebron"):
    import zoneinfo

    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hours, 0), tzinfo=zoneinfo.ZoneInfo(tz))


def make_event(actor, *, hubs=(), bodies=(), days=7, hours=2, tz="Asia/Hebron", **fields):
    # days=0: an event starting within the hour (check-in is open); else at 10:00 local, `days` from today.
    starts = (timezone.now() + dt.timedelta(minutes=50)) if days == 0 else soon(days=days, tz=tz)
    values = {
        "name_ar": "يوم تعليمي",
        "name_en": "Learning day",
        "type": Event.Type.LEARNING_DAY,
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=hours),
        "time_zone": tz,
        "city": "رام الله",
        "organised_by_platform": not hubs and not bodies,
    }
    values.update(fields)
    forget_hub_relations(actor)
    return services.event_create(actor=actor, hubs=hubs, bodies=bodies, **values)


@pytest.fixture
def event(platform_admin):
    return make_event(platform_admin, capacity=2)


def header_queries(user) -> int:
    """The queries of the header's count of waiting work ("my work", tabadul/work): not the page's own; a list
    page's ceiling adds them, since each notification the test's setup sends makes the header count again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tabadul.core.work import registered

    if not user.is_authenticated:
        return 0
    # A fresh copy, as the request's user is: the test's own object may hold ids cached by the services its setup
    # called (role grants, the organisations one staffs: accounts.rules.staff_organisation_ids), which would hide
    # their queries from the count while the page still makes them.
    user = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as context:
        sum(waiting.count(user) for waiting in registered())
    return len(context)
