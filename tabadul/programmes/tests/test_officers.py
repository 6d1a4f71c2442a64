"""A programme officer does what their programme allows and gets 403 (or 404 for what stays hidden) elsewhere."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.services import role_grant
from tabadul.discussions import services as discussion_services
from tabadul.discussions.models import Status
from tabadul.events import services as event_services
from tabadul.events.models import Event
from tabadul.hubs.selectors import acts_for
from tabadul.programmes.rules import is_officer_of_programme, programme_ids_of


def _client(client, user):
    client.force_login(user)
    return client


# --- The predicate resolves the programme of every kind of object -------------------------------------------------


def test_the_programme_of_each_kind_of_object(world):
    p = world.p
    work_plan_like = type("Thing", (), {"hub": p.hub})()
    for obj in (p.programme, p.hub, p.event, p.plan, p.group, work_plan_like, p.event.registrations.first()):
        assert programme_ids_of(obj) == {p.programme.pk}, obj
        assert is_officer_of_programme(world.officer, obj), obj
    for obj in (world.q.programme, world.q.hub, world.q.event, world.q.plan, world.q.group):
        assert not is_officer_of_programme(world.officer, obj), obj
        assert not is_officer_of_programme(world.citizen, obj), obj


def test_an_event_belongs_to_the_programme_of_its_organising_hub_or_its_own(world):
    start = timezone.now() + datetime.timedelta(days=3)
    event = Event.objects.create(
        name_ar="لقاء", type=Event.Type.WORKSHOP, starts_at=start, ends_at=start, programme=world.q.programme
    )  # created directly: only the programme links are under test
    assert programme_ids_of(event) == {world.q.programme.pk}
    event.organiser_hubs.add(world.p.hub)
    event = Event.objects.get(pk=event.pk)
    assert programme_ids_of(event) == {world.q.programme.pk, world.p.programme.pk}


# --- Hubs: the coordinator's pages, read-only --------------------------------------------------------------------


@pytest.mark.parametrize("page", ["hubs:manage", "hubs:invitations"])
def test_officer_reads_the_internal_pages_of_the_programmes_hub_only(client, world, page):
    client = _client(client, world.officer)
    response = client.get(reverse(page, args=[world.p.hub.slug]))
    assert response.status_code == 200
    assert client.get(reverse(page, args=[world.q.hub.slug])).status_code == 403


def test_officer_sees_the_requests_but_no_decision_form(client, world):
    from tabadul.directory.tests.factories import LocalBodyFactory
    from tabadul.hubs.models import Membership

    asking = LocalBodyFactory(name_en="Asking Municipality")
    request = Membership.objects.create(hub=world.p.hub, body=asking, status=Membership.Status.REQUESTED)
    with translation.override("en"):
        response = _client(client, world.officer).get(reverse("hubs:manage", args=[world.p.hub.slug]))
        decide = reverse("hubs:membership_decide", args=[world.p.hub.slug, request.pk])
        open_election = reverse("hubs:election_create", args=[world.p.hub.slug])
    html = response.content.decode()
    assert "Asking Municipality" in html
    assert decide not in html and open_election not in html  # read-only: no decision, no election form
    # The coordinator sees the same page with the forms.
    client.force_login(world.p.coordinator)
    with translation.override("en"):
        html = client.get(reverse("hubs:manage", args=[world.p.hub.slug])).content.decode()
    assert decide in html and open_election in html


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("hubs:invitations", {}),
        ("hubs:election_create", {}),
        ("hubs:work_plan_create", {}),
        ("hubs:hub_edit", {}),
    ],
)
def test_officer_does_not_decide_for_the_hub(client, world, name, kwargs):
    response = _client(client, world.officer).post(reverse(name, args=[world.p.hub.slug]), kwargs)
    assert response.status_code == 403


def test_hub_members_are_listed_to_the_officer(client, world):
    response = _client(client, world.officer).get(reverse("hubs:hub_detail", args=[world.p.hub.slug]))
    assert world.p.body.name in response.content.decode()  # the name in the language of the URL reversed
    assert reverse("hubs:manage", args=[world.p.hub.slug]) in response.content.decode()


# --- Events: registrations, attendance, reach; joint activities ----------------------------------------------------


def test_officer_sees_registrations_of_the_programmes_events(client, world):
    client = _client(client, world.officer)
    response = client.get(reverse("events:event_manage", args=[world.p.event.pk]))
    assert response.status_code == 200
    assert world.p.member.display_name in response.content.decode()
    assert reverse("events:check_in_code", args=[world.p.event.pk]) not in response.content.decode()
    # Another programme's members-only event stays hidden; made public, its registrations are still refused.
    assert client.get(reverse("events:event_manage", args=[world.q.event.pk])).status_code == 404
    Event.objects.filter(pk=world.q.event.pk).update(visibility=Event.Visibility.PUBLIC)
    assert client.get(reverse("events:event_manage", args=[world.q.event.pk])).status_code == 403


def test_officer_does_not_check_people_in(client, world):
    registration = world.p.event.registrations.get()
    response = _client(client, world.officer).post(reverse("events:check_in", args=[world.p.event.pk, registration.pk]))
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_reach_figures_for_officers_not_citizens(client, world):
    assert _client(client, world.officer).get(reverse("events:reach")).status_code == 200
    client.logout()
    assert _client(client, world.citizen).get(reverse("events:reach")).status_code == 403


def _event_fields(**extra):
    start = timezone.now() + datetime.timedelta(days=20)
    return {
        "name_ar": "نشاط مشترك",
        "type": Event.Type.JOINT_ACTIVITY,
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=2),
        "city": "رام الله",
        **extra,
    }


def test_officer_creates_a_joint_activity_for_the_programmes_hub_only(world):
    event = event_services.event_create(actor=world.officer, hubs=[world.p.hub], **_event_fields())
    assert set(event.organiser_hubs.all()) == {world.p.hub}
    with pytest.raises(ValidationError):
        event_services.event_create(actor=world.officer, hubs=[world.q.hub], **_event_fields())
    with pytest.raises(PermissionDenied):
        event_services.event_create(actor=world.citizen, hubs=[world.p.hub], **_event_fields())


def test_the_programme_hubs_count_only_when_organising_events(world):
    """Writing in a hub's name elsewhere (library documents) still needs coordinating it."""
    assert world.p.hub.pk in acts_for(world.officer, programme_hubs=True).ids_by_model["hubs.hub"]
    assert world.p.hub.pk not in acts_for(world.officer).ids_by_model["hubs.hub"]


def test_officer_links_an_event_to_their_programme_only(world):
    event = event_services.event_create(
        actor=world.officer, hubs=[world.p.hub], **_event_fields(programme=world.p.programme)
    )
    assert event.programme == world.p.programme
    with pytest.raises(ValidationError):
        event_services.event_create(
            actor=world.officer, hubs=[world.p.hub], **_event_fields(programme=world.q.programme)
        )


def test_event_form_offers_the_programmes_hubs(client, world):
    response = _client(client, world.officer).get(reverse("events:event_create"))
    assert response.status_code == 200
    hubs = set(response.context["form"].fields["organiser_hubs"].queryset)
    assert hubs == {world.p.hub}
    assert set(response.context["form"].fields["programme"].queryset) == {world.p.programme}


def test_event_create_page_refuses_citizens(client, world):
    assert _client(client, world.citizen).get(reverse("events:event_create")).status_code == 403


# --- Discussions: the programme's hub forums -----------------------------------------------------------------------


def _reported_post(side, reporter):
    forum = discussion_services.forum_ensure(owner=side.hub)
    thread = discussion_services.thread_start(actor=side.member, forum=forum, title="سؤال", body="نص المشاركة")
    post = thread.posts.get()
    discussion_services.post_report(actor=reporter, post=post, reason="spam")
    return post


def test_officer_moderates_the_programmes_hub_forum(client, world):
    post = _reported_post(world.p, world.p.coordinator)
    discussion_services.post_moderate(actor=world.officer, post=post, action="remove", reason="خارج الموضوع")
    post.refresh_from_db()
    assert post.status == Status.REMOVED
    queue = _client(client, world.officer).get(reverse("discussions:moderation_queue"))
    assert queue.status_code == 200


def test_officer_cannot_moderate_another_programmes_forum(world):
    post = _reported_post(world.q, world.q.coordinator)
    with pytest.raises(PermissionDenied):
        discussion_services.post_moderate(actor=world.officer, post=post, action="restore")


def test_officers_are_told_of_reports_in_the_programmes_hub_forums(world):
    from tabadul.discussions.owners import forum_moderator_ids

    forum = discussion_services.forum_ensure(owner=world.p.hub)
    assert world.officer.pk in forum_moderator_ids(forum)
    assert world.officer.pk not in forum_moderator_ids(discussion_services.forum_ensure(owner=world.q.hub))


def test_citizen_has_no_moderation_queue(client, world):
    assert _client(client, world.citizen).get(reverse("discussions:moderation_queue")).status_code == 403


# --- Meter pilots: read-only -----------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["meter:progress_queue", "meter:feedback_queue"])
def test_officer_reads_the_pilots_queues_only(client, world, page):
    client = _client(client, world.officer)
    assert client.get(reverse(page, args=[world.p.body.slug])).status_code == 200
    assert client.get(reverse(page, args=[world.q.body.slug])).status_code == 403


def test_officer_does_not_approve_or_moderate_in_the_meter(world):
    assert world.officer.has_perm("meter.view_pilot", world.p.plan)
    for perm in ("meter.publish_progress", "meter.moderate_feedback", "meter.change_plan", "meter.publish_plan"):
        assert not world.officer.has_perm(perm, world.p.plan), perm
        assert not world.officer.has_perm(perm, world.p.body), perm


def test_officer_sees_a_draft_pilot_plan_of_the_programme(world):
    world.p.plan.status = "draft"
    world.q.plan.status = "draft"
    assert world.officer.has_perm("meter.view_plan", world.p.plan)
    assert not world.officer.has_perm("meter.view_plan", world.q.plan)


# --- Twinning: read -------------------------------------------------------------------------------------------


def test_officer_reads_the_programmes_twinning_groups(world):
    assert world.officer.has_perm("twinning.view_group_private", world.p.group)
    assert world.officer.has_perm("twinning.view_progress", world.p.group)
    assert not world.officer.has_perm("twinning.view_group_private", world.q.group)
    for perm in ("twinning.change_group", "twinning.add_document", "twinning.add_meeting", "twinning.review_group"):
        assert not world.officer.has_perm(perm, world.p.group), perm


# --- Roles: only platform administrators grant them ---------------------------------------------------------------


def test_officer_cannot_grant_roles(client, world):
    client = _client(client, world.officer)
    url = reverse("programmes:officers", args=[world.p.programme.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, {"person": world.citizen.username}).status_code == 403
    assert not world.citizen.role_grants.exists()
    with pytest.raises(PermissionDenied):
        role_grant(
            actor=world.officer,
            user=world.citizen,
            role=RoleGrant.Role.PROGRAMME_OFFICER,
            programme=world.p.programme,
        )
