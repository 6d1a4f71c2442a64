"""Writes of the notification centre. Other apps' writes reach it through receivers.py."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from tabadul.core.services import audit_record

from .models import Notification, Preferences


def preferences_for(user) -> Preferences:
    """The person's choices, or the defaults (in-app and e-mail at once, every kind) if never saved."""
    return Preferences.objects.filter(user=user).first() or Preferences(user=user)


def wants_email_now(user, kind: str) -> bool:
    """Whether the person wants an e-mail at once about this kind (apps that write their own e-mails ask)."""
    preferences = preferences_for(user)
    return kind not in preferences.muted_kinds and preferences.email == Preferences.Email.IMMEDIATELY


def notify(
    *, recipient_ids, kind: str, key: str, subject: str, url: str, details: str = "", email: bool = True
) -> list[Notification]:
    """Tell each recipient once about `key`; e-mail those who want it at once (after the commit).

    Idempotent: a second call for the same person and key changes nothing, so receivers may fire on every
    save of the thing they watch. `email=False` when the app sends its own, richer e-mail at once (it asks
    `wants_email_now` first); people on the daily digest still get the notification in their digest.
    """
    User = get_user_model()
    ids = set(recipient_ids)
    if not ids:
        return []
    muted = {
        user_id
        for user_id, kinds in Preferences.objects.filter(user_id__in=ids).values_list("user_id", "muted_kinds")
        if kind in kinds
    }
    already = set(Notification.objects.filter(recipient_id__in=ids, key=key).values_list("recipient_id", flat=True))
    wanted = User.objects.filter(pk__in=ids - muted - already, is_active=True).values_list("pk", flat=True)
    created = Notification.objects.bulk_create(
        [
            Notification(recipient_id=pk, kind=kind, key=key[:80], subject=subject[:300], url=url, details=details)
            for pk in wanted
        ],
        ignore_conflicts=True,
    )
    if not email:
        return created
    at_once = set(
        User.objects.filter(pk__in=wanted)
        .exclude(notification_preferences__email__in=[Preferences.Email.DAILY, Preferences.Email.NEVER])
        .values_list("pk", flat=True)
    )
    if at_once:
        from .tasks import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.enqueue(recipient_ids=sorted(at_once), key=key))
    return created


def mark_read(*, user, notification: Notification | None = None) -> int:
    """Mark one notification, or all of the person's unread ones, as read; returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def preferences_update(*, user, email: str, muted_kinds: list[str]) -> Preferences:
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
        audit_record(actor=user, action="notifications.preferences.update", target=preferences, changes=changes)
    return preferences
