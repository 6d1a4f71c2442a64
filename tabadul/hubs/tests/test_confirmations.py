"""Irreversible hub actions go through a confirmation page (core/confirm.py): GET says what will happen and writes
nothing; a POST without a required reason writes nothing and shows the error; a valid POST acts.

`CONFIRMED` lists every hub endpoint that decides, ends, removes or deletes; a test fails if an endpoint of that
kind (by its name) is missing from it, so a new one comes with its confirmation page."""

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.core.models import AuditEvent
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.hubs import services, urls
from tabadul.hubs.models import (
    Election,
    Hub,
    Initiative,
    Invitation,
    JointActivity,
    Mandate,
    Membership,
    Representative,
    TopicRanking,
    WorkingGroupMember,
    WorkPlan,
)

from .conftest import make_member
from .test_joint_activities import make_activity
from .test_views import login

pytestmark = pytest.mark.django_db

# Endpoints that decide, end, remove or delete, and whether their confirmation asks for a reason. Accepting (a
# request, an invitation), shortlisting and selecting stay one click: they can be followed by leaving or a decline.
CONFIRMED = {
    "invitation_decline": False,
    "membership_decline": True,
    "membership_leave": False,
    "representative_remove": False,
    "mandate_end": False,
    "election_close": False,
    "work_plan_confirm": False,
    "initiative_reject": True,
    "working_group_leave": False,
    "joint_activity_decline": False,
}
# Accepting a joint activity stays one click too; declining it goes to its confirmation page (joint_activity_decline).
ONE_CLICK = {
    "membership_decide",
    "invitation_answer",
    "initiative_review",
    "representative_leave",
    "joint_activity_answer",
}
WORDS = ("decline", "decide", "leave", "remove", "end", "close", "confirm", "reject", "delete", "answer", "review")


def test_every_deciding_ending_or_removing_endpoint_is_confirmed():
    names = {pattern.name for pattern in urls.urlpatterns}
    deciding = {name for name in names if any(word in name for word in WORDS)}
    assert deciding - ONE_CLICK == set(CONFIRMED), "a deciding endpoint without its confirmation page"
    assert names >= ONE_CLICK


@dataclass
class Case:
    url: str
    user: object
    done: object  # () -> bool: whether the action happened
    text: str  # what the confirmation page says (English)
    data: dict


@pytest.fixture
def world(hub, coordinator, other_hub, other_coordinator):
    """One of each thing a confirmation page acts on, in the innovation-survey hub of `coordinator`."""
    Hub.objects.filter(pk=hub.pk).update(reviews_initiatives=True)
    hub.refresh_from_db()
    members = [make_member(hub) for _ in range(7)]  # with the coordinator's body: 8 member bodies
    body = LocalBodyFactory()
    editor = make_user(role=RoleGrant.Role.BODY_EDITOR, body=body)
    request = services.membership_request(actor=editor, hub=hub, body=body)
    invited = LocalBodyFactory()
    invited_editor = make_user(role=RoleGrant.Role.BODY_EDITOR, body=invited)
    services.invitation_send(actor=coordinator, hub=hub, bodies=[invited])
    plan = services.work_plan_create(
        actor=coordinator, hub=hub, starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 12, 31)
    )
    topics = [services.topic_propose(actor=coordinator, work_plan=plan, title_ar=f"موضوع {i}") for i in range(5)]
    services.topic_ranking_submit(actor=members[0], work_plan=plan, topics=topics)
    seat = services.working_group_join(actor=members[1], topic=topics[0])
    now = timezone.now()
    election = services.election_create(
        actor=coordinator,
        hub=hub,
        role=Mandate.Role.DEPUTY,
        starts_at=now - datetime.timedelta(days=2),
        ends_at=now - datetime.timedelta(days=1) + datetime.timedelta(seconds=1),
        term_starts_on=now.date() + datetime.timedelta(days=10),
        term_ends_on=now.date() + datetime.timedelta(days=400),
    )
    Election.objects.filter(pk=election.pk).update(ends_at=now - datetime.timedelta(hours=1))
    initiative = services.initiative_submit(
        actor=editor, hub=hub, body=body, title="مبادرة", problem="مشكلة", solution="حل", contact_name="سعاد"
    )
    # A joint activity that the other hub proposes to `hub`: its coordinator answers.
    activity = make_activity(other_coordinator, other_hub)
    proposal = services.joint_activity_propose(actor=other_coordinator, event=activity, hub=other_hub, partner_hub=hub)
    return {
        "proposal": proposal,
        "hub": hub,
        "coordinator": coordinator,
        "members": members,
        "request": request,
        "invitation": Invitation.objects.get(body=invited),
        "invited_editor": invited_editor,
        "plan": plan,
        "seat": seat,
        "election": election,
        "initiative": initiative,
        "mandate": Mandate.objects.get(hub=hub, user=coordinator),
        "representative": Representative.objects.get(user=members[2]),
    }


def _cases(w) -> dict[str, Case]:
    hub, slug = w["hub"], w["hub"].slug
    member = w["members"][3]
    return {
        "invitation_decline": Case(
            reverse("hubs:invitation_decline", args=[w["invitation"].pk]),
            w["invited_editor"],
            lambda: Invitation.objects.get(pk=w["invitation"].pk).status == Invitation.Status.DECLINED,
            "cannot be answered again",
            {},
        ),
        "membership_decline": Case(
            reverse("hubs:membership_decline", args=[slug, w["request"].pk]),
            w["coordinator"],
            lambda: Membership.objects.get(pk=w["request"].pk).status == Membership.Status.DECLINED,
            "told, with your reason",
            {"reason": "ليست ضمن نطاق المنصة"},
        ),
        "membership_leave": Case(
            reverse("hubs:membership_leave", args=[slug]),
            member,
            lambda: Membership.objects.get(hub=hub, body=member.local_body).status == Membership.Status.LEFT,
            "asks to join again",
            {},
        ),
        "representative_remove": Case(
            reverse("hubs:representative_remove", args=[slug, w["representative"].pk]),
            w["coordinator"],
            lambda: not Representative.objects.filter(pk=w["representative"].pk).exists(),
            "no longer represents",
            {},
        ),
        "mandate_end": Case(
            reverse("hubs:mandate_end", args=[slug, w["mandate"].pk]),
            w["coordinator"],
            lambda: Mandate.objects.get(pk=w["mandate"].pk).ends_on == timezone.localdate(),
            "This is your own term",
            {},
        ),
        "election_close": Case(
            reverse("hubs:election_close", args=[slug, w["election"].pk]),
            w["coordinator"],
            lambda: Election.objects.get(pk=w["election"].pk).closed_at is not None,
            "0 of 8 member bodies have voted",
            {},
        ),
        "work_plan_confirm": Case(
            reverse("hubs:work_plan_confirm", args=[slug, w["plan"].pk]) + "?count=4",
            w["coordinator"],
            lambda: WorkPlan.objects.get(pk=w["plan"].pk).status == WorkPlan.Status.CONFIRMED,
            "1 of 8 member bodies have ranked the topics",
            {"count": 4},
        ),
        "initiative_reject": Case(
            reverse("hubs:initiative_reject", args=[slug, w["initiative"].pk]),
            w["coordinator"],
            lambda: Initiative.objects.get(pk=w["initiative"].pk).status == Initiative.Status.NOT_RETAINED,
            "told, with your reason",
            {"reason": "الميزانية لا تكفي"},
        ),
        "joint_activity_decline": Case(
            reverse("hubs:joint_activity_decline", args=[slug, w["proposal"].pk]),
            w["coordinator"],
            lambda: JointActivity.objects.get(pk=w["proposal"].pk).status == JointActivity.Status.DECLINED,
            "cannot be answered again",
            {},
        ),
        "working_group_leave": Case(
            reverse("hubs:working_group_leave", args=[slug, w["seat"].topic_id, w["seat"].pk]),
            w["coordinator"],
            lambda: not WorkingGroupMember.objects.filter(pk=w["seat"].pk).exists(),
            "leaves the working group",
            {},
        ),
    }


@pytest.mark.parametrize("name", sorted(CONFIRMED))
def test_confirmation_page_then_action(client, world, name):
    case = _cases(world)[name]
    login(client, case.user)
    events = AuditEvent.objects.count()
    page = client.get("/en" + case.url)
    assert page.status_code == 200
    assert case.text in page.content.decode()
    assert "This cannot be undone." in page.content.decode()
    assert not case.done() and AuditEvent.objects.count() == events  # GET writes nothing
    if CONFIRMED[name]:
        empty = client.post("/en" + case.url.split("?")[0], {**case.data, "reason": "  "})
        assert empty.status_code == 400
        assert "Give a reason" in empty.content.decode()
        assert not case.done() and AuditEvent.objects.count() == events
    response = client.post(case.url.split("?")[0], case.data)
    assert response.status_code == 302, response.content.decode()[:500]
    assert case.done()


def test_work_plan_confirmation_names_the_topics_and_the_missing_rankings(client, world):
    login(client, world["coordinator"])
    url = reverse("hubs:work_plan_confirm", args=[world["hub"].slug, world["plan"].pk])
    text = client.get(f"/en{url}?count=4").content.decode()
    assert "7 member bodies have not ranked yet" in text
    assert "موضوع 0" in text
    assert TopicRanking.objects.filter(work_plan=world["plan"]).count() == 1
    bad = client.get(f"/en{url}?count=9")  # out of 4–6: the plan page again, the number kept, nothing written
    assert bad.status_code == 400 and WorkPlan.objects.get(pk=world["plan"].pk).status == WorkPlan.Status.RANKING
    assert bad.context["count_form"]["count"].value() == "9"
    assert "A work plan of this hub has between 4 and 6 priority topics." in bad.content.decode()


def test_ending_someone_elses_term_says_so(client, world, hub):
    deputy = make_member(hub)
    mandate = Mandate.objects.create(
        hub=hub,
        user=deputy,
        role=Mandate.Role.DEPUTY,
        starts_on=timezone.localdate() - datetime.timedelta(days=3),
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    login(client, world["coordinator"])
    text = client.get("/en" + reverse("hubs:mandate_end", args=[hub.slug, mandate.pk])).content.decode()
    assert "will no longer manage this hub" in text and "This is your own term" not in text


def test_others_get_no_confirmation_page(client, world, other_coordinator):
    login(client, other_coordinator)
    for name, case in _cases(world).items():
        if name in {"membership_leave"}:  # their own body's membership: none in this hub (404)
            assert client.get(case.url).status_code == 404
            continue
        assert client.get(case.url).status_code == 403, name
        assert client.post(case.url.split("?")[0], case.data).status_code == 403, name
        assert not case.done(), name


def test_removing_a_representative_returns_to_the_members_page_where_it_was_asked(client, world):
    case = _cases(world)["representative_remove"]
    login(client, case.user)
    members_url = reverse("hubs:members", args=[world["hub"].slug])
    assert f'href="{members_url}"' in client.get(case.url).content.decode()  # "cancel"
    response = client.post(case.url, case.data)
    assert response.status_code == 302 and response["Location"] == members_url and case.done()
