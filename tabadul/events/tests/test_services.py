import datetime as dt
import io
import re
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import gettext

from tabadul.accounts.tests.factories import make_user
from tabadul.core.models import AuditEvent
from tabadul.events import services
from tabadul.events.models import Event, FollowUp, Registration

from .conftest import make_event

pytestmark = pytest.mark.django_db


def _m(message: str) -> str:
    """The message as the active language shows it, as a pattern (the tests run in Arabic)."""
    return re.escape(gettext(message))


def test_waiting_list_promotes_the_next_person_when_someone_cancels(event, django_capture_on_commit_callbacks):
    first, second, third, fourth = (make_user() for _ in range(4))
    with django_capture_on_commit_callbacks(execute=True):
        a = services.event_register(actor=first, event=event)
        b = services.event_register(actor=second, event=event)
        c = services.event_register(actor=third, event=event)
        d = services.event_register(actor=fourth, event=event)
    assert [r.status for r in (a, b, c, d)] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(actor=second, registration=b)

    assert [r.user for r in promoted] == [third]  # the earliest on the list, not the latest
    statuses = dict(Registration.objects.filter(event=event).values_list("user_id", "status"))
    assert statuses == {first.pk: "confirmed", second.pk: "cancelled", third.pk: "confirmed", fourth.pk: "waitlisted"}
    assert [m.to for m in mail.outbox] == [[third.email]]  # the notice of the promotion, sent by the task
    assert AuditEvent.objects.filter(action="events.registration.promote").count() == 1


def test_cancelling_a_waitlisted_place_promotes_nobody(event):
    people = [make_user() for _ in range(3)]
    registrations = [services.event_register(actor=p, event=event) for p in people]
    assert services.registration_cancel(actor=people[2], registration=registrations[2]) == []
    assert Registration.objects.filter(event=event, status="confirmed").count() == 2


def test_a_larger_capacity_promotes_from_the_waiting_list(event, platform_admin):
    people = [make_user() for _ in range(4)]
    for person in people:
        services.event_register(actor=person, event=event)
    promoted = services.event_set_capacity(actor=platform_admin, event=event, capacity=3)
    assert [r.user for r in promoted] == [people[2]]


def test_registering_twice_is_refused_and_changes_nothing(event, citizen):
    services.event_register(actor=citizen, event=event)
    with pytest.raises(ValidationError, match=_m("You are already registered for this event.")):
        services.event_register(actor=citizen, event=event)
    assert Registration.objects.filter(event=event).count() == 1


def test_someone_who_cancelled_can_register_again(event, citizen):
    registration = services.event_register(actor=citizen, event=event)
    services.registration_cancel(actor=citizen, registration=registration)
    again = services.event_register(actor=citizen, event=event)
    assert again.pk == registration.pk and again.status == "confirmed"


def test_nobody_cancels_someone_elses_place(event, citizen):
    registration = services.event_register(actor=citizen, event=event)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(actor=make_user(), registration=registration)


def test_invitation_only_event_registration_needs_an_invitation(platform_admin, body, citizen):
    event = make_event(platform_admin, visibility=Event.Visibility.INVITATION)
    staff = make_user(body=body)
    with pytest.raises(PermissionDenied):
        services.event_register(actor=citizen, event=event)
    services.invitation_create(actor=platform_admin, event=event, bodies=[body])
    assert services.event_register(actor=staff, event=event).status == "confirmed"


def test_members_only_event_is_for_members_of_the_organising_hub(coordinator, hub, member, citizen):
    event = make_event(coordinator, hubs=[hub], visibility=Event.Visibility.MEMBERS)
    with pytest.raises(PermissionDenied):
        services.event_register(actor=citizen, event=event)
    assert services.event_register(actor=member, event=event).status == "confirmed"


def test_check_in_with_the_code_is_accepted_once(platform_admin, citizen):
    event = make_event(platform_admin, days=0)
    registration = services.event_register(actor=citizen, event=event)
    code = registration.code.lower()
    checked = services.registration_check_in_by_code(actor=platform_admin, event=event, code=f" {code[:4]}-{code[4:]} ")
    assert checked.pk == registration.pk and checked.checked_in_at is not None
    with pytest.raises(ValidationError, match=_m("This registration was already checked in.")):
        services.registration_check_in_by_code(actor=platform_admin, event=event, code=code)
    with pytest.raises(ValidationError, match=_m("No registration for this event has this code.")):
        services.registration_check_in_by_code(actor=platform_admin, event=event, code="WRONG123")


def _local_day(days: int, hour: int, minute: int = 0) -> dt.datetime:
    """`hour:minute` on the day `days` after today, in Hebron (the events' zone here)."""
    today = timezone.localtime(timezone.now(), zoneinfo.ZoneInfo("Asia/Hebron")).date()
    return dt.datetime.combine(
        today + dt.timedelta(days=days), dt.time(hour, minute), tzinfo=zoneinfo.ZoneInfo("Asia/Hebron")
    )


def test_check_in_opens_at_the_start_of_the_day_before_in_the_events_zone(platform_admin, citizen):
    """Not 24 hours before: an event tomorrow at 23:00 is open for check-in all of today."""
    tomorrow_night = make_event(platform_admin, starts_at=_local_day(1, 23))
    assert tomorrow_night.check_in_opens_at == _local_day(0, 0)
    registration = services.event_register(actor=citizen, event=tomorrow_night)
    assert services.registration_check_in_by_code(actor=platform_admin, event=tomorrow_night, code=registration.code)

    after_midnight = make_event(platform_admin, starts_at=_local_day(2, 0, 30))
    assert after_midnight.check_in_opens_at == _local_day(1, 0)
    registration = services.event_register(actor=citizen, event=after_midnight)
    with pytest.raises(ValidationError, match=_m("Check-in opens on the day before the event.")):
        services.registration_check_in_by_code(actor=platform_admin, event=after_midnight, code=registration.code)


def test_a_code_of_another_event_is_refused(platform_admin, citizen):
    event = make_event(platform_admin, days=0)
    other = make_event(platform_admin, days=0)
    registration = services.event_register(actor=citizen, event=other)
    with pytest.raises(ValidationError):
        services.registration_check_in_by_code(actor=platform_admin, event=event, code=registration.code)


def test_only_managers_check_in(coordinator, hub, other_coordinator, citizen):
    event = make_event(coordinator, hubs=[hub], days=0)
    registration = services.event_register(actor=citizen, event=event)
    for outsider in (citizen, other_coordinator, make_user()):
        with pytest.raises(PermissionDenied):
            services.registration_check_in(actor=outsider, registration=registration)
    services.registration_check_in(actor=coordinator, registration=registration)


def test_a_waitlisted_person_cannot_be_checked_in(platform_admin):
    event = make_event(platform_admin, days=0, capacity=1)
    services.event_register(actor=make_user(), event=event)
    waiting = services.event_register(actor=make_user(), event=event)
    with pytest.raises(ValidationError):
        services.registration_check_in(actor=platform_admin, registration=waiting)


def test_coordinator_of_another_hub_cannot_manage_or_organise_for_it(hub, other_coordinator, coordinator):
    event = make_event(coordinator, hubs=[hub])
    with pytest.raises(PermissionDenied):
        services.event_update(actor=other_coordinator, event=event, name_ar="تغيير")
    with pytest.raises(ValidationError, match="organiser_hubs"):
        make_event(other_coordinator, hubs=[hub])
    with pytest.raises(PermissionDenied):
        services.event_create(
            actor=make_user(),
            name_ar="x",
            type="learning_day",
            starts_at=timezone.now(),
            ends_at=timezone.now(),
            city="x",
        )


def test_event_validation(platform_admin):
    with pytest.raises(ValidationError) as error:
        make_event(platform_admin, mode=Event.Mode.ONLINE, online_url="")
    assert "online_url" in error.value.message_dict
    with pytest.raises(ValidationError):
        make_event(platform_admin, time_zone="Mars/Olympus")


def test_closing_report_with_follow_ups(coordinator, hub, citizen):
    event = make_event(coordinator, hubs=[hub], days=0, hours=1)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=3), ends_at=timezone.now() - dt.timedelta(hours=1)
    )
    event.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.event_close(actor=citizen, event=event, minutes="x", attendee_count=3)
    report = services.event_close(
        actor=coordinator,
        event=event,
        minutes="نوقشت خطة العمل",
        attendee_count=30,
        decisions="اعتماد المواضيع",
        followups=[
            {"description": "إرسال المحضر", "owner": coordinator, "due_date": timezone.localdate()},
            {"description": "تحضير ورشة", "owner_name": "بلدية بيتا"},
        ],
    )
    event.refresh_from_db()
    assert event.status == "closed" and report.followups.count() == 2
    with pytest.raises(ValidationError, match=_m("This event is already closed.")):
        services.event_close(actor=coordinator, event=event, minutes="x", attendee_count=1)
    followup = report.followups.get(owner_name="بلدية بيتا")
    with pytest.raises(PermissionDenied):
        services.followup_set_status(actor=citizen, followup=followup, status="done")
    services.followup_set_status(actor=coordinator, followup=followup, status="done")
    assert FollowUp.objects.open().count() == 1


def test_an_event_cannot_be_closed_before_it_starts(platform_admin):
    event = make_event(platform_admin)
    with pytest.raises(ValidationError):
        services.event_close(actor=platform_admin, event=event, minutes="x", attendee_count=1)


def test_reminders_are_queued_once(platform_admin, django_capture_on_commit_callbacks):
    tomorrow = make_event(platform_admin, days=0)
    Event.objects.filter(pk=tomorrow.pk).update(
        starts_at=timezone.now() + dt.timedelta(hours=20), ends_at=timezone.now() + dt.timedelta(hours=22)
    )
    later = make_event(platform_admin, days=10)
    people = [make_user() for _ in range(2)]
    for person in people:
        services.event_register(actor=person, event=tomorrow)
        services.event_register(actor=person, event=later)
    cancelled = services.event_register(actor=make_user(), event=tomorrow)
    services.registration_cancel(actor=cancelled.user, registration=cancelled)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders", stdout=io.StringIO())
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert all("Reminder" in m.subject or "تذكير" in m.subject for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_enqueue_due() == 0
    assert len(mail.outbox) == 2


def test_registration_confirmation_carries_the_code(event, citizen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.event_register(actor=citizen, event=event)
    assert len(mail.outbox) == 1 and registration.code in mail.outbox[0].body


def test_feed_token_revocation_replaces_the_secret(citizen):
    first = services.feed_token_get_or_create(actor=citizen).token
    assert services.feed_token_get_or_create(actor=citizen).token == first
    assert services.feed_token_revoke(actor=citizen).token != first
