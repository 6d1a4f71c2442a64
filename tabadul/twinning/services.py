"""Every write of the twinning app: check the permission, validate, write, audit."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tabadul.core import formats
from tabadul.core.services import audit_record, changed_fields
from tabadul.discussions.owners import policy_for_label
from tabadul.discussions.services import forum_ensure
from tabadul.events import services as event_services
from tabadul.events.models import Event
from tabadul.notifications.models import Kind
from tabadul.notifications.services import notify

from . import audit_actions
from .models import (
    Criterion,
    GroupDocument,
    GroupMeeting,
    GroupReview,
    Milestone,
    Network,
    Score,
    SelfAssessment,
    StrategySection,
    TwinningGroup,
)

NETWORK_FIELDS = ("name_ar", "name_en", "slug", "facilitating_organisation", "description")
GROUP_FIELDS = ("name_ar", "name_en", "theme", "objectives", "starts_on", "ends_on", "facilitator", "status")
MILESTONE_FIELDS = ("title", "description", "owner_body", "due_on", "status")
# A current group ends only through `group_end` (a confirmation page and a reason), never by an edit.
ENDING_STATUSES = (TwinningGroup.Status.COMPLETED, TwinningGroup.Status.CANCELLED)


def _require(actor, perm: str, obj=None) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied


def _touch(group: TwinningGroup, now=None) -> None:
    group.last_activity_at = now or timezone.now()
    TwinningGroup.objects.filter(pk=group.pk).update(last_activity_at=group.last_activity_at)


# --- Networks and criteria -------------------------------------------------------------------------------


@transaction.atomic
def network_create(*, actor, members: Iterable = (), facilitators: Iterable = (), **fields) -> Network:
    _require(actor, "twinning.add_network")
    network = Network(**{k: v for k, v in fields.items() if k in NETWORK_FIELDS})
    network.full_clean()
    network.save()
    network.members.set(list(members))
    network.facilitators.set(list(facilitators))
    audit_record(
        actor=actor,
        action=audit_actions.NETWORK_CREATE,
        target=network,
        changes={**fields, "members": sorted(b.pk for b in members)},
    )
    return network


@transaction.atomic
def network_update(
    *, actor, network: Network, add_members: Iterable = (), remove_members: Iterable = (), **fields
) -> Network:
    """Change the network's fields, add and remove member bodies (named, not the whole list: a network may have
    thousands of members, issue 22). A body in a current group of the network is not removed."""
    _require(actor, "twinning.change_network", network)
    fields = {k: v for k, v in fields.items() if k in NETWORK_FIELDS}
    changes = changed_fields(network, fields)
    for name, value in fields.items():
        setattr(network, name, value)
    network.full_clean()
    network.save()
    leaving = {b.pk for b in remove_members}
    if network.groups.current().filter(members__pk__in=leaving).exists():
        raise ValidationError(
            {"remove_members": _("A body that belongs to a current twinning group of the network cannot be removed.")}
        )
    members = network.members
    joining = {b.pk for b in add_members}
    added = sorted(joining - set(members.filter(pk__in=joining).values_list("pk", flat=True)))
    removed = sorted(members.filter(pk__in=leaving).values_list("pk", flat=True))
    members.add(*added)
    members.remove(*removed)
    if added:
        changes["members_added"] = added
    if removed:
        changes["members_removed"] = removed
    if changes:
        audit_record(actor=actor, action=audit_actions.NETWORK_UPDATE, target=network, changes=changes)
    return network


@transaction.atomic
def criterion_add(
    *, actor, network: Network, name_ar: str, name_en: str = "", description: str = "", max_score: int = 5
) -> Criterion:
    _require(actor, "twinning.change_network", network)
    position = (network.criteria.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    criterion = Criterion(
        network=network,
        name_ar=name_ar,
        name_en=name_en,
        description=description,
        max_score=max_score,
        position=position,
    )
    if network.criteria.filter(name_ar=name_ar).exists():
        raise ValidationError({"name_ar": _("The network already has a criterion with this name.")})
    criterion.full_clean()
    criterion.save()
    audit_record(actor=actor, action=audit_actions.CRITERION_ADD, target=network, changes={"criterion": name_ar})
    return criterion


# --- Groups ----------------------------------------------------------------------------------------------


def _check_members(network: Network, members: list) -> None:
    if len({body.pk for body in members}) < TwinningGroup.MIN_MEMBERS:
        raise ValidationError({"members": _("A twinning group needs at least two member bodies.")})
    network_ids = set(network.members.values_list("pk", flat=True))
    outside = [body for body in members if body.pk not in network_ids]
    if outside:
        raise ValidationError(
            {
                "members": _("Not members of the network: %(bodies)s. Add them to the network first.")
                % {"bodies": formats.format_list(outside)}
            }
        )


def _ensure_forum(group: TwinningGroup) -> None:
    """The group's discussion thread lives in the discussions app (its forum is created on first use)."""
    if policy_for_label("twinning.twinninggroup") is not None:
        forum_ensure(owner=group)


@transaction.atomic
def group_create(*, actor, network: Network, members: Iterable, **fields) -> TwinningGroup:
    _require(actor, "twinning.add_group", network)
    members = list(members)
    unknown = set(fields) - set(GROUP_FIELDS)
    if unknown:
        raise ValueError(f"Unknown group fields: {sorted(unknown)}")
    group = TwinningGroup(network=network, **fields)
    group.full_clean()
    _check_members(network, members)
    group.save()
    group.members.set(members)
    _ensure_forum(group)
    audit_record(
        actor=actor,
        action=audit_actions.GROUP_CREATE,
        target=group,
        changes={**fields, "members": sorted(b.pk for b in members)},
    )
    return group


@transaction.atomic
def group_update(*, actor, group: TwinningGroup, members: Iterable | None = None, **fields) -> TwinningGroup:
    _require(actor, "twinning.change_group", group)
    unknown = set(fields) - set(GROUP_FIELDS)
    if unknown:
        raise ValueError(f"Unknown group fields: {sorted(unknown)}")
    ending = fields.get("status") in ENDING_STATUSES and group.status in TwinningGroup.CURRENT_STATUSES
    if ending:
        raise ValidationError({"status": _("End the group with “End the group”, saying why.")})
    changes = changed_fields(group, fields)
    for name, value in fields.items():
        setattr(group, name, value)
    group.full_clean()
    if "starts_on" in fields and group.milestones.filter(due_on__lt=group.starts_on).exists():
        raise ValidationError({"starts_on": _("Some milestones are due before this date: move them first.")})
    if members is not None:
        members = list(members)
        _check_members(group.network, members)
        kept = {b.pk for b in members}
        owners = set(group.milestones.values_list("owner_body_id", flat=True))
        if owners - kept:
            raise ValidationError({"members": _("A body that owns milestones of the group cannot be removed.")})
        before = set(group.members.values_list("pk", flat=True))
        if before != kept:
            group.members.set(members)
            group.__dict__.pop("_member_ids_cache", None)
            changes["members"] = [sorted(before), sorted(kept)]
    group.save()
    if changes:
        _touch(group)
        audit_record(actor=actor, action=audit_actions.GROUP_UPDATE, target=group, changes=changes)
    return group


@transaction.atomic
def group_end(*, actor, group: TwinningGroup, status: str, reason: str, today: dt.date | None = None) -> TwinningGroup:
    """End a current group, completed or cancelled, saying why: it leaves the network's current groups and its
    milestones stop being reminded. The edit form cannot do it (docs/twinning.md); an ended group is not reopened."""
    _require(actor, "twinning.change_group", group)
    group = TwinningGroup.objects.select_for_update().get(pk=group.pk)
    if status not in ENDING_STATUSES:
        raise ValidationError({"status": _("Choose how the group ends: completed or cancelled.")})
    if group.status not in TwinningGroup.CURRENT_STATUSES:
        raise ValidationError(_("This group has already ended."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the group ends.")})
    today = today or timezone.localdate()
    changes = {"status": [group.status, status], "reason": reason}
    group.status = status
    if group.ends_on is None or group.ends_on > today:
        ends_on = max(today, group.starts_on)
        changes["ends_on"] = [group.ends_on.isoformat() if group.ends_on else None, ends_on.isoformat()]
        group.ends_on = ends_on
    group.full_clean()
    group.save()
    _touch(group)
    audit_record(actor=actor, action=audit_actions.GROUP_END, target=group, changes=changes)
    return group


# --- Milestones ------------------------------------------------------------------------------------------


def _apply_completion(milestone: Milestone, today: dt.date) -> None:
    if milestone.status == Milestone.Status.DONE and milestone.completed_on is None:
        milestone.completed_on = today
    elif milestone.status != Milestone.Status.DONE:
        milestone.completed_on = None


@transaction.atomic
def milestone_create(*, actor, group: TwinningGroup, **fields) -> Milestone:
    _require(actor, "twinning.change_group", group)
    unknown = set(fields) - set(MILESTONE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown milestone fields: {sorted(unknown)}")
    milestone = Milestone(group=group, **fields)
    _apply_completion(milestone, timezone.localdate())
    milestone.full_clean()
    milestone.save()
    _touch(group)
    audit_record(actor=actor, action=audit_actions.MILESTONE_CREATE, target=milestone, changes=fields)
    return milestone


@transaction.atomic
def milestone_update(*, actor, milestone: Milestone, **fields) -> Milestone:
    _require(actor, "twinning.change_group", milestone.group)
    unknown = set(fields) - set(MILESTONE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown milestone fields: {sorted(unknown)}")
    changes = changed_fields(milestone, fields)
    for name, value in fields.items():
        setattr(milestone, name, value)
    _apply_completion(milestone, timezone.localdate())
    milestone.full_clean()
    milestone.save()
    if changes:
        _touch(milestone.group)
        audit_record(actor=actor, action=audit_actions.MILESTONE_UPDATE, target=milestone, changes=changes)
    return milestone


@transaction.atomic
def milestone_set_status(*, actor, milestone: Milestone, status: str) -> Milestone:
    """The owner body's staff (or the group's managers) move a milestone along."""
    _require(actor, "twinning.change_milestone_status", milestone)
    if status not in Milestone.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status == milestone.status:
        return milestone
    old = milestone.status
    milestone.status = status
    _apply_completion(milestone, timezone.localdate())
    milestone.full_clean()
    milestone.save(update_fields=["status", "completed_on", "updated_at"])
    _touch(milestone.group)
    audit_record(
        actor=actor, action=audit_actions.MILESTONE_STATUS, target=milestone, changes={"status": [old, status]}
    )
    return milestone


REMINDER_DAYS = 7


def milestone_state(milestone: Milestone, today: dt.date) -> str | None:
    """ "overdue", "due" (within REMINDER_DAYS) or None: what a reminder says about an unfinished milestone."""
    if milestone.status == Milestone.Status.DONE:
        return None
    if milestone.due_on < today:
        return "overdue"
    if milestone.due_on <= today + dt.timedelta(days=REMINDER_DAYS):
        return "due"
    return None


def milestone_participant_ids(group: TwinningGroup) -> set[int]:
    """The group's participants who act for its member bodies: the active staff of those bodies."""
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.filter(local_body__in=group.members.all(), is_active=True)
    return set(people.values_list("pk", flat=True))


def milestones_remind(*, today: dt.date | None = None) -> int:
    """Tell the participants of current groups of each unfinished milestone due within REMINDER_DAYS or overdue.

    Run daily (`manage.py send_milestone_reminders`). Idempotent per milestone and state: a milestone is
    announced once as due and once as overdue, however often this runs. Returns how many notifications it wrote.
    """
    today = today or timezone.localdate()
    milestones = (
        Milestone.objects.filter(
            group__status__in=TwinningGroup.CURRENT_STATUSES,
            due_on__lte=today + dt.timedelta(days=REMINDER_DAYS),
        )
        .exclude(status=Milestone.Status.DONE)
        .select_related("group", "owner_body")
        .order_by("due_on", "pk")
    )
    written = 0
    for milestone in milestones:
        state = milestone_state(milestone, today)
        details = _("Due on %(date)s; owner: %(owner)s; group: %(group)s.") % {
            "date": formats.format_date(milestone.due_on),
            "owner": milestone.owner_body,
            "group": milestone.group,
        }
        written += len(
            notify(
                recipient_ids=milestone_participant_ids(milestone.group),
                kind=Kind.MILESTONE_DUE,
                key=f"twinning.milestone:{milestone.pk}:{state}",
                subject=milestone.title,
                url=f"{milestone.group.get_absolute_url()}?milestone={milestone.pk}#milestone-{milestone.pk}",
                details=(_("Overdue.") + " " if state == "overdue" else "") + details,
            )
        )
    return written


# --- Documents -------------------------------------------------------------------------------------------


@transaction.atomic
def document_upload(*, actor, group: TwinningGroup, title: str, file) -> GroupDocument:
    _require(actor, "twinning.add_document", group)
    try:
        checked = GroupDocument._meta.get_field("file").upload_check.check(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    body = actor.local_body if actor.local_body_id and actor.local_body_id in _group_member_ids(group) else None
    document = GroupDocument(
        group=group,
        title=title.strip(),
        file=checked,
        original_name=checked.name[:255],
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor,
        uploaded_for=body,
    )
    document.full_clean()
    document.save()
    _touch(group)
    audit_record(actor=actor, action=audit_actions.DOCUMENT_UPLOAD, target=group, changes={"title": document.title})
    return document


def _group_member_ids(group: TwinningGroup) -> set[int]:
    return set(group.members.values_list("pk", flat=True))


# --- The LED strategy ---------------------------------------------------------------------------------------


@transaction.atomic
def strategy_section_save(
    *, actor, group: TwinningGroup, kind: str, status: str, responsible_body=None, notes: str = ""
) -> StrategySection:
    """Write one section of the group's LED strategy (created on first save); its participants only."""
    _require(actor, "twinning.change_strategy", group)
    if kind not in StrategySection.Kind.values:
        raise ValidationError({"kind": _("Unknown section.")})
    section = StrategySection.objects.filter(group=group, kind=kind).first() or StrategySection(group=group, kind=kind)
    fields = {"status": status, "responsible_body": responsible_body, "notes": notes}
    changes = changed_fields(section, fields)
    for name, value in fields.items():
        setattr(section, name, value)
    section.updated_by = actor
    section.full_clean()
    if not changes:  # nothing differs (a new section left "not started" is not written)
        return section
    section.save()
    _touch(group)
    audit_record(
        actor=actor, action=audit_actions.STRATEGY_SECTION_SAVE, target=group, changes={"section": kind, **changes}
    )
    return section


# --- Meetings (events of the events app) -------------------------------------------------------------------


@transaction.atomic
def meeting_schedule(
    *,
    actor,
    group: TwinningGroup,
    name_ar: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    online_url: str = "",
    name_en: str = "",
    description: str = "",
    time_zone: str = "Asia/Hebron",
    mode: str = "online",
    city: str = "",
    visibility: str = "invitation",
) -> GroupMeeting:
    """Create the meeting's event through the events services (invitation-only and online by default) and
    invite every member body (so all their staff are invited) and the facilitator."""

    _require(actor, "twinning.add_meeting", group)
    organisers = [actor] if actor.pk == group.facilitator_id else [actor, group.facilitator]
    event = event_services.event_create(
        actor=actor,
        organisers=organisers,
        name_ar=name_ar,
        name_en=name_en,
        type=Event.Type.VIRTUAL_MEETING,
        description=description,
        organised_by_platform=True,
        partner_organiser=group.network.facilitating_organisation[:200],
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        mode=mode,
        city=city,
        online_url=online_url,
        visibility=visibility,
        registration_open=True,
    )
    event_services.invitation_create(actor=actor, event=event, bodies=list(group.members.all()))
    if group.facilitator_id != actor.pk:
        event_services.invitation_create(actor=actor, event=event, users=[group.facilitator])
    meeting = GroupMeeting.objects.create(group=group, event=event, created_by=actor)
    _touch(group)
    audit_record(actor=actor, action=audit_actions.MEETING_SCHEDULE, target=group, changes={"event": event.pk})
    return meeting


# --- Evaluation ----------------------------------------------------------------------------------------


@transaction.atomic
def assessment_save(
    *,
    actor,
    group: TwinningGroup,
    body,
    period: str,
    narrative: str,
    scores: dict[int, int],
    submit: bool = False,
    now=None,
) -> SelfAssessment:
    """Create or update one body's self-assessment for a period; a submitted one is final."""
    _require(actor, "twinning.write_assessment", (group, body))
    now = now or timezone.now()
    assessment = SelfAssessment.objects.filter(group=group, body=body, period=period).first()
    if assessment and assessment.status == SelfAssessment.Status.SUBMITTED:
        raise ValidationError(_("This self-assessment was submitted already and cannot be changed."))
    criteria = {c.pk: c for c in group.network.criteria.all()}
    if not criteria:
        raise ValidationError(_("The network has not defined its evaluation criteria yet."))
    errors = []
    if set(scores) - set(criteria):
        errors.append(_("Score only the criteria of this network."))
    missing = [str(criteria[pk]) for pk in criteria if pk not in scores]
    if missing:
        errors.append(_("Give a score for every criterion: %(names)s.") % {"names": formats.format_list(missing)})
    for pk, value in scores.items():
        criterion = criteria.get(pk)
        if criterion and not (1 <= int(value) <= criterion.max_score):
            errors.append(
                _("The score of “%(name)s” must be between 1 and %(max)s.")
                % {"name": criterion, "max": criterion.max_score}
            )
    if errors:
        raise ValidationError(errors)
    created = assessment is None
    assessment = assessment or SelfAssessment(group=group, body=body, period=period)
    assessment.narrative = narrative
    assessment.written_by = actor
    if submit:
        assessment.status = SelfAssessment.Status.SUBMITTED
        assessment.submitted_at = now
    assessment.full_clean()
    assessment.save()
    existing = {score.criterion_id: score for score in assessment.scores.all()}
    for pk, value in scores.items():
        score = existing.get(pk) or Score(assessment=assessment, criterion=criteria[pk])
        if score.pk is None or score.value != int(value):
            score.value = int(value)
            score.save()
    _touch(group, now)
    audit_record(
        actor=actor,
        action=audit_actions.ASSESSMENT_CREATE if created else audit_actions.ASSESSMENT_UPDATE,
        target=assessment,
        changes={"period": period, "scores": {str(k): int(v) for k, v in scores.items()}, "submitted": submit},
    )
    return assessment


@transaction.atomic
def review_save(*, actor, group: TwinningGroup, period: str, rating: str, comments: str) -> GroupReview:
    _require(actor, "twinning.review_group", group)
    review = GroupReview.objects.filter(group=group, period=period).first() or GroupReview(group=group, period=period)
    changes = changed_fields(review, {"rating": rating, "comments": comments}) if review.pk else {"rating": rating}
    review.rating = rating
    review.comments = comments
    review.reviewer = actor
    review.full_clean()
    review.save()
    _touch(group)
    audit_record(actor=actor, action=audit_actions.REVIEW_SAVE, target=group, changes={"period": period, **changes})
    return review
