"""The one notification path: in the site always, e-mail by each person's choice, after the commit, absolute links."""

import pytest
from django.core import mail
from django.db import transaction

from tabadul.accounts.tests.factories import make_user
from tabadul.notifications import services
from tabadul.notifications.models import Kind, Notification, Preferences
from tabadul.notifications.tasks import KIND_HEADER, send_daily_digest
from tabadul.notifications.testing import EMAIL_CHOICES, assert_notified

pytestmark = pytest.mark.django_db

SITE = "https://tabadul.example.ps"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.TABADUL_SITE_URL = SITE + "/"  # a trailing slash must not double


def _notify(people, key="hubs.election:7", **extra):
    return services.notify(
        recipient_ids=[person.pk for person in people],
        kind=Kind.ELECTION_OPENED,
        key=key,
        subject="انتخاب رئيس المنصة",
        url="/hubs/pr/elections/7/",
        **extra,
    )


def test_everyone_is_notified_in_the_site_and_e_mailed_as_they_chose(django_capture_on_commit_callbacks):
    names = ("now", "daily", "never", "muted")
    at_once, daily, never, muted = (make_user(email=f"{name}@example.org") for name in names)
    services.preferences_update(user=daily, email=Preferences.Email.DAILY, muted_kinds=[])
    services.preferences_update(user=never, email=Preferences.Email.NEVER, muted_kinds=[])
    services.preferences_update(user=muted, email=Preferences.Email.IMMEDIATELY, muted_kinds=[Kind.ELECTION_OPENED])
    with django_capture_on_commit_callbacks(execute=True):
        _notify([at_once, daily, never, muted])
    recorded = dict(Notification.objects.values_list("recipient__email", "email"))
    assert recorded == {
        "now@example.org": Notification.Email.NOW,
        "daily@example.org": Notification.Email.DIGEST,
        "never@example.org": Notification.Email.NONE,
        "muted@example.org": Notification.Email.NONE,
    }
    assert [message.to for message in mail.outbox] == [["now@example.org"]]
    message = mail.outbox[0]
    assert message.extra_headers[KIND_HEADER] == "election_opened"
    assert "انتخاب رئيس المنصة" in message.subject and "\n" not in message.subject
    assert f"{SITE}/hubs/pr/elections/7/" in message.body
    assert f"{SITE}/notifications/settings/" in message.body  # the footer: where to choose
    assert "href" not in message.body and "//hubs" not in message.body
    # The digest brings the daily person's item, once; never and muted get nothing, ever.
    assert send_daily_digest.call() == 1
    assert [message.to for message in mail.outbox[1:]] == [["daily@example.org"]]
    assert f"{SITE}/hubs/pr/elections/7/" in mail.outbox[1].body
    assert send_daily_digest.call() == 0
    assert Notification.objects.get(recipient=at_once).emailed_at is not None


def test_once_per_person_and_key_and_only_active_people(django_capture_on_commit_callbacks):
    person, gone = make_user(), make_user(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        _notify([person, gone])
        _notify([person])
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [person.pk]
    assert len(mail.outbox) == 1


def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    person = make_user()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                _notify([person])
                services.email_addresses(
                    addresses=["body@example.org"], kind=Kind.INVITATION, subject="لقاء", url="/events/1/"
                )
                services.send_email_now(to="x@example.org", subject="s", body="b")
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == [] and mail.outbox == [] and not Notification.objects.exists()


def test_the_daily_digest_follows_choices_changed_since(django_capture_on_commit_callbacks):
    person = make_user()
    services.preferences_update(user=person, email=Preferences.Email.DAILY, muted_kinds=[])
    _notify([person])
    services.preferences_update(user=person, email=Preferences.Email.NEVER, muted_kinds=[])
    assert send_daily_digest.call() == 0 and mail.outbox == []
    assert Notification.objects.get().email == Notification.Email.NONE  # dropped, not kept for later
    services.preferences_update(user=person, email=Preferences.Email.DAILY, muted_kinds=[])
    assert send_daily_digest.call() == 0


def test_links_are_stored_in_the_default_language_and_e_mailed_absolute(django_capture_on_commit_callbacks):
    person = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipient_ids=[person.pk], kind=Kind.ANSWER, key="k", subject="س", url="/en/qa/3/")
    assert Notification.objects.get().url == "/qa/3/"
    assert f"{SITE}/qa/3/" in mail.outbox[0].body


def test_addresses_without_an_account_get_one_e_mail_each_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.email_addresses(
            addresses=["Salfit@Example.org", "salfit@example.org", "beita@example.org", ""],
            kind=Kind.INVITATION,
            subject="لقاء عرض مرصد البلديات",
            url="/events/12/",
            details="قاعة البلدية، الساعة العاشرة",
        )
        assert mail.outbox == []  # not before the commit
    assert len(callbacks) == 1
    assert sorted(message.to[0] for message in mail.outbox) == ["beita@example.org", "salfit@example.org"]
    body = mail.outbox[0].body
    assert "لقاء عرض مرصد البلديات" in body and "قاعة البلدية" in body and f"{SITE}/events/12/" in body
    assert "/notifications/settings/" not in body  # no account, no settings to point to
    assert not Notification.objects.exists()


def test_account_mail_goes_after_the_commit_whatever_the_choices(django_capture_on_commit_callbacks):
    person = make_user(email="p@example.org")
    services.preferences_update(user=person, email=Preferences.Email.NEVER, muted_kinds=list(Kind.values))
    with django_capture_on_commit_callbacks(execute=True):
        services.send_email_now(to=person.email, subject="فعّل\nحسابك", body=f"{SITE}/accounts/activate/x/")
        assert mail.outbox == []
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [
        (["p@example.org"], "فعّل حسابك", f"{SITE}/accounts/activate/x/")
    ]


# --- The helper other apps' tests use -------------------------------------------------------------------


@pytest.mark.parametrize("choice", EMAIL_CHOICES)
def test_assert_notified_passes_for_a_right_notification(choice):
    person = make_user()
    with assert_notified(Kind.ELECTION_OPENED, [person], email=choice) as sent:
        _notify([person])
    assert sent.notifications[0].recipient_id == person.pk
    assert len(sent.emails[person.email]) == (choice == Preferences.Email.IMMEDIATELY)
    assert len(sent.digests[person.email]) == (choice == Preferences.Email.DAILY)


def test_assert_notified_gives_three_people_the_three_choices():
    people = [make_user() for _ in range(3)]
    with assert_notified("election_opened", people) as sent:
        _notify(people)
    assert [len(sent.emails[p.email]) for p in people] == [1, 0, 0]
    assert [len(sent.digests[p.email]) for p in people] == [0, 1, 0]


def test_assert_notified_fails_for_wrong_people_kind_or_links():
    person, other = make_user(), make_user()
    with pytest.raises(AssertionError, match="expected exactly"), assert_notified(Kind.ELECTION_OPENED, [person]):
        _notify([person, other])
    with pytest.raises(AssertionError, match="expected exactly"), assert_notified(Kind.ELECTION_RESULT, [person]):
        _notify([person], key="another")
    with pytest.raises(AssertionError, match="not a path on this site"), assert_notified(Kind.ANSWER, [person]):
        services.notify(recipient_ids=[person.pk], kind=Kind.ANSWER, key="x", subject="س", url="https://a.example/")


def test_assert_notified_fails_when_an_e_mail_ignores_the_choice():
    person = make_user()
    with (
        pytest.raises(AssertionError, match="e-mailed at once"),
        assert_notified(Kind.ELECTION_OPENED, [person], email=Preferences.Email.NEVER),
    ):
        _notify([person])
        Notification.objects.filter(recipient=person).update(email=Notification.Email.NOW)
        from tabadul.notifications.tasks import send_notification_emails

        send_notification_emails.call(recipient_ids=[person.pk], key="hubs.election:7")


def test_unknown_kinds_are_refused():
    with pytest.raises(ValueError, match="nonsense"):
        services.notify(recipient_ids=[make_user().pk], kind="nonsense", key="k", subject="s", url="/")
    with pytest.raises(ValueError, match="nonsense"):
        services.email_addresses(addresses=["a@example.org"], kind="nonsense", subject="s", url="/")


def test_e_mails_are_plain_text_not_html_escaped(django_capture_on_commit_callbacks):
    person = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            recipient_ids=[person.pk],
            kind=Kind.PROJECT_CHANGED,
            key="k",
            subject="Beit Sahour's <R&D> plan",
            url="/meter/1/?a=1&b=2",
            details='"quoted" & more',
        )
    message = mail.outbox[0]
    assert "Beit Sahour's <R&D> plan" in message.subject and "Beit Sahour's <R&D> plan" in message.body
    assert f"{SITE}/meter/1/?a=1&b=2" in message.body and '"quoted" & more' in message.body
    assert "&amp;" not in message.body + message.subject and "&#x27;" not in message.body + message.subject


@pytest.mark.parametrize(
    ("url", "errors", "warnings"),
    [
        ("https://tabadul.example.ps", [], []),
        ("http://127.0.0.1:8000", [], ["notifications.W001"]),
        ("/relative", ["notifications.E001"], ["notifications.W001"]),
        ("", ["notifications.E001"], ["notifications.W001"]),
    ],
)
def test_the_site_address_is_checked(settings, url, errors, warnings):
    from tabadul.notifications.checks import site_url_is_absolute, site_url_is_public

    settings.TABADUL_SITE_URL = url
    assert [check.id for check in site_url_is_absolute(None)] == errors
    assert [check.id for check in site_url_is_public(None)] == warnings
