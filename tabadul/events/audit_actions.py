"""What the events app writes in the audit trail (the registry: tabadul/core/audit.py)."""

from django.utils.translation import gettext_lazy as _

from tabadul.core.audit import register

EVENT_CREATE = register("events.event.create", _("Event created"))
EVENT_UPDATE = register("events.event.update", _("Event changed"))
EVENT_CANCEL = register("events.event.cancel", _("Event cancelled"))
EVENT_CLOSE = register("events.event.close", _("Event closed with its minutes"))
DOCUMENT_ADD = register("events.document.add", _("Document added to an event"))
INVITATION_SEND = register("events.invitation.send", _("Invitations to an event sent"))
INVITATION_REVOKE = register("events.invitation.revoke", _("Invitation to an event withdrawn"))
REGISTRATION_CREATE = register("events.registration.create", _("Registered for an event"))
REGISTRATION_CANCEL = register("events.registration.cancel", _("Place at an event cancelled"))
REGISTRATION_PROMOTE = register("events.registration.promote", _("Moved from the waiting list to a place"))
REGISTRATION_CHECK_IN = register("events.registration.check_in", _("Attendance recorded"))
COURSE_CREATE = register("events.course.create", _("Training course created"))
COURSE_SESSION_ADD = register("events.course.add_session", _("Session added to a course"))
ENROLMENT_CREATE = register("events.enrolment.create", _("Enrolled in a course"))
ENROLMENT_WITHDRAW = register("events.enrolment.withdraw", _("Withdrew from a course"))
FOLLOWUP_STATUS = register("events.followup.status", _("Follow-up action status changed"))
FEED_TOKEN_CREATE = register("events.feed_token.create", _("Calendar feed address created"))
FEED_TOKEN_REVOKE = register("events.feed_token.revoke", _("Calendar feed address replaced"))
