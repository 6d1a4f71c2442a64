"""Course enrolment used to give every enrolled person a place in every session of the course, invitation-only and
members-only sessions included (issue #15, item 3; fixed in the services by `_admit`). Those places still open the
sessions, their meeting links and calendar files to people who have no right to them: cancel them.

A place in a non-public session of a course is kept when the person would be admitted today
(`events.register_event`: `may_attend | is_event_manager`): invited in person or through their body; for a
members-only session, a member of an organising hub (their body's active membership, or a named representative);
an organiser of the session, a coordinator or deputy of an organising hub within their term, a platform
administrator. Registrations do not record how they were made, so every place in a course session is looked at:
since `_admit`, none is made without that right. A checked-in place is kept: the attendance happened (and only
confirmed places may be checked in). The waiting list is not promoted here: organisers see the freed places and the
next change of the session (a cancellation, a new capacity) promotes as usual. Each cancellation is audited.
"""

from django.db import migrations
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone


def _kept(apps):
    """The conditions under which a person keeps their place, as subqueries on the registration."""
    Event = apps.get_model("events", "Event")
    Invitation = apps.get_model("events", "Invitation")
    Membership = apps.get_model("hubs", "Membership")
    Representative = apps.get_model("hubs", "Representative")
    Mandate = apps.get_model("hubs", "Mandate")
    RoleGrant = apps.get_model("accounts", "RoleGrant")
    event, person, body = OuterRef("event_id"), OuterRef("user_id"), OuterRef("user__local_body_id")
    today = timezone.localdate()
    invited = Invitation.objects.filter(Q(user_id=person) | Q(local_body_id=body), event_id=event)
    member = Membership.objects.filter(hub__organised_events=event, body_id=body, status="active")
    representative = Representative.objects.filter(
        membership__hub__organised_events=event, membership__status="active", user_id=person
    )
    organiser = Event.organisers.through.objects.filter(event_id=event, user_id=person)
    coordinator = Mandate.objects.filter(
        hub__organised_events=event, user_id=person, starts_on__lte=today, ends_on__gte=today
    )
    admin = RoleGrant.objects.filter(user_id=person, role="platform_admin", local_body__isnull=True)
    return (
        Exists(invited)
        | (Q(event__visibility="members") & (Exists(member) | Exists(representative)))
        | Exists(organiser)
        | Exists(coordinator)
        | Q(user__is_superuser=True)
        | Exists(admin)
    )


def cancel_places_without_right(apps, schema_editor):
    Registration = apps.get_model("events", "Registration")
    AuditEvent = apps.get_model("core", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    without_right = (
        Registration.objects.filter(event__course__isnull=False, event__visibility__in=["members", "invitation"])
        .exclude(status="cancelled")
        .filter(checked_in_at__isnull=True)
        .exclude(_kept(apps))
        .select_related("event")
    )
    event_type, _created = ContentType.objects.get_or_create(app_label="events", model="event")
    now = timezone.now()
    for registration in without_right:
        Registration.objects.filter(pk=registration.pk).update(
            status="cancelled", cancelled_at=now, waitlisted_at=None, updated_at=now
        )
        AuditEvent.objects.create(
            # The registered name (events/audit_actions.py); rows written as "event.cancel_registration" before it
            # existed are renamed by core.0003_audit_action_names.
            action="events.registration.cancel",
            target_type=event_type,
            target_id=str(registration.event_id),
            target_repr=registration.event.name_ar[:300],
            changes={"user": registration.user_id, "reason": "no right to the session (issue #15, item 3)"},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_private_files"),
        ("core", "0001_initial"),
        ("accounts", "0001_initial"),
        ("hubs", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(cancel_places_without_right, migrations.RunPython.noop),
    ]
