"""Audit action names in one dialect, `<app>.<object>.<verb>` (the registry: tabadul/core/audit.py).

Stored rows are renamed so the audit trail's history keeps its labels; the reverse restores the old names.
"""

from django.db import migrations
from django.db.models import Q

RENAMES = {
    "user.register": "accounts.user.register",
    "user.activate": "accounts.user.activate",
    "user.update_profile": "accounts.profile.update",
    "role.grant": "accounts.role.grant",
    "role.revoke": "accounts.role.revoke",
    "body_join_request.create": "accounts.join_request.create",
    "body_join_request.withdraw": "accounts.join_request.withdraw",
    "body_join_request.approve": "accounts.join_request.approve",
    "body_join_request.decline": "accounts.join_request.decline",
    "body_invitation.create": "accounts.invitation.create",
    "body_invitation.accept": "accounts.invitation.accept",
    "body_invitation.withdraw": "accounts.invitation.withdraw",
    "body_people.join": "accounts.staff.join",
    "body_people.remove": "accounts.staff.remove",
    "alignment.set": "alignment.tags.set",
    "local_body.update": "directory.local_body.update",
    "event.create": "events.event.create",
    "event.update": "events.event.update",
    "event.cancel": "events.event.cancel",
    "event.close": "events.event.close",
    "event.document_add": "events.document.add",
    "event.invite": "events.invitation.send",
    "event.uninvite": "events.invitation.revoke",
    "event.register": "events.registration.create",
    "event.cancel_registration": "events.registration.cancel",
    "event.waitlist_promote": "events.registration.promote",
    "event.check_in": "events.registration.check_in",
    "course.create": "events.course.create",
    "course.session_add": "events.course.add_session",
    "course.enrol": "events.enrolment.create",
    "course.withdraw": "events.enrolment.withdraw",
    "event.followup_status": "events.followup.status",
    "event.feed_token_create": "events.feed_token.create",
    "event.feed_token_revoke": "events.feed_token.revoke",
    "hub.update": "hubs.hub.update",
    "hub.invite": "hubs.invitation.send",
    "hub.invitation_answer": "hubs.invitation.answer",
    "hub.membership_request": "hubs.membership.request",
    "hub.membership_decide": "hubs.membership.decide",
    "hub.membership_leave": "hubs.membership.leave",
    "hub.representative_join": "hubs.representative.join",
    "hub.representative_leave": "hubs.representative.leave",
    "hub.election_create": "hubs.election.create",
    "hub.candidate_nominate": "hubs.candidate.nominate",
    "hub.ballot_cast": "hubs.ballot.cast",
    "hub.election_close": "hubs.election.close",
    "hub.mandate_end": "hubs.mandate.end",
    "hub.work_plan_create": "hubs.work_plan.create",
    "hub.work_plan_confirm": "hubs.work_plan.confirm",
    "hub.topic_propose": "hubs.topic.propose",
    "hub.topic_ranking_submit": "hubs.topic_ranking.submit",
    "hub.working_group_join": "hubs.working_group.join",
    "hub.working_group_leave": "hubs.working_group.leave",
    "hub.mentorship_create": "hubs.mentorship.create",
    "hub.mentorship_status": "hubs.mentorship.status",
    "hub.mentoring_session_add": "hubs.mentoring_session.add",
    "hub.initiative_submit": "hubs.initiative.submit",
    "hub.initiative_review": "hubs.initiative.review",
    "hub.initiative_to_topic": "hubs.initiative.to_topic",
    "meter.follow": "meter.follow.add",
    "meter.unfollow": "meter.follow.remove",
}
ADMIN_VERBS = {
    "add": "core.admin.add",
    "change": "core.admin.change",
    "delete": "core.admin.delete",
    "password": "core.admin.password",
}


def forwards(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    for old, new in RENAMES.items():
        AuditEvent.objects.filter(action=old).update(action=new)
    # The admin named the model in the action; the target's type says it already.
    for verb, new in ADMIN_VERBS.items():
        AuditEvent.objects.filter(action__startswith="admin.", action__endswith=f".{verb}").update(action=new)
    # The Meter wrote one name for moderating and answering a citizen's message; the changes tell them apart.
    feedback = AuditEvent.objects.filter(action="meter.feedback.update")
    feedback.filter(changes__has_key="reply").update(action="meter.feedback.reply")
    feedback.update(action="meter.feedback.moderate")


def backwards(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    for old, new in RENAMES.items():
        AuditEvent.objects.filter(action=new).update(action=old)
    ContentType = apps.get_model("contenttypes", "ContentType")
    for verb, new in ADMIN_VERBS.items():
        for type_id in AuditEvent.objects.filter(action=new).values_list("target_type", flat=True).distinct():
            model = ContentType.objects.get(pk=type_id).model if type_id else "object"
            AuditEvent.objects.filter(
                Q(target_type=type_id) if type_id else Q(target_type__isnull=True), action=new
            ).update(action=f"admin.{model}.{verb}")
    AuditEvent.objects.filter(action__in=["meter.feedback.reply", "meter.feedback.moderate"]).update(
        action="meter.feedback.update"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_throttlecounter"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
