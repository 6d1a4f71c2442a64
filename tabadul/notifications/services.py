"""The one notification path (docs/decisions/008-one-notification-path.md).

Every app tells people about something by calling `notify` from the service that makes the change. The
notification is always recorded (in-app); whether an e-mail goes, and when, is each person's choice per kind
(at once, in the daily digest, never). E-mails leave only after the transaction commits (django-tasks,
tasks.py), rendered from notifications/templates/notifications/email/ with absolute links. No other module
sends mail: addresses without an account get `email_addresses`, account mail that is not a notification
(activation, "an account already exists") goes through `send_email_now`.
"""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from tabadul.core.services import audit_record
from tabadul.core.work import forget_waiting_totals

from . import audit_actions
from .models import Kind, Notification, Preferences


def preferences_for(user) -> Preferences:
    """The person's choices, or the defaults (e-mail at once about every kind) if never saved."""
    return Preferences.objects.filter(user=user).first() or Preferences(user=user)


def email_delivery(preferences: Preferences, kind: str) -> str:
    """How an e-mail about `kind` reaches this person: Notification.Email.NOW, DIGEST or NONE."""
    if preferences.email == Preferences.Email.NEVER or kind in preferences.muted_kinds:
        return Notification.Email.NONE
    if preferences.email == Preferences.Email.DAILY:
        return Notification.Email.DIGEST
    return Notification.Email.NOW


def site_path(url: str) -> str:
    """The link as stored: a path on this site in the default language (the e-mail is written in it)."""
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE and url.startswith(f"/{code}/"):
            return url[len(code) + 1 :]
    return url


def absolute_url(url: str) -> str:
    """The link as an e-mail carries it: the site's address (settings.TABADUL_SITE_URL) and the path."""
    if url.startswith(("https://", "http://")):
        return url
    return settings.TABADUL_SITE_URL.rstrip("/") + "/" + url.lstrip("/")


def notify(
    *,
    recipient_ids: Iterable[int],
    kind: str,
    key: str,
    subject: str,
    url: str,
    details: str = "",
) -> list[Notification]:
    """Tell each active recipient once about `key` (idempotent per person and key); e-mail as each one chose.

    Call it from the service that makes the change, inside its transaction: the rows are written with the
    change, the e-mails leave after the commit (none if the transaction rolls back). Each recipient gets the
    notification in the site whatever they chose; the e-mail goes at once, in the next daily digest (only
    there), or never, per their `Preferences`.
    """
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    User = get_user_model()
    ids = {pk for pk in recipient_ids if pk is not None}
    if not ids:
        return []
    key = key[:80]
    already = set(Notification.objects.filter(recipient_id__in=ids, key=key).values_list("recipient_id", flat=True))
    wanted = sorted(User.objects.filter(pk__in=ids - already, is_active=True).values_list("pk", flat=True))
    if not wanted:
        return []
    preferences = {p.user_id: p for p in Preferences.objects.filter(user_id__in=wanted)}
    created = Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=pk,
                kind=kind,
                key=key,
                subject=subject[:300],
                url=site_path(url),
                details=details,
                email=email_delivery(preferences.get(pk) or Preferences(user_id=pk), kind),
            )
            for pk in wanted
        ],
        ignore_conflicts=True,
    )
    forget_waiting_totals(wanted)
    at_once = sorted(n.recipient_id for n in created if n.email == Notification.Email.NOW)
    if at_once:
        from .tasks import send_notification_emails  # tasks.py imports this module: a cycle inside the app

        transaction.on_commit(lambda: send_notification_emails.enqueue(recipient_ids=at_once, key=key))
    return created


def email_addresses(*, addresses: Iterable[str], kind: str, subject: str, url: str, details: str = "") -> None:
    """E-mail addresses that have no account (a body's own address invited to an event): one e-mail each,
    at once after the commit, rendered like a notification of `kind`. Nothing is recorded in the site."""
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    recipients = sorted({address.strip().lower() for address in addresses if address and address.strip()})
    if not recipients:
        return
    from .tasks import send_address_emails  # tasks.py imports this module: a cycle inside the app

    arguments = {"addresses": recipients, "kind": kind, "subject": subject, "url": site_path(url), "details": details}
    transaction.on_commit(lambda: send_address_emails.enqueue(**arguments))


def send_email_now(*, to: str | Iterable[str], subject: str, body: str) -> None:
    """Account mail that is not a notification (activation, "an account already exists"): sent after the commit
    whatever the person chose, one e-mail per address. The caller renders the body (with absolute links)."""
    recipients = sorted({to} if isinstance(to, str) else set(to))
    recipients = [address for address in recipients if address]
    if not recipients:
        return
    from .tasks import send_plain_email  # tasks.py imports this module: a cycle inside the app

    subject = " ".join(subject.split())
    transaction.on_commit(lambda: send_plain_email.enqueue(to=recipients, subject=subject, body=body))


def mark_read(*, user, notification: Notification | None = None) -> int:
    """Mark one notification, or all of the person's unread ones, as read; returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def preferences_update(*, user, email: str, muted_kinds: list[str]) -> Preferences:
    """Save how the person gets e-mail (at once, daily digest, never) and the kinds they want no e-mail about.

    Notifications in the site are not affected: every kind is always recorded."""
    preferences = preferences_for(user)
    changes = {}
    if preferences.email != email:
        changes["email"] = [preferences.email, email]
    if sorted(preferences.muted_kinds) != sorted(muted_kinds):
        changes["muted_kinds"] = [preferences.muted_kinds, sorted(muted_kinds)]
    preferences.email = email
    preferences.muted_kinds = sorted(muted_kinds)
    preferences.full_clean()
    preferences.save()
    if changes:
        audit_record(actor=user, action=audit_actions.PREFERENCES_UPDATE, target=preferences, changes=changes)
    return preferences
