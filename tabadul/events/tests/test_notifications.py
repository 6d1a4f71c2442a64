"""Every notification of the events app, through the one path (notifications.services.notify): exactly one for
exactly the right people, e-mail as each chose (at once / daily digest / never), links absolute in e-mails."""

import datetime as dt

import pytest
from django.utils import timezone

from tabadul.accounts.tests.factories import make_user
from tabadul.events import services
from tabadul.events.models import Event, Registration
from tabadul.notifications.models import Kind, Notification
from tabadul.notifications.testing import assert_notified

from .conftest import make_event

pytestmark = pytest.mark.django_db
LINK = "https://meet.example.org/beita"


@pytest.mark.notification_kind("invitation")
def test_an_invitation_reaches_the_person_and_the_staff_of_the_invited_body(platform_admin, body, other_body):
    event = make_event(platform_admin, visibility=Event.Visibility.INVITATION, mode=Event.Mode.HYBRID, online_url=LINK)
    staff = [make_user(body=body) for _ in range(2)]
    person, outsider = make_user(), make_user(body=other_body)
    with assert_notified(Kind.INVITATION, [person, *staff]) as sent:
        services.invitation_create(actor=platform_admin, event=event, users=[person], bodies=[body])
        services.invitation_create(actor=platform_admin, event=event, users=[person], bodies=[body])  # not twice
    assert not Notification.objects.filter(recipient=outsider).exists()
    details = {n.recipient_id: n.details for n in sent.notifications}
    assert event.name_ar in details[person.pk] and LINK not in details[person.pk]  # the link only with a place
    assert body.name_ar in details[staff[0].pk]


@pytest.mark.notification_kind("registration_confirmed")
def test_a_confirmed_place_is_told_with_the_code_and_the_online_link(platform_admin):
    event = make_event(platform_admin, mode=Event.Mode.ONLINE, online_url=LINK, city="", capacity=1)
    first, second = make_user(), make_user()
    with assert_notified(Kind.REGISTRATION_CONFIRMED, [first]) as sent:
        registration = services.event_register(actor=first, event=event)
        services.event_register(actor=second, event=event)  # the waiting list: shown on the page, not notified
    assert registration.code in sent.notifications[0].details and LINK in sent.notifications[0].details
    assert not Notification.objects.filter(recipient=second).exists()


@pytest.mark.notification_kind("registration_promoted")
@pytest.mark.parametrize("email", ["immediately", "daily", "never"])
def test_a_place_freed_goes_to_the_next_person_waiting_who_is_told(platform_admin, email):
    event = make_event(platform_admin, mode=Event.Mode.HYBRID, online_url=LINK, capacity=1)
    first, second, third = make_user(), make_user(), make_user()
    confirmed = services.event_register(actor=first, event=event)
    services.event_register(actor=second, event=event)
    services.event_register(actor=third, event=event)
    with assert_notified(Kind.REGISTRATION_PROMOTED, [second], email=email) as sent:
        services.registration_cancel(actor=first, registration=confirmed)
    details = sent.notifications[0].details
    assert LINK in details and Registration.objects.get(event=event, user=second).code in details


@pytest.mark.notification_kind("event_changed")
def test_a_new_date_place_or_link_is_told_to_registered_people_only(platform_admin):
    event = make_event(platform_admin, mode=Event.Mode.HYBRID, online_url=LINK, capacity=1)
    confirmed, waiting, cancelled = make_user(), make_user(), make_user()
    services.event_register(actor=confirmed, event=event)
    services.event_register(actor=waiting, event=event)
    gone = services.event_register(actor=cancelled, event=event)
    services.registration_cancel(actor=cancelled, registration=gone)
    services.event_update(actor=platform_admin, event=event, description="وصف جديد")  # not a change they need
    assert not Notification.objects.filter(kind=Kind.EVENT_CHANGED).exists()
    new_start = event.starts_at + dt.timedelta(days=1)
    with assert_notified(Kind.EVENT_CHANGED, [confirmed, waiting]) as sent:
        services.event_update(
            actor=platform_admin,
            event=event,
            starts_at=new_start,
            ends_at=new_start + dt.timedelta(hours=2),
            city="نابلس",
            online_url=LINK + "-2",
        )
    by_person = {n.recipient_id: n.details for n in sent.notifications}
    assert "نابلس" in by_person[confirmed.pk] and LINK + "-2" in by_person[confirmed.pk]
    assert "نابلس" in by_person[waiting.pk] and LINK not in by_person[waiting.pk]
    with assert_notified(Kind.EVENT_CHANGED, [confirmed, waiting]):  # a second change is told again
        services.event_update(actor=platform_admin, event=event, venue="قاعة البلدية")


@pytest.mark.notification_kind("event_changed")
def test_a_cancelled_event_is_told_with_its_reason(platform_admin):
    event = make_event(platform_admin)
    person = make_user()
    services.event_register(actor=person, event=event)
    with assert_notified(Kind.EVENT_CHANGED, [person]) as sent:
        services.event_cancel(actor=platform_admin, event=event, reason="تزامن الموعد مع جلسة المجلس")
    assert "تزامن الموعد مع جلسة المجلس" in sent.notifications[0].details


@pytest.mark.notification_kind("event_reminder")
def test_the_day_before_reminder_reaches_confirmed_places_once_per_date(platform_admin):
    event = make_event(platform_admin, days=0)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() + dt.timedelta(hours=20), ends_at=timezone.now() + dt.timedelta(hours=22)
    )
    event.refresh_from_db()
    people = [make_user() for _ in range(3)]
    registrations = [services.event_register(actor=person, event=event) for person in people]
    services.registration_cancel(actor=people[2], registration=registrations[2])
    with assert_notified(Kind.EVENT_REMINDER, people[:2]) as sent:
        assert services.reminders_enqueue_due() == 2
        assert services.reminders_enqueue_due() == 0
    assert registrations[0].code in sent.notifications[0].details
    # Moved to another time within the day: reminded again, for the new time.
    later = event.starts_at + dt.timedelta(hours=2)
    services.event_update(actor=platform_admin, event=event, starts_at=later, ends_at=later + dt.timedelta(hours=2))
    with assert_notified(Kind.EVENT_REMINDER, people[:2]):
        assert services.reminders_enqueue_due() == 2
