import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.core.models import AuditEvent
from tabadul.directory.models import LocalBody, Region
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.hubs import services
from tabadul.hubs.models import (
    Candidate,
    Election,
    Hub,
    Initiative,
    Invitation,
    Mandate,
    Membership,
    Mentorship,
    WorkingGroupMember,
    WorkPlan,
    WorkPlanTopic,
)
from tabadul.hubs.selectors import forget_hub_relations

from .conftest import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    """The services speak the active language; these tests read their English messages."""
    with translation.override("en"):
        yield


NOW = timezone.now


# --- 2. Membership ---


def test_invitation_to_a_filtered_set_tracks_answers(hub, coordinator):
    south = Region.objects.get(code="south")
    bodies = [LocalBodyFactory(governorate_id=None, region=south) for _ in range(3)]
    LocalBodyFactory()  # north: not invited
    sent = services.invitation_send(actor=coordinator, hub=hub, bodies=services.bodies_to_invite(hub=hub, region=south))
    assert sent == 3
    assert services.invitation_send(actor=coordinator, hub=hub, bodies=bodies) == 0  # never twice
    editor = make_user(role=RoleGrant.Role.BODY_EDITOR, body=bodies[0])
    invitation = Invitation.objects.get(hub=hub, body=bodies[0])
    services.invitation_answer(actor=editor, invitation=invitation, accept=True)
    assert Membership.objects.active().filter(hub=hub, body=bodies[0]).exists()
    with pytest.raises(ValidationError):
        services.invitation_answer(actor=editor, invitation=invitation, accept=False)
    answered = Invitation.objects.filter(hub=hub).exclude(status=Invitation.Status.PENDING).count()
    assert answered == 1


def test_another_body_cannot_answer_an_invitation(hub, coordinator, body, other_body_editor):
    services.invitation_send(actor=coordinator, hub=hub, bodies=[body])
    with pytest.raises(PermissionDenied):
        services.invitation_answer(actor=other_body_editor, invitation=Invitation.objects.get(), accept=True)


def test_join_request_accept_decline_with_reason_and_joining_twice(hub, coordinator, body, body_editor):
    membership = services.membership_request(actor=body_editor, hub=hub, body=body)
    with pytest.raises(ValidationError, match="already asked"):
        services.membership_request(actor=body_editor, hub=hub, body=body)
    with pytest.raises(ValidationError, match="reason"):
        services.membership_decide(actor=coordinator, membership=membership, accept=False, reason="  ")
    services.membership_decide(actor=coordinator, membership=membership, accept=False, reason="خارج نطاق المنصة")
    membership.refresh_from_db()
    assert membership.status == Membership.Status.DECLINED
    assert membership.decision_reason == "خارج نطاق المنصة"
    again = services.membership_request(actor=body_editor, hub=hub, body=body)  # may ask again after a decline
    services.membership_decide(actor=coordinator, membership=again, accept=True)
    count = Membership.objects.count()
    with pytest.raises(ValidationError, match="already a member"):
        services.membership_request(actor=body_editor, hub=hub, body=body)
    assert Membership.objects.count() == count


def test_only_the_body_itself_asks_to_join(hub, body, other_body_editor, citizen):
    for actor in (other_body_editor, citizen):
        with pytest.raises(PermissionDenied):
            services.membership_request(actor=actor, hub=hub, body=body)


def test_coordinator_of_hub_a_cannot_decide_for_hub_b(hub, other_hub, coordinator, body, body_editor):
    membership = services.membership_request(actor=body_editor, hub=other_hub, body=body)
    with pytest.raises(PermissionDenied):
        services.membership_decide(actor=coordinator, membership=membership, accept=True)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.REQUESTED


def test_staff_join_as_representatives_and_body_leaves(hub, coordinator, body, body_editor):
    membership = services.membership_request(actor=body_editor, hub=hub, body=body)
    services.membership_decide(actor=coordinator, membership=membership, accept=True)
    staff = make_user(body=body)
    outsider = make_user(body=LocalBodyFactory())
    services.representative_join(actor=staff, membership=membership)
    with pytest.raises(ValidationError):
        services.representative_join(actor=staff, membership=membership)
    with pytest.raises(ValidationError):
        services.representative_join(actor=outsider, membership=membership)
    assert staff.has_perm("hubs.take_part", hub)
    services.membership_leave(actor=body_editor, membership=membership)
    forget_hub_relations(staff)  # a new request
    assert not staff.has_perm("hubs.take_part", hub)


# --- 3. Elections ---


def _election(hub, coordinator, *, starts_in=-1, ends_in=1):
    today = timezone.localdate()
    return services.election_create(
        actor=coordinator,
        hub=hub,
        role=Mandate.Role.DEPUTY,
        starts_at=NOW() + datetime.timedelta(hours=starts_in),
        ends_at=NOW() + datetime.timedelta(hours=ends_in),
        term_starts_on=today,
        term_ends_on=today + datetime.timedelta(days=730),
    )


def test_nominations_close_when_voting_starts(hub, coordinator):
    voter = make_member(hub)
    election = _election(hub, coordinator, starts_in=2, ends_in=4)
    candidate = services.candidate_nominate(actor=voter, election=election, user=voter)
    with pytest.raises(ValidationError):
        services.candidate_nominate(actor=voter, election=election, user=voter)
    with pytest.raises(ValidationError, match="not started"):
        services.ballot_cast(actor=voter, election=election, candidate=candidate)
    Election.objects.filter(pk=election.pk).update(starts_at=NOW() - datetime.timedelta(minutes=1))
    election.refresh_from_db()
    with pytest.raises(ValidationError, match="Nominations closed"):
        services.candidate_nominate(actor=coordinator, election=election, user=coordinator)


def test_non_members_cannot_be_candidates_or_vote(hub, coordinator, citizen, other_body_editor):
    election = _election(hub, coordinator, starts_in=1, ends_in=3)
    with pytest.raises(ValidationError):
        services.candidate_nominate(actor=coordinator, election=election, user=other_body_editor)
    candidate = services.candidate_nominate(actor=coordinator, election=election, user=make_member(hub))
    Election.objects.filter(pk=election.pk).update(starts_at=NOW() - datetime.timedelta(minutes=1))
    for outsider in (citizen, other_body_editor):
        with pytest.raises(PermissionDenied):
            services.ballot_cast(actor=outsider, election=election, candidate=candidate)


def test_nobody_is_coordinator_and_deputy_at_once(hub, coordinator):
    """The coordinator cannot stand for deputy in their term; a candidate for deputy cannot stand for coordinator
    in an overlapping term; a deputy whose term ends before the coordinator's term begins may stand."""
    deputy_election = _election(hub, coordinator, starts_in=1, ends_in=3)
    with pytest.raises(ValidationError, match="nobody is coordinator and deputy at once"):
        services.candidate_nominate(actor=coordinator, election=deputy_election, user=coordinator)
    standing = make_member(hub)
    services.candidate_nominate(actor=standing, election=deputy_election, user=standing)
    today = timezone.localdate()
    coordinator_election = services.election_create(
        actor=coordinator,
        hub=hub,
        role=Mandate.Role.COORDINATOR,
        starts_at=NOW() + datetime.timedelta(hours=1),
        ends_at=NOW() + datetime.timedelta(hours=3),
        term_starts_on=today + datetime.timedelta(days=30),
        term_ends_on=today + datetime.timedelta(days=400),
    )
    with pytest.raises(ValidationError, match="nobody is coordinator and deputy at once"):
        services.candidate_nominate(actor=standing, election=coordinator_election, user=standing)
    leaving_deputy = make_member(hub)
    Mandate.objects.create(
        hub=hub,
        user=leaving_deputy,
        role=Mandate.Role.DEPUTY,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=29),
    )
    services.candidate_nominate(actor=leaving_deputy, election=coordinator_election, user=leaving_deputy)
    assert list(Candidate.objects.filter(election=coordinator_election).values_list("user", flat=True)) == [
        leaving_deputy.pk
    ]


def test_one_ballot_per_member_body_even_with_two_representatives(hub, coordinator):
    first = make_member(hub)
    second = make_member(hub, first.local_body)  # same body, another representative
    election = _election(hub, coordinator, starts_in=1, ends_in=3)
    candidate = services.candidate_nominate(actor=first, election=election, user=first)
    Election.objects.filter(pk=election.pk).update(starts_at=NOW() - datetime.timedelta(minutes=1))
    services.ballot_cast(actor=first, election=election, candidate=candidate)
    with pytest.raises(ValidationError, match="already voted"):
        services.ballot_cast(actor=second, election=election, candidate=candidate)
    assert election.ballots.count() == 1
    assert election.receipts.count() == 1


def test_results_only_after_close_and_tie_rule_makes_the_winner_coordinator(hub, coordinator):
    a, b = make_member(hub), make_member(hub)
    election = _election(hub, coordinator, starts_in=1, ends_in=3)
    first = services.candidate_nominate(actor=a, election=election, user=a)
    second = services.candidate_nominate(actor=b, election=election, user=b)
    Election.objects.filter(pk=election.pk).update(starts_at=NOW() - datetime.timedelta(minutes=1))
    services.ballot_cast(actor=a, election=election, candidate=second)
    services.ballot_cast(actor=b, election=election, candidate=first)
    with pytest.raises(ValidationError, match="after voting ends"):
        services.election_close(actor=coordinator, election=election)
    Election.objects.filter(pk=election.pk).update(ends_at=NOW() - datetime.timedelta(seconds=1))
    with pytest.raises(ValidationError, match="ended"):
        services.ballot_cast(actor=coordinator, election=election, candidate=first)
    closed = services.election_close(actor=coordinator, election=election)
    assert closed.winner == first  # 1–1: the tie goes to the candidate nominated first
    assert closed.tie_broken
    mandate = Mandate.objects.get(election=closed)
    assert mandate.user == a and mandate.role == Mandate.Role.DEPUTY
    forget_hub_relations(a)  # a new request
    assert a.has_perm("hubs.manage_hub", hub)


def test_term_end_removes_the_permissions(hub, coordinator):
    mandate = Mandate.objects.get(user=coordinator)
    services.mandate_end(actor=coordinator, mandate=mandate, on=timezone.localdate() - datetime.timedelta(days=1))
    forget_hub_relations(coordinator)  # a new request
    assert not coordinator.has_perm("hubs.manage_hub", hub)


def test_ballot_audit_never_names_the_choice(hub, coordinator):
    election = _election(hub, coordinator, starts_in=1, ends_in=3)
    candidate = services.candidate_nominate(actor=coordinator, election=election, user=make_member(hub))
    Election.objects.filter(pk=election.pk).update(starts_at=NOW() - datetime.timedelta(minutes=1))
    services.ballot_cast(actor=coordinator, election=election, candidate=candidate)
    event = AuditEvent.objects.get(action="hubs.ballot.cast")
    assert set(event.changes) == {"body"}


# --- 5. Work plans ---


@pytest.fixture
def plan(hub, coordinator):
    return services.work_plan_create(
        actor=coordinator, hub=hub, starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 12, 31)
    )


def _propose(plan, actor, n):
    return [services.topic_propose(actor=actor, work_plan=plan, title_ar=f"موضوع {i}") for i in range(n)]


def test_a_hub_confirms_the_number_of_topics_it_agreed(plan, hub, coordinator):
    """Seed 001: the innovation hub's plan has three topics; a hub sets its own range, 4–6 by default."""
    _propose(plan, coordinator, 3)
    with pytest.raises(ValidationError, match="between 4 and 6"):
        services.work_plan_confirm(actor=coordinator, work_plan=plan, count=3)
    hub.min_topics, hub.max_topics = 3, 3
    hub.full_clean()
    hub.save()
    with pytest.raises(ValidationError, match="has 3 priority topics"):
        services.work_plan_confirm(actor=coordinator, work_plan=plan, count=4)
    services.work_plan_confirm(actor=coordinator, work_plan=plan, count=3)
    assert WorkPlanTopic.objects.filter(work_plan=plan, rank__isnull=False).count() == 3


def test_a_hubs_topic_range_is_checked(hub):
    hub.min_topics, hub.max_topics = 5, 4
    with pytest.raises(ValidationError, match="cannot be fewer"):
        hub.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Hub.objects.filter(pk=hub.pk).update(min_topics=0)


def test_ranking_the_same_topic_twice_is_refused_and_changes_nothing(plan, coordinator):
    topics = _propose(plan, coordinator, 3)
    services.topic_ranking_submit(actor=coordinator, work_plan=plan, topics=[topics[0], topics[1]])
    with pytest.raises(ValidationError, match="only once"):
        services.topic_ranking_submit(actor=coordinator, work_plan=plan, topics=[topics[2], topics[2]])
    assert [t.topic_id for t in plan.rankings.get().entries.all()] == [topics[0].pk, topics[1].pk]


def test_borda_count_and_confirmation(plan, hub, coordinator):
    members = [make_member(hub) for _ in range(3)]
    t = _propose(plan, coordinator, 5)
    # 5 topics: 1st = 4 points, 2nd = 3, 3rd = 2, ...
    services.topic_ranking_submit(actor=members[0], work_plan=plan, topics=[t[2], t[0], t[1]])
    services.topic_ranking_submit(actor=members[1], work_plan=plan, topics=[t[2], t[1], t[0]])
    services.topic_ranking_submit(actor=members[2], work_plan=plan, topics=[t[0], t[2]])
    order = services.borda_order(plan)
    points = {topic.pk: p for topic, p in order}
    assert points == {t[2].pk: 4 + 4 + 3, t[0].pk: 3 + 2 + 4, t[1].pk: 2 + 3, t[3].pk: 0, t[4].pk: 0}
    assert [topic.pk for topic, _p in order][:3] == [t[2].pk, t[0].pk, t[1].pk]
    with pytest.raises(ValidationError, match="between 4 and 6"):
        services.work_plan_confirm(actor=coordinator, work_plan=plan, count=3)
    with pytest.raises(PermissionDenied):
        services.work_plan_confirm(actor=members[0], work_plan=plan, count=4)
    services.work_plan_confirm(actor=coordinator, work_plan=plan, count=4)
    ranks = dict(WorkPlanTopic.objects.filter(work_plan=plan).values_list("pk", "rank"))
    assert ranks[t[2].pk] == 1 and ranks[t[0].pk] == 2 and ranks[t[1].pk] == 3
    assert ranks[t[3].pk] == 4 and ranks[t[4].pk] is None  # t3 proposed before t4: the tie rule
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.CONFIRMED
    with pytest.raises(ValidationError, match="confirmed"):
        services.topic_ranking_submit(actor=members[0], work_plan=plan, topics=[t[4]])


def test_a_new_ranking_replaces_the_bodys_previous_one(plan, coordinator):
    t = _propose(plan, coordinator, 4)
    services.topic_ranking_submit(actor=coordinator, work_plan=plan, topics=[t[0]])
    services.topic_ranking_submit(actor=coordinator, work_plan=plan, topics=[t[3], t[1]])
    assert plan.rankings.count() == 1
    assert services.borda_order(plan)[0][0] == t[3]


def test_topic_of_another_plan_cannot_be_ranked(plan, hub, coordinator):
    other_plan = services.work_plan_create(
        actor=coordinator, hub=hub, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31)
    )
    foreign = _propose(other_plan, coordinator, 1)
    with pytest.raises(ValidationError):
        services.topic_ranking_submit(actor=coordinator, work_plan=plan, topics=foreign)


def test_working_group_lead_and_alignment(plan, hub, coordinator, other_coordinator):
    topic = _propose(plan, coordinator, 1)[0]
    member = make_member(hub)
    services.working_group_join(actor=member, topic=topic)
    with pytest.raises(ValidationError):
        services.working_group_join(actor=member, topic=topic)
    with pytest.raises(PermissionDenied):
        services.working_group_join(actor=member, topic=topic, lead=True)  # only the coordinator names the lead
    services.working_group_join(actor=coordinator, topic=topic, user=member, lead=True)
    assert WorkingGroupMember.objects.get(topic=topic, user=member).role == WorkingGroupMember.Role.LEAD
    assert services.topic_align(actor=coordinator, topic=topic, targets=["11.6"])["goals"] == ["11"]
    with pytest.raises(PermissionDenied):
        services.topic_align(actor=other_coordinator, topic=topic, targets=["11.1"])


# --- 6. Peer mentoring and the innovation survey ---


def test_mentoring_with_sessions(hub, coordinator):
    mentor, mentees = LocalBodyFactory(), [LocalBodyFactory(), LocalBodyFactory()]
    mentorship = services.mentorship_create(
        actor=coordinator, hub=hub, mentor_body=mentor, mentee_bodies=mentees, topic_ar="نظم المعلومات الجغرافية"
    )
    services.mentoring_session_add(actor=coordinator, mentorship=mentorship, held_on=datetime.date(2025, 3, 1))
    services.mentorship_set_status(actor=coordinator, mentorship=mentorship, status=Mentorship.Status.ACTIVE)
    assert mentorship.sessions.count() == 1
    assert set(mentorship.mentee_bodies.all()) == set(mentees)
    with pytest.raises(ValidationError):
        services.mentorship_create(actor=coordinator, hub=hub, mentor_body=mentor, mentee_bodies=[mentor], topic_ar="x")


def test_outsiders_cannot_create_mentoring(hub, other_coordinator, citizen):
    for actor in (other_coordinator, citizen):
        with pytest.raises(PermissionDenied):
            services.mentorship_create(
                actor=actor, hub=hub, mentor_body=LocalBodyFactory(), mentee_bodies=[LocalBodyFactory()], topic_ar="x"
            )


def test_initiative_survey_review_and_topic(hub, coordinator, plan, body, other_coordinator):
    hub.reviews_initiatives = True
    hub.save()
    staff = make_user(body=body)
    initiative = services.initiative_submit(
        actor=staff,
        hub=hub,
        body=body,
        title="تطبيق لتحصيل الرسوم",
        problem="ضعف التحصيل",
        solution="تطبيق هاتف",
        contact_name="أحمد",
    )
    with pytest.raises(PermissionDenied):
        services.initiative_submit(
            actor=staff, hub=hub, body=LocalBodyFactory(), title="x", problem="x", solution="x", contact_name="x"
        )
    with pytest.raises(ValidationError, match="shortlisted"):
        services.initiative_review(actor=coordinator, initiative=initiative, status=Initiative.Status.SELECTED)
    with pytest.raises(PermissionDenied):
        services.initiative_review(actor=other_coordinator, initiative=initiative, status="shortlisted")
    services.initiative_review(actor=coordinator, initiative=initiative, status=Initiative.Status.SHORTLISTED)
    services.initiative_review(actor=coordinator, initiative=initiative, status=Initiative.Status.SELECTED)
    topic = services.initiative_to_topic(actor=coordinator, initiative=initiative, work_plan=plan)
    assert topic.title_ar == "تطبيق لتحصيل الرسوم"
    assert topic.proposed_by_body == body
    with pytest.raises(ValidationError):
        services.initiative_to_topic(actor=coordinator, initiative=initiative, work_plan=plan)


def test_hubs_that_do_not_run_the_survey_refuse_initiatives(hub, body):
    staff = make_user(body=body)
    with pytest.raises(ValidationError):
        services.initiative_submit(
            actor=staff, hub=hub, body=body, title="x", problem="x", solution="x", contact_name="x"
        )


# --- 1. Hubs and demo data ---


def test_hub_update_is_audited_and_limited_to_own_hub(hub, other_hub, coordinator):
    services.hub_update(actor=coordinator, hub=hub, launch_attendance=55, launch_city_ar="رام الله")
    assert AuditEvent.objects.filter(action="hubs.hub.update").count() == 1
    with pytest.raises(PermissionDenied):
        services.hub_update(actor=coordinator, hub=other_hub, launch_attendance=1)


def test_demo_has_the_six_hubs_with_the_real_launches_and_topics():
    from tabadul.demo.accounts import load as load_accounts
    from tabadul.demo.alignment import load as load_alignment
    from tabadul.demo.directory import load as load_bodies
    from tabadul.demo.hubs import load
    from tabadul.hubs.models import Axis, Chapter, Hub

    load_bodies(), load_accounts(), load_alignment()
    load()
    hubs = {hub.slug: hub for hub in Hub.objects.all()}
    assert len(hubs) == 6
    pr = hubs["public-relations"]
    assert (pr.launch_date, pr.launch_city_ar, pr.launch_attendance) == (datetime.date(2019, 9, 18), "رام الله", 55)
    assert hubs["engineering-planning"].launch_date == datetime.date(2019, 9, 16)
    assert (hubs["finance"].launch_date, hubs["finance"].launch_attendance) == (datetime.date(2019, 10, 15), 40)
    assert (hubs["innovation"].launch_date, hubs["innovation"].launch_city_ar) == (
        datetime.date(2020, 10, 29),
        "الخليل",
    )
    assert hubs["gaza"].launch_bodies == 25
    assert list(Axis.objects.filter(hub=hubs["gaza"]).values_list("mirrors__slug", flat=True)) == [
        "public-relations",
        "engineering-planning",
        "finance",
        "innovation",
    ]
    chapters = {c.region.code: c for c in Chapter.objects.select_related("region")}
    assert (chapters["south"].launch_date, chapters["south"].launch_city_ar) == (datetime.date(2020, 2, 26), "الخليل")
    assert chapters["centre"].launch_date == datetime.date(2020, 1, 29)
    assert chapters["north"].launch_date == datetime.date(2019, 9, 21)
    south_topics = WorkPlanTopic.objects.filter(work_plan__chapter=chapters["south"]).order_by("rank")
    assert south_topics.count() == 6
    assert south_topics.first().title_ar == "تحسين العلاقات مع المواطنين وتوعية مجتمعية"
    gis = WorkPlanTopic.objects.filter(work_plan__hub=hubs["innovation"]).count()
    assert gis == 3
    assert Mentorship.objects.get().mentee_bodies.filter(governorate__code__in=["hebron", "bethlehem"]).count() == 6
    engineering_topics = WorkPlanTopic.objects.filter(work_plan__hub=hubs["engineering-planning"])
    assert engineering_topics.filter(sdg_goals__number=11).count() >= 3
    load()  # idempotent
    assert Hub.objects.count() == 6
    assert LocalBody.objects.filter(hub_memberships__hub=hubs["gaza"]).count() == 8
