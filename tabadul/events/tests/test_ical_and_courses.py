import datetime as dt
import io
import zoneinfo

import icalendar
import pytest
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
    services.event_cancel(actor=platform_admin, event=cancelled)
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
    _sessions, rows = selectors.course_attendance_table(course=course)
    assert [row["attended"] for row in rows] == [2] and rows[0]["completed"]

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
