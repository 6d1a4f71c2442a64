"""A person's relation to the hubs: the one answer every app asks (docs/hubs.md, "A person's relation to a hub").

`hub_relations(user)` reads, in one query for all hubs at once, how the person stands to each hub, and keeps the
answer on the user object for the request (one attribute, `_hub_relations`). `relation_to(user, hub)` answers for
one hub. Services that change a membership, a representative, a mandate or a working-group seat call
`forget_hub_relations(...)` for the people concerned they hold in memory.

The relations, and what they mean everywhere:

* **member** — staff of a local body (`user.local_body`) whose membership of the hub is *active*. A body that has
  only asked to join, was declined or has left gives its staff no relation. Members see the hub's members-only
  events and documents, take part in its forum and may file questions under it.
* **representative** — a member whose name is on their own body's active membership (`Representative`). Every
  representative is therefore a member; a person who moved to another body no longer represents the old one.
  Representatives take part (`hubs.take_part`: stand, vote, rank topics, join working groups).
* **coordinator** / **deputy** — a `Mandate` of that role whose term (`starts_on`–`ends_on`, inclusive) contains
  today. Both manage the hub (`managed_hub_ids`, `hubs.manage_hub`): a deputy has the coordinator's rights.
* **working-group member** — holds a seat (member or lead) in the working group of one of the hub's topics. It
  opens that group's forum (a lead moderates it); it is not membership of the hub.
* **programme officer** — an officer (accounts.RoleGrant) of the programme the hub belongs to: follows the hub's
  internal pages, events and forum without deciding for it; it is not membership of the hub.

Anonymous visitors have no relation to any hub. The relations do not depend on the hub's own status (a paused hub
keeps its members and its coordinator).

The other direction — who holds a relation to a given hub (its managers, its voters, the staff of its member
bodies, the lead of a working group) — is here too, so both directions share one definition.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Case, CharField, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from tabadul.accounts.models import RoleGrant, User
from tabadul.accounts.rules import programme_officer_ids
from tabadul.core.prepared import PreparedQuery

from .models import BallotReceipt, Hub, Mandate, Membership, Representative, WorkingGroupMember, WorkPlanTopic

MEMO = "_hub_relations"


class Relation(StrEnum):
    MEMBER = "member"
    REPRESENTATIVE = "representative"
    COORDINATOR = "coordinator"
    DEPUTY = "deputy"
    WORKING_GROUP_MEMBER = "working_group_member"
    PROGRAMME_OFFICER = "programme_officer"


@dataclass(frozen=True)
class HubRelations:
    """How one person stands to every hub (ids of hubs, and of the topics whose working groups concern them)."""

    member_hub_ids: frozenset[int] = frozenset()
    represented_hub_ids: frozenset[int] = frozenset()
    coordinated_hub_ids: frozenset[int] = frozenset()
    deputy_hub_ids: frozenset[int] = frozenset()
    programme_hub_ids: frozenset[int] = frozenset()
    working_group_hub_ids: frozenset[int] = frozenset()
    working_group_topic_ids: frozenset[int] = frozenset()  # topics where the person holds a seat
    led_topic_ids: frozenset[int] = frozenset()  # topics whose working group the person leads
    managed_topic_ids: frozenset[int] = frozenset()  # the topics of the hubs the person coordinates or deputises
    # What the answer was computed from: when either changes (a role granted, the person moved to another body),
    # the memo is stale and computed again.
    local_body_id: int | None = None
    programme_ids: frozenset[int] = frozenset()

    @property
    def managed_hub_ids(self) -> frozenset[int]:
        """Hubs the person coordinates or deputises today."""
        return self.coordinated_hub_ids | self.deputy_hub_ids

    @property
    def hub_ids(self) -> frozenset[int]:
        """Hubs the person has any relation to ("my hubs")."""
        return self.member_hub_ids | self.managed_hub_ids | self.programme_hub_ids | self.working_group_hub_ids

    def to(self, hub) -> frozenset[Relation]:
        """The person's relations to one hub (a Hub or its id); empty when none."""
        hub_id = getattr(hub, "pk", hub)
        found = set()
        for relation, ids in (
            (Relation.MEMBER, self.member_hub_ids),
            (Relation.REPRESENTATIVE, self.represented_hub_ids),
            (Relation.COORDINATOR, self.coordinated_hub_ids),
            (Relation.DEPUTY, self.deputy_hub_ids),
            (Relation.WORKING_GROUP_MEMBER, self.working_group_hub_ids),
            (Relation.PROGRAMME_OFFICER, self.programme_hub_ids),
        ):
            if hub_id in ids:
                found.add(relation)
        return frozenset(found)


NONE = HubRelations()


def _in_term(today: datetime.date) -> Q:
    return Q(starts_on__lte=today, ends_on__gte=today)


def _mandates_in_term(user_id: int, today: datetime.date) -> QuerySet[Mandate]:
    return Mandate.objects.filter(_in_term(today), user_id=user_id).order_by()


def current_mandates(user, today: datetime.date | None = None):
    """The person's mandates (coordinator or deputy) whose term contains today."""
    return _mandates_in_term(user.pk, today or timezone.localdate())


def _member_memberships(local_body_id):
    """The active memberships of the person's body."""
    return Membership.objects.filter(body_id=local_body_id, status=Membership.Status.ACTIVE).order_by()


# The same definitions as subqueries, for counts that must stay one query even for a person whose relations this
# request has not read yet (the "my work" counts, hubs/work.py). The person is signed in.


def managed_hubs_subquery(user):
    """The hubs the person coordinates or deputises today, as a subquery of hub ids."""
    return current_mandates(user).values("hub_id")


def body_hubs_subquery(body):
    """The hubs the body (a LocalBody or its id) is an active member of, as a subquery of hub ids."""
    return _member_memberships(getattr(body, "pk", body)).values("hub_id")


def represented_hubs_subquery(user):
    """The hubs where the person represents their own body, an active member, as a subquery of hub ids."""
    if not user.local_body_id:
        return Membership.objects.none().values("hub_id")
    return _member_memberships(user.local_body_id).filter(representatives__user_id=user.pk).values("hub_id")


def _rows(user_id: int, today: datetime.date, local_body_id: int | None = None) -> QuerySet:
    """(kind, hub id, topic id, role) for every relation of the person: one UNION query."""
    no_topic = Value(None, output_field=IntegerField())
    blank = Value("", output_field=CharField())

    def kind(name):
        return Value(name, output_field=CharField())

    mandates = _mandates_in_term(user_id, today)
    officer = RoleGrant.objects.filter(user_id=user_id, role=RoleGrant.Role.PROGRAMME_OFFICER)
    parts = [
        mandates.annotate(k=kind("mandate"), h=F("hub_id"), t=no_topic, r=F("role")).values_list("k", "h", "t", "r"),
        WorkingGroupMember.objects.filter(user_id=user_id)
        .order_by()
        .annotate(k=kind("seat"), h=F("topic__work_plan__hub_id"), t=F("topic_id"), r=F("role"))
        .values_list("k", "h", "t", "r"),
        WorkPlanTopic.objects.filter(work_plan__hub_id__in=mandates.values("hub_id"))
        .order_by()
        .annotate(k=kind("managed_topic"), h=F("work_plan__hub_id"), t=F("pk"), r=blank)
        .values_list("k", "h", "t", "r"),
        Hub.objects.filter(programme_id__in=officer.values("programme_id"))
        .order_by()
        .annotate(k=kind("programme"), h=F("pk"), t=no_topic, r=blank)
        .values_list("k", "h", "t", "r"),
    ]
    if local_body_id is not None:
        represents = Representative.objects.filter(membership_id=OuterRef("pk"), user_id=user_id)
        parts.append(
            _member_memberships(local_body_id)
            .annotate(
                k=kind("member"),
                h=F("hub_id"),
                t=no_topic,
                r=Case(When(Exists(represents), then=Value("representative")), default=blank, output_field=CharField()),
            )
            .values_list("k", "h", "t", "r")
        )
    first, *rest = parts
    return first.union(*rest, all=True)


# Compiled once per connection (core/prepared.py): built and compiled on each request, this UNION cost 2–3 ms of
# every signed-in page that asks a hub rule (issue 22). One query for a person with a body, one without.
_rows_with_body = PreparedQuery(
    lambda user_id, today, local_body_id: _rows(user_id, today, local_body_id), today=datetime.date
)
_rows_without_body = PreparedQuery(lambda user_id, today: _rows(user_id, today), today=datetime.date)


def _compute(user, *, local_body_id, programme_ids) -> HubRelations:
    sets: dict[str, set[int]] = {
        name: set()
        for name in (
            "member_hub_ids",
            "represented_hub_ids",
            "coordinated_hub_ids",
            "deputy_hub_ids",
            "programme_hub_ids",
            "working_group_hub_ids",
            "working_group_topic_ids",
            "led_topic_ids",
            "managed_topic_ids",
        )
    }
    today = timezone.localdate()
    if local_body_id:
        rows = _rows_with_body(user_id=user.pk, today=today, local_body_id=local_body_id)
    else:
        rows = _rows_without_body(user_id=user.pk, today=today)
    for kind, hub_id, topic_id, role in rows:
        if kind == "member":
            sets["member_hub_ids"].add(hub_id)
            if role == "representative":
                sets["represented_hub_ids"].add(hub_id)
        elif kind == "mandate":
            name = "coordinated_hub_ids" if role == Mandate.Role.COORDINATOR else "deputy_hub_ids"
            sets[name].add(hub_id)
        elif kind == "seat":
            sets["working_group_hub_ids"].add(hub_id)
            sets["working_group_topic_ids"].add(topic_id)
            if role == WorkingGroupMember.Role.LEAD:
                sets["led_topic_ids"].add(topic_id)
        elif kind == "managed_topic":
            sets["managed_topic_ids"].add(topic_id)
        elif kind == "programme":
            sets["programme_hub_ids"].add(hub_id)
    return HubRelations(
        **{name: frozenset(ids) for name, ids in sets.items()},
        local_body_id=local_body_id,
        programme_ids=programme_ids,
    )


def hub_relations(user) -> HubRelations:
    """The person's relations to every hub, computed once per user object (one request, one test step)."""
    if user is None or not user.is_authenticated:
        return NONE
    local_body_id = user.local_body_id
    programme_ids = frozenset(programme_officer_ids(user))
    cached = getattr(user, MEMO, None)
    if cached is None or cached.local_body_id != local_body_id or cached.programme_ids != programme_ids:
        cached = _compute(user, local_body_id=local_body_id, programme_ids=programme_ids)
        setattr(user, MEMO, cached)
    return cached


def relation_to(user, hub) -> frozenset[Relation]:
    """The person's relations to one hub (a Hub or its id)."""
    return hub_relations(user).to(hub)


def forget_hub_relations(*users) -> None:
    """Drop the remembered answer of these people (services that change a relation call it)."""
    for user in users:
        if user is not None and getattr(user, MEMO, None) is not None:
            delattr(user, MEMO)


def hub_of(obj):
    """The hub an object belongs to (a Hub, or anything with `hub`, `work_plan`, `election`, `topic`...)."""
    seen = 0
    while obj is not None and not isinstance(obj, Hub) and seen < 4:
        for attr in ("hub", "work_plan", "election", "membership", "topic", "mentorship", "initiative"):
            if hasattr(obj, attr):
                obj = getattr(obj, attr)
                break
        else:
            return None
        seen += 1
    return obj if isinstance(obj, Hub) else None


# --- The other direction: who holds a relation to a hub ---------------------------------------------------------


def hub_manager_ids(*, hub) -> set[int]:
    """The hub's coordinator and deputy within their term (active accounts)."""
    mandates = Mandate.objects.filter(_in_term(timezone.localdate()), hub_id=hub.pk, user__is_active=True)
    return set(mandates.values_list("user_id", flat=True))


def mandate_holders_subquery():
    """Everyone coordinating or deputising some hub today, as a subquery of user ids."""
    return Mandate.objects.filter(_in_term(timezone.localdate())).values("user_id")


def hub_programme_officer_ids(*, hub) -> set[int]:
    """The officers of the hub's programme (none when the hub belongs to no programme)."""
    if not hub.programme_id:
        return set()
    grants = RoleGrant.objects.filter(role=RoleGrant.Role.PROGRAMME_OFFICER, programme_id=hub.programme_id)
    return set(grants.values_list("user_id", flat=True))


def hub_member_staff_ids(*, hub_ids: Iterable[int]) -> set[int]:
    """The active staff of the active member bodies of these hubs (the hubs' members)."""
    bodies = Membership.objects.filter(hub_id__in=list(hub_ids), status=Membership.Status.ACTIVE).values("body_id")
    staff = User.objects.filter(local_body_id__in=bodies, is_active=True)
    return set(staff.values_list("pk", flat=True))


def hub_member_bodies(*, hub_id: int, body_id: int | None = None) -> QuerySet:
    """The ids of the hub's active member bodies (only `body_id`'s when given), as a query not yet run: to count
    thousands of them, or to ask whether one body is among them."""
    memberships = Membership.objects.active().filter(hub_id=hub_id)
    if body_id is not None:
        memberships = memberships.filter(body_id=body_id)
    return memberships.values_list("body_id", flat=True)


def hub_voter_ids(*, hub, exclude_voted_in=None) -> set[int]:
    """The hub's representatives (active accounts, representing their own body): those `hubs.take_part` lets
    vote. With `exclude_voted_in` (an election), only those whose body has not yet voted in it."""
    representatives = Representative.objects.filter(
        membership__hub_id=hub.pk,
        membership__status=Membership.Status.ACTIVE,
        membership__body_id=F("user__local_body_id"),
        user__is_active=True,
    )
    if exclude_voted_in is not None:
        representatives = representatives.exclude(
            membership__body_id__in=BallotReceipt.objects.filter(election=exclude_voted_in).values("body_id")
        )
    return set(representatives.values_list("user_id", flat=True))


def working_group_lead_ids(*, topic) -> set[int]:
    """The lead of a topic's working group (a set: empty when the group has none)."""
    leads = WorkingGroupMember.objects.filter(topic_id=topic.pk, role=WorkingGroupMember.Role.LEAD)
    return set(leads.values_list("user_id", flat=True))
