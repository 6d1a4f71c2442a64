"""Joint activities need both coordinators (issue 20, item 6): one hub's coordinator proposes, the other hub's
coordinator (or deputy) accepts or declines; until then the activity is the proposing hub's alone."""

import datetime
import re

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.core.models import AuditEvent
from tabadul.core.work import REGISTRY
from tabadul.events import services as event_services
from tabadul.events.models import Event
from tabadul.hubs import audit_actions, selectors, services
from tabadul.hubs.models import JointActivity, Mandate
from tabadul.hubs.relations import forget_hub_relations
from tabadul.notifications.models import Kind
from tabadul.notifications.testing import assert_notified

from .conftest import make_coordinator, make_hub
from .test_views import login

pytestmark = pytest.mark.django_db


def make_activity(coordinator, hub, name_ar="نشاط مشترك") -> Event:
    starts = timezone.now() + datetime.timedelta(days=10)
    forget_hub_relations(coordinator)
    return event_services.event_create(
        actor=coordinator,
        hubs=[hub],
        name_ar=name_ar,
        type=Event.Type.JOINT_ACTIVITY,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        time_zone="Asia/Hebron",
        city="نابلس",
    )


def _organisers(event) -> set[int]:
    return set(Event.objects.get(pk=event.pk).organiser_hubs.values_list("pk", flat=True))


def test_a_joint_activity_needs_both_coordinators(hub, other_hub, coordinator, other_coordinator):
    event = make_activity(coordinator, hub)
    # A coordinator cannot simply name another hub as an organiser.
    with pytest.raises(ValidationError):
        event_services.event_update(actor=coordinator, event=event, hubs=[hub, other_hub])
    assert _organisers(event) == {hub.pk}

    proposal = services.joint_activity_propose(actor=coordinator, event=event, hub=hub, partner_hub=other_hub)
    assert proposal.status == JointActivity.Status.PENDING
    assert _organisers(event) == {hub.pk}  # the proposal alone does not make it joint
    assert not Event.objects.filter(organiser_hubs=other_hub).exists()  # not shown as the other hub's

    # The wrong people are refused: the proposer, a third hub's coordinator, a platform administrator, a member.
    third = make_hub("hub-c")
    for wrong in (coordinator, make_coordinator(third), make_user(role=RoleGrant.Role.PLATFORM_ADMIN), make_user()):
        with pytest.raises(PermissionDenied):
            services.joint_activity_answer(actor=wrong, proposal=proposal, accept=True)
    assert _organisers(event) == {hub.pk}

    services.joint_activity_answer(actor=other_coordinator, proposal=proposal, accept=True)
    proposal.refresh_from_db()
    assert proposal.status == JointActivity.Status.ACCEPTED and proposal.decided_by == other_coordinator
    assert _organisers(event) == {hub.pk, other_hub.pk}
    assert AuditEvent.objects.filter(action=audit_actions.JOINT_ACTIVITY_ANSWER, target_id=str(proposal.pk)).exists()
    with pytest.raises(ValidationError):  # answered once
        services.joint_activity_answer(actor=other_coordinator, proposal=proposal, accept=False)


def test_a_deputy_of_the_other_hub_may_answer_and_a_decline_changes_nothing(hub, other_hub, coordinator):
    deputy = make_coordinator(other_hub, role=Mandate.Role.DEPUTY)
    event = make_activity(coordinator, hub)
    proposal = services.joint_activity_propose(actor=coordinator, event=event, hub=hub, partner_hub=other_hub)
    services.joint_activity_answer(actor=deputy, proposal=proposal, accept=False)
    proposal.refresh_from_db()
    assert proposal.status == JointActivity.Status.DECLINED
    assert _organisers(event) == {hub.pk}


def test_only_the_organising_hubs_coordinator_proposes(hub, other_hub, coordinator, other_coordinator):
    event = make_activity(coordinator, hub)
    with pytest.raises(PermissionDenied):  # another hub's coordinator proposes in this hub's name
        services.joint_activity_propose(actor=other_coordinator, event=event, hub=hub, partner_hub=other_hub)
    other_event = make_activity(other_coordinator, other_hub)
    with pytest.raises(ValidationError):  # an activity this hub does not organise
        services.joint_activity_propose(actor=coordinator, event=other_event, hub=hub, partner_hub=other_hub)
    with pytest.raises(ValidationError):  # itself
        services.joint_activity_propose(actor=coordinator, event=event, hub=hub, partner_hub=hub)
    services.joint_activity_propose(actor=coordinator, event=event, hub=hub, partner_hub=other_hub)
    with pytest.raises(ValidationError):  # a second pending proposal to the same hub
        services.joint_activity_propose(actor=coordinator, event=event, hub=hub, partner_hub=other_hub)


def test_withdrawing_a_proposal(hub, other_hub, coordinator, other_coordinator):
    event = make_activity(coordinator, hub)
    proposal = services.joint_activity_propose(actor=coordinator, event=event, hub=hub, partner_hub=other_hub)
    assert REGISTRY["hubs.joint_activities_to_answer"].count(other_coordinator) == 1
    with pytest.raises(PermissionDenied):  # the other hub declines; it does not withdraw
        services.joint_activity_withdraw(actor=other_coordinator, proposal=proposal)
    services.joint_activity_withdraw(actor=coordinator, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == JointActivity.Status.WITHDRAWN
    forget_hub_relations(other_coordinator)
    assert REGISTRY["hubs.joint_activities_to_answer"].count(other_coordinator) == 0
    with pytest.raises(ValidationError):
        services.joint_activity_answer(actor=other_coordinator, proposal=proposal, accept=True)
    assert _organisers(event) == {hub.pk}
    assert AuditEvent.objects.filter(action=audit_actions.JOINT_ACTIVITY_WITHDRAW).count() == 1


@pytest.mark.notification_kind(Kind.JOINT_ACTIVITY)
def test_the_other_hubs_coordinator_and_deputy_hear_of_the_proposal_and_the_proposer_of_the_answer(
    hub, other_hub, coordinator, other_coordinator
):
    deputy = make_coordinator(other_hub, role=Mandate.Role.DEPUTY)
    event = make_activity(coordinator, hub)
    with assert_notified(Kind.JOINT_ACTIVITY, [other_coordinator, deputy]) as sent:
        proposal = services.joint_activity_propose(actor=coordinator, event=event, hub=hub, partner_hub=other_hub)
    assert {n.url for n in sent.notifications} == {
        reverse("hubs:joint_activities", args=[other_hub.slug]) + f"#joint-{proposal.pk}"
    }
    with assert_notified(Kind.JOINT_ACTIVITY, [coordinator]):
        services.joint_activity_answer(actor=other_coordinator, proposal=proposal, accept=True)


def test_the_pages(client, hub, other_hub, coordinator, other_coordinator, django_assert_max_num_queries):
    event = make_activity(coordinator, hub, name_ar="يوم تعليمي مشترك")
    login(client, coordinator)
    url = reverse("hubs:joint_activities", args=[hub.slug])
    other_url = reverse("hubs:joint_activities", args=[other_hub.slug])
    # The activity and the partner hub are picked by name (core/pickers.py), never from a select of all the hub's
    # activities or of every hub (some 200 at a region's size).
    form = client.get(url).content.decode()
    assert not re.search(r'<select[^>]*name="(event|partner_hub)"', form) and other_hub.name_ar not in form
    response = client.post(url, {"event": "يوم تعليمي مشترك", "partner_hub": other_hub.name_ar, "message": "نقترح"})
    assert response.status_code == 302
    proposal = JointActivity.objects.get()
    assert proposal.partner_hub == other_hub
    # A refused proposal keeps what was typed (the same hub again while the first waits).
    page = client.post("/en" + url, {"event": event.pk, "partner_hub": other_hub.pk, "message": "مرة ثانية"})
    assert page.status_code == 200 and "مرة ثانية" in page.content.decode()
    assert JointActivity.objects.count() == 1

    # The other hub's coordinator finds it on "my work" and on their hub's page, and accepts it.
    client.force_login(other_coordinator)
    translation.activate(settings.LANGUAGE_CODE)  # the site's language again after the /en/ page
    items = REGISTRY["hubs.joint_activities_to_answer"].items(other_coordinator, 5)
    assert [item.url for item in items] == [f"{other_url}#joint-{proposal.pk}"]
    with django_assert_max_num_queries(30):
        page = client.get("/en" + other_url).content.decode()
    assert f'id="joint-{proposal.pk}"' in page and "Accept and co-organise" in page
    # The coordinator of the proposing hub may not answer through the proposing hub's address either.
    client.force_login(coordinator)
    answer = other_url + f"{proposal.pk}/answer/"
    assert client.post(answer, {"accept": "1"}).status_code == 403
    client.force_login(other_coordinator)
    assert client.post(answer, {"accept": "1"}).status_code == 302
    assert _organisers(event) == {hub.pk, other_hub.pk}
    assert selectors.joint_activities_to_answer(other_coordinator).count() == 0


def test_the_page_lists_the_proposals_a_page_at_a_time(client, hub, other_hub, coordinator, other_coordinator):
    """A busy hub sends and receives hundreds (issue 22): each list is paginated with its own page number, and the
    proposals waiting for an answer come first among those received."""
    proposals = [
        services.joint_activity_propose(
            actor=coordinator, event=make_activity(coordinator, hub, f"نشاط {n}"), hub=hub, partner_hub=other_hub
        )
        for n in range(settings.PAGE_SIZE + 1)
    ]
    services.joint_activity_answer(actor=other_coordinator, proposal=proposals[-1], accept=True)  # the newest
    login(client, other_coordinator)
    url = reverse("hubs:joint_activities", args=[other_hub.slug])
    received = client.get(url).context["received"]
    assert received.paginator.count == settings.PAGE_SIZE + 1 and len(received.object_list) == settings.PAGE_SIZE
    assert all(p.status == JointActivity.Status.PENDING for p in received.object_list)
    last = client.get(url, {"received": 2}).context["received"].object_list
    assert [p.pk for p in last] == [proposals[-1].pk]

    client.force_login(coordinator)
    page = client.get(reverse("hubs:joint_activities", args=[hub.slug]), {"received": 3})
    sent = page.context["sent"]
    assert sent.paginator.num_pages == 2 and [p.pk for p in sent.object_list] == [p.pk for p in proposals[::-1][:20]]
    assert "received=3&amp;sent=2" in page.content.decode()  # the next page of sent keeps the received page number
