import datetime as dt
import io

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.demo import accounts as accounts_demo
from tabadul.demo import alignment as alignment_demo
from tabadul.demo import directory as directory_demo
from tabadul.demo import events as events_demo
from tabadul.demo import hubs as hubs_demo
from tabadul.directory.models import LocalBody
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.events import reach, services
from tabadul.events.models import ClosingReport, Event, ReachFigures, Registration
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
    reach.store()
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

    since = reach.ReachFilters(start=dt.date(1990, 1, 1))
    add_events(1)
    with django_assert_num_queries(
        15
    ) as few:  # a filter, computed live: the fingerprint (four), eight aggregates, three for names
        reach.reach(filters=since)
    add_events(6)
    with django_assert_num_queries(len(few.captured_queries)):
        data = reach.reach(filters=since)
    assert data.staff == 14 and data.bodies == 1 and data.events == 7
    reach.store()  # stored: the lookup and the names' three, whatever the number of events
    with django_assert_num_queries(4):
        assert reach.reach().as_of is not None
    add_events(3)
    reach.store()
    with django_assert_num_queries(4):
        assert reach.reach().events == 10


def test_reach_page_and_exports(client, platform_admin, hub, body, django_capture_on_commit_callbacks):
    event = make_event(platform_admin, hubs=[hub], days=0)
    registration = services.event_register(actor=make_user(body=body), event=event)
    with django_capture_on_commit_callbacks(execute=True):  # the check-in's task stores the figures
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
    reach.store()
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


# --- The figures without filters, stored (issue 22) ------------------------------------------------------------


def _as_dict(data) -> dict:
    """The dashboard's figures as plain values, to compare one way of computing them with another."""
    return {
        "totals": (data.staff, data.bodies, data.attendances, data.events, data.bodies_ever, data.directory_bodies),
        **{
            key: {(row.key, row.label): (row.staff, row.bodies, row.attendances) for row in rows}
            for key, _title, rows in data.sections()
        },
    }


def _direct(data) -> dict:
    """The same figures counted here in Python from every registration, for comparison (`data` gives the labels)."""
    attended = [
        r
        for r in Registration.objects.select_related("event", "local_body").prefetch_related("event__organiser_hubs")
        if r.checked_in_at and r.event.status != Event.Status.CANCELLED
    ]

    def measure(rows):
        return (
            len({r.user_id for r in rows}),
            len({r.local_body_id for r in rows if r.local_body_id}),
            len(rows),
        )

    def section(key_of, labels):
        keys = {}
        for r in attended:
            for key in key_of(r):
                keys.setdefault(key, []).append(r)
        return {(key, labels[key]): measure(rows) for key, rows in keys.items()}

    labels = {key: {row.key: row.label for row in rows} for key, _title, rows in data.sections()}
    body = lambda r, field: [getattr(r.local_body, field) if r.local_body else None]  # noqa: E731
    staff, bodies, count = measure(attended)
    return {
        "totals": (
            staff,
            bodies,
            count,
            len({r.event_id for r in attended}),
            bodies,
            LocalBody.objects.count(),
        ),
        "country": section(lambda r: body(r, "country_id"), labels["country"]),
        "hub": section(lambda r: [h.pk for h in r.event.organiser_hubs.all()], labels["hub"]),
        "region": section(lambda r: body(r, "region_id"), labels["region"]),
        "type": section(lambda r: body(r, "type"), labels["type"]),
        "year": section(lambda r: [timezone.localtime(r.event.starts_at).year], labels["year"]),
    }


def _random_attendance(rng, platform_admin, *, events=6):
    """Hubs, bodies in several governorates and countries, people (some without a body) at events some of which
    are held by hubs, in other years, invitation-only or cancelled; about two thirds of the places checked in."""
    from tabadul.directory.models import Governorate

    hubs = [Hub.objects.create(slug=f"reach-{n}", name_ar=f"منصة {n}", name_en=f"Hub {n}") for n in range(3)]
    governorates = rng.sample(list(Governorate.objects.order_by("code")), k=5)
    bodies = [
        LocalBodyFactory(country=g.country, governorate=g, type=rng.choice(list(LocalBody.Type))) for g in governorates
    ]
    people = [make_user(body=rng.choice([*bodies, None])) for _ in range(14)]
    made = []
    for number in range(events):
        event = make_event(platform_admin, hubs=rng.sample(hubs, k=rng.randint(0, 2)), days=0)
        for person in rng.sample(people, k=rng.randint(1, 9)):
            registration = services.event_register(actor=person, event=event)
            if rng.random() < 0.66:
                services.registration_check_in(actor=platform_admin, registration=registration)
        moved = event.starts_at - dt.timedelta(days=365 * rng.randint(0, 3))
        fields = {"starts_at": moved, "ends_at": moved + dt.timedelta(hours=2), "updated_at": timezone.now()}
        if number == 1:
            fields["visibility"] = Event.Visibility.INVITATION
        Event.objects.filter(pk=event.pk).update(**fields)
        made.append(event)
    services.event_cancel(actor=platform_admin, event=made[-1], reason="سبب")
    return made


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_stored_and_live_figures_equal_a_direct_count_on_random_data(seed, platform_admin):
    import random

    _random_attendance(random.Random(seed), platform_admin)
    everything = reach.ReachFilters(start=dt.date(1990, 1, 1))  # a filter computes live
    live = reach.reach(filters=everything, user=platform_admin)
    assert live.as_of is None and live.attendances > 0
    assert _as_dict(live) == _direct(live)
    reach.store()
    stored = reach.reach(user=platform_admin)
    assert stored.as_of is not None
    assert _as_dict(stored) == _as_dict(live) == _direct(stored)


def test_stored_figures_are_brought_up_to_date_in_the_background(
    platform_admin, hub, body, django_capture_on_commit_callbacks
):
    import random

    with django_capture_on_commit_callbacks(execute=True):  # committed: its runs done, none left pending
        _random_attendance(random.Random(4), platform_admin, events=3)
    stored = reach.reach()
    event = make_event(platform_admin, hubs=[hub], days=0)
    registration = services.event_register(actor=make_user(body=body), event=event)
    with django_capture_on_commit_callbacks() as after_commit:  # the check-in's task waits for the commit
        services.registration_check_in(actor=platform_admin, registration=registration)
    shown = reach.reach()  # the stored figures, with the time they were computed: never computed on a view
    assert shown.as_of == stored.as_of and _as_dict(shown) == _as_dict(stored)
    for callback in after_commit:  # the commit: the check-in's task stores the figures anew
        callback()
    again = reach.reach()
    assert again.attendances == stored.attendances + 1 and _as_dict(again) == _direct(again)
    # A run on unchanged data leaves the figures as they are (several check-ins in a row queue several runs).
    reach.store()
    assert reach.reach().as_of == again.as_of
    # A deleted registration (not the latest changed) leaves no trace in the fingerprint: it queues a run that
    # computes every scope again.
    with django_capture_on_commit_callbacks(execute=True):
        Registration.objects.filter(checked_in_at__isnull=False).order_by("updated_at").first().delete()
    gone = reach.reach()
    assert gone.attendances == again.attendances - 1 and _as_dict(gone) == _direct(gone)
    # A change the services did not make (a bulk load, the admin): the nightly run (or the next change) sees it.
    LocalBody.objects.filter(pk=body.pk).update(type=LocalBody.Type.VILLAGE_COUNCIL, updated_at=timezone.now())
    reach.store()
    assert _as_dict(reach.reach()) == _direct(reach.reach())


def test_one_background_run_per_transaction_however_many_rows_it_changed(
    platform_admin, hub, body, django_capture_on_commit_callbacks
):
    """Deleting an event deletes its registrations one signal each: the figures are forgotten and stored anew once
    after the commit, not once per registration; the next transaction queues its own run."""
    event = make_event(platform_admin, hubs=[hub], days=0)
    with django_capture_on_commit_callbacks(execute=True):  # committed: its run done, none left pending
        for _ in range(5):
            registration = services.event_register(actor=make_user(body=body), event=event)
            services.registration_check_in(actor=platform_admin, registration=registration)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        Event.objects.filter(pk=event.pk).delete()
    runs = [queued for queued in callbacks if getattr(queued, "callback", None) is reach._forget_and_store]
    assert len(runs) == 1
    assert reach.reach().attendances == 0 and _as_dict(reach.reach()) == _direct(reach.reach())
    with django_capture_on_commit_callbacks(execute=True) as later:
        reach.changed()
        reach.changed()
    assert [getattr(queued, "callback", None) for queued in later] == [reach._enqueue_store]


def test_a_date_filter_takes_whole_local_days_and_is_kept_until_the_data_changes(platform_admin, hub, body):
    """An event at 23:30 local time on the last chosen day counts, one at 00:10 the next day does not (the bounds
    are local midnights, read from the starts_at index); the filtered figures are kept until the data changes."""
    day = timezone.localdate() - dt.timedelta(days=3)
    late = timezone.make_aware(dt.datetime.combine(day, dt.time(23, 30)))
    for starts in (late, late + dt.timedelta(minutes=40)):
        event = make_event(platform_admin, hubs=[hub], days=0)
        registration = services.event_register(actor=make_user(body=body), event=event)
        services.registration_check_in(actor=platform_admin, registration=registration)
        not_yet_in = services.event_register(actor=make_user(body=body), event=event)
        Event.objects.filter(pk=event.pk).update(starts_at=starts, ends_at=starts + dt.timedelta(hours=1))
    that_day = reach.ReachFilters(start=day, end=day)
    assert reach.reach(filters=that_day, user=platform_admin).attendances == 1
    next_days = reach.ReachFilters(start=day + dt.timedelta(days=1))
    assert reach.reach(filters=next_days, user=platform_admin).attendances == 1
    with CaptureQueriesContext(connection) as again:
        assert reach.reach(filters=that_day, user=platform_admin).attendances == 1
    counted = [query["sql"] for query in again.captured_queries if "COUNT(DISTINCT" in query["sql"]]
    assert counted == []  # the fingerprint and the labels only: the figures come from the cache
    now = timezone.now()
    Event.objects.filter(pk=event.pk).update(starts_at=late, updated_at=now)  # the second event moves into the day
    assert reach.reach(filters=that_day, user=platform_admin).attendances == 2
    Registration.objects.filter(pk=not_yet_in.pk).update(checked_in_at=now, updated_at=now)
    assert reach.reach(filters=that_day, user=platform_admin).attendances == 3


def _viewer(person):
    """`person` made a specialist (who may open the dashboard), as a fresh object (roles are kept on it)."""
    from tabadul.accounts.models import User
    from tabadul.accounts.services import role_grant

    role_grant(actor=None, user=person, role=RoleGrant.Role.SPECIALIST)
    return User.objects.get(pk=person.pk)


def test_who_is_shown_which_stored_figures(client, platform_admin, hub, body):
    """Platform administrators are shown every event's figures, other viewers the public events' ones, unless they
    see an event with attendance that is not public: then the figures of their own scope (never another's)."""
    import random

    made = _random_attendance(random.Random(5), platform_admin, events=3)
    secret = made[1]  # invitation-only
    attended = secret.registrations.filter(checked_in_at__isnull=False)
    if not attended.exists():
        services.registration_check_in(actor=platform_admin, registration=secret.registrations.first())
    guest = _viewer(attended.first().user)
    specialist = make_user(role=RoleGrant.Role.SPECIALIST)
    reach.store()
    everything = reach.ReachFilters(start=dt.date(1990, 1, 1))  # a filter: computed live
    client.force_login(specialist)
    shown = client.get(reverse("events:reach")).context["data"]
    assert _as_dict(shown) == _as_dict(reach.reach(filters=everything, user=specialist))
    theirs = reach.reach(user=guest)
    assert _as_dict(theirs) == _as_dict(reach.reach(filters=everything, user=guest))
    assert theirs.attendances == shown.attendances + attended.count()
    client.force_login(platform_admin)
    assert client.get(reverse("events:reach")).context["data"].attendances == reach.reach().attendances
    assert ReachFigures.objects.count() == 3  # every event, the public ones, the guest's


def test_a_scope_not_stored_yet_is_being_prepared_and_viewing_writes_nothing(
    client, platform_admin, django_assert_num_queries
):
    """Someone who comes to see an event with attendance that is not public (here invited to one; at scale a
    programme officer, their programme's events: 2.5 s of CPU a view at 10,000 bodies when computed live) is told
    their figures are being prepared until a run stores them; two viewers who see the same events share a row,
    and a scope nobody has any more is dropped."""
    import random

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    made = _random_attendance(random.Random(5), platform_admin, events=3)
    secret = made[1]
    attended = secret.registrations.filter(checked_in_at__isnull=False)
    if not attended.exists():
        services.registration_check_in(actor=platform_admin, registration=secret.registrations.first())
    reach.store()
    assert set(ReachFigures.objects.values_list("scope", flat=True)) == {"all", "public"}
    guest = _viewer(attended.first().user)
    client.force_login(guest)
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/en" + reverse("events:reach"))
    assert page.context["data"] is None and b"Your figures are being prepared" in page.content
    assert [q["sql"] for q in captured.captured_queries if " INTO " in q["sql"] or "UPDATE " in q["sql"]] == []
    assert client.get(reverse("events:reach_csv")).url == reverse("events:reach")
    invited = _viewer(make_user())  # sees the same events as the guest
    services.invitation_create(actor=platform_admin, event=secret, users=[invited])
    reach.store()
    assert reach.reach(user=guest).as_of is not None
    assert reach._scope(invited) == reach._scope(guest)
    assert set(ReachFigures.objects.values_list("scope", flat=True)) == {"all", "public", reach._scope(guest)}
    # The guest's place is gone: their scope is nobody's any more, its row is dropped at the next run.
    attended.update(status=Registration.Status.CANCELLED, checked_in_at=None)
    Event.objects.filter(pk=secret.pk).update(updated_at=timezone.now())
    reach.store()
    assert set(ReachFigures.objects.values_list("scope", flat=True)) == {"all", "public"}


def test_store_command(platform_admin):
    import random

    from django.core.management import call_command

    _random_attendance(random.Random(6), platform_admin, events=2)
    call_command("reach_figures", stdout=io.StringIO())
    assert ReachFigures.objects.count() == 2 and reach.reach().as_of is not None


def test_exports_give_the_stored_figures(client, platform_admin):
    import random

    _random_attendance(random.Random(7), platform_admin, events=3)
    reach.store()
    data = reach.reach()
    client.force_login(platform_admin)
    csv = client.get("/en" + reverse("events:reach_csv")).getvalue().decode("utf-8-sig")
    total = next(line for line in csv.splitlines() if line.startswith("Total"))
    assert total.split(",")[2:5] == [str(data.staff), str(data.bodies), str(data.attendances)]
    workbook = load_workbook(io.BytesIO(client.get(reverse("events:reach_xlsx")).getvalue()))
    rows = [row for row in workbook.active.iter_rows(values_only=True)]
    assert any(row[2:5] == (data.staff, data.bodies, data.attendances) for row in rows)
