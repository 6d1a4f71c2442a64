"""The notification centre: what happened that concerns a person, shown in the site and sent by e-mail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    INVITATION = "invitation", _("Invitations to events")
    ANSWER = "answer", _("Answers to my questions")
    FEEDBACK_REPLY = "feedback_reply", _("Replies to my feedback")
    NEW_DOCUMENT = "new_document", _("New documents in my hubs")
    POST_REPORTED = "post_reported", _("Reported posts in forums I moderate")


# What each kind says; %(subject)s is the event, question, plan, document or thread named.
MESSAGES = {
    Kind.INVITATION: _("You are invited to “%(subject)s”."),
    Kind.ANSWER: _("Your question “%(subject)s” has a new answer."),
    Kind.FEEDBACK_REPLY: _("The municipality replied to your feedback on “%(subject)s”."),
    Kind.NEW_DOCUMENT: _("New in your hub’s library: “%(subject)s”."),
    Kind.POST_REPORTED: _("A post in “%(subject)s” was reported and waits for your review."),
}


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # What the notification is about, e.g. "qa.answer:12": one notification per person and thing.
    key = models.CharField(max_length=80)
    subject = models.CharField(_("subject"), max_length=300)
    url = models.CharField(_("link"), max_length=500)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
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
        return MESSAGES[self.kind] % {"subject": self.subject}


class Preferences(models.Model):
    class Email(models.TextChoices):
        IMMEDIATELY = "immediately", _("At once")
        DAILY = "daily", _("A daily digest")
        NEVER = "never", _("Never")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    email = models.CharField(_("e-mail"), max_length=20, choices=Email.choices, default=Email.IMMEDIATELY)
    muted_kinds = models.JSONField(_("kinds not wanted"), default=list, blank=True)

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)
