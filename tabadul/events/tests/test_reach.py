import datetime as dt
import io

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from openpyxl import load_workbook

from tabadul.accounts.tests.factories import make_user
from tabadul.demo import accounts as accounts_demo
from tabadul.demo import alignment as alignment_demo
from tabadul.demo import directory as directory_demo
from tabadul.demo import events as events_demo
from tabadul.demo import hubs as hubs_demo
from tabadul.directory.models import LocalBody
from tabadul.events import reach, services
from tabadul.events.models import ClosingReport, Event, Registration
from tabadul.hubs.models import Hub

from .conftest import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    for module in (directory_demo, accounts_demo, alignment_demo, hubs_demo, events_demo):
        module.load()


def _snapshot():
    return {
        model: sorted(str(sorted(model_to_dict(o).items())) for o in model.objects.all())
        for model in (Event, Registration, ClosingReport)
    }


def test_demo_loads_twice_without_change(demo):
    before = _snapshot()
    events_demo.load()
    assert _snapshot() == before
    hmln = Event.objects.get(name_en__startswith="Virtual meeting of the Mediterranean")
    assert hmln.visibility == "invitation" and hmln.local_starts_at.date() == dt.date(2018, 7, 11)
    launch = Event.objects.get(type="launch_meeting", organiser_hubs__slug="public-relations")
    assert launch.closing_report.attendee_count == 55 == launch.registrations.attended().count()
    assert Event.objects.filter(time_zone="Africa/Tripoli", course__isnull=False).count() == 3


def test_reach_on_the_demo_matches_a_direct_count(demo):
    data = reach.reach()
    attended = [
        r
        for r in Registration.objects.select_related("event", "local_body").prefetch_related("event__organiser_hubs")
        if r.checked_in_at and r.event.status != "cancelled"
    ]
    assert data.staff == len({r.user_id for r in attended}) > 50
    assert data.bodies == len({r.local_body_id for r in attended if r.local_body_id})
    assert data.attendances == len(attended)
    assert data.bodies_ever == data.bodies
    assert data.directory_bodies == LocalBody.objects.count()
    for row in data.by_hub:
        rows = [r for r in attended if row.key in {h.pk for h in r.event.organiser_hubs.all()}]
        assert (row.staff, row.bodies) == (len({r.user_id for r in rows}), len({r.local_body_id for r in rows}))
    assert len(data.by_hub) == len({h.pk for r in attended for h in r.event.organiser_hubs.all()})
    for row in data.by_region:
        rows = [r for r in attended if (r.local_body.region_id if r.local_body else None) == row.key]
        assert row.staff == len({r.user_id for r in rows})
    for row in data.by_type:
        rows = [r for r in attended if (r.local_body.type if r.local_body else None) == row.key]
        assert row.bodies == len({r.local_body_id for r in rows if r.local_body_id})
    for row in data.by_year:
        rows = [r for r in attended if r.event.local_starts_at.year == row.key]
        assert row.attendances == len(rows)

    finance = Hub.objects.get(slug="finance")
    filtered = reach.reach(
        filters=reach.ReachFilters(hub=finance, start=dt.date(2019, 1, 1), end=dt.date(2019, 12, 31))
    )
    rows = [r for r in attended if finance in r.event.organiser_hubs.all() and r.event.starts_at.year == 2019]
    assert filtered.staff == len({r.user_id for r in rows}) == 40


def test_reach_query_count_does_not_grow_with_events(platform_admin, hub, django_assert_num_queries, body):
    def add_events(n):
        for _ in range(n):
            event = make_event(platform_admin, hubs=[hub], days=0)
            for _ in range(2):
                person = make_user(body=body)
                registration = services.event_register(actor=person, event=event)
                services.registration_check_in(actor=platform_admin, registration=registration)

    add_events(1)
    with django_assert_num_queries(11) as few:  # a grouping by country and its names
        reach.reach()
    add_events(6)
    with django_assert_num_queries(len(few.captured_queries)):
        data = reach.reach()
    assert data.staff == 14 and data.bodies == 1 and data.events == 7


def test_reach_page_and_exports(client, platform_admin, hub, body):
    event = make_event(platform_admin, hubs=[hub], days=0)
    registration = services.event_register(actor=make_user(body=body), event=event)
    services.registration_check_in(actor=platform_admin, registration=registration)
    client.force_login(platform_admin)
    page = client.get(reverse("events:reach"))
    assert page.status_code == 200 and b"<svg" in page.content and b"<rect" in page.content
    csv = client.get(reverse("events:reach_csv")).getvalue().decode("utf-8-sig")
    assert hub.name_ar in csv and body.name_ar in csv or str(body.region) in csv
    workbook = load_workbook(io.BytesIO(client.get(reverse("events:reach_xlsx")).getvalue()))
    values = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row]
    assert hub.name_ar in values and 1 in values
    assert client.get(reverse("events:reach") + "?start=not-a-date&region=mars").status_code == 200


def test_reach_is_not_for_everyone(client, citizen):
    client.force_login(citizen)
    for name in ("events:reach", "events:reach_csv", "events:reach_xlsx"):
        assert client.get(reverse(name)).status_code == 403
    client.logout()
    assert client.get(reverse("events:reach")).status_code == 302


def test_reach_on_the_demo_for_someone_not_invited_leaves_out_the_invitation_only_meeting(client, demo):
    from tabadul.accounts.models import User

    specialist = User.objects.get(username="specialist")
    admin = User.objects.get(username="admin")
    attended = [
        r
        for r in Registration.objects.select_related("event").filter(checked_in_at__isnull=False)
        if r.event.status != "cancelled"
    ]
    secret = [r for r in attended if r.event.visibility == "invitation"]
    assert len(secret) == 4  # the CMI virtual meeting of 11 July 2018 (seed 004)
    # The specialist is not invited, organises nothing and registered for nothing: public events only.
    assert not Registration.objects.filter(user=specialist).exists()
    seen = [r for r in attended if r.event.visibility == "public"]
    client.force_login(specialist)
    data = client.get(reverse("events:reach")).context["data"]
    assert (data.staff, data.bodies, data.attendances, data.events) == (
        len({r.user_id for r in seen}),
        len({r.local_body_id for r in seen if r.local_body_id}),
        len(seen),
        len({r.event_id for r in seen}),
    )
    assert data.attendances == len(attended) - 4
    client.force_login(admin)
    assert client.get(reverse("events:reach")).context["data"].attendances == len(attended)
