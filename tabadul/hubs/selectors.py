"""Reads for the hub pages; every list has its query count asserted in tests/test_views.py."""

import datetime
import operator
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Subquery, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.rules import body_role_ids, is_platform_admin, staff_organisation_ids
from tabadul.alignment.models import ALIGNMENT_PREFETCH
from tabadul.alignment.selectors import assign_tags, tag_links
from tabadul.core import formats, hooks
from tabadul.core.prepared import PreparedQuery
from tabadul.core.queries import count_of
from tabadul.directory.models import LocalBody, Organisation

from . import member_figures
from .member_figures import AREA_KINDS
from .models import (
    Axis,
    BallotReceipt,
    Chapter,
    Election,
    Hub,
    Initiative,
    Invitation,
    JointActivity,
    Mandate,
    Membership,
    MentoringSession,
    Mentorship,
    Representative,
    TopicRankingEntry,
    WorkingGroupMember,
    WorkPlan,
    WorkPlanTopic,
)
from .relations import (  # noqa: F401 -- the one door other apps use for a person's relation to a hub
    HubRelations,
    Relation,
    body_hubs_subquery,
    forget_hub_relations,
    hub_manager_ids,
    hub_member_staff_ids,
    hub_of,
    hub_programme_officer_ids,
    hub_relations,
    hub_voter_ids,
    managed_hubs_subquery,
    mandate_holders_subquery,
    relation_to,
    represented_hubs_subquery,
    working_group_lead_ids,
)
from .rules import SPEAKING_ROLES


def hub_list() -> QuerySet[Hub]:
    """Hubs with their member and chapter counts: one query whatever the number of hubs. Each count is a subquery of
    the hub's rows on the page only, through the index of (hub, status): joining and grouping every membership of
    every hub took 17 ms of the list at 10,000 bodies (issue 22)."""
    return (
        Hub.objects.exclude(status=Hub.Status.CLOSED)
        .annotate(
            member_count=count_of(Membership.objects.active(), "hub"),
            chapter_count=count_of(Chapter.objects.all(), "hub"),
        )
        .order_by("position", "pk")
    )


# Every page of a hub reads it by its address; its page reads its partners, chapters and axes: compiled once per
# connection (core/prepared.py).
_hub_by_slug = PreparedQuery(lambda slug: Hub.objects.filter(slug=slug), slug=str)
_hub_partners = PreparedQuery(lambda hub_id: Organisation.objects.filter(partner_hubs=hub_id).order_by("name_ar", "pk"))
_hub_chapters = PreparedQuery(lambda hub_id: Chapter.objects.filter(hub_id=hub_id).select_related("region"))
_hub_axes = PreparedQuery(lambda hub_id: Axis.objects.filter(hub_id=hub_id).select_related("mirrors"))


def hub_get(*, slug: str) -> Hub:
    """The hub at this address; raises Hub.DoesNotExist."""
    found = _hub_by_slug(slug=slug)
    if not found:
        raise Hub.DoesNotExist(slug)
    return found[0]


def hub_partner_organisations(*, hub: Hub) -> list:
    """The organisations that partner the hub (APLA, GIZ...), by name: one query (the hub page's "Partners")."""
    return _hub_partners(hub_id=hub.pk)


def hub_axes(*, hub: Hub) -> list[Axis]:
    """The hub's axes of work, each with the axis of another hub it mirrors."""
    return _hub_axes(hub_id=hub.pk)


def hubs_in_order() -> QuerySet[Hub]:
    """Every hub, in the hubs' order (the choices of filters and forms in other apps)."""
    return Hub.objects.order_by("position", "pk")


def ranked_topics(*, hubs: QuerySet[Hub]) -> QuerySet[WorkPlanTopic]:
    """The ranked topics of these hubs' work plans, hub by hub and in rank order (an event's topic choices)."""
    return (
        WorkPlanTopic.objects.select_related("work_plan__hub")
        .filter(rank__isnull=False, work_plan__hub__in=hubs)
        .order_by("work_plan__hub__position", "work_plan_id", "rank")
    )


def my_hubs(user) -> list[Hub]:
    """The hubs the person has any relation to (relations.py), by name, with their member counts."""
    members = Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE), distinct=True)
    return list(
        Hub.objects.filter(pk__in=hub_relations(user).hub_ids).annotate(member_count=members).order_by("name_ar")
    )


# A hub's members page (issue 22; decisions/014): a hub may hold thousands of member bodies, so the page shows
# their counts by country, region and governorate (stored: member_figures.py) and one page of the bodies (`?page=`),
# narrowed by type and by one of those areas. Neither its queries nor its counting grow with the members.


@dataclass(eq=False)
class MemberArea:
    """A country, region or governorate where member bodies are, with how many, and the areas inside it."""

    kind: str
    pk: int
    code: str
    name_ar: str
    name_en: str
    count: int = 0
    children: list["MemberArea"] = field(default_factory=list)
    open: bool = False  # shown unfolded (the only country, or the one holding the chosen area)

    @property
    def name(self) -> str:
        if (get_language() or "ar").startswith("en") and self.name_en:
            return self.name_en
        return self.name_ar


def _members(*, hub: Hub, body_type: str = "") -> QuerySet[Membership]:
    members = Membership.objects.active().filter(hub=hub)
    return members.filter(body__type=body_type) if body_type else members


def hub_member_figures(*, hub: Hub) -> member_figures.Figures:
    """The hub's active member bodies counted by type and place (member_figures.py): the rows `hub_member_types` and
    `hub_member_areas` are made from, and whether `hub_members` may read the stored order; in one query (two when
    the stored counts are not current)."""
    return member_figures.figures(hub)


def hub_member_areas(*, rows: list[dict], body_type: str = "") -> list[MemberArea]:
    """The active member bodies (of one type) counted by country, inside it by region (when the country has regions)
    and by governorate, from `hub_member_figures`. Countries in name order, regions in their order, governorates by
    name; a body without a governorate counts in its region and country only."""

    def area(row, kind) -> MemberArea:
        return MemberArea(
            kind=kind,
            pk=row[f"body__{kind}_id"],
            code=row[f"body__{kind}__code"],
            name_ar=row[f"body__{kind}__name_ar"],
            name_en=row[f"body__{kind}__name_en"],
        )

    countries: dict[int, MemberArea] = {}
    inside: dict[tuple[str, int], MemberArea] = {}  # a country's regions, a region's governorates
    positions: dict[int, int] = {}

    def counted(found: dict, key, row, kind: str, parent: MemberArea | None) -> MemberArea:
        """The area of `row` (made, and put under its parent, the first time it is met), counting the row in it."""
        place = found.get(key)
        if place is None:
            place = found[key] = area(row, kind)
            if parent is not None:
                parent.children.append(place)
        place.count += row["n"]
        return place

    for row in rows:
        if body_type and row["body__type"] != body_type:
            continue
        parent = counted(countries, row["body__country_id"], row, "country", None)
        if row["body__region_id"] is not None:
            positions[row["body__region_id"]] = row["body__region__position"]
            parent = counted(inside, ("region", row["body__region_id"]), row, "region", parent)
        if row["body__governorate_id"] is not None:
            counted(inside, ("governorate", row["body__governorate_id"]), row, "governorate", parent)
    ordered = sorted(countries.values(), key=lambda country: (country.name_ar, country.pk))
    for country in ordered:
        country.children.sort(
            key=lambda a: (a.kind != "region", positions.get(a.pk, 0) if a.kind == "region" else 0, a.name_ar, a.pk)
        )
        for child in country.children:
            child.children.sort(key=lambda a: (a.name_ar, a.pk))
    return ordered


def member_area_chosen(areas: list[MemberArea], params) -> MemberArea | None:
    """The area asked for in `params` (`?governorate=`, `?region=` or `?country=`, by code) among `areas`, the
    country holding it unfolded; None when none is asked or the code is not one of the hub's areas."""

    for kind in AREA_KINDS:
        code = params.get(kind, "")
        if not code:
            continue
        for country in areas:
            for found in [country, *country.children, *(g for child in country.children for g in child.children)]:
                if found.kind == kind and found.code == code:
                    country.open = True
                    return found
    if len(areas) == 1:
        areas[0].open = True
    return None


# What the members page's list shows of each member body and its representatives (hubs/members.html).
MEMBER_LIST_COLUMNS = (
    "body_id",
    "body__slug",
    "body__type",
    *(f"body__{name}" for name in ("name_ar", "name_en")),
    *(f"body__{kind}__{name}" for kind in AREA_KINDS for name in ("name_ar", "name_en")),
)
REPRESENTATIVE_COLUMNS = ("membership_id", "user__username", "user__full_name")


def hub_members(
    *, hub: Hub, body_type: str = "", area: MemberArea | None = None, stored_order: bool = False
) -> QuerySet[Membership]:
    """The active member bodies (of one type, in one area), by country, region and name, with their
    representatives in `representative_list` (a list: no queryset made per member): paginate it (a fixed number of
    queries per page). With `stored_order` (the hub's `hub_member_figures` are current) a page is read from the
    index of the stored order, not sorted."""

    members = _members(hub=hub, body_type=body_type)
    if area is not None:
        members = members.filter(**{f"body__{area.kind}_id": area.pk})
    representatives = Representative.objects.select_related("user").only(*REPRESENTATIVE_COLUMNS)
    return (
        members.select_related("body__country", "body__region", "body__governorate")
        .only(*MEMBER_LIST_COLUMNS)
        .prefetch_related(Prefetch("representatives", queryset=representatives, to_attr="representative_list"))
        .order_by(*(member_figures.LIST_ORDER if stored_order else member_figures.LIVE_ORDER))
    )


def hub_members_count(*, member_types: list[tuple[str, str, int]], body_type: str, area: MemberArea | None) -> int:
    """How many bodies `hub_members` lists with these filters, from the counts the page shows (`hub_member_types`,
    `hub_member_areas` of that type): its pages are numbered without counting the members again (a count over a
    large hub's members joined to their bodies, when filtered by type or area)."""
    if area is not None:
        return area.count
    return sum(n for value, _label, n in member_types if not body_type or value == body_type)


def members_grouped(memberships: Iterable[Membership]) -> list[tuple]:
    """One page of `hub_members` grouped under its regions (or its country, for a body without a region)."""

    groups: dict = {}
    for membership in memberships:
        groups.setdefault(membership.body.region or membership.body.country, []).append(membership)
    return list(groups.items())


def hub_member_types(*, rows: list[dict]) -> list[tuple[str, str, int]]:
    """(type, label, number of active member bodies) for the types present in the hub, by type, from
    `hub_member_figures`: the type filter."""

    labels = dict(LocalBody.Type.choices)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["body__type"]] = counts.get(row["body__type"], 0) + row["n"]
    return [(body_type, labels.get(body_type, body_type), counts[body_type]) for body_type in sorted(counts)]


def _current_mandates(hub_id, today):
    current = Mandate.objects.filter(hub_id=hub_id, starts_on__lte=today, ends_on__gte=today).order_by(
        "-starts_on", "-pk"
    )
    # Per role, the newest term found by walking the index of that order (hubs_mandate_latest): ranking every
    # current term read all 400 of them.
    latest = [Q(pk=Subquery(current.filter(role=role).values("pk")[:1])) for role in Mandate.Role.values]
    return Mandate.objects.filter(reduce(operator.or_, latest)).select_related("user", "body").order_by("role")


_hub_mandates = PreparedQuery(_current_mandates, today=datetime.date)  # compiled once per connection


def hub_mandates(*, hub: Hub, today) -> list[Mandate]:
    """The hub's coordinator and deputy today: the latest current term of each role (an election's winner ends the
    previous term, so there is one; terms written by other means, e.g. a bulk load, may overlap and are not all
    listed: 400 at scale were)."""
    return _hub_mandates(hub_id=hub.pk, today=today)


# How many seats of a topic's working group the hub page names (the lead first); the topic's page names them all.
GROUP_SHOWN = 8


# The hub page's work plans, their topics, the first seats of each topic's working group and the topics' tags: six
# queries by the hub's key, compiled once per connection (core/prepared.py): as a queryset with its prefetches they
# were built and compiled on each view (6 ms of the page at scale; issue 22).
_hub_plans = PreparedQuery(
    lambda hub_id: (
        WorkPlan.objects.filter(hub_id=hub_id)
        .select_related("chapter", "hub")  # the hub: each topic's address names it
        .order_by("chapter__position", "-starts_on")
    )
)
_hub_topics = PreparedQuery(
    lambda hub_id: (
        WorkPlanTopic.objects.filter(work_plan__hub_id=hub_id)
        .select_related("axis")
        .annotate(group_size=Count("working_group", distinct=True))
    )
)
_hub_seats = PreparedQuery(
    lambda hub_id: (
        WorkingGroupMember.objects.filter(topic__work_plan__hub_id=hub_id)
        .select_related("user")
        .annotate(seat=Window(RowNumber(), partition_by=F("topic_id"), order_by=(F("role").asc(), F("pk").asc())))
        .filter(seat__lte=GROUP_SHOWN)
        .order_by("topic_id", "role", "pk")
    )
)


def _hub_tag_links(relation: str) -> PreparedQuery:
    return PreparedQuery(
        lambda hub_id: tag_links(WorkPlanTopic, relation).filter(workplantopic__work_plan__hub_id=hub_id)
    )


_hub_topic_tags = {relation: _hub_tag_links(relation) for relation in ALIGNMENT_PREFETCH}


def hub_work_plans(*, hub: Hub) -> list[WorkPlan]:
    """The hub's plans (chapters first by order), each with its topics in rank order (`topic_list`), their working
    groups and tags.

    Each topic's `group_shown` holds the first `GROUP_SHOWN` seats of its working group, `group_size` the number of all
    (a working group grows with the member bodies: the page's size may not)."""
    plans = _hub_plans(hub_id=hub.pk)
    topics = _hub_topics(hub_id=hub.pk)
    assign_tags(topics, {relation: read(hub_id=hub.pk) for relation, read in _hub_topic_tags.items()})
    seats: dict[int, list[WorkingGroupMember]] = {}
    for seat in _hub_seats(hub_id=hub.pk):
        seats.setdefault(seat.topic_id, []).append(seat)
    by_plan: dict[int, list[WorkPlanTopic]] = {}
    for topic in topics:
        topic.group_shown = seats.get(topic.pk, [])
        by_plan.setdefault(topic.work_plan_id, []).append(topic)
    for plan in plans:
        plan.topic_list = by_plan.get(plan.pk, [])
        for topic in plan.topic_list:
            topic.work_plan = plan
    return plans


def hub_chapters(*, hub: Hub) -> list[Chapter]:
    return _hub_chapters(hub_id=hub.pk)


# How many of a mentoring's peer bodies (by name) and sessions (the latest) its row on the mentoring page lists;
# `mentee_count` and `session_count` say how many in all.
MENTEES_SHOWN = 10
SESSIONS_SHOWN = 5


def hub_mentorships(*, hub: Hub) -> QuerySet[Mentorship]:
    """Mentoring pairs with, in `mentees_shown`, their first `MENTEES_SHOWN` peer bodies by name and, in
    `sessions_shown`, their latest `SESSIONS_SHOWN` sessions (newest first): a fixed number of queries per page, and
    rows that do not grow with the peers or the sessions (a mentoring had 206 peer bodies at scale, every one named;
    the sessions were listed with the bodies present, which the page does not show)."""
    mentees = LocalBody.objects.order_by("name_ar", "pk")[:MENTEES_SHOWN]
    latest = MentoringSession.objects.order_by("-held_on", "-pk")[:SESSIONS_SHOWN]
    return (
        Mentorship.objects.filter(hub=hub)
        .select_related("hub", "mentor_body")
        .prefetch_related(
            Prefetch("mentee_bodies", queryset=mentees, to_attr="mentees_shown"),
            Prefetch("sessions", queryset=latest, to_attr="sessions_shown"),
        )
        .annotate(
            mentee_count=count_of(Mentorship.mentee_bodies.through.objects.all(), "mentorship"),
            session_count=count_of(MentoringSession.objects.all(), "mentorship"),
        )
        .order_by("-created_at", "-pk")
    )


# The hub page's newest mentoring pairs (compiled once per connection: core/prepared.py).
LATEST_MENTORSHIPS = 5


def _newest_mentorships(hub_id):
    return Mentorship.objects.filter(hub_id=hub_id).order_by("-created_at", "-pk")


_latest_mentorships = PreparedQuery(
    lambda hub_id: (
        _newest_mentorships(hub_id)
        .select_related("mentor_body")
        .annotate(session_count=Count("sessions"))[:LATEST_MENTORSHIPS]
    )
)
_latest_mentees = PreparedQuery(
    lambda hub_id: (
        Mentorship.mentee_bodies.through.objects.filter(
            mentorship_id__in=_newest_mentorships(hub_id).values("pk")[:LATEST_MENTORSHIPS]
        )
        .select_related("localbody")
        .order_by("localbody__name_ar", "localbody_id")
    )
)


def hub_latest_mentorships(*, hub: Hub) -> list[Mentorship]:
    """The hub page's newest mentoring pairs with their number of sessions and, in `mentees`, their mentee bodies
    by name. Two queries whether the hub has mentorships or not (a prefetch would run only when it has: the page's
    count would differ between hubs)."""
    latest = _latest_mentorships(hub_id=hub.pk)
    mentees: dict[int, list[LocalBody]] = {}
    for link in _latest_mentees(hub_id=hub.pk):
        mentees.setdefault(link.mentorship_id, []).append(link.localbody)
    for mentorship in latest:
        mentorship.mentees = mentees.get(mentorship.pk, [])
    return latest


def my_membership(*, hub: Hub, user) -> Membership | None:
    """The open (asked or active) membership of the person's body in the hub, with its representatives."""
    if not (user.is_authenticated and user.local_body_id):
        return None
    return (
        Membership.objects.filter(hub=hub, body_id=user.local_body_id, status__in=Membership.OPEN)
        .prefetch_related("representatives")
        .first()
    )


def hub_representatives(*, hub: Hub) -> QuerySet:
    """People who represent an active member body of the hub (to seat them in working groups)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            hub_representations__membership__hub=hub,
            hub_representations__membership__status=Membership.Status.ACTIVE,
        )
        .select_related("local_body")
        .distinct()
        .order_by("full_name", "pk")
    )


def _contributed(contributions: list, **kwargs) -> list:
    """What the apps above this one list on a hub's pages (core/hooks.py): each answers for what the person may see."""
    return [item for contribution in contributions for item in contribution(**kwargs)]


def topic_events(*, topic: WorkPlanTopic, user, limit: int = 20) -> list:
    """The activities (events) planned for a topic that the person may see (hook `hubs.topic_events`)."""
    return _contributed(hooks.get_hooks("hubs.topic_events"), topic=topic, user=user, limit=limit)


def hub_elections(*, hub: Hub) -> QuerySet[Election]:
    """The hub's elections, newest first (walked in the index of that order: a hub holds one a year or more per
    role and chapter; paginate the list, 200 at scale)."""
    return (
        Election.objects.filter(hub=hub)
        .select_related("hub", "winner__user", "winner__body")
        .order_by("-starts_at", "-pk")
    )


LATEST_ELECTIONS = 5
_latest_elections = PreparedQuery(lambda hub_id: hub_elections(hub=hub_id)[:LATEST_ELECTIONS])


def hub_latest_elections(*, hub: Hub) -> list[Election]:
    """The hub page's newest elections (compiled once per connection: core/prepared.py)."""
    return _latest_elections(hub_id=hub.pk)


def membership_requests(*, hub: Hub) -> QuerySet[Membership]:
    return Membership.objects.filter(hub=hub, status=Membership.Status.REQUESTED).select_related(
        "body__region", "requested_by"
    )


def invitations(*, hub: Hub) -> QuerySet[Invitation]:
    return Invitation.objects.filter(hub=hub).select_related("body__region").order_by("status", "body__name_ar")


def initiatives(*, hub: Hub) -> QuerySet[Initiative]:
    return (
        Initiative.objects.filter(hub=hub)
        .select_related("body", "topic__work_plan__hub")
        .prefetch_related("attachments")
        .order_by("-created_at", "-pk")
    )


def topic_get(*, hub: Hub, pk: int) -> WorkPlanTopic:
    return (
        WorkPlanTopic.objects.select_related("work_plan__hub", "work_plan__chapter", "axis", "proposed_by_body")
        .prefetch_related(
            *ALIGNMENT_PREFETCH,
            Prefetch("working_group", queryset=WorkingGroupMember.objects.select_related("user__local_body")),
        )
        .get(work_plan__hub=hub, pk=pk)
    )


def hub_documents(*, hub: Hub, user, limit: int = 5) -> list:
    """The latest documents the person may see that the hub wrote or that serve one of its topics (hook
    `hubs.hub_documents`: the library answers)."""
    return _contributed(hooks.get_hooks("hubs.hub_documents"), hub=hub, user=user, limit=limit)


def topic_documents(*, topic: WorkPlanTopic, user, limit: int = 20) -> list:
    """The documents the person may see that serve the topic (hook `hubs.topic_documents`)."""
    return _contributed(hooks.get_hooks("hubs.topic_documents"), topic=topic, user=user, limit=limit)


# --- Acting for a body, an organisation or a hub ---------------------------------------------------------------


@dataclass(frozen=True)
class ActsFor:
    """The local bodies, organisations and hubs a person may name as the author, organiser or owner of what they
    write (every "on behalf of" field, listed in core/tests/test_on_behalf.py).

    A person acts for a body where they hold a role (editor or approver), for an organisation whose staff they
    are, for a hub they coordinate or deputise; platform administrators act for all. Services refuse any other
    name with `acts_for_check`; forms offer only `limit(queryset)`.
    """

    everyone: bool = False
    ids_by_model: dict[str, frozenset[int]] = field(default_factory=dict)  # "app_label.model" -> ids

    def covers(self, obj) -> bool:
        return self.everyone or obj.pk in self.ids_by_model.get(obj._meta.label_lower, frozenset())

    def limit(self, queryset: QuerySet, *, keep: Iterable = ()) -> QuerySet:
        """A form's choices: those the person acts for, plus `keep` (names already on the object being edited)."""
        if self.everyone:
            return queryset
        ids = self.ids_by_model.get(queryset.model._meta.label_lower, frozenset()) | {obj.pk for obj in keep}
        return queryset.filter(pk__in=ids)


def acts_for(user, *, programme_hubs: bool = False) -> ActsFor:
    """`programme_hubs`: when organising events, a programme officer also acts for the hubs of their programme
    (docs/permissions.md, "Writing in someone's name")."""
    if not user.is_authenticated:
        return ActsFor()
    if is_platform_admin(user):
        return ActsFor(everyone=True)
    relations = hub_relations(user)
    hub_ids = relations.managed_hub_ids | relations.programme_hub_ids if programme_hubs else relations.managed_hub_ids
    return ActsFor(
        ids_by_model={
            "directory.localbody": frozenset(body_role_ids(user)),
            "directory.organisation": frozenset(staff_organisation_ids(user)),
            "hubs.hub": frozenset(hub_ids),
        }
    )


def acts_for_check(
    *,
    actor,
    named: Iterable,
    already: Iterable = (),
    field_name: str = NON_FIELD_ERRORS,
    programme_hubs: bool = False,
) -> None:
    """Refuse to write in the name of a body, organisation or hub the actor does not act for.

    `already`: the names on the object before this change. Keeping them is not naming them anew, so a co-author
    can edit a document that another co-author's body also signs; adding a name always needs the right to it.
    """
    scope = acts_for(actor, programme_hubs=programme_hubs)
    kept = {(obj._meta.label_lower, obj.pk) for obj in already}
    refused = [obj for obj in named if (obj._meta.label_lower, obj.pk) not in kept and not scope.covers(obj)]
    if refused:
        message = _("You do not act for %(names)s: name only the bodies, organisations and hubs you work for.") % {
            "names": formats.format_list(refused)
        }
        raise ValidationError({field_name: [message]})


# --- Who hears of what (notifications) and what waits for whom ("my work") -------------------------------------


def body_speaker_ids(*, body_ids: Iterable[int]) -> dict[int, set[int]]:
    """For each body, the active people who answer for it in the hubs: those whose role `speaks_for_body` accepts
    (rules.SPEAKING_ROLES). Platform administrators may answer for every body but are nobody's addressee."""

    speakers: dict[int, set[int]] = {}
    rows = RoleGrant.objects.filter(
        local_body_id__in=list(body_ids), role__in=SPEAKING_ROLES, user__is_active=True
    ).values_list("local_body_id", "user_id")
    for body_id, user_id in rows:
        speakers.setdefault(body_id, set()).add(user_id)
    return speakers


def body_staff_ids(*, body_id: int) -> set[int]:
    """The body's active staff: who may submit its initiatives and read their review (rules.is_staff_of_body)."""
    from django.contrib.auth import get_user_model

    return set(get_user_model().objects.filter(local_body_id=body_id, is_active=True).values_list("pk", flat=True))


def invitations_to_answer(user) -> QuerySet[Invitation]:
    """Invitations waiting for an answer from a body the person speaks for (one query to count)."""

    if not user.is_authenticated:
        return Invitation.objects.none()
    bodies = RoleGrant.objects.filter(user=user, role__in=SPEAKING_ROLES).values("local_body_id")
    return Invitation.objects.filter(status=Invitation.Status.PENDING, body_id__in=bodies)


def join_requests_waiting(user) -> QuerySet[Membership]:
    """Requests to join the hubs the person coordinates or deputises."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(status=Membership.Status.REQUESTED, hub_id__in=managed_hubs_subquery(user))


def ballots_open(user) -> QuerySet[Election]:
    """Elections in their voting period where the person may cast their body's ballot and the body has not."""
    if not (user.is_authenticated and user.local_body_id):
        return Election.objects.none()
    now = timezone.now()
    return Election.objects.filter(
        starts_at__lte=now, ends_at__gt=now, closed_at__isnull=True, hub_id__in=represented_hubs_subquery(user)
    ).exclude(pk__in=BallotReceipt.objects.filter(body_id=user.local_body_id).values("election_id"))


def initiatives_to_review(user) -> QuerySet[Initiative]:
    """Initiatives submitted to a hub the person coordinates and not yet reviewed."""
    if not user.is_authenticated:
        return Initiative.objects.none()
    return Initiative.objects.filter(
        status=Initiative.Status.SUBMITTED,
        hub__reviews_initiatives=True,
        hub_id__in=managed_hubs_subquery(user),
    )


def joint_activities_to_answer(user) -> QuerySet[JointActivity]:
    """Proposals to co-organise an activity, waiting for a hub the person coordinates or deputises."""
    if not user.is_authenticated:
        return JointActivity.objects.none()
    return JointActivity.objects.filter(
        status=JointActivity.Status.PENDING, partner_hub_id__in=managed_hubs_subquery(user)
    )


def hub_joint_activities(*, hub: Hub) -> dict[str, QuerySet[JointActivity]]:
    """The hub's proposals of joint activities: those it received (waiting for an answer first) and those it sent,
    newest first (paginate each: a busy hub sends and receives hundreds)."""
    related = ("event", "hub", "partner_hub", "proposed_by", "decided_by")
    rows = JointActivity.objects.select_related(*related)
    waiting_first = Case(When(status=JointActivity.Status.PENDING, then=0), default=1)  # "my work" links to them
    return {
        "received": rows.filter(partner_hub=hub).order_by(waiting_first, "-created_at", "-pk"),
        "sent": rows.filter(hub=hub).order_by("-created_at", "-pk"),
    }


def received_joint_activities(*, hub: Hub) -> QuerySet[JointActivity]:
    """Proposals sent to the hub (to be answered by its coordinator or deputy)."""
    return JointActivity.objects.select_related("hub", "event").filter(partner_hub=hub)


def joint_activity_events(*, hub: Hub):
    """The hub's coming activities it may propose to co-organise with another hub (not cancelled). Read through the
    reverse relation: hubs sit below events and do not import them."""
    return hub.organised_events.upcoming().exclude(status="cancelled").order_by("starts_at", "pk")


def my_body_initiatives(*, hub: Hub, user) -> list[Initiative]:
    """The initiatives the person's body submitted to the hub, with their review (shown on the hub's page)."""
    if not (user.is_authenticated and user.local_body_id and hub.reviews_initiatives):
        return []
    return list(Initiative.objects.filter(hub=hub, body_id=user.local_body_id).order_by("-created_at", "-pk")[:20])


def my_invitations(user) -> QuerySet[Invitation]:
    """Pending invitations of the person's body and of the bodies they speak for."""

    bodies = Q(body_id__in=RoleGrant.objects.filter(user=user, role__in=SPEAKING_ROLES).values("local_body_id"))
    if user.local_body_id:
        bodies |= Q(body_id=user.local_body_id)
    return (
        Invitation.objects.filter(bodies, status=Invitation.Status.PENDING)
        .select_related("hub", "body")
        .order_by("body__name_ar", "hub__position", "pk")
    )


# --- The object a hub page acts on (the views find it here with get_object_or_404) ---


def hub_saved(hub: Hub) -> Hub:
    """The hub as its row holds it now: what the edit form starts from (not the page's annotated instance)."""
    return Hub.objects.get(pk=hub.pk)


def invitation_rows() -> QuerySet[Invitation]:
    """Invitations with their hub and body (the body's people answer them)."""
    return Invitation.objects.select_related("hub", "body")


def hub_memberships(*, hub: Hub) -> QuerySet[Membership]:
    """Every membership of the hub, whatever its status, with its body."""
    return Membership.objects.filter(hub=hub).select_related("body")


def active_member_count(*, hub: Hub | int, chapter_id: int | None = None) -> int:
    """How many bodies are active members of the hub (a hub or its id; of one chapter when given): who may vote or
    rank."""
    members = Membership.objects.active().filter(hub=hub)
    if chapter_id:
        members = members.filter(chapter_id=chapter_id)
    return members.count()


def hub_representative_rows(*, hub: Hub) -> QuerySet[Representative]:
    """The representatives of the hub's member bodies, with their membership, body and person."""
    return Representative.objects.select_related("membership__hub", "membership__body", "user").filter(
        membership__hub=hub
    )


def hub_mandate_rows(*, hub: Hub) -> QuerySet[Mandate]:
    return Mandate.objects.filter(hub=hub).select_related("hub", "user")


def hub_election_rows(*, hub: Hub) -> QuerySet[Election]:
    """The hub's elections with their winner (one election's page finds it here)."""
    return Election.objects.filter(hub=hub).select_related("winner__user")


def has_voted(*, election: Election, user) -> bool:
    """Whether the person's body has cast its ballot in the election."""
    if not (user.is_authenticated and user.local_body_id):
        return False
    return election.receipts.filter(body_id=user.local_body_id).exists()


def hub_work_plan_rows(*, hub: Hub) -> QuerySet[WorkPlan]:
    return WorkPlan.objects.filter(hub=hub).select_related("chapter")


def hub_initiative_rows(*, hub: Hub) -> QuerySet[Initiative]:
    """The hub's initiatives with their body (one initiative's decision finds it here)."""
    return Initiative.objects.filter(hub=hub).select_related("body")


def hub_seats(*, hub: Hub) -> QuerySet[WorkingGroupMember]:
    """The seats in the hub's working groups, with their topic and person."""
    return WorkingGroupMember.objects.filter(topic__work_plan__hub=hub).select_related("topic__work_plan__hub", "user")


def hub_mentorship_rows(*, hub: Hub) -> QuerySet[Mentorship]:
    return Mentorship.objects.filter(hub=hub).select_related("hub", "mentor_body")


def mentor_body_choices(*, hub: Hub, user) -> QuerySet[LocalBody] | None:
    """The bodies the person may name as mentor: all for the coordinator, their own body for those who act for
    it; None for anyone else (they record no mentoring)."""
    if user.has_perm("hubs.manage_hub", hub):
        return LocalBody.objects.all()
    body = user.local_body if user.is_authenticated else None
    if body is not None and user.has_perm("hubs.act_for_body", body):
        return LocalBody.objects.filter(pk=body.pk)
    return None


def election_candidates(*, election: Election) -> QuerySet:
    return election.candidates.select_related("user", "body")


def election_turnout(*, election: Election) -> tuple[int, int]:
    """(ballots cast, active member bodies of the hub): what closing the election tells the coordinator."""
    return election.receipts.count(), active_member_count(hub=election.hub_id)


def saved_ranking(*, plan: WorkPlan, user) -> list[int]:
    """The topic ids the person's body ranked in this work plan, first priority first; empty when it has not ranked."""
    if not (user.is_authenticated and user.local_body_id):
        return []
    return list(
        TopicRankingEntry.objects.filter(ranking__work_plan=plan, ranking__body_id=user.local_body_id)
        .order_by("position")
        .values_list("topic_id", flat=True)
    )


def work_plan_turnout(*, plan: WorkPlan) -> tuple[int, int]:
    """(member bodies that ranked, active member bodies of the plan's hub and chapter)."""
    return plan.rankings.count(), active_member_count(hub=plan.hub_id, chapter_id=plan.chapter_id)


def representative_count(*, membership: Membership) -> int:
    return membership.representatives.count()
