"""E-mails of the notification centre, sent in the background (django-tasks)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from .models import Notification, Preferences


def _absolute(url: str) -> str:
    return settings.TABADUL_SITE_URL.rstrip("/") + url


def _send(user, notifications: list[Notification], subject: str) -> None:
    lines = [
        "\n".join(filter(None, [f"• {notification.message}", notification.details, f"  {_absolute(notification.url)}"]))
        for notification in notifications
    ]
    footer = _("Choose what you receive: %(url)s") % {"url": _absolute("/notifications/settings/")}
    send_mail(subject, "\n\n".join([*lines, footer]), None, [user.email])
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=timezone.now())


@task()
def send_notification_emails(*, recipient_ids: list[int], key: str) -> int:
    """One e-mail per recipient about one thing, for those who want e-mail at once."""
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        rows = Notification.objects.filter(recipient_id__in=recipient_ids, key=key, emailed_at__isnull=True)
        for notification in rows.select_related("recipient"):
            _send(notification.recipient, [notification], _("Tabadul: %(message)s") % {"message": notification.message})
            sent += 1
    return sent


@task()
def send_daily_digest() -> int:
    """One e-mail per person on the daily digest, with everything not yet e-mailed (run once a day)."""
    User = get_user_model()
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        daily = User.objects.filter(notification_preferences__email=Preferences.Email.DAILY, is_active=True)
        for user in daily:
            pending = list(Notification.objects.filter(recipient=user, emailed_at__isnull=True).order_by("created_at"))
            if pending:
                _send(user, pending, _("Tabadul: your daily digest"))
                sent += 1
    return sent
