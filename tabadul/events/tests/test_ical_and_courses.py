import datetime as dt
import io
import zoneinfo

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tabadul.accounts.tests.factories import make_user
from tabadul.events import selectors, services
from tabadul.events.models import Event

from .conftest import make_event

pytestmark = pytest.mark.django_db


def _vevents(content: bytes):
    calendar = icalendar.Calendar.from_ical(content)
    return calendar, list(calendar.walk("VEVENT"))


def test_event_ics_parses_with_its_time_zone_tripoli_and_hebron(client, platform_admin, hub):
    tripoli = make_event(platform_admin, hubs=[hub], tz="Africa/Tripoli", name_ar="جلسة حوارية في طرابلس")
    hebron = make_event(platform_admin, hubs=[hub], name_ar="يوم تعليمي في الخليل")
    for event, zone in ((tripoli, "Africa/Tripoli"), (hebron, "Asia/Hebron")):
        calendar, (vevent,) = _vevents(client.get(reverse("events:event_ics", args=[event.pk])).content)
        start = vevent.decoded("dtstart")
        assert str(start.tzinfo) == zone or getattr(start.tzinfo, "key", None) == zone
        assert start == event.starts_at and start.hour == 10  # 10:00 wall-clock time in the event's zone
        assert vevent.decoded("dtend") == event.ends_at
        assert zone in [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]
        assert str(vevent["summary"]) == event.name_ar
    # Same wall-clock hour, different instants: Tripoli is UTC+2 all year, Hebron UTC+2/+3.
    assert tripoli.starts_at.astimezone(dt.UTC).hour in (8,) and hebron.starts_at.astimezone(dt.UTC).hour in (7, 8)


def test_hub_feed_lists_the_hubs_public_events(client, platform_admin, hub, other_hub):
    mine = make_event(platform_admin, hubs=[hub], name_ar="فعالية المنصة")
    make_event(platform_admin, hubs=[other_hub], name_ar="فعالية منصة أخرى")
    cancelled = make_event(platform_admin, hubs=[hub], name_ar="ملغاة")
    services.event_cancel(actor=platform_admin, event=cancelled, reason="تأجيل")
    response = client.get(reverse("events:hub_feed", args=[hub.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    _calendar, vevents = _vevents(response.content)
    assert [str(v["summary"]) for v in vevents] == [mine.name_ar]


def test_personal_feed_online_link_only_when_admitted_and_token_revocable(client, platform_admin):
    event = make_event(
        platform_admin, mode=Event.Mode.ONLINE, online_url="https://meet.example.org/x", city="", capacity=1
    )
    full = make_event(
        platform_admin,
        mode=Event.Mode.ONLINE,
        online_url="https://meet.example.org/full",
        city="",
        capacity=1,
        name_ar="ممتلئة",
    )
    person = make_user()
    services.event_register(actor=person, event=event)
    services.event_register(actor=make_user(), event=full)
    services.event_register(actor=person, event=full)  # waiting list: not admitted
    token = services.feed_token_get_or_create(actor=person).token
    content = client.get(reverse("events:personal_feed", args=[token])).content
    _calendar, vevents = _vevents(content)
    assert len(vevents) == 2
    assert b"meet.example.org/x" in content and b"meet.example.org/full" not in content
    services.feed_token_revoke(actor=person)
    assert client.get(reverse("events:personal_feed", args=[token])).status_code == 404


def test_stored_times_are_aware_and_form_input_is_read_in_the_events_zone(client, platform_admin):
    client.force_login(platform_admin)
    response = client.post(
        reverse("events:event_create"),
        {
            "name_ar": "ورشة في طرابلس",
            "type": "specialised_workshop",
            "starts_at": "2030-03-10T09:00",
            "ends_at": "2030-03-10T12:00",
            "time_zone": "Africa/Tripoli",
            "mode": "in_person",
            "city": "طرابلس",
            "visibility": "public",
            "organised_by_platform": "on",
            "registration_open": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(name_ar="ورشة في طرابلس")
    assert event.starts_at == dt.datetime(2030, 3, 10, 9, tzinfo=zoneinfo.ZoneInfo("Africa/Tripoli"))
    assert timezone.is_aware(event.starts_at)


def _past(event, days_ago):
    start = timezone.now() - dt.timedelta(days=days_ago)
    Event.objects.filter(pk=event.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=3))


def test_course_enrolment_attendance_completion_and_arabic_certificate(client, platform_admin, body):
    course = services.course_create(
        actor=platform_admin, name_ar="التخطيط الاستراتيجي المحلي", name_en="", min_sessions_attended=2
    )
    sessions = [
        services.course_session_add(
            actor=platform_admin,
            course=course,
            name_ar=f"الجلسة {n}",
            starts_at=timezone.now() + dt.timedelta(hours=1),
            ends_at=timezone.now() + dt.timedelta(hours=3),
            time_zone="Africa/Tripoli",
            city="طرابلس",
        )
        for n in range(3)
    ]
    body.name_ar = "بلدية بيتا"
    body.save()
    person = make_user(body=body, full_name="محمد عبد الله الخطيب")
    services.course_enrol(actor=person, course=course)
    registrations = {r.event_id: r for r in person.registrations.all()}
    assert set(registrations) == {s.pk for s in sessions}
    services.registration_check_in(actor=platform_admin, registration=registrations[sessions[0].pk])
    assert not selectors.course_progress(course=course, user=person).completed
    client.force_login(person)
    assert client.get(reverse("events:course_certificate", args=[course.pk])).status_code == 302  # not yet
    services.registration_check_in_by_code(
        actor=platform_admin, event=sessions[1], code=registrations[sessions[1].pk].code
    )
    progress = selectors.course_progress(course=course, user=person)
    assert (progress.attended, progress.total, progress.required, progress.completed) == (2, 3, 2, True)
    rows = selectors.course_attendance_rows(
        course=course, enrolments=selectors.course_enrolled(course=course), sessions=sessions[:1]
    )
    assert [row["attended"] for row in rows] == [2] and rows[0]["completed"]  # of every session, not those shown
    assert [present for _session, present in rows[0]["marks"]] == [True]

    response = client.get(reverse("events:course_certificate", args=[course.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "محمد عبد الله الخطيب" in text  # logical order, letters joined back from the shaped glyphs
    assert "التخطيط الاستراتيجي المحلي" in text
    assert "بلدية بيتا" in text


def test_course_certificate_of_someone_else_only_for_managers(client, platform_admin):
    course = services.course_create(actor=platform_admin, name_ar="دورة", name_en="")
    session = services.course_session_add(
        actor=platform_admin,
        course=course,
        name_ar="جلسة",
        starts_at=timezone.now() + dt.timedelta(hours=1),
        ends_at=timezone.now() + dt.timedelta(hours=2),
        city="نابلس",
    )
    person = make_user()
    services.course_enrol(actor=person, course=course)
    services.registration_check_in(actor=platform_admin, registration=person.registrations.get(event=session))
    intruder = make_user()
    client.force_login(intruder)
    url = reverse("events:course_certificate", args=[course.pk]) + f"?person={person.pk}"
    response = client.get(url)
    assert response.status_code == 302  # the intruder's own (absent) progress, never the other person's PDF
    client.force_login(platform_admin)
    assert client.get(url)["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    ("zone", "winter_offset", "summer_offset"),
    [("Asia/Hebron", 2, 3), ("Africa/Tripoli", 2, 2)],  # Palestine keeps summer time; Libya does not
)
def test_vtimezone_components_carry_the_zones_real_offsets(client, platform_admin, zone, winter_offset, summer_offset):
    events = []
    for month in (1, 7):
        starts = dt.datetime(2030, month, 15, 10, tzinfo=zoneinfo.ZoneInfo(zone))
        events.append(make_event(platform_admin, tz=zone, starts_at=starts, ends_at=starts + dt.timedelta(hours=2)))
    client.force_login(platform_admin)
    token = services.feed_token_get_or_create(actor=platform_admin).token
    content = client.get(reverse("events:personal_feed", args=[token])).content
    calendar = icalendar.Calendar.from_ical(content)
    (vtimezone,) = [tz for tz in calendar.walk("VTIMEZONE") if str(tz["TZID"]) == zone]
    assert content.count(f"TZID:{zone}".encode()) == 1  # one VTIMEZONE per zone, however many events
    # The VTIMEZONE itself (not Python's zone database) gives the right offset on each date.
    from_ical = vtimezone.to_tz()
    for vevent, expected in zip(calendar.walk("VEVENT"), (winter_offset, summer_offset), strict=True):
        assert vevent["dtstart"].params["TZID"] == zone and vevent["dtend"].params["TZID"] == zone
        wall_clock = vevent.decoded("dtstart").replace(tzinfo=None)
        assert wall_clock.hour == 10
        offset = from_ical.utcoffset(wall_clock)
        assert offset == dt.timedelta(hours=expected), (zone, wall_clock, offset)
    assert {e.starts_at.astimezone(dt.UTC).hour for e in events} == {10 - winter_offset, 10 - summer_offset}


def _session(actor, course, name_ar, **fields):
    session = services.course_session_add(
        actor=actor,
        course=course,
        name_ar=name_ar,
        starts_at=timezone.now() + dt.timedelta(days=2),
        ends_at=timezone.now() + dt.timedelta(days=2, hours=2),
        mode=Event.Mode.ONLINE,
        city="",
        online_url=f"https://meet.example.org/{name_ar}",
    )
    return services.event_update(actor=actor, event=session, **fields) if fields else session


@pytest.fixture
def course_with_closed_sessions(platform_admin):
    """A public course: one open session, one by invitation only, one full, one closed, one over."""
    course = services.course_create(actor=platform_admin, name_ar="دورة الحوكمة", name_en="")
    sessions = {
        "open": _session(platform_admin, course, "open"),
        "invitation": _session(platform_admin, course, "invite", visibility=Event.Visibility.INVITATION),
        "full": _session(platform_admin, course, "full", capacity=1),
        "closed": _session(platform_admin, course, "closed", registration_open=False),
        "past": _session(platform_admin, course, "past"),
    }
    _past(sessions["past"], days_ago=3)
    services.course_enrol(actor=make_user(), course=course)  # takes the one place of the full session
    return course, sessions


def test_course_enrolment_admits_to_each_session_by_its_own_rules(client, course_with_closed_sessions):
    course, sessions = course_with_closed_sessions
    person = make_user()
    services.course_enrol(actor=person, course=course)

    statuses = dict(person.registrations.values_list("event_id", "status"))
    assert statuses == {sessions["open"].pk: "confirmed", sessions["full"].pk: "waitlisted"}

    # Not invited: the invitation-only session and its meeting link show nowhere.
    invitation = sessions["invitation"]
    client.force_login(person)
    course_page = client.get(reverse("events:course_detail", args=[course.pk])).content.decode()
    assert sessions["open"].name_ar in course_page and invitation.name_ar not in course_page
    assert client.get(reverse("events:event_detail", args=[invitation.pk])).status_code == 404
    assert client.get(reverse("events:event_ics", args=[invitation.pk])).status_code == 404
    mine = client.get(reverse("events:my_events")).content.decode()
    assert invitation.name_ar not in mine and sessions["open"].name_ar in mine
    token = services.feed_token_get_or_create(actor=person).token
    feed = client.get(reverse("events:personal_feed", args=[token])).content
    _calendar, vevents = _vevents(feed)
    assert {str(v["summary"]) for v in vevents} == {"open", "full"}
    assert invitation.online_url.encode() not in feed
    assert sessions["full"].online_url.encode() not in feed  # the waiting list is not admitted


def test_an_invited_enrolee_gets_the_invitation_only_session(course_with_closed_sessions, platform_admin, body):
    course, sessions = course_with_closed_sessions
    person = make_user(body=body)
    services.invitation_create(actor=platform_admin, event=sessions["invitation"], bodies=[body])
    services.course_enrol(actor=person, course=course)
    assert person.registrations.get(event=sessions["invitation"]).status == "confirmed"
    assert selectors.visible_events(person).filter(pk=sessions["invitation"].pk).exists()


def test_a_session_added_later_admits_enrolees_by_its_rules_and_withdrawal_promotes_the_waiting(platform_admin):
    course = services.course_create(actor=platform_admin, name_ar="دورة", name_en="")
    first, second, late = make_user(), make_user(), make_user()
    for person in (first, second):
        services.course_enrol(actor=person, course=course)
    session = services.course_session_add(
        actor=platform_admin,
        course=course,
        name_ar="جلسة",
        starts_at=timezone.now() + dt.timedelta(days=1),
        ends_at=timezone.now() + dt.timedelta(days=1, hours=2),
        city="نابلس",
        capacity=1,
    )
    statuses = dict(session.registrations.values_list("user_id", "status"))
    assert statuses == {first.pk: "confirmed", second.pk: "waitlisted"}
    services.course_enrol(actor=late, course=course)
    assert session.registrations.get(user=late).status == "waitlisted"

    services.course_withdraw(actor=first, enrolment=first.enrolments.get(course=course))
    statuses = dict(session.registrations.values_list("user_id", "status"))
    assert statuses == {first.pk: "cancelled", second.pk: "confirmed", late.pk: "waitlisted"}


def test_a_session_takes_single_registrations_only_from_enrolled_people(platform_admin):
    course = services.course_create(actor=platform_admin, name_ar="دورة", name_en="")
    session = _session(platform_admin, course, "s")
    outsider = make_user()
    with pytest.raises(ValidationError):
        services.event_register(actor=outsider, event=session)
    assert not session.registrations.filter(user=outsider).exists()
