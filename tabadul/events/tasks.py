"""Background work of the events app (django-tasks): the e-mails about invitations, places and reminders.

Tasks take primary keys (JSON arguments) and re-read the rows, so a task queued before a change sees the
current state; a row deleted in between is skipped.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

SITE_URL_SETTING = "TABADUL_SITE_URL"


def _absolute(path: str) -> str:
    return getattr(settings, SITE_URL_SETTING, "http://127.0.0.1:8000").rstrip("/") + path


def _send(*, kind: str, recipients: list[str], context: dict) -> int:
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"events/email/{kind}_subject.txt", context).strip().replace("\n", " ")
        body = render_to_string(f"events/email/{kind}.txt", context)
    send_mail(subject, body, None, recipients)
    return len(recipients)


def _registration(pk: int):
    from .models import Registration

    return Registration.objects.select_related("event", "user").filter(pk=pk).first()


def _registration_mail(kind: str, registration_id: int) -> int:
    registration = _registration(registration_id)
    if registration is None:
        return 0
    event = registration.event
    context = {
        "event": event,
        "registration": registration,
        "person": registration.user,
        "url": _absolute(reverse("events:event_detail", args=[event.pk])),
        # The online link goes only to admitted people (a confirmed place), never to the waiting list.
        "online_url": event.online_url if registration.status == "confirmed" and event.is_held_online else "",
    }
    return _send(kind=kind, recipients=[registration.user.email], context=context)


@task()
def send_invitation(invitation_id: int) -> int:
    """E-mail the invited person, or every staff member of the invited body and the body's own address."""
    from tabadul.accounts.models import User

    from .models import Invitation

    invitation = Invitation.objects.select_related("event", "user", "local_body").filter(pk=invitation_id).first()
    if invitation is None:
        return 0
    if invitation.user_id:
        recipients = [invitation.user.email]
    else:
        recipients = [
            invitation.local_body.email,
            *User.objects.filter(local_body=invitation.local_body, is_active=True).values_list("email", flat=True),
        ]
    context = {
        "event": invitation.event,
        "invitation": invitation,
        "url": _absolute(reverse("events:event_detail", args=[invitation.event_id])),
    }
    return _send(kind="invitation", recipients=recipients, context=context)


@task()
def send_registration_confirmation(registration_id: int) -> int:
    return _registration_mail("registration", registration_id)


@task()
def send_waitlist_promotion(registration_id: int) -> int:
    return _registration_mail("promotion", registration_id)


@task()
def send_event_reminder(registration_id: int) -> int:
    from .models import Registration

    registration = _registration(registration_id)
    if registration is None or registration.status != Registration.Status.CONFIRMED:
        return 0
    return _registration_mail("reminder", registration_id)
