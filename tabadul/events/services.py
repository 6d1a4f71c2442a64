"""Every write of the events app: check the permission, validate, write, audit, and notify the people concerned.

Notifications go through `tabadul.notifications.services.notify` (one per person and key; e-mail as each person
chose, after the commit): invitations, confirmed places, places given from the waiting list, changes and
cancellations, reminders. Keys name the thing and the change, so a second change is told again and a repeated
call is not: `events.invitation:<pk>`, `events.registration:<pk>:confirmed:<audit pk>`,
`events.registration:<pk>:promoted:<audit pk>`, `events.event:<pk>:changed:<audit pk>`,
`events.registration:<pk>:reminder:<start timestamp>`.
"""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tabadul.accounts.models import User
from tabadul.core import formats
from tabadul.core.arabic import normalize_digits
from tabadul.core.services import audit_record, changed_fields
from tabadul.hubs.selectors import acts_for_check
from tabadul.notifications.models import Kind
from tabadul.notifications.services import email_addresses, notify
from tabadul.programmes.services import programme_link_check

from . import audit_actions, reach
from . import rules as event_rules
from .models import (
    CalendarFeedToken,
    ClosingReport,
    Course,
    Enrolment,
    Event,
    EventDocument,
    FollowUp,
    Invitation,
    Registration,
    new_feed_token,
    new_registration_code,
)
from .selectors import is_enrolled

# Fields an organiser sets on an event (hubs, topics and tags are set through their own arguments).
EVENT_FIELDS = (
    "name_ar",
    "name_en",
    "type",
    "description",
    "organised_by_platform",
    "partner_organiser",
    "programme",
    "starts_at",
    "ends_at",
    "time_zone",
    "mode",
    "city",
    "venue",
    "online_url",
    "visibility",
    "capacity",
    "registration_open",
    "host_body",
    "host_organisation",
)


# --- What the notifications say beyond their message (the meeting's details) ------------------------------------


def _when(event: Event) -> str:
    starts, ends = event.local_starts_at, event.local_ends_at
    start = formats.format_datetime(starts, event.tz)
    end = (
        formats.format_time(ends, event.tz) if starts.date() == ends.date() else formats.format_datetime(ends, event.tz)
    )
    return f"{start} – {end} ({formats.time_zone_name(event.tz, starts)})"


def _where(event: Event) -> str:
    return "، ".join(part for part in (event.venue, event.city) if part)


def event_details(event: Event, *, registration: Registration | None = None, lines=()) -> str:
    """The meeting's details as the e-mails carried them, in the site's language: name, when, where; the online
    link and the check-in code only for a confirmed place (never for the invited or the waiting list)."""
    with translation.override(settings.LANGUAGE_CODE):
        text = [*lines, event.name_ar, _("When: %(when)s") % {"when": _when(event)}]
        if event.city:
            text.append(_("Where: %(where)s") % {"where": _where(event)})
        confirmed = registration is not None and registration.status == Registration.Status.CONFIRMED
        if confirmed and event.is_held_online and event.online_url:
            text.append(_("Online link: %(url)s") % {"url": event.online_url})
        if confirmed:
            text.append(_("Your registration code for the check-in: %(code)s") % {"code": registration.code})
        return "\n".join(str(line) for line in text if line)


def _notify_registration(registration: Registration, *, kind: str, key: str, lines=()) -> None:
    event = registration.event
    notify(
        recipient_ids=[registration.user_id],
        kind=kind,
        key=key,
        subject=event.name_ar,
        url=event.get_absolute_url(),
        details=event_details(event, registration=registration, lines=lines),
    )


# Changes the registered people are told about: when, where, and how to join online.
NOTIFIED_CHANGES = ("starts_at", "ends_at", "time_zone", "mode", "city", "venue", "online_url")


def _change_lines(event: Event, changes: dict) -> list[str]:
    with translation.override(settings.LANGUAGE_CODE):
        lines = []
        if {"starts_at", "ends_at", "time_zone"} & changes.keys():
            lines.append(_("New time: %(when)s") % {"when": _when(event)})
        if {"city", "venue"} & changes.keys():
            lines.append(_("New place: %(where)s") % {"where": _where(event) or _("online only")})
        if "mode" in changes:
            lines.append(_("New format: %(mode)s") % {"mode": event.get_mode_display()})
        if "online_url" in changes:
            lines.append(_("The online meeting link has changed (confirmed places see it below)."))
        return [str(line) for line in lines]


def _notify_registered(*, event: Event, key: str, lines: list[str]) -> None:
    """Tell everyone holding a place or a waiting-list place; the online link goes only to confirmed places."""
    for registration in event.registrations.exclude(status=Registration.Status.CANCELLED).select_related("event"):
        _notify_registration(registration, kind=Kind.EVENT_CHANGED, key=key, lines=lines)


# --- Events -----------------------------------------------------------------------------------------------


def _set_relations(*, actor, event: Event, hubs, topics, organisers, bodies=None, organisations=None) -> dict:
    changes = {}
    if organisations is not None:
        organisations = list(organisations)
        acts_for_check(
            actor=actor,
            named=organisations,
            already=event.organiser_organisations.all(),
            field_name="organiser_organisations",
        )
        event.organiser_organisations.set(organisations)
        event.__dict__.pop("_organiser_organisation_ids_cache", None)
        changes["organiser_organisations"] = sorted(organisation.pk for organisation in organisations)
    if hubs is not None:
        hubs = list(hubs)
        acts_for_check(
            actor=actor,
            named=hubs,
            already=event.organiser_hubs.all(),
            field_name="organiser_hubs",
            programme_hubs=True,  # a programme officer organises joint activities for the programme's hubs
        )
        event.organiser_hubs.set(hubs)
        event.__dict__.pop("_hub_ids_cache", None)  # rules.organiser_hub_ids
        changes["organiser_hubs"] = sorted(hub.pk for hub in hubs)
    if bodies is not None:
        bodies = list(bodies)
        acts_for_check(actor=actor, named=bodies, already=event.organiser_bodies.all(), field_name="organiser_bodies")
        event.organiser_bodies.set(bodies)
        event.__dict__.pop("_organiser_body_ids_cache", None)
        changes["organiser_bodies"] = sorted(body.pk for body in bodies)
    if topics is not None:
        topics = list(topics)
        hub_ids = set(event.organiser_hubs.values_list("pk", flat=True))
        if any(topic.work_plan.hub_id not in hub_ids for topic in topics):
            raise ValidationError({"topics": _("Choose topics from the work plans of the organising hubs.")})
        event.topics.set(topics)
        changes["topics"] = sorted(topic.pk for topic in topics)
    if organisers is not None:
        organisers = list(organisers)
        event.organisers.set(organisers)
        changes["organisers"] = sorted(person.pk for person in organisers)
    return changes


def _set_visiting_bodies(event: Event, visiting_bodies) -> dict:
    """A field visit's or study tour's visiting bodies (None: unchanged). Refused on another type of event and for
    the host itself; returns the audit change."""
    current = set(event.visiting_bodies.values_list("pk", flat=True))
    wanted = current if visiting_bodies is None else {body.pk for body in visiting_bodies}
    if wanted and event.type not in Event.VISIT_TYPES:
        raise ValidationError({"visiting_bodies": _("Only a field visit or a study tour has visiting bodies.")})
    if event.host_body_id and event.host_body_id in wanted:
        raise ValidationError({"visiting_bodies": _("The host body cannot be one of the visiting bodies.")})
    if wanted == current:
        return {}
    event.visiting_bodies.set(list(visiting_bodies))
    return {"visiting_bodies": [sorted(current), sorted(wanted)]}


def _check_platform_name(*, actor, before: bool, after: bool) -> None:
    """Setting or clearing `organised_by_platform` writes in the platform's name: only those who speak for it."""
    if bool(after) != bool(before) and not actor.has_perm("events.organise_for_platform"):
        raise PermissionDenied


def _check_members_only(event: Event) -> None:
    """Members-only means members of an organising hub: a body's own event is public or by invitation."""
    if event.visibility == Event.Visibility.MEMBERS and not event.organiser_hubs.exists():
        raise ValidationError(
            {"visibility": _("Only an event of a hub can be for its members only: choose public or by invitation.")}
        )


@transaction.atomic
def event_create(
    *,
    actor,
    hubs: Iterable = (),
    bodies: Iterable = (),
    topics: Iterable = (),
    organisers: Iterable | None = None,
    organisations: Iterable = (),
    visiting_bodies: Iterable = (),
    **fields,
):
    """Create an event organised by hubs, local bodies (their own events), the platform or a partner.

    Each hub and body named must be one the actor acts for (`hubs.selectors.acts_for`): Beita's editor names Beita.
    """
    if not actor.has_perm("events.add_event"):
        raise PermissionDenied
    unknown = set(fields) - set(EVENT_FIELDS) - {"course"}
    if unknown:
        raise ValueError(f"Unknown event fields: {sorted(unknown)}")
    _check_platform_name(actor=actor, before=False, after=fields.get("organised_by_platform", False))
    programme_link_check(actor=actor, before=None, after=fields.get("programme"))
    hubs, bodies, organisations = list(hubs), list(bodies), list(organisations)
    if (
        not hubs
        and not bodies
        and not organisations
        and not fields.get("organised_by_platform")
        and not event_rules.is_platform_admin(actor)
    ):
        raise ValidationError(_("Choose the organising hub, local body or organisation."))
    event = Event(created_by=actor, **fields)
    event.full_clean()
    event.save()
    _set_relations(
        actor=actor,
        event=event,
        hubs=hubs,
        bodies=bodies,
        organisations=organisations,
        topics=topics,
        organisers=[actor] if organisers is None else organisers,
    )
    _check_members_only(event)
    visits = _set_visiting_bodies(event, list(visiting_bodies))
    audit_record(
        actor=actor,
        action=audit_actions.EVENT_CREATE,
        target=event,
        changes={k: fields[k] for k in sorted(fields)}
        | ({"visiting_bodies": visits["visiting_bodies"][1]} if visits else {})
        | ({"organiser_bodies": sorted(b.pk for b in bodies)} if bodies else {})
        | ({"organiser_organisations": sorted(o.pk for o in organisations)} if organisations else {}),
    )
    return event


@transaction.atomic
def event_update(
    *,
    actor,
    event: Event,
    hubs=None,
    bodies=None,
    topics=None,
    organisers=None,
    organisations=None,
    visiting_bodies=None,
    **fields,
) -> Event:
    """Change an event; people holding a place (or a waiting-list place) hear of a new time, place or link."""
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown event fields: {sorted(unknown)}")
    _check_platform_name(
        actor=actor,
        before=event.organised_by_platform,
        after=fields.get("organised_by_platform", event.organised_by_platform),
    )
    programme_link_check(actor=actor, before=event.programme, after=fields.get("programme", event.programme))
    changes = changed_fields(event, fields)
    for name, value in fields.items():
        setattr(event, name, value)
    event.full_clean()
    event.save()
    changes |= _set_relations(
        actor=actor,
        event=event,
        hubs=hubs,
        bodies=bodies,
        organisations=organisations,
        topics=topics,
        organisers=organisers,
    )
    if hubs is not None or "visibility" in fields:
        _check_members_only(event)
    changes |= _set_visiting_bodies(event, visiting_bodies)
    if not changes:
        return event
    record = audit_record(actor=actor, action=audit_actions.EVENT_UPDATE, target=event, changes=changes)
    reach.changed()  # its date, visibility or hubs may move its attendances in the reach figures
    told = {name: value for name, value in changes.items() if name in NOTIFIED_CHANGES}
    if told and event.status == Event.Status.SCHEDULED and not event.is_past:
        if {"starts_at", "time_zone"} & told.keys():
            # A new date: the day-before reminder is due again for the new date.
            event.registrations.update(reminder_queued_at=None)
        key = f"events.event:{event.pk}:changed:{record.pk}"
        _notify_registered(event=event, key=key, lines=_change_lines(event, told))
    return event


@transaction.atomic
def event_cancel(*, actor, event: Event, reason: str) -> Event:
    """Cancel a scheduled event with a reason, which everyone holding a place (or waiting for one) reads."""
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason: the people concerned will read it.")})
    if event.status != Event.Status.SCHEDULED:
        raise ValidationError(_("Only a scheduled event can be cancelled."))
    event.status = Event.Status.CANCELLED
    event.save(update_fields=["status", "updated_at"])
    record = audit_record(actor=actor, action=audit_actions.EVENT_CANCEL, target=event, changes={"reason": reason})
    reach.changed()
    with translation.override(settings.LANGUAGE_CODE):
        lines = [str(_("The event is cancelled.")), str(_("Reason: %(reason)s") % {"reason": reason})]
    _notify_registered(event=event, key=f"events.event:{event.pk}:changed:{record.pk}", lines=lines)
    return event


@transaction.atomic
def event_document_add(*, actor, event: Event, title: str, file) -> EventDocument:
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied
    document = EventDocument(event=event, title=title, file=file, uploaded_by=actor)
    document.full_clean()
    document.save()
    audit_record(actor=actor, action=audit_actions.DOCUMENT_ADD, target=event, changes={"title": title})
    return document


# --- Invitations --------------------------------------------------------------------------------------------


@transaction.atomic
def invitation_create(*, actor, event: Event, users: Iterable = (), bodies: Iterable = ()) -> list[Invitation]:
    """Invite people and/or bodies; existing invitations are kept, each new one is e-mailed once."""
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied
    created = []
    for field, targets in (("user", users), ("local_body", bodies)):
        for target in targets:
            invitation, is_new = Invitation.objects.get_or_create(
                event=event, **{field: target}, defaults={"invited_by": actor}
            )
            if is_new:
                created.append(invitation)
                _notify_invitation(invitation)
    if created:
        audit_record(
            actor=actor,
            action=audit_actions.INVITATION_SEND,
            target=event,
            changes={
                "users": [i.user_id for i in created if i.user_id],
                "bodies": [i.local_body_id for i in created if i.local_body_id],
            },
        )
    return created


def _notify_invitation(invitation: Invitation) -> None:
    """The invited person, or every active staff member of the invited body and the body's own address."""

    event = invitation.event
    if invitation.user_id:
        recipients = [invitation.user_id]
    else:
        recipients = list(
            User.objects.filter(local_body_id=invitation.local_body_id, is_active=True).values_list("pk", flat=True)
        )
    lines = []
    if invitation.local_body_id:
        with translation.override(settings.LANGUAGE_CODE):
            line = _("The invitation is addressed to %(body)s: its staff may register.")
            lines.append(str(line % {"body": invitation.local_body.name_ar}))
    values = {
        "kind": Kind.INVITATION,
        "subject": event.name_ar,
        "url": event.get_absolute_url(),
        "details": event_details(event, lines=lines),
    }
    notify(recipient_ids=recipients, key=f"events.invitation:{invitation.pk}", **values)
    if invitation.local_body_id and invitation.local_body.email:
        email_addresses(addresses=[invitation.local_body.email], **values)


@transaction.atomic
def invitation_revoke(*, actor, invitation: Invitation) -> None:
    if not actor.has_perm("events.change_event", invitation.event):
        raise PermissionDenied
    audit_record(
        actor=actor,
        action=audit_actions.INVITATION_REVOKE,
        target=invitation.event,
        changes={"user": invitation.user_id, "local_body": invitation.local_body_id},
    )
    invitation.delete()


# --- Registration and the waiting list -----------------------------------------------------------------------


def _locked_event(event: Event) -> Event:
    """Re-read the event under a row lock so that two registrations cannot both take the last place."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=Registration.Status.CONFIRMED).count()


def _has_free_place(event: Event) -> bool:
    return event.capacity is None or _confirmed_count(event) < event.capacity


def _new_code() -> str:
    for _attempt in range(10):
        code = new_registration_code()
        if not Registration.objects.filter(code=code).exists():
            return code
    raise RuntimeError("Could not draw a free registration code.")


def _admit(*, person, event: Event) -> Registration:
    """Give `person` a place in `event`, or a place on its waiting list: the one place the admission rules live.

    Single registrations and course enrolments both come here, so a course never opens a session that the
    person could not join on its own (invitation only, members only, closed, past, full). A session of a course
    takes only people enrolled in that course. Raises PermissionDenied or ValidationError and writes nothing then.
    """
    if not person.is_authenticated or not person.has_perm("events.register_event", event):
        raise PermissionDenied
    event = _locked_event(event)
    if event.status != Event.Status.SCHEDULED or event.is_past:
        raise ValidationError(_("This event is not open for registration any more."))
    if not event.registration_open:
        raise ValidationError(_("Registration for this event is closed."))
    if event.course_id and not is_enrolled(user=person, course_id=event.course_id):
        raise ValidationError(_("Enrol in the training course to attend its sessions."))
    registration = Registration.objects.filter(event=event, user=person).first()
    if registration and registration.status != Registration.Status.CANCELLED:
        raise ValidationError(_("You are already registered for this event."))
    registration = registration or Registration(event=event, user=person, code=_new_code())
    registration.local_body = person.local_body
    registration.cancelled_at = None
    if _has_free_place(event):
        registration.status = Registration.Status.CONFIRMED
        registration.waitlisted_at = None
    else:
        registration.status = Registration.Status.WAITLISTED
        registration.waitlisted_at = timezone.now()
    registration.full_clean()
    registration.save()
    return registration


@transaction.atomic
def event_register(*, actor, event: Event) -> Registration:
    """Register the actor: a confirmed place while there is room, else the waiting list."""
    registration = _admit(person=actor, event=event)
    record = audit_record(
        actor=actor,
        action=audit_actions.REGISTRATION_CREATE,
        target=registration.event,
        changes={"status": registration.status},
    )
    if registration.status == Registration.Status.CONFIRMED:
        # The waiting list is shown on the event's page (with the rank); its place, when freed, is told below.
        _notify_registration(
            registration,
            kind=Kind.REGISTRATION_CONFIRMED,
            key=f"events.registration:{registration.pk}:confirmed:{record.pk}",
        )
    return registration


def _try_admit(*, person, event: Event) -> str:
    """Admit the person as `_admit` does, or return "refused" having written nothing: a course admits its people
    session by session, and a session they may not join is skipped, not an error."""
    try:
        with transaction.atomic():
            return _admit(person=person, event=event).status
    except (PermissionDenied, ValidationError):
        return "refused"


def _promote_waiting(*, actor, event: Event) -> list[Registration]:
    promoted = []
    while _has_free_place(event):
        waiting = (
            event.registrations.filter(status=Registration.Status.WAITLISTED)
            .order_by("waitlisted_at", "pk")
            .select_for_update()
            .first()
        )
        if waiting is None:
            break
        waiting.status = Registration.Status.CONFIRMED
        waiting.waitlisted_at = None
        waiting.save(update_fields=["status", "waitlisted_at", "updated_at"])
        record = audit_record(
            actor=actor, action=audit_actions.REGISTRATION_PROMOTE, target=event, changes={"user": waiting.user_id}
        )
        waiting.event = event
        with translation.override(settings.LANGUAGE_CODE):
            lines = [str(_("A place became free and you were moved from the waiting list: your place is confirmed."))]
        _notify_registration(
            waiting,
            kind=Kind.REGISTRATION_PROMOTED,
            key=f"events.registration:{waiting.pk}:promoted:{record.pk}",
            lines=lines,
        )
        promoted.append(waiting)
    return promoted


@transaction.atomic
def registration_cancel(*, actor, registration: Registration) -> list[Registration]:
    """Cancel a place (the person or a manager of the event); the freed place goes to the next in line.

    Returns the registrations promoted from the waiting list.
    """
    if not actor.is_authenticated:
        raise PermissionDenied
    event = _locked_event(registration.event)
    if actor.pk != registration.user_id and not actor.has_perm("events.change_event", event):
        raise PermissionDenied
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        raise ValidationError(_("This registration is already cancelled."))
    if registration.checked_in_at:
        raise ValidationError(_("An attendance that was checked in cannot be cancelled."))
    if event.is_past:
        raise ValidationError(_("This event is over."))
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.waitlisted_at = None
    registration.save(update_fields=["status", "cancelled_at", "waitlisted_at", "updated_at"])
    audit_record(
        actor=actor, action=audit_actions.REGISTRATION_CANCEL, target=event, changes={"user": registration.user_id}
    )
    return _promote_waiting(actor=actor, event=event)


@transaction.atomic
def event_set_capacity(*, actor, event: Event, capacity: int | None) -> list[Registration]:
    """Change the capacity; a larger capacity promotes people from the waiting list."""
    event_update(actor=actor, event=event, capacity=capacity)
    return _promote_waiting(actor=actor, event=_locked_event(event))


# --- Attendance ----------------------------------------------------------------------------------------------


def _check_in(*, actor, registration: Registration, method: str) -> Registration:
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(_("Only people with a confirmed place can be checked in."))
    if registration.checked_in_at:
        raise ValidationError(_("This registration was already checked in."))
    if timezone.now() < registration.event.check_in_opens_at:
        raise ValidationError(_("Check-in opens on the day before the event."))
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = actor
    registration.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])
    audit_record(
        actor=actor,
        action=audit_actions.REGISTRATION_CHECK_IN,
        target=registration.event,
        changes={"user": registration.user_id, "method": method},
    )
    reach.changed()
    return registration


@transaction.atomic
def registration_check_in(*, actor, registration: Registration) -> Registration:
    """Check a person in from the list of registrations."""
    if not actor.has_perm("events.manage_attendance", registration.event):
        raise PermissionDenied
    registration = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    return _check_in(actor=actor, registration=registration, method="list")


@transaction.atomic
def registration_check_in_by_code(*, actor, event: Event, code: str) -> Registration:
    """Check a person in with the code of their registration; a code is accepted once."""
    if not actor.has_perm("events.manage_attendance", event):
        raise PermissionDenied

    code = normalize_digits(code or "").strip().upper().replace(" ", "").replace("-", "")[:16]
    registration = (
        Registration.objects.select_for_update().select_related("event").filter(event=event, code=code).first()
    )
    if registration is None:
        raise ValidationError(_("No registration for this event has this code."))
    return _check_in(actor=actor, registration=registration, method="code")


# --- Training courses ----------------------------------------------------------------------------------------


@transaction.atomic
def course_create(*, actor, hubs: Iterable = (), **fields) -> Course:
    if not actor.has_perm("events.add_course"):
        raise PermissionDenied
    course = Course(**fields)
    course.full_clean()
    course.save()
    course.organisers.add(actor)
    hubs = list(hubs)
    acts_for_check(actor=actor, named=hubs, field_name="organiser_hubs")
    course.organiser_hubs.set(hubs)
    audit_record(actor=actor, action=audit_actions.COURSE_CREATE, target=course, changes=fields)
    return course


@transaction.atomic
def course_session_add(*, actor, course: Course, **fields) -> Event:
    """Add a session: an event of type training session, organised like its course, for its enrolled people."""
    if not actor.has_perm("events.change_course", course):
        raise PermissionDenied
    _check_platform_name(actor=actor, before=False, after=fields.get("organised_by_platform", False))
    fields = {"type": Event.Type.TRAINING_SESSION, **fields}
    event = Event(course=course, created_by=actor, **fields)
    event.full_clean()
    event.save()
    event.organisers.set(course.organisers.all())
    event.organiser_hubs.set(course.organiser_hubs.all())
    people = {}  # outcome -> ids of the enrolled people
    for enrolment in course.enrolments.filter(status=Enrolment.Status.ACTIVE).select_related("user"):
        people.setdefault(_try_admit(person=enrolment.user, event=event), []).append(enrolment.user_id)
    audit_record(
        actor=actor, action=audit_actions.COURSE_SESSION_ADD, target=course, changes={"event": event.pk, **people}
    )
    return event


@transaction.atomic
def course_enrol(*, actor, course: Course) -> Enrolment:
    """Enrol the actor, then admit them to each coming session by the rules of a single registration."""
    if not actor.is_authenticated or not actor.has_perm("events.enrol_course", course):
        raise PermissionDenied
    course = Course.objects.select_for_update().get(pk=course.pk)
    if not course.enrolment_open:
        raise ValidationError(_("Enrolment in this course is closed."))
    enrolment = Enrolment.objects.filter(course=course, user=actor).first()
    if enrolment and enrolment.status == Enrolment.Status.ACTIVE:
        raise ValidationError(_("You are already enrolled in this course."))
    active = course.enrolments.filter(status=Enrolment.Status.ACTIVE).count()
    if course.capacity is not None and active >= course.capacity:
        raise ValidationError(_("This course is full."))
    enrolment = enrolment or Enrolment(course=course, user=actor)
    enrolment.status = Enrolment.Status.ACTIVE
    enrolment.local_body = actor.local_body
    enrolment.full_clean()
    enrolment.save()
    sessions = {}  # outcome -> session ids
    for session in course.sessions.upcoming().order_by("starts_at", "pk"):
        sessions.setdefault(_try_admit(person=actor, event=session), []).append(session.pk)
    audit_record(actor=actor, action=audit_actions.ENROLMENT_CREATE, target=course, changes=sessions)
    return enrolment


@transaction.atomic
def course_withdraw(*, actor, enrolment: Enrolment) -> Enrolment:
    if actor.pk != enrolment.user_id and not actor.has_perm("events.change_course", enrolment.course):
        raise PermissionDenied
    if enrolment.status == Enrolment.Status.WITHDRAWN:
        raise ValidationError(_("This enrolment is already withdrawn."))
    enrolment.status = Enrolment.Status.WITHDRAWN
    enrolment.save(update_fields=["status", "updated_at"])
    places = Registration.objects.filter(
        event__course=enrolment.course,
        user_id=enrolment.user_id,
        event__ends_at__gte=timezone.now(),
        checked_in_at__isnull=True,
    ).exclude(status=Registration.Status.CANCELLED)
    freed = list(places.filter(status=Registration.Status.CONFIRMED).values_list("event_id", flat=True))
    places.update(status=Registration.Status.CANCELLED, cancelled_at=timezone.now(), waitlisted_at=None)
    audit_record(
        actor=actor,
        action=audit_actions.ENROLMENT_WITHDRAW,
        target=enrolment.course,
        changes={"user": enrolment.user_id},
    )
    for session in Event.objects.filter(pk__in=freed):
        _promote_waiting(actor=actor, event=_locked_event(session))
    return enrolment


# --- Closing report and follow-ups ---------------------------------------------------------------------------


@transaction.atomic
def event_close(
    *, actor, event: Event, minutes: str, attendee_count: int, decisions: str = "", followups: Iterable[dict] = ()
) -> ClosingReport:
    """Close a past event with its minutes, head count, decisions and follow-up actions.

    Each follow-up is a dict with `description`, `owner` (a person) or `owner_name`, `due_date`, optional `status`.
    """
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied
    event = _locked_event(event)
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("A cancelled event cannot be closed."))
    if event.status == Event.Status.CLOSED or ClosingReport.objects.filter(event=event).exists():
        raise ValidationError(_("This event is already closed."))
    if event.starts_at > timezone.now():
        raise ValidationError(_("An event can be closed only after it has started."))
    report = ClosingReport(
        event=event, minutes=minutes, attendee_count=attendee_count, decisions=decisions, closed_by=actor
    )
    report.full_clean()
    report.save()
    for item in followups:
        followup = FollowUp(report=report, **item)
        followup.full_clean()
        followup.save()
    event.status = Event.Status.CLOSED
    event.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=audit_actions.EVENT_CLOSE,
        target=event,
        changes={"attendee_count": attendee_count, "followups": len(list(report.followups.all()))},
    )
    return report


@transaction.atomic
def followup_set_status(*, actor, followup: FollowUp, status: str) -> FollowUp:
    event = followup.report.event
    if not (actor.has_perm("events.change_event", event) or (actor.is_authenticated and actor.pk == followup.owner_id)):
        raise PermissionDenied
    if status not in FollowUp.Status.values:
        raise ValidationError(_("Unknown status."))
    if followup.status != status:
        audit_record(
            actor=actor,
            action=audit_actions.FOLLOWUP_STATUS,
            target=event,
            changes={"followup": followup.pk, "status": status},
        )
        followup.status = status
        followup.save(update_fields=["status", "updated_at"])
    return followup


# --- Private calendar feed -----------------------------------------------------------------------------------


@transaction.atomic
def feed_token_get_or_create(*, actor) -> CalendarFeedToken:
    if not actor.is_authenticated:
        raise PermissionDenied
    token, created = CalendarFeedToken.objects.get_or_create(user=actor)
    if created:
        audit_record(actor=actor, action=audit_actions.FEED_TOKEN_CREATE, target=actor)
    return token


@transaction.atomic
def feed_token_revoke(*, actor) -> CalendarFeedToken:
    """Replace the secret: the old feed address stops working at once."""
    if not actor.is_authenticated:
        raise PermissionDenied
    token, _created = CalendarFeedToken.objects.select_for_update().get_or_create(user=actor)
    token.token = new_feed_token()
    token.save(update_fields=["token", "updated_at"])
    audit_record(actor=actor, action=audit_actions.FEED_TOKEN_REVOKE, target=actor)
    return token


# --- Reminders -----------------------------------------------------------------------------------------------


def reminders_enqueue_due(*, now=None, within: timedelta = timedelta(days=1)) -> int:
    """Notify the day-before reminder (EVENT_REMINDER) of every confirmed registration not yet reminded. Idempotent.

    Each registration is claimed with a conditional UPDATE, so two runs at once never remind the same one twice;
    the key names the start time, so a moved event (its claim cleared by `event_update`) is reminded again.
    """
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminder_queued_at__isnull=True,
        event__status=Event.Status.SCHEDULED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + within,
    ).values_list("pk", flat=True)
    queued = 0
    for pk in list(due):
        with transaction.atomic():
            claimed = Registration.objects.filter(pk=pk, reminder_queued_at__isnull=True).update(reminder_queued_at=now)
            if claimed:
                registration = Registration.objects.select_related("event").get(pk=pk)
                with translation.override(settings.LANGUAGE_CODE):
                    lines = [str(_("A reminder of the event you registered for:"))]
                _notify_registration(
                    registration,
                    kind=Kind.EVENT_REMINDER,
                    key=f"events.registration:{pk}:reminder:{int(registration.event.starts_at.timestamp())}",
                    lines=lines,
                )
                queued += 1
    return queued


__all__ = [
    "IntegrityError",
    "course_create",
    "course_enrol",
    "course_session_add",
    "course_withdraw",
    "event_cancel",
    "event_close",
    "event_create",
    "event_document_add",
    "event_register",
    "event_set_capacity",
    "event_update",
    "feed_token_get_or_create",
    "feed_token_revoke",
    "followup_set_status",
    "invitation_create",
    "invitation_revoke",
    "reminders_enqueue_due",
    "registration_cancel",
    "registration_check_in",
    "registration_check_in_by_code",
]
