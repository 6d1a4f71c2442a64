"""List pages (pagination, empty states, query counts), the online link, check-in from the list, and bad input."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from tabadul.accounts.tests.factories import make_user
from tabadul.events import reach, services
from tabadul.events.models import CAPACITY_MESSAGE, Course, Event, Registration

from .conftest import header_queries, make_event

pytestmark = pytest.mark.django_db


def en(name, *args) -> str:
    """English URLs, so that the assertions on messages hold once the Arabic catalogue is merged."""
    with translation.override("en"):
        return reverse(name, args=args)


def _text(response) -> str:
    return response.content.decode()


# --- Pagination, empty states, query counts -----------------------------------------------------------------


def test_event_list_is_paginated(client, platform_admin, settings):
    settings.PAGE_SIZE = 5
    for index in range(12):
        make_event(platform_admin, name_en=f"Workshop {index:02d}", days=index + 1)
    first = client.get(en("events:event_list"))
    assert [e.name_en for e in first.context["page"].object_list] == [f"Workshop {i:02d}" for i in range(5)]
    third = client.get(en("events:event_list") + "?page=٣")  # Arabic-Indic digits are read too
    assert [e.name_en for e in third.context["page"].object_list] == ["Workshop 10", "Workshop 11"]
    assert "?page=2" in _text(third) or "page=2" in _text(third)
    beyond = client.get(en("events:event_list") + "?page=99")
    assert beyond.status_code == 200 and beyond.context["page"].number == 3


def test_course_list_is_paginated(client, platform_admin, settings):
    settings.PAGE_SIZE = 3
    for index in range(4):
        services.course_create(actor=platform_admin, name_ar=f"دورة {index}", name_en="")
    assert len(client.get(en("events:course_list")).context["page"].object_list) == 3
    assert len(client.get(en("events:course_list") + "?page=2").context["page"].object_list) == 1


def test_empty_states(client, platform_admin, hub):
    assert "No event matches" in _text(client.get(en("events:event_list")))
    assert "No event matches" in _text(client.get(en("events:hub_events", hub.slug)))
    assert "No training course yet." in _text(client.get(en("events:course_list")))
    person = make_user()
    client.force_login(person)
    assert "You have no events here yet." in _text(client.get(en("events:my_events")))
    event = make_event(platform_admin)
    client.force_login(platform_admin)
    manage = _text(client.get(en("events:event_manage", event.pk)))
    assert "Nobody has registered yet." in manage and "No invitations yet." in manage
    assert "Your figures are being prepared" in _text(client.get(en("events:reach")))  # none stored yet
    reach.store()
    assert "No attendance recorded for these filters." in _text(client.get(en("events:reach")))


def _month(event) -> str:
    return f"?month={event.local_starts_at:%Y-%m}"


@pytest.mark.parametrize("page", ["event_list", "my_events", "hub_events", "course_list", "my_month", "hub_month"])
def test_list_pages_query_count_does_not_grow_with_rows(
    client, platform_admin, hub, body, page, django_assert_max_num_queries
):
    person = make_user(body=body)
    client.force_login(person)
    made = []

    def add(n):
        for _ in range(n):
            event = make_event(platform_admin, hubs=[hub], days=3)
            services.event_register(actor=person, event=event)
            services.event_register(actor=make_user(body=body), event=event)
            course = services.course_create(actor=platform_admin, hubs=[hub], name_ar="دورة", name_en="")
            services.course_enrol(actor=person, course=course)
            made.append(event)

    def url():
        args = (hub.slug,) if page.startswith("hub_") else ()
        return en(f"events:{page}", *args) + (_month(made[0]) if page.endswith("month") else "")

    add(1)
    with django_assert_max_num_queries(16 + header_queries(person)) as few:
        assert client.get(url()).status_code == 200
    add(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url())
    text = _text(response)
    if page == "course_list":
        assert response.context["page"].paginator.count == 9
    elif page.endswith("month"):  # nine events on one day: the first four, and a link to the day's other five
        assert text.count(f'href="{en("events:event_detail", made[3].pk)}"') >= 1
        assert f'href="{en("events:event_detail", made[4].pk)}"' not in text and "5 more events" in text
    else:
        assert text.count(f'href="{en("events:event_detail", made[-1].pk)}"') >= 1


# --- The online link ------------------------------------------------------------------------------------------


def test_online_link_only_for_admitted_people(client, platform_admin):
    link = "https://meet.example.org/tabadul-room"
    event = make_event(
        platform_admin, mode=Event.Mode.ONLINE, online_url=link, city="", capacity=1, name_en="Virtual meeting"
    )
    confirmed, waiting, outsider = make_user(), make_user(), make_user()
    services.event_register(actor=confirmed, event=event)
    assert services.event_register(actor=waiting, event=event).status == "waitlisted"
    page, ics = en("events:event_detail", event.pk), en("events:event_ics", event.pk)
    for user in (None, outsider, waiting):
        client.logout()
        if user:
            client.force_login(user)
        assert link not in _text(client.get(page)), user
        assert link not in _text(client.get(ics)), user
        assert "Shown to people with a confirmed place." in _text(client.get(page))
    for user in (confirmed, platform_admin):
        client.force_login(user)
        assert link in _text(client.get(page)) and link in _text(client.get(ics))


# --- The waiting list through the pages -------------------------------------------------------------------------


def test_waiting_list_through_the_pages_promotes_with_a_notice(
    client, platform_admin, django_capture_on_commit_callbacks
):
    event = make_event(platform_admin, capacity=1, name_en="Dialogue session")
    first, second = make_user(), make_user()
    client.force_login(first)
    client.post(en("events:event_register", event.pk))
    client.force_login(second)
    response = client.post(en("events:event_register", event.pk), follow=True)
    assert "The event is full: you are on the waiting list." in _text(response)
    assert "You are on the waiting list (position 1)." in _text(response)
    mail.outbox.clear()
    client.force_login(first)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(en("events:registration_cancel", event.pk))
    assert [m.to for m in mail.outbox] == [[second.email]]
    assert event.name_en in mail.outbox[0].body or event.name_ar in mail.outbox[0].body
    client.force_login(second)
    page = _text(client.get(en("events:event_detail", event.pk)))
    assert "Your place is confirmed." in page
    assert Registration.objects.get(event=event, user=second).code in page


# --- Check-in from the list and attendance --------------------------------------------------------------------


def test_check_in_from_the_list_and_bodies_represented(client, platform_admin, body, other_body):
    event = make_event(platform_admin, days=0)
    people = [make_user(body=body), make_user(body=body), make_user(body=other_body), make_user(body=None)]
    registrations = [services.event_register(actor=p, event=event) for p in people]
    client.force_login(platform_admin)
    for registration in registrations[:3]:
        response = client.post(en("events:check_in", event.pk, registration.pk), follow=True)
        # The name is marked as Arabic on the English page (core.bidi.sentence).
    assert f'<bdi lang="ar" dir="rtl">{registration.user.display_name}</bdi> is checked in.' in _text(response)
    again = client.post(en("events:check_in", event.pk, registrations[0].pk), follow=True)
    assert "This registration was already checked in." in _text(again)
    manage = client.get(en("events:event_manage", event.pk))
    attendance = manage.context["attendance"]
    assert (attendance.attended, attendance.confirmed, attendance.waitlisted) == (3, 4, 0)
    assert [(b.pk, n) for b, n in attendance.bodies] == [(body.pk, 2), (other_body.pk, 1)]
    assert Registration.objects.filter(event=event, checked_in_at__isnull=False).count() == 3


def test_check_in_opens_the_day_before(client, platform_admin):
    event = make_event(platform_admin, days=5)
    registration = services.event_register(actor=make_user(), event=event)
    client.force_login(platform_admin)
    response = client.post(en("events:check_in_code", event.pk), {"code": registration.code}, follow=True)
    assert "Check-in opens on the day before the event." in _text(response)


# --- Bad input gets a clear message, never a 500 ----------------------------------------------------------------


def _event_post(**overrides) -> dict:
    data = {
        "name_ar": "ورشة",
        "type": "specialised_workshop",
        "starts_at": "2030-03-10T09:00",
        "ends_at": "2030-03-10T12:00",
        "time_zone": "Asia/Hebron",
        "mode": "in_person",
        "city": "نابلس",
        "visibility": "public",
        "organised_by_platform": "on",
        "registration_open": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_at": "2030-03-10T08:00"}, "The event cannot end before it starts."),
        ({"capacity": "0"}, CAPACITY_MESSAGE),
        ({"capacity": "-5"}, CAPACITY_MESSAGE),
        ({"capacity": "٠"}, CAPACITY_MESSAGE),
        ({"capacity": "many"}, CAPACITY_MESSAGE),
        ({"mode": "online", "city": ""}, "An online or hybrid event needs its meeting link."),
        ({"starts_at": "tomorrow"}, None),
    ],
)
def test_event_form_refuses_bad_input_with_a_clear_message(client, platform_admin, overrides, message):
    client.force_login(platform_admin)
    response = client.post(en("events:event_create"), _event_post(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors
    if message:
        assert str(message) in _text(response).replace("&#x27;", "'")
    assert not Event.objects.exists()


def test_event_edit_refuses_end_before_start(client, platform_admin):
    event = make_event(platform_admin)
    client.force_login(platform_admin)
    response = client.post(
        en("events:event_edit", event.pk), _event_post(starts_at="2030-03-10T09:00", ends_at="2030-03-09T09:00")
    )
    assert "The event cannot end before it starts." in _text(response)
    assert Event.objects.get(pk=event.pk).ends_at == event.ends_at


@pytest.mark.parametrize("capacity", ["0", "-1", "abc"])
def test_capacity_form_refuses_zero_and_negative(client, platform_admin, capacity):
    event = make_event(platform_admin, capacity=3)
    client.force_login(platform_admin)
    response = client.post(en("events:event_capacity", event.pk), {"capacity": capacity}, follow=True)
    assert str(CAPACITY_MESSAGE) in _text(response).replace("&#x27;", "'")
    assert Event.objects.get(pk=event.pk).capacity == 3


def test_services_refuse_capacity_below_one(platform_admin):
    for capacity in (0, -3):
        with pytest.raises(ValidationError) as error:
            make_event(platform_admin, capacity=capacity)
        assert str(CAPACITY_MESSAGE) in error.value.message_dict["capacity"]
    event = make_event(platform_admin, capacity=2)
    with pytest.raises(ValidationError):
        services.event_set_capacity(actor=platform_admin, event=event, capacity=0)
    with pytest.raises(ValidationError):
        services.course_create(actor=platform_admin, name_ar="دورة", name_en="", capacity=0)
    assert not Course.objects.exists()


def test_course_form_refuses_zero_capacity(client, platform_admin):
    client.force_login(platform_admin)
    response = client.post(en("events:course_create"), {"name_ar": "دورة", "capacity": "0", "enrolment_open": "on"})
    assert response.status_code == 200 and str(CAPACITY_MESSAGE) in _text(response).replace("&#x27;", "'")
    assert not Course.objects.exists()


def test_a_code_used_twice_and_unknown_codes_get_clear_messages(client, platform_admin):
    event = make_event(platform_admin, days=0)
    registration = services.event_register(actor=make_user(), event=event)
    client.force_login(platform_admin)
    url = en("events:check_in_code", event.pk)
    assert "is checked in." in _text(client.post(url, {"code": registration.code}, follow=True))
    checked_at = Registration.objects.get(pk=registration.pk).checked_in_at
    twice = client.post(url, {"code": registration.code.lower()}, follow=True)
    assert "This registration was already checked in." in _text(twice)
    assert Registration.objects.get(pk=registration.pk).checked_in_at == checked_at
    assert "No registration for this event has this code." in _text(client.post(url, {"code": "ZZZZ9999"}, follow=True))
    assert "Type the registration code." in _text(client.post(url, {"code": ""}, follow=True))


def test_closing_bad_input(client, platform_admin):
    event = make_event(platform_admin, days=0)
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - dt.timedelta(hours=2))
    client.force_login(platform_admin)
    response = client.post(
        en("events:event_close", event.pk),
        {
            "minutes": "محضر",
            "attendee_count": "-4",
            "followup-TOTAL_FORMS": "1",
            "followup-INITIAL_FORMS": "0",
            "followup-0-description": "إرسال المحضر",
            "followup-0-owner_name": "",
        },
    )
    assert response.status_code == 200
    assert "Name who owns this action." in _text(response)
    assert Event.objects.get(pk=event.pk).status == "scheduled"


def test_manage_page_is_paginated_and_its_query_count_does_not_grow(
    client, platform_admin, body, other_body, settings, django_assert_max_num_queries, monkeypatch
):
    from tabadul.events import views

    monkeypatch.setattr(views, "MANAGE_PAGE_SIZE", 5)
    event = make_event(platform_admin, days=0)
    client.force_login(platform_admin)

    def add(n):
        for index in range(n):
            registration = services.event_register(actor=make_user(body=body if index % 2 else other_body), event=event)
            services.registration_check_in(actor=platform_admin, registration=registration)
        services.invitation_create(actor=platform_admin, event=event, users=[make_user() for _ in range(n)])

    add(2)
    url = en("events:event_manage", event.pk)
    # 22: two fixed queries more than before the visits, the event's own visiting bodies and its organiser
    # organisations (each prefetched once with the event in selectors.event_get, not per registration).
    with django_assert_max_num_queries(22 + header_queries(platform_admin)) as few:
        client.get(url)
    add(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url + "?page=3")
    assert response.context["page"].paginator.count == 12 and len(response.context["page"].object_list) == 2
    assert response.context["attendance"].attended == 12


def test_course_page_query_count_does_not_grow_with_people_and_sessions(
    client, platform_admin, django_assert_max_num_queries
):
    course = services.course_create(actor=platform_admin, name_ar="دورة", name_en="", min_sessions_attended=1)
    client.force_login(platform_admin)

    def add(n):
        for _ in range(n):
            start = timezone.now() + dt.timedelta(minutes=30)
            session = services.course_session_add(
                actor=platform_admin,
                course=course,
                name_ar="جلسة",
                starts_at=start,
                ends_at=start + dt.timedelta(hours=1),
                city="نابلس",
            )
            person = make_user()
            services.course_enrol(actor=person, course=course)
            services.registration_check_in(actor=platform_admin, registration=person.registrations.get(event=session))

    add(1)
    url = en("events:course_detail", course.pk)
    # 17: the course, a page of its sessions and a page of its people (each counted), their attendance, ...
    with django_assert_max_num_queries(17 + header_queries(platform_admin)) as few:
        client.get(url)
    add(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    rows = response.context["rows"]
    assert len(rows) == 7 and all(row["completed"] for row in rows)
    assert len(response.context["sessions"]) == 7
