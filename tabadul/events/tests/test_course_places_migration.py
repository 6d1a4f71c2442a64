"""Migration events.0005: places that course enrolment once gave in sessions people had no right to are cancelled
(issue #15, item 3). The migration's function runs on a world built with today's models, as the old enrolment
left it: a confirmed place for every enrolled person in every session."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from tabadul.accounts.tests.factories import make_user
from tabadul.core.models import AuditEvent
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.events import services
from tabadul.events.models import Event, Registration
from tabadul.hubs.models import Membership

from .conftest import make_coordinator

pytestmark = pytest.mark.django_db

migration = importlib.import_module("tabadul.events.migrations.0005_cancel_course_places_without_right")


def _session(actor, course, name, visibility):
    starts = timezone.now() + dt.timedelta(days=2)
    session = services.course_session_add(
        actor=actor,
        course=course,
        name_ar=name,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        mode=Event.Mode.ONLINE,
        city="",
        online_url=f"https://meet.example.org/{name}",
    )
    return services.event_update(actor=actor, event=session, visibility=visibility)


@pytest.fixture
def old_enrolment(platform_admin, hub):
    """A course of the hub with a public, an invitation-only and a members-only session, and the people whom the
    old enrolment placed in all three."""
    course = services.course_create(actor=platform_admin, hubs=[hub], name_ar="دورة الحوكمة", name_en="")
    sessions = {
        visibility: _session(platform_admin, course, visibility, visibility)
        for visibility in ("public", "invitation", "members")
    }
    invited_body, member_body = LocalBodyFactory(), LocalBodyFactory()
    Membership.objects.create(hub=hub, body=member_body, status=Membership.Status.ACTIVE)
    people = {
        "stranger": make_user(),
        "invited": make_user(),
        "invited_body": make_user(body=invited_body),
        "member": make_user(body=member_body),
        "coordinator": make_coordinator(hub),
        "attended": make_user(),
    }
    services.invitation_create(
        actor=platform_admin, event=sessions["invitation"], users=[people["invited"]], bodies=[invited_body]
    )
    for person in people.values():
        for session in sessions.values():
            Registration.objects.create(event=session, user=person, status=Registration.Status.CONFIRMED)
    Registration.objects.filter(user=people["attended"], event=sessions["invitation"]).update(
        checked_in_at=timezone.now()
    )
    return sessions, people


def _statuses(sessions, people):
    return {
        (name, visibility): Registration.objects.get(event=session, user=person).status
        for name, person in people.items()
        for visibility, session in sessions.items()
    }


def test_places_without_right_are_cancelled_and_the_others_kept(old_enrolment, client):
    sessions, people = old_enrolment
    before = _statuses(sessions, people)
    client.force_login(people["stranger"])
    invitation_page = reverse("events:event_detail", args=[sessions["invitation"].pk])
    assert client.get(invitation_page).status_code == 200  # the old place opened the session

    migration.cancel_places_without_right(apps, None)

    cancelled = {key for key, status in _statuses(sessions, people).items() if status == "cancelled"}
    assert cancelled == {
        ("stranger", "invitation"),
        ("stranger", "members"),
        ("invited", "members"),  # invited to another session of the course only
        ("invited_body", "members"),
        ("member", "invitation"),  # a member, but the session is by invitation
        ("attended", "members"),  # the attendance checked in at the invitation-only session stays
    }
    assert all(before[key] == "confirmed" for key in cancelled)
    assert client.get(invitation_page).status_code == 404
    assert client.get(reverse("events:event_ics", args=[sessions["invitation"].pk])).status_code == 404
    audited = AuditEvent.objects.filter(action="events.registration.cancel", actor__isnull=True)
    assert sorted(audited.values_list("changes__user", flat=True)) == sorted(
        people[name].pk for name, _visibility in cancelled
    )

    migration.cancel_places_without_right(apps, None)  # a second run changes nothing
    assert audited.count() == len(cancelled)
