"""Every view that writes refuses people who may not manage the event, and changes nothing."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from tabadul.accounts.tests.factories import make_user
from tabadul.core.models import AuditEvent
from tabadul.events import services
from tabadul.events.models import Event, FollowUp, Registration

from .conftest import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(coordinator, hub):
    event = make_event(coordinator, hubs=[hub], days=0, capacity=5)
    person = make_user()
    registration = services.event_register(actor=person, event=event)
    past = make_event(coordinator, hubs=[hub], days=0, name_ar="فعالية منتهية")
    Event.objects.filter(pk=past.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=2), ends_at=timezone.now() - dt.timedelta(days=2, hours=-2)
    )
    past.refresh_from_db()
    report = services.event_close(
        actor=coordinator,
        event=past,
        minutes="محضر",
        attendee_count=3,
        followups=[{"description": "متابعة", "owner_name": "بلدية"}],
    )
    course = services.course_create(actor=coordinator, hubs=[hub], name_ar="دورة", name_en="")
    return {
        "event": event,
        "registration": registration,
        "past": past,
        "followup": report.followups.get(),
        "course": course,
        "person": person,
    }


def _writes(s):
    e, r = s["event"].pk, s["registration"].pk
    return [
        ("get", reverse("events:event_edit", args=[e]), {}),
        ("post", reverse("events:event_edit", args=[e]), {"name_ar": "تغيير"}),
        ("post", reverse("events:event_cancel", args=[e]), {}),
        ("get", reverse("events:event_manage", args=[e]), {}),
        ("post", reverse("events:check_in", args=[e, r]), {}),
        ("post", reverse("events:check_in_code", args=[e]), {"code": s["registration"].code}),
        ("post", reverse("events:registration_cancel_by_manager", args=[e, r]), {}),
        ("post", reverse("events:event_capacity", args=[e]), {"capacity": "1"}),
        ("post", reverse("events:event_invite", args=[e]), {"people": s["person"].username}),
        (
            "post",
            reverse("events:event_document", args=[e]),
            {"title": "عرض", "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")},
        ),
        ("get", reverse("events:event_close", args=[e]), {}),
        (
            "post",
            reverse("events:event_close", args=[e]),
            {"minutes": "x", "attendee_count": "1", "followup-TOTAL_FORMS": "0", "followup-INITIAL_FORMS": "0"},
        ),
        ("post", reverse("events:followup_status", args=[s["followup"].pk]), {"status": "done"}),
        ("get", reverse("events:course_session_add", args=[s["course"].pk]), {}),
        ("post", reverse("events:course_session_add", args=[s["course"].pk]), {"name_ar": "x"}),
    ]


@pytest.mark.parametrize("who", ["citizen", "body_editor", "other_coordinator", "registered_person"])
def test_outsiders_cannot_use_any_managing_view(client, setup, who, citizen, body_editor, other_coordinator):
    user = {
        "citizen": citizen,
        "body_editor": body_editor,
        "other_coordinator": other_coordinator,
        "registered_person": setup["person"],
    }[who]
    client.force_login(user)
    audit_before = AuditEvent.objects.count()
    for method, url, data in _writes(setup):
        response = getattr(client, method)(url, data)
        assert response.status_code in (403, 404), (url, response.status_code)
    assert AuditEvent.objects.count() == audit_before
    registration = Registration.objects.get(pk=setup["registration"].pk)
    assert registration.status == "confirmed" and registration.checked_in_at is None
    assert Event.objects.get(pk=setup["event"].pk).status == "scheduled"
    assert FollowUp.objects.get(pk=setup["followup"].pk).status == "open"


def test_creating_events_and_courses_needs_a_coordinator_or_admin(client, citizen, body_editor):
    """A body's editor creates events of their body (tests/test_body_events.py), not training courses."""
    for user, names in (
        (citizen, ("events:event_create", "events:course_create")),
        (body_editor, ("events:course_create",)),
    ):
        client.force_login(user)
        for name in names:
            assert client.get(reverse(name)).status_code == 403
            assert client.post(reverse(name), {"name_ar": "x"}).status_code == 403
    assert not Event.objects.exists()


def test_anonymous_people_are_sent_to_sign_in(client, setup):
    for method, url, data in _writes(setup):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and "sign-in" in response["Location"], url
    e = setup["event"].pk
    for name in ("events:event_register", "events:registration_cancel"):
        assert client.post(reverse(name, args=[e])).status_code == 302
    assert client.post(reverse("events:course_enrol", args=[setup["course"].pk])).status_code == 302
    assert Registration.objects.filter(event_id=e).count() == 1


def test_the_organising_hubs_coordinator_manages(client, setup, coordinator):
    client.force_login(coordinator)
    e, r = setup["event"].pk, setup["registration"]
    assert client.get(reverse("events:event_manage", args=[e])).status_code == 200
    client.post(reverse("events:check_in_code", args=[e]), {"code": r.code})
    r.refresh_from_db()
    assert r.checked_in_at is not None
    response = client.post(reverse("events:check_in_code", args=[e]), {"code": r.code}, follow=True)
    assert escape(gettext("This registration was already checked in.")) in response.content.decode()
    client.post(reverse("events:followup_status", args=[setup["followup"].pk]), {"status": "done"})
    assert FollowUp.objects.get(pk=setup["followup"].pk).status == "done"


def test_register_and_cancel_through_the_views(client, setup):
    person = make_user()
    client.force_login(person)
    e = setup["event"].pk
    client.post(reverse("events:event_register", args=[e]))
    registration = Registration.objects.get(event_id=e, user=person)
    page = client.get(reverse("events:event_detail", args=[e])).content.decode()
    assert registration.code in page
    client.post(reverse("events:registration_cancel", args=[e]))
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    response = client.post(reverse("events:registration_cancel", args=[e]), follow=True)
    assert escape(gettext("This registration is already cancelled.")) in response.content.decode()


def test_close_form_with_follow_ups(client, coordinator, hub):
    event = make_event(coordinator, hubs=[hub], days=0)
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    client.force_login(coordinator)
    response = client.post(
        reverse("events:event_close", args=[event.pk]),
        {
            "minutes": "محضر الاجتماع",
            "attendee_count": "٢٥",
            "decisions": "",
            "followup-TOTAL_FORMS": "2",
            "followup-INITIAL_FORMS": "0",
            "followup-0-description": "إرسال المحضر",
            "followup-0-owner_name": "المنسق",
            "followup-0-due_date": "2030-01-01",
            "followup-1-description": "",
            "followup-1-owner_name": "",
        },
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.closing_report.attendee_count == 25 and event.closing_report.followups.count() == 1


def test_event_detail_and_course_pages_render(client, setup):
    assert client.get(reverse("events:event_detail", args=[setup["past"].pk])).status_code == 200
    assert client.get(reverse("events:course_list")).status_code == 200
    assert client.get(reverse("events:course_detail", args=[setup["course"].pk])).status_code == 200
    assert client.get(reverse("events:event_detail", args=[999999])).status_code == 404


def test_a_twinning_groups_meeting_names_the_group_as_organiser(client, platform_admin, body):
    from tabadul.twinning.models import GroupMeeting, Network, TwinningGroup

    network = Network.objects.create(slug="hmln", name_ar="شبكة تعلم البلديات المضيفة", facilitating_organisation="CMI")
    group = TwinningGroup.objects.create(
        network=network,
        name_ar="مجموعة توأمة النفايات",
        theme=TwinningGroup._meta.get_field("theme").choices[0][0],
        objectives="تبادل الخبرات",
        starts_on=timezone.localdate(),
        facilitator=platform_admin,
    )
    event = make_event(platform_admin, name_ar="اجتماع المجموعة", visibility=Event.Visibility.INVITATION)
    GroupMeeting.objects.create(group=group, event=event, created_by=platform_admin)
    plain = make_event(platform_admin, name_ar="يوم تعليمي")
    services.invitation_create(actor=platform_admin, event=event, bodies=[body])
    client.force_login(make_user(body=body))
    page = client.get(reverse("events:event_detail", args=[event.pk])).content.decode()
    assert "مجموعة توأمة النفايات" in page and group.get_absolute_url() in page
    assert "Twinning group" not in client.get(reverse("events:event_detail", args=[plain.pk])).content.decode()


def test_follow_up_status_never_redirects_off_site(client, setup, coordinator):
    client.force_login(coordinator)
    url = reverse("events:followup_status", args=[setup["followup"].pk])
    for evil in ("//evil.example.org/", "https://evil.example.org/", "/\\evil.example.org"):
        response = client.post(url, {"status": "in_progress", "next": evil})
        assert "evil" not in response["Location"], evil
    response = client.post(url, {"status": "done", "next": "/hubs/"})
    assert response["Location"] == "/hubs/"
    assert FollowUp.objects.get(pk=setup["followup"].pk).status == "done"
