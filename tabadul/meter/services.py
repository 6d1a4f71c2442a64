"""Every write of the Meter: permission check, validation, audit record, cache invalidation, notifications."""

import contextlib
import secrets
import zlib
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tabadul.accounts.models import RoleGrant
from tabadul.core import formats
from tabadul.core.audit import AuditAction
from tabadul.core.ratelimit import rate_limit_exceeded
from tabadul.core.services import audit_record, changed_fields
from tabadul.notifications.models import Kind
from tabadul.notifications.services import absolute_url, notify, send_email_now

from . import audit_actions, rollup_store, stages
from .models import (
    CitizenMessage,
    Evidence,
    Feedback,
    FeedbackSupport,
    Follow,
    Indicator,
    Milestone,
    PlanReport,
    PlatformFeedback,
    Post,
    ProgressUpdate,
    Project,
    ProjectStatus,
    StrategicGoal,
    StrategicPlan,
)
from .rollup import annotate_achievement
from .validators import (
    EVIDENCE_MAX_FILES,
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    contact_clean,
    contact_is_email,
)

FEEDBACK_LIMIT_PER_IP = 5
FEEDBACK_WINDOW_SECONDS = 600
# Support of suggestions: per person (supporting needs an account); suggestions to improve the Meter: per address.
SUPPORT_LIMIT_PER_USER = 30
SUPPORT_WINDOW_SECONDS = 600
PLATFORM_FEEDBACK_LIMIT_PER_IP = 5
PLATFORM_FEEDBACK_WINDOW_SECONDS = 600


class Throttled(Exception):
    """Too many submissions from one address."""


def _require(actor, perm: str, obj) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied


def _normalised(instance, values: dict[str, Any]) -> dict[str, Any]:
    """Values as the database gives them back (2 → 2.00, aware datetimes in UTC), so that saving
    the same data again is recognised as no change."""
    result = {}
    for name, value in values.items():
        field = instance._meta.get_field(name)
        if value is not None and isinstance(field, models.DecimalField):
            with contextlib.suppress(InvalidOperation):  # a wrong value is reported by full_clean
                value = Decimal(str(value)).quantize(Decimal(1).scaleb(-field.decimal_places))
        elif isinstance(value, datetime) and timezone.is_aware(value):
            value = value.astimezone(UTC)
        result[name] = value
    return result


class EditConflict(ValidationError):
    """Someone else saved the object after the form was loaded: the edit is refused, nothing is written.

    `current` is the object as it is now saved (for showing next to the values the person typed).
    """

    def __init__(self, message, *, current=None):
        super().__init__(message, code="conflict")
        self.current = current


def _conflict_message(instance) -> str:
    if isinstance(instance, Project):
        return _(
            "This project was changed by someone else while you were editing it: review their changes and save again."
        )
    if isinstance(instance, StrategicPlan):
        return _(
            "This plan was changed by someone else while you were editing it: review their changes and save again."
        )
    if isinstance(instance, StrategicGoal):
        return _(
            "This goal was changed by someone else while you were editing it: review their changes and save again."
        )
    if isinstance(instance, PlanReport):
        return _(
            "This report was changed by someone else while you were editing it: review their changes and save again."
        )
    return _("This was changed by someone else while you were editing it: review their changes and save again.")


def _is_versioned(instance) -> bool:
    return any(field.name == "version" for field in instance._meta.concrete_fields)


def _lock(instance, expected_version: int | None) -> None:
    """Reload a saved versioned object from its row, locked until the transaction ends (SELECT ... FOR UPDATE),
    and refuse the edit when the row's version is not the one the editor loaded.

    `expected_version=None` (imports, demo data, the API) skips the comparison: last writer wins, but
    the values it does not set are still the current ones, never a stale copy.
    """
    model = type(instance)
    try:
        instance.refresh_from_db(from_queryset=model._base_manager.select_for_update())
    except model.DoesNotExist:
        raise EditConflict(_("This was deleted by someone else while you were editing it.")) from None
    if expected_version is not None and instance.version != expected_version:
        raise EditConflict(_conflict_message(instance), current=instance)


def _save(
    instance,
    *,
    actor,
    actions: tuple[AuditAction | None, AuditAction],
    values: dict[str, Any],
    expected_version: int | None = None,
    locked: bool = False,
    bump: bool = True,
) -> tuple[Any, bool]:
    """Apply `values` to a new or existing instance, validate, save and audit; returns (instance, changed).

    A versioned object (one with a `version` column) is locked and compared with `expected_version`
    first (see `_lock`; `locked=True` when the caller did it already), and its version goes up by one
    with every change (`bump=False` for changes no edit form shows, such as publishing a plan). `actions` are
    the audit actions (core/audit.py) of a creation and of a change.
    """
    values = _normalised(instance, values)
    creating = instance.pk is None
    versioned = _is_versioned(instance)
    if versioned and not creating and not locked:
        _lock(instance, expected_version)
    changes = {k: [None, v] for k, v in values.items()} if creating else changed_fields(instance, values)
    if not creating and not changes:
        return instance, False
    for name, value in values.items():
        setattr(instance, name, value)
    instance.full_clean()
    if versioned and not creating and bump:
        instance.version += 1
    instance.save()
    audit_record(actor=actor, action=actions[0] if creating else actions[1], target=instance, changes=changes)
    return instance, True


def _people_who_may(perm: str, obj, body) -> set[int]:
    """Who among the people holding a role on `body` (or a programme) may do `perm` on `obj`, by the Meter's
    rules: the recipients of "waiting for you" notifications follow the permissions, never a second list."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    candidates = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(role_grants__local_body=body) | Q(role_grants__role=RoleGrant.Role.PROGRAMME_OFFICER),
        )
        .distinct()
    )
    return {person.pk for person in candidates if person.has_perm(perm, obj)}


def _project_changed(*, actor, project: Project, what: str, key: str) -> None:
    """Everyone following the project or its plan hears of the change (not the person who made it)."""
    follower_ids = set(
        Follow.objects.filter(models.Q(project=project) | models.Q(plan_id=project.plan_id)).values_list(
            "user_id", flat=True
        )
    )
    follower_ids.discard(getattr(actor, "pk", None))
    notify(
        recipient_ids=follower_ids,
        kind=Kind.PROJECT_CHANGED,
        key=key,
        subject=project.name_ar,
        url=project.get_absolute_url(),
        details=what,
    )


# --- Statuses, plans, goals, projects ----------------------------------------------------------------


@transaction.atomic
def status_save(
    *, actor, body, status: ProjectStatus | None = None, expected_version: int | None = None, **values
) -> ProjectStatus:
    _require(actor, "meter.change_plan", body)
    status = status or ProjectStatus(body=body)
    if status.body_id != body.pk:
        raise PermissionDenied
    if status.pk and "default_percent" in values:
        _check_status_default(status, values["default_percent"])
    status, _changed = _save(
        status,
        actor=actor,
        actions=(audit_actions.STATUS_CREATE, audit_actions.STATUS_UPDATE),
        values=values,
        expected_version=expected_version,
    )
    if _changed:  # its default is the achievement of its projects without published progress
        rollup_store.plan_changed(*StrategicPlan.objects.filter(body=body).values_list("pk", flat=True))
    return status


def _check_status_default(status: ProjectStatus, default_percent) -> None:
    """A status's default may not put it in a stage its projects' published achievements contradict."""
    try:
        default = int(default_percent)
    except (TypeError, ValueError):
        return  # full_clean reports it
    if stages.stage_of(default) == stages.stage_of(status.default_percent):
        return
    achievements = (
        annotate_achievement(Project.objects.filter(status=status))
        .filter(last_update_date__isnull=False)
        .values_list("achievement", flat=True)
    )
    count = sum(not stages.agree(default, achievement) for achievement in achievements)
    if count:
        raise ValidationError(
            {
                "default_percent": _(
                    "%(count)d projects in this status have a published achievement that does not fit a default of "
                    "%(percent)d %%: 0 %% is for projects not started, 100 %% for completed ones, anything between "
                    "for projects in progress."
                )
                % {"count": count, "percent": default}
            },
            code="status_disagrees",
        )


@transaction.atomic
def plan_create(*, actor, body, **values) -> StrategicPlan:
    _require(actor, "meter.change_plan", body)
    plan, _changed = _save(
        StrategicPlan(body=body),
        actor=actor,
        actions=(audit_actions.PLAN_CREATE, audit_actions.PLAN_UPDATE),
        values=values,
    )
    rollup_store.plan_changed(plan.pk)
    return plan


PLAN_FIELDS = ("title_ar", "title_en", "start_year", "end_year", "vision", "single_person_approval")


@transaction.atomic
def plan_update(*, actor, plan: StrategicPlan, expected_version: int | None = None, **values) -> StrategicPlan:
    """Edit a plan's own fields; with `expected_version` (the edit form), refuse when someone saved it since."""
    _require(actor, "meter.change_plan", plan)
    if set(values) - set(PLAN_FIELDS):
        raise ValueError(f"Not editable here: {sorted(set(values) - set(PLAN_FIELDS))}")
    plan, _changed = _save(
        plan,
        actor=actor,
        actions=(audit_actions.PLAN_CREATE, audit_actions.PLAN_UPDATE),
        values=values,
        expected_version=expected_version,
    )
    return plan


@transaction.atomic
def plan_set_status(*, actor, plan: StrategicPlan, status: str) -> StrategicPlan:
    """Publish a plan (or take it back to draft): the body's approvers decide what citizens see."""
    _require(actor, "meter.publish_plan", plan)
    if status not in StrategicPlan.Status.values:
        raise ValidationError(_("Unknown plan status."))
    _lock(plan, None)  # two approvers deciding at once: the second sees the first's decision
    if plan.status == status:
        return plan
    values = {"status": status}
    if status == StrategicPlan.Status.PUBLISHED and plan.published_at is None:
        values["published_at"] = timezone.now()
    # Publishing does not touch what the edit form shows, so an editor's open form stays valid (no bump).
    _save(
        plan,
        actor=actor,
        actions=(audit_actions.PLAN_CREATE, audit_actions.PLAN_UPDATE),
        values=values,
        locked=True,
        bump=False,
    )
    return plan


@transaction.atomic
def goal_save(
    *, actor, plan: StrategicPlan, goal: StrategicGoal | None = None, expected_version: int | None = None, **values
) -> StrategicGoal:
    _require(actor, "meter.change_plan", plan)
    goal = goal or StrategicGoal(plan=plan)
    if goal.plan_id != plan.pk:
        raise PermissionDenied
    goal, _changed = _save(
        goal,
        actor=actor,
        actions=(audit_actions.GOAL_CREATE, audit_actions.GOAL_UPDATE),
        values=values,
        expected_version=expected_version,
    )
    if _changed:
        rollup_store.plan_changed(plan.pk)
    return goal


def _published_achievement(project: Project) -> int | None:
    """The percentage of the project's latest published progress report (by date, then id), or None."""
    return (
        ProgressUpdate.objects.filter(project=project, status=ProgressUpdate.Status.PUBLISHED)
        .order_by("-date", "-pk")
        .values_list("percent", flat=True)
        .first()
    )


def _check_status_agrees(project: Project, status: ProjectStatus) -> None:
    """Refuse a status chosen by hand that contradicts the published achievement (stages.py)."""
    status = ProjectStatus.objects.get(pk=status.pk)  # its default as saved, not a caller's stale copy
    achievement = _published_achievement(project)
    if achievement is not None and not stages.agree(status.default_percent, achievement):
        raise ValidationError(
            {
                "status": stages.disagreement_message(
                    status_name=status.name_ar, status_default=status.default_percent, achievement=achievement
                )
            },
            code="status_disagrees",
        )


def project_status_sync(*, actor, project: Project) -> bool:
    """Move the project's status to the body's status of its achievement's stage when they disagree (after progress
    is published or withdrawn, or by `manage.py meter_status_agree --fix`); returns whether it moved. Audited as a
    change of the project by `actor` (None: the system)."""
    achievement = _published_achievement(project)
    status = ProjectStatus.objects.get(pk=project.status_id)
    if achievement is None or stages.agree(status.default_percent, achievement):
        return False
    target = stages.status_for(ProjectStatus.objects.filter(body_id=project.plan.body_id), achievement)
    if target is None:
        raise ValidationError(
            _(
                "The body has no project status for projects %(stage)s, so the project's status cannot follow its "
                "achievement of %(percent)d %%: add such a status first."
            )
            % {"stage": stages.RANGES[stages.stage_of(achievement)], "percent": achievement},
            code="no_status_for_stage",
        )
    _save(
        project,
        actor=actor,
        actions=(audit_actions.PROJECT_CREATE, audit_actions.PROJECT_UPDATE),
        values={"status": target},
    )
    rollup_store.plan_changed(project.plan_id)
    return True


@transaction.atomic
def project_save(
    *, actor, plan: StrategicPlan, project: Project | None = None, expected_version: int | None = None, **values
) -> Project:
    """Create or edit a project; with `expected_version` (the edit form), refuse when someone saved it since."""
    _require(actor, "meter.change_plan", plan)
    project = project or Project(plan=plan)
    if project.plan_id != plan.pk:
        raise PermissionDenied
    if project.pk:
        _lock(project, expected_version)  # the status before this edit is the saved one, not a stale copy
    old_status_id = project.status_id if project.pk else None
    new_status = values.get("status")
    if old_status_id is not None and new_status is not None and new_status.pk != old_status_id:
        _check_status_agrees(project, new_status)
    project, _changed = _save(
        project,
        actor=actor,
        actions=(audit_actions.PROJECT_CREATE, audit_actions.PROJECT_UPDATE),
        values=values,
        locked=True,
    )
    if _changed:
        rollup_store.plan_changed(plan.pk)
    if old_status_id is not None and project.status_id != old_status_id and plan.is_published:
        _project_changed(
            actor=actor,
            project=project,
            what=_("New status: %(status)s") % {"status": project.status.name_ar},
            key=f"meter.project:{project.pk}:status:v{project.version}",
        )
    return project


@transaction.atomic
def goal_delete(*, actor, goal: StrategicGoal) -> None:
    """Delete a goal and, with it, its projects (their progress, milestones and indicators)."""
    _require(actor, "meter.change_plan", goal.plan)
    audit_record(
        actor=actor,
        action=audit_actions.GOAL_DELETE,
        target=goal,
        changes={"external_id": goal.external_id, "projects": goal.projects.count()},
    )
    goal.delete()
    rollup_store.plan_changed(goal.plan_id)


@transaction.atomic
def project_delete(*, actor, project: Project) -> None:
    _require(actor, "meter.change_plan", project.plan)
    audit_record(actor=actor, action=audit_actions.PROJECT_DELETE, target=project)
    project.delete()
    rollup_store.plan_changed(project.plan_id)


@transaction.atomic
def milestone_save(*, actor, project: Project, milestone: Milestone | None = None, **values) -> Milestone:
    _require(actor, "meter.change_plan", project.plan)
    milestone = milestone or Milestone(project=project)
    if milestone.project_id != project.pk:
        raise PermissionDenied
    milestone, _changed = _save(
        milestone, actor=actor, actions=(audit_actions.MILESTONE_CREATE, audit_actions.MILESTONE_UPDATE), values=values
    )
    return milestone


@transaction.atomic
def indicator_save(*, actor, project: Project, indicator: Indicator | None = None, **values) -> Indicator:
    _require(actor, "meter.change_plan", project.plan)
    indicator = indicator or Indicator(project=project)
    if indicator.project_id != project.pk:
        raise PermissionDenied
    indicator, _changed = _save(
        indicator, actor=actor, actions=(audit_actions.INDICATOR_CREATE, audit_actions.INDICATOR_UPDATE), values=values
    )
    return indicator


# --- Progress ------------------------------------------------------------------------------------


@transaction.atomic
def progress_submit(
    *, actor, project: Project, percent: int, date: date, note: str = "", files=(), captions=()
) -> ProgressUpdate:
    """A body editor reports progress; it counts only once the body's approver publishes it."""
    _require(actor, "meter.submit_progress", project.plan)
    files = list(files)
    if len(files) > EVIDENCE_MAX_FILES:
        raise ValidationError(_("Attach at most %(n)d files.") % {"n": EVIDENCE_MAX_FILES})
    check = Evidence._meta.get_field("file").upload_check
    checked = [check.check(upload) for upload in files]
    update = ProgressUpdate(project=project, percent=percent, date=date, note=note, author=actor)
    update.full_clean()
    update.save()
    captions = list(captions)
    for index, upload in enumerate(checked):
        evidence = Evidence(
            update=update,
            kind=Evidence.Kind.DOCUMENT if upload.kind.name == "pdf" else Evidence.Kind.PHOTO,
            content_type=upload.content_type,
            size=upload.size,
            original_name=upload.name[:200],
            caption=(captions[index] if index < len(captions) else "")[:250],
        )
        evidence.file.save(upload.name, upload, save=False)
        evidence.full_clean()
        evidence.save()
    audit_record(
        actor=actor,
        action=audit_actions.PROGRESS_SUBMIT,
        target=update,
        changes={"percent": percent, "date": date, "evidence": len(checked)},
    )
    notify(
        # Four eyes: the rule leaves out the author unless the plan allows single-person approval.
        recipient_ids=_people_who_may("meter.publish_this_progress", update, project.plan.body)
        - (set() if project.plan.single_person_approval else {actor.pk}),
        kind=Kind.PROGRESS_PENDING,
        key=f"meter.progress:{update.pk}:pending",
        subject=project.name_ar,
        url=f"{reverse('meter:progress_queue', args=[project.plan.body.slug])}#update-{update.pk}",
        details=_("%(percent)d%% on %(date)s") % {"percent": percent, "date": formats.format_date(date)}
        + (f"\n{note}" if note else ""),
    )
    return update


@transaction.atomic
def progress_publish(*, actor, update: ProgressUpdate) -> ProgressUpdate:
    """An approver publishes a report; four eyes: not its own, unless the plan allows single-person approval."""
    update = ProgressUpdate.objects.select_for_update().select_related("project__plan").get(pk=update.pk)
    _require(actor, "meter.publish_progress", update.project.plan)
    if update.status == ProgressUpdate.Status.PUBLISHED:
        return update
    if not actor.has_perm("meter.publish_this_progress", update):
        raise ValidationError(
            _("You wrote this progress report: another approver of the body must publish it."), code="four_eyes"
        )
    update.status = ProgressUpdate.Status.PUBLISHED
    update.published_by = actor
    update.published_at = timezone.now()
    update.rejection_reason = ""
    update.save(update_fields=["status", "published_by", "published_at", "rejection_reason", "updated_at"])
    event = audit_record(
        actor=actor, action=audit_actions.PROGRESS_PUBLISH, target=update, changes={"percent": update.percent}
    )
    with rollup_store.deferred():  # the figures once, after the status follows the new percentage
        project_status_sync(actor=actor, project=update.project)  # status and percentage agree (stages.py)
        rollup_store.plan_changed(update.project.plan_id)
    _progress_decided(actor=actor, update=update, event=event)
    if update.project.plan.is_published:
        _project_changed(
            actor=actor,
            project=update.project,
            what=_("Achievement: %(percent)d%% on %(date)s")
            % {"percent": update.percent, "date": formats.format_date(update.date)},
            key=f"meter.project:{update.project_id}:progress:{update.pk}",
        )
    return update


def _progress_decided(*, actor, update: ProgressUpdate, event) -> None:
    """The author hears of each decision on their report (a later decision is a new notification)."""
    if update.author_id is None or update.author_id == actor.pk:
        return
    rejected = update.status == ProgressUpdate.Status.REJECTED
    notify(
        recipient_ids=[update.author_id],
        kind=Kind.PROGRESS_DECISION,
        key=f"meter.progress:{update.pk}:decision:{event.pk}",
        subject=update.project.name_ar,
        url=update.project.get_absolute_url()
        if not rejected
        else reverse("meter:progress_submit", args=[update.project_id]),
        details=(_("Rejected. Reason: %(reason)s") % {"reason": update.rejection_reason})
        if rejected
        else _("Published: %(percent)d%% on %(date)s")
        % {"percent": update.percent, "date": formats.format_date(update.date)},
    )


@transaction.atomic
def progress_reject(*, actor, update: ProgressUpdate, reason: str) -> ProgressUpdate:
    """An approver rejects a report, always with a reason (kept for the author and the audit trail)."""
    update = ProgressUpdate.objects.select_for_update().select_related("project__plan").get(pk=update.pk)
    _require(actor, "meter.publish_progress", update.project.plan)
    reason = reason.strip()[:300]
    if not reason:
        raise ValidationError({"rejection_reason": _("Give the reason for rejecting it.")})
    was_published = update.status == ProgressUpdate.Status.PUBLISHED
    update.status = ProgressUpdate.Status.REJECTED
    update.rejection_reason = reason
    update.save(update_fields=["status", "rejection_reason", "updated_at"])
    event = audit_record(actor=actor, action=audit_actions.PROGRESS_REJECT, target=update, changes={"reason": reason})
    if was_published:  # withdrawn: the achievement falls back to an earlier report, the status follows it
        with rollup_store.deferred():
            project_status_sync(actor=actor, project=update.project)
            rollup_store.plan_changed(update.project.plan_id)
    _progress_decided(actor=actor, update=update, event=event)
    return update


# --- News, activities, media -------------------------------------------------------------------


@transaction.atomic
def post_save(*, actor, body, post: Post | None = None, image=None, **values) -> Post:
    _require(actor, "meter.manage_posts", body)
    post = post or Post(body=body, author=actor)
    if post.body_id != body.pk:
        raise PermissionDenied
    if values.get("project") is not None and values["project"].plan.body_id != body.pk:
        raise ValidationError({"project": _("The project belongs to another local body.")})
    values.setdefault("published_at", post.published_at or timezone.now())
    if image is not None:
        resized = Post._meta.get_field("image").upload_check.check(image)  # re-encoded, at most 1600 px a side
        post.image.save(resized.name, resized, save=False)
        values.update(image_width=resized.width, image_height=resized.height)
    post, _changed = _save(
        post, actor=actor, actions=(audit_actions.POST_CREATE, audit_actions.POST_UPDATE), values=values
    )
    return post


@transaction.atomic
def post_delete(*, actor, post: Post) -> None:
    _require(actor, "meter.manage_posts", post.body)
    audit_record(actor=actor, action=audit_actions.POST_DELETE, target=post)
    post.delete()


# --- Citizen feedback ----------------------------------------------------------------------------


def _new_reference(model: type[CitizenMessage]) -> str:
    while True:
        code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        if not model.objects.filter(reference=code).exists():
            return code


@transaction.atomic
def feedback_submit(
    *,
    actor,
    plan: StrategicPlan,
    project: Project | None,
    kind: str,
    text: str,
    name: str = "",
    contact: str = "",
    ip: str | None = None,
) -> Feedback:
    """Anyone may write about a published plan; it waits for moderation and gets its reference (its page).

    Web submissions pass the client address `ip` and are limited per address (FEEDBACK_LIMIT_PER_IP
    in FEEDBACK_WINDOW_SECONDS); `ip=None` is for trusted callers (demo data), which are not limited.
    `contact` (an e-mail or a phone, optional) is for the body only: the reply is e-mailed to an address, a phone
    is kept for the body to call; either is erased in the end (`feedback_erase_contacts`).
    """
    if not plan.is_published:
        raise PermissionDenied
    if ip is not None and rate_limit_exceeded(
        f"meter-feedback:{ip}", limit=FEEDBACK_LIMIT_PER_IP, window_seconds=FEEDBACK_WINDOW_SECONDS
    ):
        raise Throttled
    author = actor if actor is not None and actor.is_authenticated else None
    feedback = Feedback(
        body_id=plan.body_id,
        plan=plan,
        project=project,
        kind=kind,
        text=text.strip(),
        name=name.strip(),
        contact=contact_clean(contact),
        author=author,
        reference=_new_reference(Feedback),
    )
    feedback.full_clean()
    feedback.save()
    audit_record(
        actor=author,
        action=audit_actions.FEEDBACK_SUBMIT,
        target=feedback,
        changes={"kind": kind, "reference": feedback.reference, "contact": bool(feedback.contact)},  # never the detail
    )
    notify(
        recipient_ids=_people_who_may("meter.moderate_feedback", plan.body, plan.body) - {getattr(author, "pk", None)},
        kind=Kind.FEEDBACK_PENDING,
        key=f"meter.feedback:{feedback.pk}:pending",
        subject=project.name_ar if project is not None else plan.title_ar,
        url=f"{reverse('meter:feedback_queue', args=[plan.body.slug])}#feedback-{feedback.pk}",
        details=feedback.text[:500],
    )
    return feedback


@transaction.atomic
def feedback_moderate(*, actor, feedback: Feedback, publish: bool, reason: str = "") -> Feedback:
    """Publish a pending message, or reject it with a reason (kept for the audit trail, never shown publicly)."""
    _require(actor, "meter.moderate_feedback", feedback.body)
    if publish and feedback.kind == Feedback.Kind.COMPLAINT and not feedback.reply.strip():
        raise ValidationError(
            _("A complaint stays private to the body: publish it only together with the body's reply."),
            code="complaint_without_reply",
        )
    if publish:
        values = {"status": Feedback.Status.PUBLISHED, "moderated_by": actor, "rejection_reason": ""}
    else:
        reason = reason.strip()[:300]
        if not reason:
            raise ValidationError({"rejection_reason": _("Give the reason for rejecting it.")})
        values = {"status": Feedback.Status.REJECTED, "moderated_by": actor, "rejection_reason": reason}
    _save(feedback, actor=actor, actions=(None, audit_actions.FEEDBACK_MODERATE), values=values)
    return feedback


@transaction.atomic
def feedback_reply(*, actor, feedback: Feedback, reply: str, publish: bool | None = None) -> Feedback:
    """The body answers; the reply shows on the feedback's reference page.

    A suggestion or question is published with its reply. A complaint stays private to the body (status "answered":
    its page shows the reply, not the complaint) unless `publish=True`: the body publishes it with the reply.
    The citizen hears of it: a notification when signed in, an e-mail to the address they left (then erased).
    """
    _require(actor, "meter.moderate_feedback", feedback.body)
    reply = reply.strip()
    if not reply:
        raise ValidationError({"reply": _("Write the reply.")})
    if publish is None:
        publish = feedback.kind != Feedback.Kind.COMPLAINT or feedback.status == Feedback.Status.PUBLISHED
    values = {
        "reply": reply,
        "replied_by": actor,
        "status": Feedback.Status.PUBLISHED if publish else Feedback.Status.ANSWERED,
        "moderated_by": actor,
        "rejection_reason": "",
    }
    if feedback.replied_at is None:
        values["replied_at"] = timezone.now()
    old_reply = feedback.reply
    _save(feedback, actor=actor, actions=(None, audit_actions.FEEDBACK_REPLY), values=values)
    if feedback.author_id and feedback.author_id != actor.pk and feedback.reply != old_reply:
        notify(
            recipient_ids=[feedback.author_id],
            kind=Kind.FEEDBACK_REPLY,
            # A changed reply is news again: the key names the reply's text.
            key=f"meter.feedback:{feedback.pk}:reply:{zlib.crc32(feedback.reply.encode())}",
            subject=feedback.project.name_ar if feedback.project_id else feedback.plan.title_ar,
            url=feedback.get_absolute_url(),  # its reference page: the reply, also of a private complaint
            details=feedback.reply[:1000],
        )
    if feedback.reply != old_reply and feedback.contact and contact_is_email(feedback.contact):
        _reply_email(feedback)
        _erase_contact(feedback, actor=actor, why="replied")
    return feedback


def _reply_email(feedback: Feedback) -> None:
    """The reply e-mailed (through Django's mail, after the commit) to the address the citizen left."""
    with translation.override("ar"):
        subject = _("Reply to your message %(reference)s") % {"reference": feedback.reference_display}
        body = render_to_string(
            "meter/email/feedback_reply.txt",
            {"feedback": feedback, "link": absolute_url(feedback.get_absolute_url())},
        )
    send_email_now(to=feedback.contact, subject=subject, body=body)


def _erase_contact(message: CitizenMessage, *, actor, why: str) -> None:
    message.contact, message.contact_erased_at = "", timezone.now()
    message.save(update_fields=["contact", "contact_erased_at", "updated_at"])
    audit_record(actor=actor, action=audit_actions.FEEDBACK_CONTACT_ERASE, target=message, changes={"why": why})


def _contact_retention_limit(now: datetime | None) -> datetime:
    """Messages created before this keep no contact (settings.METER_FEEDBACK_CONTACT_DAYS)."""
    return (now or timezone.now()) - timedelta(days=settings.METER_FEEDBACK_CONTACT_DAYS)


@transaction.atomic
def feedback_erase_contacts(*, now: datetime | None = None) -> int:
    """Erase the e-mail or phone of every message older than settings.METER_FEEDBACK_CONTACT_DAYS (and of any
    answered by e-mail that kept one): run daily by `manage.py meter_erase_contacts`. Returns how many."""
    limit = _contact_retention_limit(now)
    due = Feedback.objects.exclude(contact="").filter(
        models.Q(created_at__lte=limit) | (models.Q(contact__contains="@") & ~models.Q(reply=""))
    )
    count = 0
    for feedback in due.select_for_update():
        _erase_contact(feedback, actor=None, why="retention" if feedback.created_at <= limit else "replied")
        count += 1
    return count


# --- Support for others' suggestions (issue 19, item 6) ------------------------------------------------


@transaction.atomic
def support_set(*, actor, feedback: Feedback, support: bool) -> bool:
    """Support a published suggestion, or withdraw one's support; returns whether the person now supports it.

    Any signed-in person but its writer supports a published suggestion of a published plan once (a unique
    constraint); withdrawing needs only the account (the suggestion may have been taken down since). Limited per
    person (SUPPORT_LIMIT_PER_USER changes in SUPPORT_WINDOW_SECONDS). The count is public: the row is one of the
    cache's public models, so the body's pages are renewed after the commit.
    """
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied
    if support:
        _require(actor, "meter.support_feedback", feedback)
    existing = FeedbackSupport.objects.filter(feedback=feedback, user=actor).first()
    if (existing is None) == (not support):
        return support  # nothing to change: no row, no audit event, no hit on the limit
    if rate_limit_exceeded(
        f"meter-support:{actor.pk}", limit=SUPPORT_LIMIT_PER_USER, window_seconds=SUPPORT_WINDOW_SECONDS
    ):
        raise Throttled
    if support:
        created, made = FeedbackSupport.objects.get_or_create(feedback=feedback, user=actor)
        if made:
            audit_record(actor=actor, action=audit_actions.SUPPORT_ADD, target=feedback, changes={"support": True})
    else:
        audit_record(actor=actor, action=audit_actions.SUPPORT_REMOVE, target=feedback, changes={"support": False})
        existing.delete()
    return support


# --- Suggestions to improve the Meter itself (issue 19, item 7) ------------------------------------------


def _platform_moderator_ids() -> set[int]:
    """Who reads the suggestions for the Meter: the platform's administrators (`meter.read_platform_feedback`)."""
    from django.contrib.auth import get_user_model

    candidates = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(models.Q(is_superuser=True) | models.Q(role_grants__role=RoleGrant.Role.PLATFORM_ADMIN))
        .distinct()
    )
    return {person.pk for person in candidates if person.has_perm("meter.read_platform_feedback")}


@transaction.atomic
def platform_feedback_submit(
    *, actor, text: str, page: str = "", name: str = "", contact: str = "", ip: str | None = None
) -> PlatformFeedback:
    """Anyone, signed in or not, suggests an improvement to the Meter; the platform's administrators are told.

    Limited per address like the feedback form (`ip=None` for trusted callers). `contact` (optional) is shown to
    the administrators only and erased after METER_FEEDBACK_CONTACT_DAYS (`platform_feedback_erase_contacts`).
    """
    if ip is not None and rate_limit_exceeded(
        f"meter-platform-feedback:{ip}",
        limit=PLATFORM_FEEDBACK_LIMIT_PER_IP,
        window_seconds=PLATFORM_FEEDBACK_WINDOW_SECONDS,
    ):
        raise Throttled
    author = actor if actor is not None and actor.is_authenticated else None
    item = PlatformFeedback(
        text=text.strip(),
        page=page[:300] if page.startswith("/") and not page.startswith("//") else "",
        name=name.strip(),
        contact=contact_clean(contact),
        author=author,
        reference=_new_reference(PlatformFeedback),
    )
    item.full_clean()
    item.save()
    audit_record(
        actor=author,
        action=audit_actions.PLATFORM_FEEDBACK_SUBMIT,
        target=item,
        changes={"reference": item.reference, "contact": bool(item.contact)},  # never the detail
    )
    notify(
        recipient_ids=_platform_moderator_ids() - {getattr(author, "pk", None)},
        kind=Kind.PLATFORM_FEEDBACK,
        key=f"meter.platform_feedback:{item.pk}",
        subject=item.text[:80],
        url=f"{reverse('meter:platform_feedback_list')}#suggestion-{item.pk}",
        details=item.text[:500],
    )
    return item


@transaction.atomic
def platform_feedback_done(*, actor, item: PlatformFeedback) -> PlatformFeedback:
    """An administrator has read the suggestion (it leaves their "my work")."""
    _require(actor, "meter.read_platform_feedback", None)
    if item.status != PlatformFeedback.Status.DONE:
        item.status, item.handled_by, item.handled_at = PlatformFeedback.Status.DONE, actor, timezone.now()
        item.save(update_fields=["status", "handled_by", "handled_at", "updated_at"])
        audit_record(actor=actor, action=audit_actions.PLATFORM_FEEDBACK_DONE, target=item)
    return item


@transaction.atomic
def platform_feedback_erase_contacts(*, now: datetime | None = None) -> int:
    """The same retention as the citizens' feedback: the contact is erased after METER_FEEDBACK_CONTACT_DAYS."""
    due = PlatformFeedback.objects.exclude(contact="").filter(created_at__lte=_contact_retention_limit(now))
    count = 0
    for item in due.select_for_update():
        _erase_contact(item, actor=None, why="retention")
        count += 1
    return count


# --- Reports ---------------------------------------------------------------------------------------


@transaction.atomic
def report_save(
    *, actor, plan: StrategicPlan, report: PlanReport | None = None, expected_version: int | None = None, **values
) -> PlanReport:
    _require(actor, "meter.manage_reports", plan)
    report = report or PlanReport(plan=plan)
    if report.plan_id != plan.pk:
        raise PermissionDenied
    report, _changed = _save(
        report,
        actor=actor,
        actions=(audit_actions.REPORT_CREATE, audit_actions.REPORT_UPDATE),
        values=values,
        expected_version=expected_version,
    )
    return report


# --- Following -----------------------------------------------------------------------------------


@transaction.atomic
def follow_set(*, actor, plan: StrategicPlan | None = None, project: Project | None = None, follow: bool) -> bool:
    """Follow or stop following a published plan or project; returns whether the person now follows it."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied
    target_plan = plan or project.plan
    if not target_plan.is_published:
        raise PermissionDenied
    lookup = {"user": actor, "plan": plan} if plan is not None else {"user": actor, "project": project}
    existing = Follow.objects.filter(**lookup).first()
    if follow and existing is None:
        created = Follow.objects.create(**lookup)
        audit_record(actor=actor, action=audit_actions.FOLLOW_ADD, target=created)
    elif not follow and existing is not None:
        audit_record(actor=actor, action=audit_actions.FOLLOW_REMOVE, target=existing)
        existing.delete()
    return follow
