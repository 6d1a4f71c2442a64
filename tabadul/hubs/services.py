"""Every write in the hubs app: permission check, validation, audit record, in one transaction.

Bad input raises ValidationError with a translated message and changes nothing; a missing permission raises
PermissionDenied. The election and ranking rules are documented in docs/hubs.md.
"""

import datetime
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tabadul.alignment.services import alignment_set
from tabadul.core import formats
from tabadul.core.services import audit_record, changed_fields
from tabadul.directory.models import LocalBody
from tabadul.notifications.models import Kind
from tabadul.notifications.services import notify

from . import audit_actions, member_figures, selectors
from . import rules as hub_rules
from .models import (
    Ballot,
    BallotReceipt,
    Candidate,
    Chapter,
    Election,
    Hub,
    Initiative,
    InitiativeAttachment,
    Invitation,
    JointActivity,
    Mandate,
    Membership,
    MentoringSession,
    Mentorship,
    Representative,
    TopicRanking,
    TopicRankingEntry,
    WorkingGroupMember,
    WorkPlan,
    WorkPlanTopic,
)
from .relations import forget_hub_relations

HUB_FIELDS = (
    "name_ar",
    "name_en",
    "description_ar",
    "description_en",
    "audience_ar",
    "audience_en",
    "status",
    "launch_date",
    "launch_city_ar",
    "launch_city_en",
    "launch_attendance",
    "launch_bodies",
)


def _require(actor, perm: str, obj=None) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied


# --- Notifications (docs/hubs.md, "Notifications"): written in the site's language, never to the actor ---


def _tell(*, actor, recipient_ids, **values) -> None:
    """Notify the recipients except the person who made the change (they know)."""
    notify(recipient_ids=set(recipient_ids) - {getattr(actor, "pk", None)}, **values)


def _when(moment: datetime.datetime) -> str:
    return formats.format_datetime(moment)


def _election_subject(election: Election) -> str:
    return f"{election.hub.name_ar}: {election.get_role_display()}"


# --- Hubs ---


@transaction.atomic
def hub_update(*, actor, hub: Hub, **values) -> Hub:
    _require(actor, "hubs.change_hub", hub)
    unknown = set(values) - set(HUB_FIELDS)
    if unknown:
        raise ValueError(f"Fields not editable here: {sorted(unknown)}")
    changes = changed_fields(hub, values)
    if not changes:
        return hub
    for name, value in values.items():
        setattr(hub, name, value)
    hub.full_clean()
    hub.save()
    forget_hub_relations(actor)  # the hub's programme may have changed
    audit_record(actor=actor, action=audit_actions.HUB_UPDATE, target=hub, changes=changes)
    return hub


# --- Membership ---


@transaction.atomic
def invitation_send(*, actor, hub: Hub, bodies: Iterable) -> int:
    """Invite the bodies (all, or a filtered set) that are neither invited nor members yet. Returns how many."""
    _require(actor, "hubs.manage_hub", hub)
    body_ids = {body.pk for body in bodies}
    already = set(Invitation.objects.filter(hub=hub, body_id__in=body_ids).values_list("body_id", flat=True))
    members = set(
        Membership.objects.filter(hub=hub, body_id__in=body_ids, status__in=Membership.OPEN).values_list(
            "body_id", flat=True
        )
    )
    new = sorted(body_ids - already - members)
    Invitation.objects.bulk_create([Invitation(hub=hub, body_id=body_id, sent_by=actor) for body_id in new])
    if new:
        audit_record(actor=actor, action=audit_actions.INVITATION_SEND, target=hub, changes={"bodies": new})
        _notify_invitations(actor=actor, hub=hub, body_ids=new)
    return len(new)


def _notify_invitations(*, actor, hub: Hub, body_ids: list[int]) -> None:
    """Each invited body's people who may answer for it (hubs.act_for_body) hear of its invitation."""
    speakers = selectors.body_speaker_ids(body_ids=body_ids)
    invitations = Invitation.objects.filter(hub=hub, body_id__in=speakers).select_related("body")
    url = reverse("hubs:my_invitations")
    with translation.override(settings.LANGUAGE_CODE):
        for invitation in invitations:
            _tell(
                actor=actor,
                recipient_ids=speakers[invitation.body_id],
                kind=Kind.HUB_INVITATION,
                key=f"hubs.invitation:{invitation.pk}",
                subject=hub.name_ar,
                url=f"{url}#invitation-{invitation.pk}",
                details=_("%(body)s is invited to join. Accept or decline on the invitations page.")
                % {"body": invitation.body.name_ar},
            )


@transaction.atomic
def invitation_answer(*, actor, invitation: Invitation, accept: bool) -> Invitation:
    invitation = Invitation.objects.select_for_update().select_related("hub", "body").get(pk=invitation.pk)
    _require(actor, "hubs.act_for_body", invitation.body)
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(_("This invitation is already answered."))
    invitation.status = Invitation.Status.ACCEPTED if accept else Invitation.Status.DECLINED
    invitation.answered_at = timezone.now()
    invitation.answered_by = actor
    invitation.save()
    if accept and not Membership.objects.filter(hub=invitation.hub, body=invitation.body, status__in=Membership.OPEN):
        Membership.objects.create(
            hub=invitation.hub,
            body=invitation.body,
            chapter=_chapter_for(invitation.hub, invitation.body),
            status=Membership.Status.ACTIVE,
            requested_by=actor,
            joined_at=timezone.now(),
        )
    elif accept:
        Membership.objects.filter(hub=invitation.hub, body=invitation.body, status=Membership.Status.REQUESTED).update(
            status=Membership.Status.ACTIVE, joined_at=timezone.now()
        )
    if accept:
        member_figures.store(invitation.hub_id)
    forget_hub_relations(actor)
    audit_record(actor=actor, action=audit_actions.INVITATION_ANSWER, target=invitation, changes={"accept": accept})
    return invitation


def _chapter_for(hub: Hub, body) -> Chapter | None:
    """The hub's regional chapter of the body's region (the village-councils hub works by region), if any."""
    if not body.region_id:
        return None
    return Chapter.objects.filter(hub=hub, region_id=body.region_id).first()


@transaction.atomic
def membership_request(*, actor, hub: Hub, body, chapter: Chapter | None = None) -> Membership:
    """A body asks to join; the coordinator decides."""
    _require(actor, "hubs.act_for_body", body)
    if hub.status == Hub.Status.CLOSED:
        raise ValidationError(_("This hub is closed."))
    existing = Membership.objects.filter(hub=hub, body=body, status__in=Membership.OPEN).first()
    if existing is not None:
        if existing.status == Membership.Status.ACTIVE:
            raise ValidationError(_("%(body)s is already a member of this hub.") % {"body": body})
        raise ValidationError(_("%(body)s has already asked to join this hub.") % {"body": body})
    membership = Membership(hub=hub, body=body, chapter=chapter or _chapter_for(hub, body), requested_by=actor)
    membership.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:  # a concurrent request won the race
        raise ValidationError(_("%(body)s has already asked to join this hub.") % {"body": body}) from None
    audit_record(actor=actor, action=audit_actions.MEMBERSHIP_REQUEST, target=membership)
    with translation.override(settings.LANGUAGE_CODE):
        _tell(
            actor=actor,
            recipient_ids=selectors.hub_manager_ids(hub=hub),
            kind=Kind.HUB_JOIN_REQUEST,
            key=f"hubs.membership:{membership.pk}:request",
            subject=hub.name_ar,
            url=reverse("hubs:manage", args=[hub.slug]) + f"#request-{membership.pk}",
            details=_("%(body)s asks to join; accept or decline on the hub's management page.")
            % {"body": body.name_ar},
        )
    return membership


@transaction.atomic
def membership_decide(*, actor, membership: Membership, accept: bool, reason: str = "") -> Membership:
    membership = Membership.objects.select_for_update().select_related("hub", "body").get(pk=membership.pk)
    _require(actor, "hubs.manage_hub", membership.hub)
    if membership.status != Membership.Status.REQUESTED:
        raise ValidationError(_("This request is already decided."))
    reason = reason.strip()
    if not accept and not reason:
        raise ValidationError(_("Give the reason for declining: the body will see it."))
    membership.status = Membership.Status.ACTIVE if accept else Membership.Status.DECLINED
    membership.decided_by = actor
    membership.decision_reason = reason
    membership.joined_at = timezone.now() if accept else None
    membership.save()
    if accept:
        member_figures.store(membership.hub_id)
    forget_hub_relations(actor)
    audit_record(
        actor=actor,
        action=audit_actions.MEMBERSHIP_DECIDE,
        target=membership,
        changes={"accept": accept, "reason": reason},
    )
    with translation.override(settings.LANGUAGE_CODE):
        accepted = _("Accepted: %(body)s is a member of the hub.") % {"body": membership.body.name_ar}
    _tell(
        actor=actor,
        recipient_ids=selectors.body_speaker_ids(body_ids=[membership.body_id]).get(membership.body_id, ()),
        kind=Kind.HUB_JOIN_DECISION,
        key=f"hubs.membership:{membership.pk}:decision",
        subject=membership.hub.name_ar,
        url=membership.hub.get_absolute_url(),
        details=accepted if accept else reason,
    )
    return membership


@transaction.atomic
def membership_leave(*, actor, membership: Membership) -> Membership:
    membership = Membership.objects.select_for_update().select_related("hub", "body").get(pk=membership.pk)
    if not (actor.has_perm("hubs.act_for_body", membership.body) or actor.has_perm("hubs.manage_hub", membership.hub)):
        raise PermissionDenied
    if membership.status != Membership.Status.ACTIVE:
        raise ValidationError(_("This body is not a member of the hub."))
    membership.status = Membership.Status.LEFT
    membership.left_at = timezone.now()
    membership.save()
    member_figures.store(membership.hub_id)
    forget_hub_relations(actor)
    audit_record(actor=actor, action=audit_actions.MEMBERSHIP_LEAVE, target=membership)
    return membership


@transaction.atomic
def representative_join(*, actor, membership: Membership, user=None) -> Representative:
    """A staff member of a member body joins as its representative (or its editor adds them)."""
    membership = Membership.objects.select_related("hub", "body").get(pk=membership.pk)
    user = user or actor
    if not (actor.pk == user.pk or actor.has_perm("hubs.act_for_body", membership.body)):
        raise PermissionDenied
    if membership.status != Membership.Status.ACTIVE:
        raise ValidationError(_("Only member bodies have representatives."))
    if user.local_body_id != membership.body_id:
        raise ValidationError(_("Only staff of %(body)s can represent it.") % {"body": membership.body})
    if Representative.objects.filter(membership=membership, user=user).exists():
        raise ValidationError(_("%(person)s already represents this body.") % {"person": user.display_name})
    representative = Representative.objects.create(membership=membership, user=user)
    audit_record(actor=actor, action=audit_actions.REPRESENTATIVE_JOIN, target=representative)
    forget_hub_relations(user, actor)
    return representative


@transaction.atomic
def representative_leave(*, actor, representative: Representative) -> None:
    _require(actor, "hubs.remove_representative", representative)
    audit_record(actor=actor, action=audit_actions.REPRESENTATIVE_LEAVE, target=representative)
    representative.delete()
    forget_hub_relations(representative.user, actor)


# --- Elections ---


@transaction.atomic
def election_create(
    *,
    actor,
    hub: Hub,
    role: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    term_starts_on: datetime.date,
    term_ends_on: datetime.date,
) -> Election:
    _require(actor, "hubs.manage_hub", hub)
    if Election.objects.filter(hub=hub, role=role, closed_at__isnull=True).exists():
        raise ValidationError(_("An election for this role is already open in this hub."))
    election = Election(
        hub=hub,
        role=role,
        starts_at=starts_at,
        ends_at=ends_at,
        term_starts_on=term_starts_on,
        term_ends_on=term_ends_on,
    )
    election.full_clean()
    election.save()
    audit_record(actor=actor, action=audit_actions.ELECTION_CREATE, target=election)
    with translation.override(settings.LANGUAGE_CODE):
        _tell(
            actor=actor,
            recipient_ids=selectors.hub_voter_ids(hub=hub),
            kind=Kind.ELECTION_OPENED,
            key=f"hubs.election:{election.pk}:opened",
            subject=_election_subject(election),
            url=election.get_absolute_url(),
            details=_(
                "Representatives of member bodies may stand or nominate until voting starts on %(starts)s; "
                "each member body casts one secret ballot until %(ends)s."
            )
            % {"starts": _when(election.starts_at), "ends": _when(election.ends_at)},
        )
    return election


def _active_membership_of(user, hub: Hub) -> Membership | None:
    return (
        Membership.objects.filter(
            hub=hub, body_id=user.local_body_id, status=Membership.Status.ACTIVE, representatives__user=user
        )
        .select_related("body")
        .first()
        if user.local_body_id
        else None
    )


@transaction.atomic
def _require_one_role(election: Election, user) -> None:
    """Nobody is coordinator and deputy of a hub at once: refuse a person who holds, or stands for, the other role
    of the same hub for part of the election's term."""
    other = Mandate.Role.DEPUTY if election.role == Mandate.Role.COORDINATOR else Mandate.Role.COORDINATOR
    overlapping = {"starts_on__lte": election.term_ends_on, "ends_on__gte": election.term_starts_on}
    holds = Mandate.objects.filter(hub_id=election.hub_id, user=user, role=other, **overlapping).exists()
    stands = Candidate.objects.filter(
        user=user,
        election__hub_id=election.hub_id,
        election__role=other,
        election__closed_at__isnull=True,
        election__term_starts_on__lte=election.term_ends_on,
        election__term_ends_on__gte=election.term_starts_on,
    ).exists()
    if holds or stands:
        raise ValidationError(
            _(
                "%(person)s holds or stands for the other role of this hub in that term: "
                "nobody is coordinator and deputy at once."
            )
            % {"person": user.display_name}
        )


def candidate_nominate(*, actor, election: Election, user) -> Candidate:
    """Representatives nominate a representative of a member body (themselves included) before voting starts."""
    _require(actor, "hubs.take_part", election.hub)
    if timezone.now() >= election.starts_at:
        raise ValidationError(_("Nominations closed when voting started."))
    membership = _active_membership_of(user, election.hub)
    if membership is None:
        raise ValidationError(_("Only representatives of member bodies can be candidates."))
    if Candidate.objects.filter(election=election, user=user).exists():
        raise ValidationError(_("%(person)s is already a candidate.") % {"person": user.display_name})
    _require_one_role(election, user)
    candidate = Candidate.objects.create(election=election, user=user, body=membership.body, nominated_by=actor)
    audit_record(actor=actor, action=audit_actions.CANDIDATE_NOMINATE, target=candidate)
    return candidate


@transaction.atomic
def ballot_cast(*, actor, election: Election, candidate: Candidate) -> None:
    """Cast the ballot of the actor's member body. One ballot per body: the receipt (who) and the ballot (what)
    are separate rows with random keys and no time, so the ballot cannot be traced back to the body."""
    election = Election.objects.select_related("hub").get(pk=election.pk)
    _require(actor, "hubs.take_part", election.hub)
    now = timezone.now()
    if now < election.starts_at:
        raise ValidationError(_("Voting has not started yet."))
    if now >= election.ends_at or election.closed_at:
        raise ValidationError(_("Voting has ended."))
    if candidate.election_id != election.pk:
        raise ValidationError(_("This person is not a candidate in this election."))
    membership = _active_membership_of(actor, election.hub)
    if membership is None:
        raise PermissionDenied
    if BallotReceipt.objects.filter(election=election, body_id=membership.body_id).exists():
        raise ValidationError(_("%(body)s has already voted in this election.") % {"body": membership.body})
    try:
        with transaction.atomic():
            BallotReceipt.objects.create(election=election, body_id=membership.body_id)
    except IntegrityError:
        raise ValidationError(_("%(body)s has already voted in this election.") % {"body": membership.body}) from None
    Ballot.objects.create(election=election, choice=candidate)
    # The audit trail records that the body voted, never for whom.
    audit_record(actor=actor, action=audit_actions.BALLOT_CAST, target=election, changes={"body": membership.body_id})


def election_tally(election: Election) -> list[tuple[Candidate, int]]:
    """Votes per candidate, most first; ties in nomination order (the tie rule, docs/hubs.md)."""
    from django.db.models import Count

    candidates = list(
        Candidate.objects.filter(election=election)
        .select_related("user", "body")
        .annotate(votes=Count("ballots"))
        .order_by("-votes", "created_at", "pk")
    )
    return [(candidate, candidate.votes) for candidate in candidates]


@transaction.atomic
def election_close(*, actor, election: Election) -> Election:
    """Count after the period, publish the result and start the winner's mandate (the previous one ends)."""
    election = Election.objects.select_for_update().select_related("hub").get(pk=election.pk)
    _require(actor, "hubs.manage_hub", election.hub)
    if timezone.now() < election.ends_at:
        raise ValidationError(_("The results are published only after voting ends."))
    if election.closed_at:
        raise ValidationError(_("This election is already closed."))
    tally = election_tally(election)
    election.closed_at = timezone.now()
    if tally and tally[0][1] > 0:
        winner, votes = tally[0]
        _require_one_role(election, winner.user)  # a term of the other role given meanwhile must end first
        election.winner = winner
        election.tie_broken = len(tally) > 1 and tally[1][1] == votes
        # The term end of the previous holder: the day before the new term. A mandate that would start on or after
        # the new term is superseded and kept to its first day only (a term cannot end before it starts).
        day_before = election.term_starts_on - datetime.timedelta(days=1)
        for previous in Mandate.objects.select_for_update().filter(
            hub=election.hub, role=election.role, ends_on__gte=election.term_starts_on
        ):
            previous.ends_on = max(day_before, previous.starts_on)
            previous.save(update_fields=["ends_on", "updated_at"])
            forget_hub_relations(previous.user)
        Mandate.objects.create(
            hub=election.hub,
            user=winner.user,
            body=winner.body,
            role=election.role,
            starts_on=election.term_starts_on,
            ends_on=election.term_ends_on,
            election=election,
        )
        forget_hub_relations(winner.user, actor)
    election.save()
    audit_record(
        actor=actor,
        action=audit_actions.ELECTION_CLOSE,
        target=election,
        changes={"winner": election.winner_id, "tie_broken": election.tie_broken},
    )
    with translation.override(settings.LANGUAGE_CODE):
        if election.winner is not None:
            result = _("Elected: %(person)s (%(body)s).") % {
                "person": election.winner.user.display_name,
                "body": election.winner.body.name_ar,
            }
        else:
            result = _("No ballot was cast: nobody is elected.")
        _tell(
            actor=actor,
            recipient_ids=selectors.hub_voter_ids(hub=election.hub) | {c.user_id for c, _votes in tally},
            kind=Kind.ELECTION_RESULT,
            key=f"hubs.election:{election.pk}:result",
            subject=_election_subject(election),
            url=election.get_absolute_url(),
            details=result,
        )
    return election


def election_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind those who may vote, and whose body has not, of each election whose voting ends tomorrow (local
    date). Run once a day (`manage.py send_election_reminders`); idempotent: one reminder per person and election.
    Returns the number of notifications written."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    zone = timezone.get_current_timezone()
    day_starts = datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=zone)
    day_ends = day_starts + datetime.timedelta(days=1)
    closing = Election.objects.filter(
        starts_at__lte=now, ends_at__gte=day_starts, ends_at__lt=day_ends, closed_at__isnull=True
    ).select_related("hub")
    written = 0
    with translation.override(settings.LANGUAGE_CODE):
        for election in closing:
            written += len(
                notify(
                    recipient_ids=selectors.hub_voter_ids(hub=election.hub, exclude_voted_in=election),
                    kind=Kind.ELECTION_CLOSING,
                    key=f"hubs.election:{election.pk}:closing",
                    subject=_election_subject(election),
                    url=election.get_absolute_url(),
                    details=_("Your body has not voted yet. Voting ends on %(ends)s.")
                    % {"ends": _when(election.ends_at)},
                )
            )
    return written


@transaction.atomic
def mandate_end(*, actor, mandate: Mandate, on: datetime.date | None = None) -> Mandate:
    """End a term early (resignation); the term otherwise ends on its own `ends_on`."""
    _require(actor, "hubs.manage_hub", mandate.hub)
    on = on or timezone.localdate()
    if on < mandate.starts_on:
        raise ValidationError(_("A term cannot end before it starts."))
    mandate.ends_on = min(mandate.ends_on, on)
    mandate.save()
    audit_record(actor=actor, action=audit_actions.MANDATE_END, target=mandate, changes={"ends_on": mandate.ends_on})
    forget_hub_relations(mandate.user, actor)
    return mandate


# --- Work plans ---


@transaction.atomic
def work_plan_create(
    *, actor, hub: Hub, starts_on: datetime.date, ends_on: datetime.date, chapter: Chapter | None = None
) -> WorkPlan:
    _require(actor, "hubs.manage_hub", hub)
    plan = WorkPlan(hub=hub, chapter=chapter, starts_on=starts_on, ends_on=ends_on)
    plan.full_clean()
    plan.save()
    audit_record(actor=actor, action=audit_actions.WORK_PLAN_CREATE, target=plan)
    return plan


def _require_ranking_open(plan: WorkPlan) -> None:
    if plan.status != WorkPlan.Status.RANKING:
        raise ValidationError(_("This work plan is confirmed: its topics can no longer change."))


@transaction.atomic
def topic_propose(
    *, actor, work_plan: WorkPlan, title_ar: str, title_en: str = "", description: str = "", axis=None
) -> WorkPlanTopic:
    if not (actor.has_perm("hubs.take_part", work_plan.hub) or actor.has_perm("hubs.manage_hub", work_plan.hub)):
        raise PermissionDenied
    _require_ranking_open(work_plan)
    title_ar = title_ar.strip()
    if WorkPlanTopic.objects.filter(work_plan=work_plan, title_ar=title_ar).exists():
        raise ValidationError(_("This topic is already proposed."))
    topic = WorkPlanTopic(
        work_plan=work_plan,
        title_ar=title_ar,
        title_en=title_en.strip(),
        description=description,
        axis=axis,
        proposed_by=actor,
        proposed_by_body_id=actor.local_body_id,
    )
    topic.full_clean()
    topic.save()
    audit_record(actor=actor, action=audit_actions.TOPIC_PROPOSE, target=topic)
    return topic


@transaction.atomic
def topic_ranking_submit(*, actor, work_plan: WorkPlan, topics: Sequence[WorkPlanTopic]) -> TopicRanking:
    """The actor's member body ranks topics, first priority first; a new ranking replaces its previous one."""
    _require(actor, "hubs.take_part", work_plan.hub)
    _require_ranking_open(work_plan)
    ids = [topic.pk for topic in topics]
    if not ids:
        raise ValidationError(_("Rank at least one topic."))
    if len(set(ids)) != len(ids):
        raise ValidationError(_("A topic can be ranked only once: each position needs a different topic."))
    if WorkPlanTopic.objects.filter(work_plan=work_plan, pk__in=ids).count() != len(ids):
        raise ValidationError(_("Only topics of this work plan can be ranked."))
    membership = _active_membership_of(actor, work_plan.hub)
    if membership is None:
        raise PermissionDenied
    TopicRanking.objects.filter(work_plan=work_plan, body_id=membership.body_id).delete()
    ranking = TopicRanking.objects.create(work_plan=work_plan, body_id=membership.body_id, submitted_by=actor)
    TopicRankingEntry.objects.bulk_create(
        [TopicRankingEntry(ranking=ranking, topic_id=topic_id, position=n) for n, topic_id in enumerate(ids, start=1)]
    )
    audit_record(actor=actor, action=audit_actions.TOPIC_RANKING_SUBMIT, target=work_plan, changes={"topics": ids})
    return ranking


def borda_order(work_plan: WorkPlan) -> list[tuple[WorkPlanTopic, int]]:
    """Topics by Borda points (docs/hubs.md): with n topics, position p earns n - p points; unranked earn 0.

    Ties go to the topic with more first positions, then to the one proposed first.
    """
    topics = list(WorkPlanTopic.objects.filter(work_plan=work_plan).select_related("work_plan__hub").order_by("pk"))
    n = len(topics)
    points = {topic.pk: 0 for topic in topics}
    firsts = {topic.pk: 0 for topic in topics}
    for topic_id, position in TopicRankingEntry.objects.filter(ranking__work_plan=work_plan).values_list(
        "topic_id", "position"
    ):
        points[topic_id] += max(n - position, 0)
        if position == 1:
            firsts[topic_id] += 1
    ordered = sorted(topics, key=lambda topic: (-points[topic.pk], -firsts[topic.pk], topic.created_at, topic.pk))
    return [(topic, points[topic.pk]) for topic in ordered]


@transaction.atomic
def work_plan_confirm(*, actor, work_plan: WorkPlan, count: int) -> WorkPlan:
    """At the launch meeting the coordinator confirms the first `count` topics in Borda order (the hub's range,
    4–6 unless the hub agreed otherwise)."""
    work_plan = WorkPlan.objects.select_for_update().select_related("hub").get(pk=work_plan.pk)
    _require(actor, "hubs.manage_hub", work_plan.hub)
    _require_ranking_open(work_plan)
    hub = work_plan.hub
    if not hub.min_topics <= count <= hub.max_topics:
        raise ValidationError(hub.topic_range_message())
    order = borda_order(work_plan)
    if len(order) < count:
        raise ValidationError(_("Only %(n)d topics are proposed: propose more or confirm fewer.") % {"n": len(order)})
    WorkPlanTopic.objects.filter(work_plan=work_plan).update(rank=None)
    for position, (topic, points) in enumerate(order, start=1):
        topic.score = points
        topic.rank = position if position <= count else None
        topic.save(update_fields=["score", "rank", "updated_at"])
    work_plan.status = WorkPlan.Status.CONFIRMED
    work_plan.confirmed_at = timezone.now()
    work_plan.confirmed_by = actor
    work_plan.save()
    audit_record(
        actor=actor,
        action=audit_actions.WORK_PLAN_CONFIRM,
        target=work_plan,
        changes={"ranked": [topic.pk for topic, _points in order[:count]]},
    )
    return work_plan


@transaction.atomic
def topic_align(*, actor, topic: WorkPlanTopic, targets=(), goals=(), kpis=()) -> dict:
    _require(actor, "hubs.manage_hub", topic.work_plan.hub)
    return alignment_set(obj=topic, targets=targets, goals=goals, kpis=kpis, actor=actor)


@transaction.atomic
def working_group_join(*, actor, topic: WorkPlanTopic, user=None, lead: bool = False) -> WorkingGroupMember:
    """Representatives join a topic's working group; the coordinator adds people and names the lead."""
    user = user or actor
    hub = topic.work_plan.hub
    manages = actor.has_perm("hubs.manage_hub", hub)
    if not (manages or (user.pk == actor.pk and not lead and actor.has_perm("hubs.take_part", hub))):
        raise PermissionDenied
    seat = WorkingGroupMember.objects.filter(topic=topic, user=user).first()
    if seat is not None and not lead:
        raise ValidationError(_("%(person)s is already in this working group.") % {"person": user.display_name})
    if lead:
        WorkingGroupMember.objects.filter(topic=topic, role=WorkingGroupMember.Role.LEAD).exclude(user=user).update(
            role=WorkingGroupMember.Role.MEMBER
        )
    newly_lead = lead and (seat is None or seat.role != WorkingGroupMember.Role.LEAD)
    seat = seat or WorkingGroupMember(topic=topic, user=user)
    seat.role = WorkingGroupMember.Role.LEAD if lead else WorkingGroupMember.Role.MEMBER
    seat.save()
    forget_hub_relations(user, actor)
    event = audit_record(
        actor=actor, action=audit_actions.WORKING_GROUP_JOIN, target=topic, changes={"user": user.pk, "lead": lead}
    )
    if newly_lead:
        with translation.override(settings.LANGUAGE_CODE):
            _tell(
                actor=actor,
                recipient_ids=WorkingGroupMember.objects.filter(topic=topic).values_list("user_id", flat=True),
                kind=Kind.WORKING_GROUP_LEAD,
                key=f"hubs.working_group_lead:{event.pk}",
                subject=topic.title_ar,
                url=topic.get_absolute_url(),
                details=_("%(person)s leads the working group.") % {"person": user.display_name},
            )
    return seat


@transaction.atomic
def working_group_leave(*, actor, seat: WorkingGroupMember) -> None:
    _require(actor, "hubs.remove_seat", seat)
    audit_record(
        actor=actor, action=audit_actions.WORKING_GROUP_LEAVE, target=seat.topic, changes={"user": seat.user_id}
    )
    seat.delete()
    forget_hub_relations(seat.user, actor)


# --- Peer mentoring ---


@transaction.atomic
def mentorship_create(
    *, actor, hub: Hub, mentor_body, mentee_bodies: Iterable, topic_ar: str, topic_en: str = "", description: str = ""
) -> Mentorship:
    if not (actor.has_perm("hubs.manage_hub", hub) or actor.has_perm("hubs.act_for_body", mentor_body)):
        raise PermissionDenied
    mentees = [body for body in mentee_bodies if body.pk != mentor_body.pk]
    if not mentees:
        raise ValidationError(_("Name at least one peer body other than the mentor."))
    mentorship = Mentorship(
        hub=hub, mentor_body=mentor_body, topic_ar=topic_ar.strip(), topic_en=topic_en.strip(), description=description
    )
    mentorship.full_clean()
    mentorship.save()
    mentorship.mentee_bodies.set(mentees)
    audit_record(
        actor=actor,
        action=audit_actions.MENTORSHIP_CREATE,
        target=mentorship,
        changes={"mentees": [b.pk for b in mentees]},
    )
    return mentorship


def _require_mentorship_manager(actor, mentorship: Mentorship) -> None:
    _require(actor, "hubs.manage_mentorship", mentorship)


@transaction.atomic
def mentorship_set_status(*, actor, mentorship: Mentorship, status: str) -> Mentorship:
    _require_mentorship_manager(actor, mentorship)
    if status not in Mentorship.Status.values:
        raise ValidationError(_("Unknown status."))
    changes = changed_fields(mentorship, {"status": status})
    if changes:
        mentorship.status = status
        mentorship.save()
        audit_record(actor=actor, action=audit_actions.MENTORSHIP_STATUS, target=mentorship, changes=changes)
    return mentorship


@transaction.atomic
def mentoring_session_add(
    *, actor, mentorship: Mentorship, held_on: datetime.date, place: str = "", notes: str = "", bodies: Iterable = ()
) -> MentoringSession:
    _require_mentorship_manager(actor, mentorship)
    session = MentoringSession(mentorship=mentorship, held_on=held_on, place=place, notes=notes)
    session.full_clean()
    session.save()
    session.bodies.set(list(bodies))
    audit_record(
        actor=actor, action=audit_actions.MENTORING_SESSION_ADD, target=mentorship, changes={"held_on": held_on}
    )
    return session


# --- Innovation survey ---


@transaction.atomic
def initiative_submit(*, actor, hub: Hub, body, attachments: Iterable = (), **values) -> Initiative:
    """Any local body submits an initiative to the hub that runs the innovation survey."""
    _require(actor, "hubs.submit_initiative", body)
    if not hub.reviews_initiatives:
        raise ValidationError(_("This hub does not run the innovation survey."))
    initiative = Initiative(hub=hub, body=body, submitted_by=actor, **values)
    initiative.full_clean()
    initiative.save()
    for upload in attachments:
        attachment = InitiativeAttachment(initiative=initiative, file=upload, title=getattr(upload, "name", "")[:200])
        attachment.full_clean()
        attachment.save()
    audit_record(actor=actor, action=audit_actions.INITIATIVE_SUBMIT, target=initiative)
    return initiative


@transaction.atomic
def initiative_review(*, actor, initiative: Initiative, status: str, note: str = "") -> Initiative:
    _require(actor, "hubs.manage_hub", initiative.hub)
    if status not in Initiative.Status.values or status == Initiative.Status.SUBMITTED:
        raise ValidationError(_("Choose shortlisted, selected or not retained."))
    if status == Initiative.Status.SELECTED and initiative.status != Initiative.Status.SHORTLISTED:
        raise ValidationError(_("Only a shortlisted initiative can be selected."))
    note = note.strip()
    if status == Initiative.Status.NOT_RETAINED and not note:
        raise ValidationError(_("Give the reason for not retaining the initiative: the body will read it."))
    status_changed = initiative.status != status
    changes = changed_fields(initiative, {"status": status, "review_note": note})
    initiative.status = status
    initiative.review_note = note
    initiative.reviewed_by = actor
    initiative.save()
    event = audit_record(actor=actor, action=audit_actions.INITIATIVE_REVIEW, target=initiative, changes=changes)
    if status_changed:
        _tell(
            actor=actor,
            recipient_ids=selectors.body_staff_ids(body_id=initiative.body_id) | {initiative.submitted_by_id},
            kind=Kind.INITIATIVE_DECISION,
            key=f"hubs.initiative_review:{event.pk}",
            subject=initiative.title,
            url=initiative.hub.get_absolute_url() + f"#initiative-{initiative.pk}",
            details=note,
        )
    return initiative


@transaction.atomic
def initiative_to_topic(*, actor, initiative: Initiative, work_plan: WorkPlan) -> WorkPlanTopic:
    """A selected initiative becomes a topic of a work plan the actor manages."""
    _require(actor, "hubs.manage_hub", initiative.hub)
    _require(actor, "hubs.manage_hub", work_plan.hub)
    if initiative.status != Initiative.Status.SELECTED:
        raise ValidationError(_("Only a selected initiative can become a work-plan topic."))
    if initiative.topic_id:
        raise ValidationError(_("This initiative is already a work-plan topic."))
    _require_ranking_open(work_plan)
    topic = WorkPlanTopic(
        work_plan=work_plan,
        title_ar=initiative.title,
        description=initiative.solution,
        proposed_by=initiative.submitted_by,
        proposed_by_body=initiative.body,
    )
    topic.full_clean()
    topic.save()
    initiative.topic = topic
    initiative.save(update_fields=["topic", "updated_at"])
    audit_record(actor=actor, action=audit_actions.INITIATIVE_TO_TOPIC, target=initiative, changes={"topic": topic.pk})
    return topic


def bodies_to_invite(*, hub: Hub, region=None, governorate=None, body_type: str = "") -> QuerySet:
    bodies = LocalBody.objects.all()
    if region:
        bodies = bodies.filter(region=region)
    if governorate:
        bodies = bodies.filter(governorate=governorate)
    if body_type:
        bodies = bodies.filter(type=body_type)
    return bodies


# --- Joint activities: one hub proposes, the other hub's coordinator accepts (issue 20, item 6) ---------------


def _joint_url(hub: Hub, proposal: JointActivity) -> str:
    return reverse("hubs:joint_activities", args=[hub.slug]) + f"#joint-{proposal.pk}"


@transaction.atomic
def joint_activity_propose(*, actor, event, hub: Hub, partner_hub: Hub, message: str = "") -> JointActivity:
    """Propose that `partner_hub` co-organise `hub`'s activity. Nothing changes on the activity until the other
    hub's coordinator or deputy accepts; they are told now and find the proposal on "my work"."""
    if not actor.has_perm("hubs.propose_joint_activity", hub):
        raise PermissionDenied
    organisers = set(event.organiser_hubs.values_list("pk", flat=True))
    if hub.pk not in organisers:
        raise ValidationError({"event": _("Choose an activity your hub organises.")})
    if partner_hub.pk == hub.pk:
        raise ValidationError({"partner_hub": _("Choose another hub than your own.")})
    if partner_hub.pk in organisers:
        raise ValidationError({"partner_hub": _("This hub already co-organises the activity.")})
    if JointActivity.objects.filter(event=event, partner_hub=partner_hub, status=JointActivity.Status.PENDING).exists():
        raise ValidationError({"partner_hub": _("This hub has not answered an earlier proposal for the activity yet.")})
    proposal = JointActivity(event=event, hub=hub, partner_hub=partner_hub, proposed_by=actor, message=message)
    proposal.full_clean()
    proposal.save()
    audit_record(
        actor=actor,
        action=audit_actions.JOINT_ACTIVITY_PROPOSE,
        target=proposal,
        changes={"event": event.pk, "hub": hub.pk, "partner_hub": partner_hub.pk},
    )
    with translation.override(settings.LANGUAGE_CODE):
        details = _("The hub “%(hub)s” proposes that your hub co-organise this activity. Accept or decline it.") % {
            "hub": hub.name_ar
        }
    _tell(
        actor=actor,
        recipient_ids=selectors.hub_manager_ids(hub=partner_hub),
        kind=Kind.JOINT_ACTIVITY,
        key=f"hubs.joint_activity:{proposal.pk}:proposed",
        subject=event.name_ar,
        url=_joint_url(partner_hub, proposal),
        details=details,
    )
    return proposal


def _require_pending(proposal: JointActivity) -> None:
    if proposal.status != JointActivity.Status.PENDING:
        raise ValidationError(_("This proposal was already answered or withdrawn."))


@transaction.atomic
def joint_activity_answer(*, actor, proposal: JointActivity, accept: bool) -> JointActivity:
    """The invited hub's coordinator or deputy accepts (the activity becomes its too) or declines."""
    proposal = (
        JointActivity.objects.select_for_update().select_related("event", "hub", "partner_hub").get(pk=proposal.pk)
    )
    # The rule itself, not has_perm: a superuser holds every permission, and a joint activity needs the other
    # hub's own coordinator or deputy.
    if not hub_rules.manages_partner_hub(actor, proposal):
        raise PermissionDenied
    _require_pending(proposal)
    proposal.status = JointActivity.Status.ACCEPTED if accept else JointActivity.Status.DECLINED
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    event = proposal.event
    if accept:
        event.organiser_hubs.add(proposal.partner_hub)
        event.__dict__.pop("_hub_ids_cache", None)
    audit_record(
        actor=actor,
        action=audit_actions.JOINT_ACTIVITY_ANSWER,
        target=proposal,
        changes={"status": proposal.status, "event": event.pk, "partner_hub": proposal.partner_hub_id},
    )
    with translation.override(settings.LANGUAGE_CODE):
        details = (
            _("The hub “%(hub)s” accepted: the activity is now organised by both hubs.")
            if accept
            else _("The hub “%(hub)s” declined to co-organise the activity.")
        ) % {"hub": proposal.partner_hub.name_ar}
    _tell(
        actor=actor,
        recipient_ids=selectors.hub_manager_ids(hub=proposal.hub) | {proposal.proposed_by_id},
        kind=Kind.JOINT_ACTIVITY,
        key=f"hubs.joint_activity:{proposal.pk}:{proposal.status}",
        subject=event.name_ar,
        url=_joint_url(proposal.hub, proposal),
        details=details,
    )
    return proposal


@transaction.atomic
def joint_activity_withdraw(*, actor, proposal: JointActivity) -> JointActivity:
    """The proposing hub takes back a proposal not answered yet; the other hub no longer has it waiting."""
    proposal = (
        JointActivity.objects.select_for_update().select_related("event", "hub", "partner_hub").get(pk=proposal.pk)
    )
    if not actor.has_perm("hubs.propose_joint_activity", proposal.hub):
        raise PermissionDenied
    _require_pending(proposal)
    proposal.status = JointActivity.Status.WITHDRAWN
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit_record(
        actor=actor,
        action=audit_actions.JOINT_ACTIVITY_WITHDRAW,
        target=proposal,
        changes={"status": proposal.status, "event": proposal.event_id, "partner_hub": proposal.partner_hub_id},
    )
    return proposal
