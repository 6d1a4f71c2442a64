"""Each hub notification kind: the action that triggers it tells exactly the right people, once, e-mail as each
chose (at once, digest, never), with links on this site that e-mails make absolute (notifications/testing.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.hubs import selectors, services
from tabadul.hubs.models import Election, Initiative, Invitation, Mandate, Membership
from tabadul.notifications.models import Kind, Notification
from tabadul.notifications.testing import EMAIL_CHOICES, assert_notified
from tabadul.programmes.models import Programme

from .conftest import make_coordinator, make_hub, make_member

pytestmark = pytest.mark.django_db


def _speakers(body):
    """An administrator, an editor and an approver of the body: everyone who may answer for it."""
    return [
        make_user(role=RoleGrant.Role.BODY_ADMIN, body=body),
        make_user(role=RoleGrant.Role.BODY_EDITOR, body=body),
        make_user(role=RoleGrant.Role.BODY_APPROVER, body=body),
    ]


def _bystanders(body):
    """People of the body who may not answer for it, and people elsewhere; none is ever notified of its affairs."""
    other = LocalBodyFactory()
    return [
        make_user(body=body),  # staff without a role
        make_user(role=RoleGrant.Role.BODY_EDITOR, body=other),
        make_user(role=RoleGrant.Role.PLATFORM_ADMIN),
        make_user(role=RoleGrant.Role.BODY_EDITOR, body=body, is_active=False),
    ]


def _nobody_else(kind, people):
    assert not Notification.objects.filter(kind=kind, recipient__in=people).exists()


# --- Membership ---


@pytest.mark.notification_kind("hub_invitation")
def test_an_invitation_reaches_those_who_may_answer_for_the_body(hub, coordinator):
    body = LocalBodyFactory()
    speakers, others = _speakers(body), _bystanders(body)
    silent_body = LocalBodyFactory()  # nobody answers for it yet: invited, nobody notified
    with assert_notified(Kind.HUB_INVITATION, speakers) as sent:
        assert services.invitation_send(actor=coordinator, hub=hub, bodies=[body, silent_body]) == 2
    invitation = Invitation.objects.get(hub=hub, body=body)
    assert {n.url for n in sent.notifications} == {f"/hubs/invitations/#invitation-{invitation.pk}"}
    assert body.name_ar in sent.notifications[0].details
    _nobody_else(Kind.HUB_INVITATION, [*others, coordinator])
    # Inviting again sends nothing and tells nobody again.
    assert services.invitation_send(actor=coordinator, hub=hub, bodies=[body]) == 0
    assert Notification.objects.filter(kind=Kind.HUB_INVITATION).count() == 3


@pytest.mark.parametrize("role", RoleGrant.Role.values)
def test_invitation_recipients_are_exactly_who_may_answer_for_every_role(hub, coordinator, role):
    """Every role, present and future: notified about the body's invitation if and only if `invitation_answer`
    would let them answer it (platform administrators answer for every body and are nobody's addressee)."""
    body = LocalBodyFactory()
    if role in RoleGrant.PROGRAMME_ROLES:
        person = make_user(body=body)
        programme = Programme.objects.create(slug="p", name_ar="برنامج")
        RoleGrant.objects.create(user=person, role=role, programme=programme)
    else:
        person = make_user(role=role, body=body if role in RoleGrant.BODY_ROLES else None)
    services.invitation_send(actor=coordinator, hub=hub, bodies=[body])
    notified = Notification.objects.filter(recipient=person, kind=Kind.HUB_INVITATION).exists()
    may_answer = person.has_perm("hubs.act_for_body", body) and role != RoleGrant.Role.PLATFORM_ADMIN
    assert notified == may_answer, role
    assert selectors.body_speaker_ids(body_ids=[body.pk]).get(body.pk, set()) == ({person.pk} if may_answer else set())


@pytest.mark.notification_kind("hub_join_request")
@pytest.mark.parametrize("email", EMAIL_CHOICES)
def test_a_join_request_reaches_the_coordinator_and_deputy(hub, coordinator, body, body_editor, email):
    deputy = make_coordinator(hub, role=Mandate.Role.DEPUTY)
    former = make_member(hub)
    Mandate.objects.create(
        hub=hub,
        user=former,
        role=Mandate.Role.COORDINATOR,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2021, 1, 1),
    )
    elsewhere = make_coordinator(make_hub("hub-elsewhere"))
    with assert_notified(Kind.HUB_JOIN_REQUEST, [coordinator, deputy], email=email) as sent:
        membership = services.membership_request(actor=body_editor, hub=hub, body=body)
    assert sent.notifications[0].url == f"/hubs/{hub.slug}/manage/#request-{membership.pk}"
    _nobody_else(Kind.HUB_JOIN_REQUEST, [body_editor, former, elsewhere])


@pytest.mark.notification_kind("hub_join_decision")
def test_a_declined_request_tells_the_body_with_the_reason(hub, coordinator):
    body = LocalBodyFactory()
    speakers, others = _speakers(body), _bystanders(body)
    membership = services.membership_request(actor=speakers[1], hub=hub, body=body)
    with assert_notified(Kind.HUB_JOIN_DECISION, speakers) as sent:
        services.membership_decide(actor=coordinator, membership=membership, accept=False, reason="خارج نطاق المنصة")
    assert [n.details for n in sent.notifications] == ["خارج نطاق المنصة"] * 3
    assert sent.notifications[0].url == hub.get_absolute_url()
    _nobody_else(Kind.HUB_JOIN_DECISION, [*others, coordinator])


@pytest.mark.notification_kind("hub_join_decision")
@pytest.mark.parametrize("email", EMAIL_CHOICES)
def test_an_accepted_request_tells_the_body(hub, coordinator, body, body_editor, email):
    membership = services.membership_request(actor=body_editor, hub=hub, body=body)
    with assert_notified(Kind.HUB_JOIN_DECISION, [body_editor], email=email) as sent:
        services.membership_decide(actor=coordinator, membership=membership, accept=True)
    assert body.name_ar in sent.notifications[0].details


# --- Elections ---


def _members(hub, n=3):
    return [make_member(hub) for _ in range(n)]


def _open_election(hub, coordinator, *, starts, ends):
    return services.election_create(
        actor=coordinator,
        hub=hub,
        role=Mandate.Role.DEPUTY,
        starts_at=starts,
        ends_at=ends,
        term_starts_on=timezone.localdate() + datetime.timedelta(days=30),
        term_ends_on=timezone.localdate() + datetime.timedelta(days=700),
    )


@pytest.mark.notification_kind("election_opened")
def test_an_opened_election_reaches_those_who_may_vote(hub, coordinator):
    voters = _members(hub)
    left = make_member(hub)
    Membership.objects.filter(body=left.local_body).update(status=Membership.Status.LEFT)
    staff = make_user(body=voters[0].local_body)  # staff, not a representative
    now = timezone.now()
    with assert_notified(Kind.ELECTION_OPENED, voters) as sent:
        election = _open_election(
            hub, coordinator, starts=now + datetime.timedelta(days=3), ends=now + datetime.timedelta(days=10)
        )
    assert sent.notifications[0].url == election.get_absolute_url()
    _nobody_else(Kind.ELECTION_OPENED, [coordinator, left, staff])  # the coordinator opened it


def _cast(election, voter):
    """The voter's body votes (for themselves: nominated while nominations were open)."""
    now = timezone.now()
    Election.objects.filter(pk=election.pk).update(starts_at=now + datetime.timedelta(hours=1))
    election.refresh_from_db()
    candidate = services.candidate_nominate(actor=voter, election=election, user=voter)
    Election.objects.filter(pk=election.pk).update(starts_at=now - datetime.timedelta(days=1))
    election.refresh_from_db()
    services.ballot_cast(actor=voter, election=election, candidate=candidate)
    return candidate


@pytest.mark.notification_kind("election_closing")
def test_the_day_before_voting_ends_those_whose_body_has_not_voted_are_reminded(hub, coordinator):
    voters = [coordinator, *_members(hub)]  # the coordinator's body is a member too
    voted = make_member(hub)
    now = timezone.now()
    tomorrow_noon = datetime.datetime.combine(
        timezone.localdate() + datetime.timedelta(days=1), datetime.time(12), tzinfo=timezone.get_current_timezone()
    )
    election = _open_election(hub, coordinator, starts=now - datetime.timedelta(days=1), ends=tomorrow_noon)
    _cast(election, voted)
    other_hub = make_hub("hub-later")
    later_voter = make_member(other_hub)
    _open_election(
        other_hub,
        make_coordinator(other_hub),
        starts=now - datetime.timedelta(days=1),
        ends=tomorrow_noon + datetime.timedelta(days=2),
    )
    with assert_notified(Kind.ELECTION_CLOSING, voters) as sent:
        call_command("send_election_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert services.election_reminders_send() == 0  # idempotent: a second run tells nobody again
    assert sent.notifications[0].url == election.get_absolute_url()
    _nobody_else(Kind.ELECTION_CLOSING, [voted, later_voter])


@pytest.mark.notification_kind("election_result")
def test_the_result_reaches_the_representatives_and_candidates(hub, coordinator):
    voters = _members(hub, 2)
    now = timezone.now()
    election = _open_election(
        hub, coordinator, starts=now - datetime.timedelta(days=1), ends=now + datetime.timedelta(hours=2)
    )
    candidate = _cast(election, voters[0])
    Membership.objects.filter(hub=hub, body=voters[0].local_body).update(status=Membership.Status.LEFT)  # left since
    Election.objects.filter(pk=election.pk).update(ends_at=now - datetime.timedelta(minutes=1))
    election.refresh_from_db()
    with assert_notified(Kind.ELECTION_RESULT, voters) as sent:  # the candidate (left since) and the other voter
        services.election_close(actor=coordinator, election=election)
    assert candidate.user.display_name in sent.notifications[0].details
    _nobody_else(Kind.ELECTION_RESULT, [coordinator])  # the coordinator closed it


# --- Working groups and initiatives ---


@pytest.mark.notification_kind("working_group_lead")
def test_a_lead_named_tells_the_working_group(hub, coordinator):
    plan = services.work_plan_create(
        actor=coordinator, hub=hub, starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 12, 31)
    )
    topic = services.topic_propose(actor=coordinator, work_plan=plan, title_ar="إدارة النفايات")
    group = _members(hub)
    outsider = make_member(hub)
    for person in group:
        services.working_group_join(actor=person, topic=topic)
    services.working_group_join(actor=coordinator, topic=topic)
    with assert_notified(Kind.WORKING_GROUP_LEAD, group) as sent:
        services.working_group_join(actor=coordinator, topic=topic, user=group[0], lead=True)
    assert sent.notifications[0].url == topic.get_absolute_url()
    assert group[0].display_name in sent.notifications[0].details
    _nobody_else(Kind.WORKING_GROUP_LEAD, [coordinator, outsider])
    # Naming the same lead again is no change: nobody hears of it again; naming another lead is a new change.
    services.working_group_join(actor=coordinator, topic=topic, user=group[0], lead=True)
    assert Notification.objects.filter(kind=Kind.WORKING_GROUP_LEAD).count() == 3
    services.working_group_join(actor=coordinator, topic=topic, user=group[1], lead=True)
    assert Notification.objects.filter(kind=Kind.WORKING_GROUP_LEAD, recipient=group[0]).count() == 2


@pytest.mark.notification_kind("initiative_decision")
def test_an_initiative_decision_tells_the_body_with_the_note(coordinator):
    hub = coordinator.hub_mandates.get().hub
    Hub = type(hub)
    Hub.objects.filter(pk=hub.pk).update(reviews_initiatives=True)
    hub.refresh_from_db()
    body = LocalBodyFactory()
    submitter = make_user(body=body)
    staff = [submitter, make_user(body=body), make_user(role=RoleGrant.Role.BODY_EDITOR, body=body)]
    others = [make_user(body=LocalBodyFactory()), make_user(role=RoleGrant.Role.PLATFORM_ADMIN)]
    initiative = services.initiative_submit(
        actor=submitter,
        hub=hub,
        body=body,
        title="خريطة الإنارة الذكية",
        problem="هدر",
        solution="حساسات",
        contact_name="سعاد",
    )
    with pytest.raises(ValidationError):  # not retaining needs a reason; nothing is written, nobody told
        services.initiative_review(actor=coordinator, initiative=initiative, status=Initiative.Status.NOT_RETAINED)
    assert not Notification.objects.filter(kind=Kind.INITIATIVE_DECISION).exists()
    with assert_notified(Kind.INITIATIVE_DECISION, staff) as sent:
        services.initiative_review(
            actor=coordinator, initiative=initiative, status=Initiative.Status.SHORTLISTED, note="فكرة واعدة"
        )
    assert [n.details for n in sent.notifications] == ["فكرة واعدة"] * 3
    assert sent.notifications[0].url == f"{hub.get_absolute_url()}#initiative-{initiative.pk}"
    _nobody_else(Kind.INITIATIVE_DECISION, [*others, coordinator])
    with assert_notified(Kind.INITIATIVE_DECISION, staff, email="never"):
        services.initiative_review(
            actor=coordinator, initiative=initiative, status=Initiative.Status.NOT_RETAINED, note="الميزانية لا تكفي"
        )
