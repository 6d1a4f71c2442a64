"""What every app's tests use to show that an action notifies the right people (issue 16, "What it must show").

    from tabadul.notifications.testing import assert_notified

    @pytest.mark.notification_kind("answer")
    def test_the_asker_hears_of_an_answer(...):
        with assert_notified("answer", [asker]) as sent:
            qa_services.answer_post(actor=specialist, question=question, text="...")
        assert "..." in sent.notifications[0].details

On entering, each recipient is given an e-mail choice: with `email=None` (the default) the recipients take
"at once", "daily digest" and "never" in turn (three or more recipients cover the three); with
`email="daily"` (or "immediately", "never") all take that one — parametrize a single-recipient test over
`EMAIL_CHOICES` to cover all three. The action runs inside; its on-commit callbacks run on leaving (as after a
real commit). Then it asserts:

- exactly one new notification of `kind` for each recipient, and none of that kind for anybody else;
- its link is a path on this site (a same-site link in the site; absolute in every e-mail);
- "at once": exactly one e-mail about it, to the person's address, carrying the absolute link;
- "daily digest": no e-mail now; the daily digest then brings it, once, with the absolute link;
- "never": no e-mail, not even in the digest.

`sent.notifications` (in recipients' order), `sent.emails` (address -> e-mails about it) are there for more
checks. The test that uses it carries `@pytest.mark.notification_kind("<kind>")`: notifications/tests/
test_kinds.py fails while a kind has no such test.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.core import mail
from django.test import TestCase
from django.utils import translation

from .models import Kind, Notification, Preferences
from .services import absolute_url
from .tasks import KIND_HEADER, send_daily_digest

EMAIL_CHOICES = (Preferences.Email.IMMEDIATELY, Preferences.Email.DAILY, Preferences.Email.NEVER)


@dataclass
class Sent:
    notifications: list[Notification] = field(default_factory=list)
    emails: dict[str, list] = field(default_factory=dict)
    digests: dict[str, list] = field(default_factory=dict)


def _kind_header(message) -> str:
    return message.extra_headers.get(KIND_HEADER, "")


def _set_choice(user, choice: str) -> None:
    Preferences.objects.update_or_create(user=user, defaults={"email": choice, "muted_kinds": []})


@contextmanager
def assert_notified(kind: str, recipients, *, email: str | None = None):
    """Assert that the block notifies exactly `recipients` (users) about `kind`, once each, e-mail as they chose."""

    kind = Kind(kind)
    recipients = list(recipients)
    assert recipients, "assert_notified needs at least one recipient (use Notification queries to assert none)"
    addresses = [person.email for person in recipients]
    assert all(addresses) and len(set(addresses)) == len(addresses), "recipients need distinct e-mail addresses"
    assert email is None or email in EMAIL_CHOICES, f"email must be one of {EMAIL_CHOICES}"
    choices = {
        person.pk: (email or EMAIL_CHOICES[index % len(EMAIL_CHOICES)]) for index, person in enumerate(recipients)
    }
    for person in recipients:
        _set_choice(person, choices[person.pk])
    last_pk = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    outbox_before = len(mail.outbox)
    sent = Sent()

    with TestCase.captureOnCommitCallbacks(using="default", execute=True):
        yield sent

    new = Notification.objects.filter(pk__gt=last_pk, kind=kind).order_by("pk")
    by_recipient: dict[int, list[Notification]] = {}
    for notification in new:
        by_recipient.setdefault(notification.recipient_id, []).append(notification)
    expected = {person.pk for person in recipients}
    assert set(by_recipient) == expected, (
        f"{kind.value}: notified {sorted(by_recipient)}, expected exactly {sorted(expected)}"
    )
    for person in recipients:
        times = len(by_recipient[person.pk])
        assert times == 1, f"{kind.value}: {person} notified {times} times"
    sent.notifications = [by_recipient[person.pk][0] for person in recipients]

    site = settings.TABADUL_SITE_URL.rstrip("/")
    for notification in sent.notifications:
        assert notification.url.startswith("/") and not notification.url.startswith("//"), (
            f"{kind.value}: the link {notification.url!r} is not a path on this site"
        )

    def about_it(messages, person, notification):
        with translation.override(settings.LANGUAGE_CODE):  # e-mails are written in the site's language
            message = notification.message
        link = absolute_url(notification.url)
        return [m for m in messages if m.to == [person.email] and link in m.body and message in m.body]

    immediate = mail.outbox[outbox_before:]
    for person, notification in zip(recipients, sent.notifications, strict=True):
        mine = [m for m in immediate if m.to == [person.email] and _kind_header(m) == kind.value]
        sent.emails[person.email] = mine
        if choices[person.pk] == Preferences.Email.IMMEDIATELY:
            assert len(mine) == 1, f"{kind.value}: {person.email} chose 'at once' and got {len(mine)} e-mails"
            assert about_it(mine, person, notification), f"{kind.value}: the e-mail lacks the message or the link"
            assert absolute_url(notification.url).startswith(site + "/")
        else:
            assert mine == [], f"{kind.value}: {person.email} chose '{choices[person.pk]}' and was e-mailed at once"

    outbox_digest = len(mail.outbox)
    send_daily_digest.call()
    digests = [m for m in mail.outbox[outbox_digest:] if _kind_header(m) == "digest"]
    for person, notification in zip(recipients, sent.notifications, strict=True):
        theirs = about_it(digests, person, notification)
        sent.digests[person.email] = theirs
        if choices[person.pk] == Preferences.Email.DAILY:
            assert len(theirs) == 1, f"{kind.value}: {person.email} chose the digest and found it {len(theirs)} times"
        else:
            assert theirs == [], f"{kind.value}: {person.email} chose '{choices[person.pk]}' and found it in a digest"
