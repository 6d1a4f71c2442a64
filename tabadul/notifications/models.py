"""The notification centre: what happened that concerns a person, shown in the site and sent by e-mail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tabadul.core.bidi import sentence


class Kind(models.TextChoices):
    """Everything the platform tells people about. Adding one means a message and a section below, and a test of
    its trigger marked @pytest.mark.notification_kind (notifications/tests/test_kinds.py enumerates them)."""

    # People and bodies
    BODY_JOIN_REQUEST = "body_join_request", _("Requests to join my body")
    BODY_JOIN_DECISION = "body_join_decision", _("Decisions on my request to join a body")
    # Hubs
    HUB_INVITATION = "hub_invitation", _("Invitations of my body to a hub")
    HUB_JOIN_REQUEST = "hub_join_request", _("Requests to join a hub I coordinate")
    HUB_JOIN_DECISION = "hub_join_decision", _("Decisions on my body's request to join a hub")
    ELECTION_OPENED = "election_opened", _("Elections opened in my hubs")
    ELECTION_CLOSING = "election_closing", _("Elections closing tomorrow")
    ELECTION_RESULT = "election_result", _("Results of elections in my hubs")
    WORKING_GROUP_LEAD = "working_group_lead", _("Working-group leads named")
    INITIATIVE_DECISION = "initiative_decision", _("Decisions on my body's initiatives")
    NEW_DOCUMENT = "new_document", _("New documents in my hubs")
    JOINT_ACTIVITY = "joint_activity", _("Joint activities proposed to my hubs, and their answers")
    # Ask a specialist
    QUESTION_ROUTED = "question_routed", _("Questions routed to me")
    ANSWER = "answer", _("Answers to my questions")
    ANSWER_ACCEPTED = "answer_accepted", _("My answers accepted")
    # Discussions
    THREAD_REPLY = "thread_reply", _("Replies in my threads and to my posts")
    MENTION = "mention", _("Mentions of me")
    POST_REPORTED = "post_reported", _("Reported posts in forums I moderate")
    # Municipality Meter
    PROGRESS_PENDING = "progress_pending", _("Progress waiting for my approval")
    PROGRESS_DECISION = "progress_decision", _("My progress published or rejected")
    FEEDBACK_PENDING = "feedback_pending", _("Citizen feedback waiting for moderation")
    FEEDBACK_REPLY = "feedback_reply", _("Replies to my feedback")
    PROJECT_CHANGED = "project_changed", _("Changes to projects and plans I follow")
    PLATFORM_FEEDBACK = "platform_feedback", _("Suggestions to improve the Meter")
    # Events
    INVITATION = "invitation", _("Invitations to events")
    REGISTRATION_CONFIRMED = "registration_confirmed", _("My registrations confirmed")
    REGISTRATION_PROMOTED = "registration_promoted", _("Places given to me from the waiting list")
    EVENT_CHANGED = "event_changed", _("Changes to events I registered for")
    EVENT_REMINDER = "event_reminder", _("Reminders of my events")
    # Twinning and the library
    MILESTONE_DUE = "milestone_due", _("Twinning milestones due or overdue")
    DOCUMENT_REVISED = "document_revised", _("New versions of documents I follow")
    RECOMMENDATION_STATUS = "recommendation_status", _("Changes to recommendations of my body")
    # Surveys
    SURVEY_TO_ANSWER = "survey_to_answer", _("Surveys waiting for my answer")


# What each kind says; %(subject)s names the body, hub, election, question, thread, plan, event, milestone or document.
MESSAGES = {
    Kind.BODY_JOIN_REQUEST: _("Someone asks to join “%(subject)s” and waits for your decision."),
    Kind.BODY_JOIN_DECISION: _("Your request to join “%(subject)s” was decided."),
    Kind.HUB_INVITATION: _("Your body is invited to join the hub “%(subject)s”."),
    Kind.HUB_JOIN_REQUEST: _("A body asks to join the hub “%(subject)s”."),
    Kind.HUB_JOIN_DECISION: _("Your body's request to join the hub “%(subject)s” was decided."),
    Kind.ELECTION_OPENED: _("An election is open: “%(subject)s”."),
    Kind.ELECTION_CLOSING: _("The election “%(subject)s” closes tomorrow."),
    Kind.ELECTION_RESULT: _("The election “%(subject)s” has a result."),
    Kind.WORKING_GROUP_LEAD: _("A lead was named for the working group “%(subject)s”."),
    Kind.INITIATIVE_DECISION: _("Your body's initiative “%(subject)s” was reviewed."),
    Kind.NEW_DOCUMENT: _("New in your hub’s library: “%(subject)s”."),
    Kind.JOINT_ACTIVITY: _("Co-organising the activity “%(subject)s” with another hub."),
    Kind.QUESTION_ROUTED: _("A question waits for your answer: “%(subject)s”."),
    Kind.ANSWER: _("Your question “%(subject)s” has a new answer."),
    Kind.ANSWER_ACCEPTED: _("Your answer to “%(subject)s” was accepted."),
    Kind.THREAD_REPLY: _("New reply in “%(subject)s”."),
    Kind.MENTION: _("You were mentioned in “%(subject)s”."),
    Kind.POST_REPORTED: _("A post in “%(subject)s” was reported and waits for your review."),
    Kind.PROGRESS_PENDING: _("Progress on “%(subject)s” waits for your approval."),
    Kind.PROGRESS_DECISION: _("Your progress on “%(subject)s” was published or rejected."),
    Kind.FEEDBACK_PENDING: _("Citizen feedback on “%(subject)s” waits for moderation."),
    Kind.FEEDBACK_REPLY: _("The municipality replied to your feedback on “%(subject)s”."),
    Kind.PROJECT_CHANGED: _("“%(subject)s”, which you follow, has changed."),
    Kind.PLATFORM_FEEDBACK: _("A suggestion to improve the Meter: “%(subject)s”."),
    Kind.INVITATION: _("You are invited to “%(subject)s”."),
    Kind.REGISTRATION_CONFIRMED: _("Your place at “%(subject)s” is confirmed."),
    Kind.REGISTRATION_PROMOTED: _("A place at “%(subject)s” was freed for you from the waiting list."),
    Kind.EVENT_CHANGED: _("“%(subject)s”, which you registered for, has changed."),
    Kind.EVENT_REMINDER: _("Reminder: “%(subject)s” is coming up."),
    Kind.MILESTONE_DUE: _("The twinning milestone “%(subject)s” is due."),
    Kind.DOCUMENT_REVISED: _("“%(subject)s”, which you follow, has a new version."),
    Kind.RECOMMENDATION_STATUS: _("The status of the recommendation “%(subject)s” changed."),
    Kind.SURVEY_TO_ANSWER: _("A survey waits for your answer: “%(subject)s”."),
}


# The preferences page groups the kinds by section (every kind in exactly one; test_notifications checks).
SECTIONS = [
    (_("People and bodies"), [Kind.BODY_JOIN_REQUEST, Kind.BODY_JOIN_DECISION]),
    (
        _("Hubs"),
        [
            Kind.HUB_INVITATION,
            Kind.HUB_JOIN_REQUEST,
            Kind.HUB_JOIN_DECISION,
            Kind.ELECTION_OPENED,
            Kind.ELECTION_CLOSING,
            Kind.ELECTION_RESULT,
            Kind.WORKING_GROUP_LEAD,
            Kind.INITIATIVE_DECISION,
            Kind.NEW_DOCUMENT,
            Kind.JOINT_ACTIVITY,
        ],
    ),
    (_("Ask a specialist"), [Kind.QUESTION_ROUTED, Kind.ANSWER, Kind.ANSWER_ACCEPTED]),
    (_("Discussions"), [Kind.THREAD_REPLY, Kind.MENTION, Kind.POST_REPORTED]),
    (
        _("Municipality Meter"),
        [
            Kind.PROGRESS_PENDING,
            Kind.PROGRESS_DECISION,
            Kind.FEEDBACK_PENDING,
            Kind.FEEDBACK_REPLY,
            Kind.PROJECT_CHANGED,
            Kind.PLATFORM_FEEDBACK,
        ],
    ),
    (
        _("Events"),
        [
            Kind.INVITATION,
            Kind.REGISTRATION_CONFIRMED,
            Kind.REGISTRATION_PROMOTED,
            Kind.EVENT_CHANGED,
            Kind.EVENT_REMINDER,
        ],
    ),
    (_("Twinning and the library"), [Kind.MILESTONE_DUE, Kind.DOCUMENT_REVISED, Kind.RECOMMENDATION_STATUS]),
    (_("Surveys"), [Kind.SURVEY_TO_ANSWER]),
]


class Notification(models.Model):
    class Email(models.TextChoices):
        """What happens to the e-mail of this notification, decided when it is recorded."""

        NOW = "now", _("Sent at once")
        DIGEST = "digest", _("Sent in the daily digest")
        NONE = "none", _("No e-mail")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # What the notification is about, e.g. "qa.answer:12": one notification per person and thing.
    key = models.CharField(max_length=80)
    subject = models.CharField(_("subject"), max_length=300)
    url = models.CharField(_("link"), max_length=500)
    # What the e-mail says beyond the message: the meeting's details, the answer, the reason of a decision.
    details = models.TextField(_("details"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email = models.CharField(_("e-mail"), max_length=10, choices=Email.choices, default=Email.NONE)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_thing")]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.message

    @property
    def message(self) -> str:
        """Plain text, for e-mails and the admin."""
        return MESSAGES[self.kind] % {"subject": self.subject}

    @property
    def marked_message(self):
        """For a page: the subject (someone's title or name) marked as people's text (core/bidi.py)."""
        return sentence(MESSAGES[self.kind], subject=self.subject)


class Preferences(models.Model):
    class Email(models.TextChoices):
        IMMEDIATELY = "immediately", _("At once")
        DAILY = "daily", _("A daily digest")
        NEVER = "never", _("Never")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    email = models.CharField(_("e-mail"), max_length=20, choices=Email.choices, default=Email.IMMEDIATELY)
    # Kinds the person wants no e-mail about; they are still notified in the site.
    muted_kinds = models.JSONField(_("kinds not e-mailed"), default=list, blank=True)

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)
