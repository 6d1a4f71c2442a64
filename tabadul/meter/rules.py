"""Who may do what in the Meter (the table is in docs/meter.md)."""

import rules
from django.utils import timezone

from tabadul.accounts.rules import body_of, is_body_approver, is_body_editor, is_platform_admin, programme_officer_ids

from .models import StrategicPlan


@rules.predicate
def is_published_plan(user, plan) -> bool:
    return plan is not None and getattr(plan, "status", None) == "published"


is_body_staff = is_body_editor | is_body_approver


@rules.predicate
def is_published_evidence(user, evidence) -> bool:
    """Evidence of a published update of a published plan is public, like the update on the project's page."""
    update = evidence.update
    return update.status == "published" and update.project.plan.status == "published"


@rules.predicate
def is_evidence_body_staff(user, evidence) -> bool:
    return is_body_staff(user, evidence.update)


@rules.predicate
def is_published_post(user, post) -> bool:
    return post.published_at is not None and post.published_at <= timezone.now()


@rules.predicate
def is_not_its_author(user, update) -> bool:
    return update.author_id is None or update.author_id != user.pk


@rules.predicate
def allows_single_person_approval(user, update) -> bool:
    return update.project.plan.single_person_approval


@rules.predicate
def is_pilot_officer(user, obj) -> bool:
    """An officer of the programme of a Meter pilot: the plan's programme, or for a body (its queues) the programme
    of one of its plans. Officers follow a pilot read-only: they never edit, approve or moderate."""
    mine = programme_officer_ids(user)
    if not mine or obj is None:
        return False
    plan = getattr(obj, "plan", None) or (obj if isinstance(obj, StrategicPlan) else None)
    if plan is None and hasattr(obj, "project"):
        plan = obj.project.plan
    if plan is not None:
        return plan.programme_id in mine
    body = body_of(obj)
    if body is None:
        return False
    return StrategicPlan.objects.filter(body=body, programme_id__in=mine).exists()


@rules.predicate
def is_supportable(user, feedback) -> bool:
    """A published suggestion of a published plan (questions and complaints are not supported)."""
    return (
        feedback is not None
        and feedback.kind == "suggestion"
        and feedback.status == "published"
        and feedback.plan.status == "published"
    )


@rules.predicate
def is_not_its_writer(user, feedback) -> bool:
    return feedback.author_id is None or feedback.author_id != user.pk


rules.add_perm("meter.view_plan", is_published_plan | is_body_staff | is_platform_admin | is_pilot_officer)
# The internal pages of a pilot, read-only (progress waiting for approval, the feedback queue): the body's staff,
# administrators and the officers of the pilot's programme.
rules.add_perm("meter.view_pilot", is_body_staff | is_platform_admin | is_pilot_officer)
rules.add_perm("meter.change_plan", is_body_editor | is_platform_admin)
rules.add_perm("meter.publish_plan", is_body_approver | is_platform_admin)
rules.add_perm("meter.submit_progress", is_body_staff | is_platform_admin)
rules.add_perm("meter.publish_progress", is_body_approver | is_platform_admin)
# Four eyes: a progress report is published by someone other than its author, unless its plan says that the body
# has a single staff member (StrategicPlan.single_person_approval). Asked with the update.
rules.add_perm(
    "meter.publish_this_progress",
    (is_body_approver | is_platform_admin) & (is_not_its_author | allows_single_person_approval),
)
rules.add_perm("meter.moderate_feedback", is_body_staff | is_platform_admin)
rules.add_perm("meter.manage_posts", is_body_staff | is_platform_admin)
rules.add_perm("meter.manage_reports", is_body_staff | is_platform_admin)
rules.add_perm("meter.manage_body", is_body_staff | is_platform_admin)
# Who may download uploaded files (core/files.py asks these with the owner object).
rules.add_perm("meter.view_evidence", is_published_evidence | is_evidence_body_staff | is_platform_admin)
rules.add_perm("meter.view_post", is_published_post | is_body_staff | is_platform_admin)
rules.add_perm("meter.view_import_file", is_body_editor | is_platform_admin)
# Support for others' suggestions (issue 19): any signed-in person, once per suggestion, not their own.
rules.add_perm("meter.support_feedback", rules.is_authenticated & is_supportable & is_not_its_writer)
# Suggestions to improve the Meter itself go to the platform's administrators (there is no moderator role).
rules.add_perm("meter.read_platform_feedback", is_platform_admin)
