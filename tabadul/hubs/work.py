"""What waits for people in the hubs, on "my work" (tabadul/core/work.py). Each count is one query; each list of
items a constant number of queries; each item links to the page where the action is taken."""

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.translation import gettext_lazy as _

from tabadul.accounts.rules import body_role_ids
from tabadul.core import formats
from tabadul.core.bidi import sentence, user_text
from tabadul.core.work import Waiting, WorkItem

from . import selectors
from .relations import hub_relations


def _invitation_items(user, limit: int) -> list[WorkItem]:
    url = reverse("hubs:my_invitations")
    invitations = selectors.invitations_to_answer(user).select_related("hub", "body").order_by("created_at", "pk")
    return [
        WorkItem(invitation.hub.name, f"{url}#invitation-{invitation.pk}", invitation.body.name)
        for invitation in invitations[:limit]
    ]


def _join_request_items(user, limit: int) -> list[WorkItem]:
    requests = selectors.join_requests_waiting(user).select_related("hub", "body").order_by("created_at", "pk")
    return [
        WorkItem(
            membership.body.name,
            reverse("hubs:manage", args=[membership.hub.slug]) + f"#request-{membership.pk}",
            membership.hub.name,
        )
        for membership in requests[:limit]
    ]


def _ballot_items(user, limit: int) -> list[WorkItem]:
    elections = selectors.ballots_open(user).select_related("hub").order_by("ends_at", "pk")
    return [
        WorkItem(
            format_html("{}: {}", user_text(election.hub.name), election.get_role_display()),
            election.get_absolute_url(),
            escape(_("Voting ends on %(date)s") % {"date": formats.format_datetime(election.ends_at)}),
        )
        for election in elections[:limit]
    ]


def _initiative_items(user, limit: int) -> list[WorkItem]:
    initiatives = selectors.initiatives_to_review(user).select_related("hub", "body").order_by("created_at", "pk")
    return [
        WorkItem(
            initiative.title,
            reverse("hubs:initiatives", args=[initiative.hub.slug]) + f"#initiative-{initiative.pk}",
            initiative.body.name,
        )
        for initiative in initiatives[:limit]
    ]


def _joint_activity_items(user, limit: int) -> list[WorkItem]:
    proposals = (
        selectors.joint_activities_to_answer(user)
        .select_related("event", "hub", "partner_hub")
        .order_by("created_at", "pk")
    )
    return [
        WorkItem(
            proposal.event.name,
            reverse("hubs:joint_activities", args=[proposal.partner_hub.slug]) + f"#joint-{proposal.pk}",
            sentence(_("Proposed by %(hub)s"), hub=proposal.hub.name),
        )
        for proposal in proposals[:limit]
    ]


def _invitations_count(user) -> int:
    # Only a body's administrator, editor or approver answers its invitations (hubs.rules.SPEAKING_ROLES): known
    # from the roles read once per request, so no query for everyone else.
    if not (user.is_authenticated and body_role_ids(user)):
        return 0
    return selectors.invitations_to_answer(user).count()


def _counted_for(relation: str, selector):
    """A count of what waits for people with a relation to some hub (`relation`, a HubRelations attribute: the
    hubs they manage or represent their body in): no count query for everyone else, from the person's hub
    relations, read once per request (hubs/relations.py) and shared with the other apps' counts."""

    def count(user) -> int:
        return selector(user).count() if getattr(hub_relations(user), relation) else 0

    return count


INVITATIONS_TO_ANSWER = Waiting(
    key="hubs.invitations_to_answer",
    label=_("Invitations of my body to hubs"),
    count=_invitations_count,
    items=_invitation_items,
    order=20,
)
JOIN_REQUESTS = Waiting(
    key="hubs.join_requests",
    label=_("Requests to join my hubs"),
    count=_counted_for("managed_hub_ids", selectors.join_requests_waiting),
    items=_join_request_items,
    order=20,
)
BALLOTS_OPEN = Waiting(
    key="hubs.ballots_open",
    label=_("Ballots open for my body"),
    count=_counted_for("represented_hub_ids", selectors.ballots_open),
    items=_ballot_items,
    order=20,
)
INITIATIVES_TO_REVIEW = Waiting(
    key="hubs.initiatives_to_review",
    label=_("Initiatives to review"),
    count=_counted_for("managed_hub_ids", selectors.initiatives_to_review),
    items=_initiative_items,
    order=20,
)
JOINT_ACTIVITIES_TO_ANSWER = Waiting(
    key="hubs.joint_activities_to_answer",
    label=_("Joint activities proposed to my hubs"),
    count=_counted_for("managed_hub_ids", selectors.joint_activities_to_answer),
    items=_joint_activity_items,
    order=20,
)
WAITING = (INVITATIONS_TO_ANSWER, JOIN_REQUESTS, BALLOTS_OPEN, INITIATIVES_TO_REVIEW, JOINT_ACTIVITIES_TO_ANSWER)
