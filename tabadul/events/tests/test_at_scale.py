"""The events pages at a region's size (issue 22): local bodies are chosen by name (core/pickers.py), never from a
<select> of every body; a course page shows a page of its sessions and of its people; the month calendar shows a
few events a day and links to the rest; the lists count places only for the events of the page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tabadul.accounts.tests.factories import make_user
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.events import selectors, services
from tabadul.events.forms import CHECKBOXES
from tabadul.events.models import LONGEST_EVENT, Event, Invitation
from tabadul.hubs.models import Hub

from .conftest import make_event

pytestmark = pytest.mark.django_db


def en(name, *args) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def _event_data(**fields) -> dict:
    return {
        "name_ar": "زيارة ميدانية",
        "type": Event.Type.FIELD_VISIT,
        "starts_at": "2030-05-02T10:00",
        "ends_at": "2030-05-02T13:00",
        "time_zone": "Asia/Hebron",
        "mode": "in_person",
        "city": "بيتا",
        "visibility": "public",
        "organised_by_platform": "on",
        **fields,
    }


# --- Local bodies are typed, not listed -----------------------------------------------------------------------


def test_the_event_form_offers_no_list_of_every_body(client, platform_admin):
    bodies = [LocalBodyFactory(name_en=f"Body {number}") for number in range(CHECKBOXES + 1)]
    client.force_login(platform_admin)
    html = client.get(en("events:event_create")).content.decode()
    assert len(bodies) > CHECKBOXES  # the administrator may name any of them as organisers
    for name in ("host_body", "visiting_bodies", "organiser_bodies"):
        assert f'<select name="{name}"' not in html
        assert 'data-picker="/en/pick/bodies/"' in html.split(f'name="{name}"')[1][:400]


def test_an_event_names_its_host_and_visitors_by_their_names(client, platform_admin):
    host = LocalBodyFactory(name_ar="بلدية بيتا", name_en="Beita")
    visitors = [LocalBodyFactory(name_ar="بلدية عقربا", name_en="Aqraba"), LocalBodyFactory(name_en="Awarta")]
    client.force_login(platform_admin)
    data = _event_data(host_body="بلديه بيتا", visiting_bodies="Aqraba\n" + str(visitors[1].pk))  # folded; a key
    assert client.post(en("events:event_create"), data).status_code == 302
    event = Event.objects.get(name_ar="زيارة ميدانية")
    assert event.host_body == host and set(event.visiting_bodies.all()) == set(visitors)

    edit = client.get(en("events:event_edit", event.pk)).content.decode()
    assert "Aqraba" in edit and "Awarta" in edit  # the chosen bodies' labels, shown again
    refused = client.post(en("events:event_edit", event.pk), data | {"visiting_bodies": "No such town"})
    assert refused.status_code == 200 and "“No such town” was not found" in refused.content.decode()
    assert set(event.visiting_bodies.all()) == set(visitors)


def test_a_manager_invites_a_body_by_its_name(client, platform_admin):
    event = make_event(platform_admin, visibility=Event.Visibility.INVITATION)
    body = LocalBodyFactory(name_ar="بلدية عصيرة الشمالية", name_en="Asira ash-Shamaliya")
    client.force_login(platform_admin)
    page = client.get(en("events:event_manage", event.pk)).content.decode()
    assert '<select name="bodies"' not in page and 'data-picker="/en/pick/bodies/"' in page.split('name="bodies"')[1]
    response = client.post(en("events:event_invite", event.pk), {"bodies": "Asira ash-Shamaliya", "people": ""})
    assert response.status_code == 302
    assert list(Invitation.objects.filter(event=event).values_list("local_body", flat=True)) == [body.pk]


def _many_hubs() -> list[Hub]:
    return [Hub.objects.create(slug=f"hub-{n}", name_ar=f"منصة {n}", name_en=f"Hub {n}") for n in range(CHECKBOXES + 1)]


def test_an_administrator_types_the_organising_hubs_among_many(client, platform_admin):
    hubs = _many_hubs()
    client.force_login(platform_admin)
    for page in (en("events:event_create"), en("events:course_create")):
        html = client.get(page).content.decode()
        assert 'type="checkbox" name="organiser_hubs"' not in html  # no tick box per hub of the region
        assert 'data-picker="/en/pick/hubs/"' in html.split('name="organiser_hubs"')[1][:400]
    data = _event_data(type=Event.Type.WORKSHOP, organiser_hubs=f"Hub 3\n{hubs[5].pk}")  # a name; a key
    assert client.post(en("events:event_create"), data).status_code == 302
    assert set(Event.objects.get(name_ar="زيارة ميدانية").organiser_hubs.all()) == {hubs[3], hubs[5]}


def test_a_coordinator_ticks_their_hub(client, hub, coordinator):
    _many_hubs()  # not theirs to name
    client.force_login(coordinator)
    html = client.get(en("events:event_create")).content.decode()
    assert html.count('type="checkbox" name="organiser_hubs"') == 1 and "/pick/hubs/" not in html


# --- The lists count places for their page only ---------------------------------------------------------------


def test_the_list_counts_each_events_confirmed_places(platform_admin):
    full, empty = make_event(platform_admin, capacity=2, name_ar="ممتلئ"), make_event(platform_admin, days=8)
    for _person in range(3):  # two places, then the waiting list
        services.event_register(actor=make_user(), event=full)
    listed = {event.pk: event.confirmed_count for event in selectors.event_list(user=platform_admin)}
    assert listed == {full.pk: 2, empty.pk: 0}
    assert selectors.event_get(user=platform_admin, pk=full.pk).confirmed_count == 2
    assert selectors.event_list(user=platform_admin).query.group_by is None  # no grouping of every row


# --- A course page: a page of sessions, a page of people -------------------------------------------------------


@pytest.fixture
def course_of_seven(platform_admin):
    """A course of seven sessions and seven people, each checked in at the session of their own number."""
    course = services.course_create(actor=platform_admin, name_ar="دورة", name_en="Course", min_sessions_attended=1)
    start = timezone.now() + dt.timedelta(minutes=30)  # check-in is open from the day before
    sessions = [
        services.course_session_add(
            actor=platform_admin,
            course=course,
            name_ar=f"جلسة {number}",
            name_en=f"Session {number}",
            starts_at=start + dt.timedelta(minutes=number),
            ends_at=start + dt.timedelta(minutes=number, hours=1),
            city="نابلس",
        )
        for number in range(1, 8)
    ]
    people = [make_user(full_name=f"Person {number}") for number in range(1, 8)]
    for person, session in zip(people, sessions, strict=True):
        services.course_enrol(actor=person, course=course)
        services.registration_check_in(actor=platform_admin, registration=person.registrations.get(event=session))
    return course, sessions, people


def test_a_course_page_shows_a_page_of_sessions_and_of_people(client, settings, platform_admin, course_of_seven):
    settings.PAGE_SIZE = 3
    course, sessions, people = course_of_seven
    client.force_login(platform_admin)
    response = client.get(en("events:course_detail", course.pk) + "?page=3&people=3")
    assert [event.pk for event in response.context["sessions"]] == [sessions[6].pk]
    rows = response.context["rows"]
    assert [row["enrolment"].user for row in rows] == [people[6]]
    assert [present for _session, present in rows[0]["marks"]] == [True]
    assert rows[0]["attended"] == 1 and rows[0]["completed"]
    html = response.content.decode()
    assert '<th scope="col">7</th>' in html  # the session's number in the whole course
    assert 'href="?people=3&amp;page=2#sessions"' in html and 'href="?page=3&amp;people=2#attendance"' in html

    first = client.get(en("events:course_detail", course.pk)).context
    assert len(first["sessions"]) == 3 and [row["enrolment"].user for row in first["rows"]] == people[:3]
    # Person 3 attended session 3, shown; persons 1 and 2 theirs, shown too; nobody another's.
    assert [[present for _s, present in row["marks"]] for row in first["rows"]] == [
        [True, False, False],
        [False, True, False],
        [False, False, True],
    ]


def test_a_course_page_reads_no_attendance_for_those_who_do_not_manage_it(client, course_of_seven):
    course, _sessions, people = course_of_seven
    client.force_login(people[0])
    context = client.get(en("events:course_detail", course.pk)).context
    assert context["rows"] == [] and context["people"] is None
    assert context["progress"].attended == 1


# --- The month calendar: a few events a day, a link to the rest --------------------------------------------------


def test_a_busy_day_shows_its_first_events_and_links_to_the_days_list(client, platform_admin):
    made = [make_event(platform_admin, days=5, name_en=f"Meeting {number}") for number in range(7)]
    day = made[0].local_starts_at.date()
    month = client.get(en("events:event_month") + f"?month={day:%Y-%m}")
    cell = next(cell for week in month.context["view"].weeks for cell in week if cell.date == day)
    assert cell.events == made[: selectors.MONTH_DAY_EVENTS] and cell.more == 7 - selectors.MONTH_DAY_EVENTS
    html = month.content.decode()
    assert f'href="{en("events:event_list")}?when=all&amp;day={day:%Y-%m-%d}">3 more events</a>' in html

    listing = client.get(en("events:event_list") + f"?when=all&day={day:%Y-%m-%d}")
    assert list(listing.context["page"]) == made[::-1]  # every event of the day, the latest made first


def test_the_days_list_places_events_as_the_calendar_does_in_their_own_time_zone(platform_admin):
    # 23:30 in Tunis on 1 June is 00:30 on 2 June in Hebron: the event belongs to 1 June, as in the calendar.
    late = make_event(platform_admin, tz="Africa/Tunis", name_en="Late")
    starts = dt.datetime(2030, 6, 1, 23, 30, tzinfo=late.tz)
    Event.objects.filter(pk=late.pk).update(starts_at=starts, ends_at=starts + dt.timedelta(minutes=20))
    three_days = make_event(platform_admin, name_en="Three days")
    begins = dt.datetime(2030, 5, 31, 9, tzinfo=three_days.tz)
    Event.objects.filter(pk=three_days.pk).update(starts_at=begins, ends_at=begins + dt.timedelta(days=2))

    def on(day):
        filters = selectors.EventFilters(when="all", day=day)
        return {event.name_en for event in selectors.event_list(user=platform_admin, filters=filters)}

    assert on(dt.date(2030, 5, 31)) == {"Three days"}
    assert on(dt.date(2030, 6, 1)) == {"Late", "Three days"}
    assert on(dt.date(2030, 6, 2)) == {"Three days"}
    assert on(dt.date(2030, 6, 3)) == set()
    june = selectors.month_view(events=Event.objects.all(), year=2030, month=6)
    placed = {cell.date: {event.name_en for event in cell.events} for week in june.weeks for cell in week}
    assert placed[dt.date(2030, 6, 1)] == {"Late", "Three days"} and placed[dt.date(2030, 6, 2)] == {"Three days"}


# --- An event lasts at most LONGEST_EVENT: the calendars read the index on the start from a window's start less it


def test_an_event_longer_than_the_longest_is_refused(platform_admin):
    with pytest.raises(ValidationError) as refused:
        make_event(platform_admin, hours=LONGEST_EVENT.days * 24 + 1)
    assert "ends_at" in refused.value.message_dict
    assert make_event(platform_admin, hours=LONGEST_EVENT.days * 24).pk  # the longest itself is kept


def test_the_longest_event_is_in_the_calendars_until_it_ends(platform_admin):
    longest = make_event(platform_admin, days=-(LONGEST_EVENT.days - 1), hours=LONGEST_EVENT.days * 24)
    gone = make_event(platform_admin, days=-(LONGEST_EVENT.days + 1), hours=LONGEST_EVENT.days * 24)
    assert set(Event.objects.upcoming()) == {longest}  # begun 30 days ago, still running; the other has ended
    today = timezone.localdate()
    month = selectors.month_view(events=Event.objects.all(), year=today.year, month=today.month)
    cell = next(cell for week in month.weeks for cell in week if cell.date == today)
    assert cell.events == [longest]
    filters = selectors.EventFilters(when="all", day=today)
    assert list(selectors.event_list(user=platform_admin, filters=filters)) == [longest]
    assert gone.ends_at < timezone.now()


# --- The reach dashboard's filter ----------------------------------------------------------------------------------


def test_the_reach_filter_lists_the_hubs_that_organised_events(client, platform_admin, hub, other_hub):
    make_event(platform_admin, hubs=[hub])
    client.force_login(platform_admin)
    form = client.get(en("events:reach")).context["form"]
    assert list(form.fields["hub"].queryset) == [hub]  # not the other hub, which organised nothing
    narrowed = client.get(en("events:reach") + f"?hub={hub.pk}").context["form"]
    assert narrowed.values()["hub"] == hub


# --- The manage page: a page of registrations, whatever else the event has --------------------------------------


def _manage_queries(client, event) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(en("events:event_manage", event.pk)).status_code == 200
    return [query["sql"] for query in context.captured_queries]


def _checked_in_from_new_bodies(event, manager, number: int) -> None:
    for _ in range(number):
        person = make_user(body=LocalBodyFactory())
        registration = services.event_register(actor=person, event=event)
        services.registration_check_in(actor=manager, registration=registration)


def test_the_manage_page_reads_as_much_for_many_organisers_and_bodies_as_for_one(client, platform_admin):
    """The organisers are asked about the one person viewing (not loaded: an event may have hundreds); the bodies
    represented are counted, not loaded (the event's own page lists them)."""
    organiser = make_user()
    event = make_event(platform_admin, days=0)
    event.organisers.add(organiser)
    _checked_in_from_new_bodies(event, platform_admin, 1)
    client.force_login(organiser)
    _manage_queries(client, event)  # the first request of a session reads more (its caches)
    before = _manage_queries(client, event)
    event.organisers.add(*(make_user() for _ in range(5)))
    _checked_in_from_new_bodies(event, platform_admin, 5)
    after = _manage_queries(client, event)
    assert len(after) == len(before)
    organisers = [sql for sql in after if '"events_event_organisers"' in sql and '"accounts_user"' in sql]
    assert organisers and all("LIMIT 1" in sql for sql in organisers)  # is this person one of them?
    assert not [sql for sql in after if 'FROM "directory_localbody" WHERE "directory_localbody"."id" IN' in sql]
    assert selectors.event_attendance(event=event).body_count == 6


def test_the_course_list_counts_sessions_and_people_each_on_its_own(course_of_seven):
    course, _sessions, _people = course_of_seven
    listed = selectors.course_list().get(pk=course.pk)
    assert (listed.session_count, listed.enrolled) == (7, 7)
    assert selectors.course_list().query.group_by is None  # no join of sessions with people, grouped


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
@pytest.mark.parametrize("viewer", ["anonymous", "body editor"])
def test_a_bodys_next_events_walk_an_index_in_their_order(platform_admin, viewer):
    """A body's next events: read in the order of their start from an index, stopping at the fifth, whoever looks.
    An index of the end alone (or of the visibility alone, for visitors) made SQLite read every coming event and
    sort them: 22 ms at 10,000 bodies."""
    from django.contrib.auth.models import AnonymousUser

    from tabadul.accounts.models import RoleGrant
    from tabadul.events.body_page import body_events

    body = LocalBodyFactory()
    for days in (1, 2, 3):
        make_event(platform_admin, bodies=[body], days=days)
    user = AnonymousUser() if viewer == "anonymous" else make_user(role=RoleGrant.Role.BODY_EDITOR, body=body)
    with CaptureQueriesContext(connection) as queries:
        assert len(body_events(body=body, user=user)["events"]) == 3
    events_query = next(query["sql"] for query in queries.captured_queries if 'FROM "events_event"' in query["sql"])
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + events_query)
        plan = " / ".join(str(row[-1]) for row in cursor.fetchall())
    assert "TEMP B-TREE FOR ORDER BY" not in plan and "events_event_ends_at" not in plan, plan
