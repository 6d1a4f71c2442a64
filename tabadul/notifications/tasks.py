"""The platform's outgoing e-mail, sent in the background (django-tasks) after the transaction commits.

This is the only module that sends mail (notifications/tests/test_one_path.py). Tasks take primary keys or
plain values and re-read the rows. Text is rendered in the site's language (settings.LANGUAGE_CODE) from
notifications/templates/notifications/email/; every link is absolute (settings.TABADUL_SITE_URL).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from .models import MESSAGES, Notification, Preferences
from .services import absolute_url

# Headers that say what an e-mail is about (filters in mail clients; tests).
KIND_HEADER = "X-Tabadul-Kind"
KEY_HEADER = "X-Tabadul-Key"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _preferences_url() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return absolute_url(reverse("notifications:preferences"))


def _item(*, kind: str, subject: str, url: str, details: str) -> dict:
    return {
        "kind": kind,
        "message": MESSAGES[kind] % {"subject": subject},
        "details": details,
        "url": absolute_url(url),
    }


def _send(*, to: str, subject: str, body: str, headers: dict | None = None) -> None:
    EmailMessage(_one_line(subject), body, None, [to], headers=headers or {}).send()


def _send_notification(*, to: str, item: dict, key: str, preferences_url: str = "") -> None:
    context = {"item": item, "preferences_url": preferences_url}
    _send(
        to=to,
        subject=render_to_string("notifications/email/notification_subject.txt", context),
        body=render_to_string("notifications/email/notification.txt", context),
        headers={KIND_HEADER: item["kind"], **({KEY_HEADER: key} if key else {})},
    )


@task()
def send_notification_emails(*, recipient_ids: list[int], key: str) -> int:
    """One e-mail per recipient about one thing, for those whose notification is due at once."""
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        preferences_url = _preferences_url()
        rows = Notification.objects.filter(
            recipient_id__in=recipient_ids, key=key, email=Notification.Email.NOW, emailed_at__isnull=True
        ).select_related("recipient")
        for notification in rows:
            if notification.recipient.email and notification.recipient.is_active:
                item = _item(
                    kind=notification.kind,
                    subject=notification.subject,
                    url=notification.url,
                    details=notification.details,
                )
                _send_notification(to=notification.recipient.email, item=item, key=key, preferences_url=preferences_url)
                sent += 1
            Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return sent


@task()
def send_daily_digest() -> int:
    """One e-mail per person with everything due in their digest and not yet sent (run once a day).

    Choices made since an item was recorded count: someone who moved to "never", or stopped e-mail about
    that kind, does not get it; the item is then dropped from the digest, not kept for later."""
    User = get_user_model()
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        preferences_url = _preferences_url()
        due = Notification.objects.filter(email=Notification.Email.DIGEST, emailed_at__isnull=True)
        for user in User.objects.filter(pk__in=due.values("recipient_id")).order_by("pk"):
            preferences = Preferences.objects.filter(user=user).first() or Preferences(user=user)
            pending = list(due.filter(recipient=user).order_by("created_at", "pk"))
            wanted = [
                n
                for n in pending
                if user.is_active
                and user.email
                and preferences.email != Preferences.Email.NEVER
                and n.kind not in preferences.muted_kinds
            ]
            dropped = [n.pk for n in pending if n not in wanted]
            if dropped:
                Notification.objects.filter(pk__in=dropped).update(email=Notification.Email.NONE)
            if not wanted:
                continue
            items = [_item(kind=n.kind, subject=n.subject, url=n.url, details=n.details) for n in wanted]
            context = {"items": items, "preferences_url": preferences_url}
            _send(
                to=user.email,
                subject=render_to_string("notifications/email/digest_subject.txt", context),
                body=render_to_string("notifications/email/digest.txt", context),
                headers={KIND_HEADER: "digest"},
            )
            Notification.objects.filter(pk__in=[n.pk for n in wanted]).update(emailed_at=timezone.now())
            sent += 1
    return sent


@task()
def send_address_emails(*, addresses: list[str], kind: str, subject: str, url: str, details: str = "") -> int:
    """E-mails about `kind` to addresses without an account (services.email_addresses): one each."""
    with translation.override(settings.LANGUAGE_CODE):
        item = _item(kind=kind, subject=subject, url=url, details=details)
        for address in addresses:
            _send_notification(to=address, item=item, key="")
    return len(addresses)


@task()
def send_plain_email(*, to: list[str], subject: str, body: str) -> int:
    """Account mail that is not a notification (services.send_email_now), already rendered by the caller."""
    for address in to:
        _send(to=address, subject=subject, body=body)
    return len(to)
