"""How other apps' writes become notifications: receivers of their model signals.

The apps do not call the notification centre: it watches them (docs/decisions/003-notifications.md), so
each app stays unaware of it. `notify` is idempotent per person and thing, so a receiver may fire on every
save; rows are written in the same transaction as the change they report.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save

from .models import Kind
from .services import notify


def _staff_of(body_ids) -> list[int]:
    return list(get_user_model().objects.filter(local_body_id__in=body_ids).values_list("pk", flat=True))


def invitation_saved(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return
    event = instance.event
    recipients = [instance.user_id] if instance.user_id else _staff_of([instance.local_body_id])
    notify(
        recipient_ids=recipients,
        kind=Kind.INVITATION,
        key=f"events.event:{event.pk}",
        subject=str(event),
        url=event.get_absolute_url(),
        email=False,  # the events app e-mails the invitation itself (with the meeting details)
    )


def answer_saved(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return
    question = instance.question
    if question.asker_id == instance.author_id:
        return
    notify(
        recipient_ids=[question.asker_id],
        kind=Kind.ANSWER,
        key=f"qa.answer:{instance.pk}",
        subject=str(question),
        url=question.get_absolute_url(),
        email=False,  # the ask-a-specialist app e-mails the answer itself
    )


def feedback_saved(sender, instance, raw=False, **kwargs):
    if raw or not instance.reply or not instance.author_id:
        return
    notify(
        recipient_ids=[instance.author_id],
        kind=Kind.FEEDBACK_REPLY,
        key=f"meter.feedback:{instance.pk}",
        subject=str(instance.plan),
        url=instance.plan.get_absolute_url(),
    )


def connect() -> None:
    from tabadul.events.models import Invitation
    from tabadul.meter.models import Feedback
    from tabadul.qa.models import Answer

    post_save.connect(invitation_saved, sender=Invitation, dispatch_uid="notifications.invitation")
    post_save.connect(answer_saved, sender=Answer, dispatch_uid="notifications.answer")
    post_save.connect(feedback_saved, sender=Feedback, dispatch_uid="notifications.feedback")
