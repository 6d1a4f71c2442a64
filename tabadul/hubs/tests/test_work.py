"""What waits for people in the hubs on "my work": the right items for the right people, each count one query, the
items a constant number of queries at two sizes, each item linking to where the action is taken."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.rules import body_role_ids
from tabadul.accounts.tests.factories import make_user
from tabadul.core.work import REGISTRY
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.hubs import services
from tabadul.hubs.models import Election, Mandate
from tabadul.hubs.relations import hub_relations
from tabadul.hubs.work import WAITING

from .conftest import make_coordinator, make_hub, make_member
from .test_views import login

pytestmark = pytest.mark.django_db


def test_every_hub_waiting_kind_is_registered():
    assert {waiting.key for waiting in WAITING} == {
        "hubs.invitations_to_answer",
        "hubs.join_requests",
        "hubs.ballots_open",
        "hubs.initiatives_to_review",
        "hubs.joint_activities_to_answer",
    }
    for waiting in WAITING:
        assert REGISTRY[waiting.key] is waiting


def _queries(call):
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return result, len(captured.captured_queries)


# Each scenario adds `n` waiting items for one person and returns (person, waiting kind, expected links).


def _invitations(n):
    body = LocalBodyFactory()
    person = make_user(role=RoleGrant.Role.BODY_APPROVER, body=body)
    links = []
    for i in range(n):
        hub = make_hub(f"inv-{i}")
        services.invitation_send(actor=make_coordinator(hub), hub=hub, bodies=[body])
        links.append(f"{reverse('hubs:my_invitations')}#invitation-{hub.invitations.get().pk}")
    other = make_hub("inv-x")
    services.invitation_send(actor=make_coordinator(other), hub=other, bodies=[LocalBodyFactory()])  # not theirs
    return person, "hubs.invitations_to_answer", links


def _join_requests(n):
    hub = make_hub("req")
    person = make_coordinator(hub)
    links = []
    for _i in range(n):
        body = LocalBodyFactory()
        membership = services.membership_request(
            actor=make_user(role=RoleGrant.Role.BODY_EDITOR, body=body), hub=hub, body=body
        )
        links.append(reverse("hubs:manage", args=[hub.slug]) + f"#request-{membership.pk}")
    other = make_hub("req-other")
    body = LocalBodyFactory()
    services.membership_request(actor=make_user(role=RoleGrant.Role.BODY_EDITOR, body=body), hub=other, body=body)
    return person, "hubs.join_requests", links


def _ballots(n):
    body = LocalBodyFactory()
    person = None
    links = []
    now = timezone.now()
    for i in range(n):
        hub = make_hub(f"vote-{i}")
        person = make_member(hub, body=body) if person is None else _represent(hub, body, person)
        election = services.election_create(
            actor=make_coordinator(hub),
            hub=hub,
            role=Mandate.Role.DEPUTY,
            starts_at=now - datetime.timedelta(days=1),
            ends_at=now + datetime.timedelta(days=2),
            term_starts_on=now.date() + datetime.timedelta(days=10),
            term_ends_on=now.date() + datetime.timedelta(days=400),
        )
        links.append(election.get_absolute_url())
    # Not waiting: an election in nominations, and one where the body has voted.
    hub = make_hub("vote-voted")
    _represent(hub, body, person)
    coordinator = make_coordinator(hub)
    services.election_create(
        actor=coordinator,
        hub=hub,
        role=Mandate.Role.COORDINATOR,
        starts_at=now + datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=2),
        term_starts_on=now.date() + datetime.timedelta(days=10),
        term_ends_on=now.date() + datetime.timedelta(days=400),
    )
    voted = services.election_create(
        actor=coordinator,
        hub=hub,
        role=Mandate.Role.DEPUTY,
        starts_at=now + datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(days=2),
        term_starts_on=now.date() + datetime.timedelta(days=10),
        term_ends_on=now.date() + datetime.timedelta(days=400),
    )
    candidate = services.candidate_nominate(actor=person, election=voted, user=person)
    Election.objects.filter(pk=voted.pk).update(starts_at=now - datetime.timedelta(hours=1))
    voted.refresh_from_db()
    services.ballot_cast(actor=person, election=voted, candidate=candidate)
    return person, "hubs.ballots_open", links


def _represent(hub, body, person):
    from tabadul.hubs.models import Membership, Representative

    membership = Membership.objects.create(hub=hub, body=body, status=Membership.Status.ACTIVE)
    Representative.objects.create(membership=membership, user=person)
    return person


def _initiatives(n):
    hub = make_hub("survey", reviews_initiatives=True)
    person = make_coordinator(hub)
    links = []
    for i in range(n):
        body = LocalBodyFactory()
        initiative = services.initiative_submit(
            actor=make_user(body=body),
            hub=hub,
            body=body,
            title=f"مبادرة {i}",
            problem="م",
            solution="ح",
            contact_name="سعاد",
        )
        links.append(reverse("hubs:initiatives", args=[hub.slug]) + f"#initiative-{initiative.pk}")
    reviewed = services.initiative_submit(
        actor=make_user(body=body), hub=hub, body=body, title="مراجعة", problem="م", solution="ح", contact_name="س"
    )
    services.initiative_review(actor=person, initiative=reviewed, status="shortlisted")
    return person, "hubs.initiatives_to_review", links


def _joint_activities(n):
    from .test_joint_activities import make_activity

    hub = make_hub("joint")
    person = make_coordinator(hub)
    links = []
    for i in range(n):
        other = make_hub(f"joint-{i}")
        other_coordinator = make_coordinator(other)
        proposal = services.joint_activity_propose(
            actor=other_coordinator, event=make_activity(other_coordinator, other), hub=other, partner_hub=hub
        )
        links.append(reverse("hubs:joint_activities", args=[hub.slug]) + f"#joint-{proposal.pk}")
    # Not waiting for them: a proposal their hub sent, and one to their hub already answered.
    outside = make_hub("joint-out")
    services.joint_activity_propose(actor=person, event=make_activity(person, hub), hub=hub, partner_hub=outside)
    answered = services.joint_activity_propose(
        actor=other_coordinator, event=make_activity(other_coordinator, other), hub=other, partner_hub=hub
    )
    services.joint_activity_answer(actor=person, proposal=answered, accept=False)
    return person, "hubs.joint_activities_to_answer", links


SCENARIOS = {
    "joint_activities": _joint_activities,
    "invitations": _invitations,
    "join_requests": _join_requests,
    "ballots": _ballots,
    "initiatives": _initiatives,
}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
@pytest.mark.parametrize("n", [1, 4])
def test_waiting_items_count_in_one_query_and_list_in_constant_queries(scenario, n):
    person, key, links = SCENARIOS[scenario](n)
    person = type(person).objects.get(pk=person.pk)  # a fresh object: no cached roles
    body_role_ids(person)  # the roles, read once per request (the header's rules read them too)
    hub_relations(person)  # and the hub relations (the other apps' counts read them too)
    waiting = REGISTRY[key]
    count, count_queries = _queries(lambda: waiting.count(person))
    assert count == n
    assert count_queries == 1
    items, item_queries = _queries(lambda: waiting.items(person, 5))
    assert [item.url for item in items] == links
    assert item_queries == 1  # the same at both sizes
    for other in REGISTRY.values():
        if other.key.startswith("hubs.") and other.key != key:
            assert other.count(person) == 0, other.key


def test_nobody_else_has_hub_work_nor_a_count_query(db, django_assert_num_queries):
    hub = make_hub("quiet")
    make_coordinator(hub)
    citizen = make_user()
    body_role_ids(citizen)
    hub_relations(citizen)
    with django_assert_num_queries(0):
        for waiting in WAITING:
            assert waiting.count(citizen) == 0


def test_answering_an_invitation_lowers_the_count_and_returns_to_the_invitations_page(client):
    person, key, links = _invitations(2)
    login(client, person)
    page = client.get("/en" + reverse("hubs:my_invitations")).content.decode()
    assert page.count('id="invitation-') == 2
    invitation_pk = int(links[0].rsplit("-", 1)[1])
    response = client.post(reverse("hubs:invitation_answer", args=[invitation_pk]), {"accept": "1"})
    assert response["Location"] == reverse("hubs:my_invitations")
    assert REGISTRY[key].count(person) == 1


def test_invitations_ask_nothing_of_people_without_a_body_role():
    person = make_user()
    body_role_ids(person)
    count, queries = _queries(lambda: REGISTRY["hubs.invitations_to_answer"].count(person))
    assert (count, queries) == (0, 0)
