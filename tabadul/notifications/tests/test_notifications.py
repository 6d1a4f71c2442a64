"""The notification pages and preferences (the path itself: test_path.py; each kind's trigger: test_kinds.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tabadul.accounts.tests.factories import make_user
from tabadul.notifications import services
from tabadul.notifications.models import SECTIONS, Kind, Notification, Preferences

pytestmark = pytest.mark.django_db


def test_email_delivery_follows_the_choices(body):
    person = make_user(body=body)
    assert services.email_delivery(services.preferences_for(person), Kind.INVITATION) == Notification.Email.NOW
    preferences = services.preferences_update(user=person, email=Preferences.Email.DAILY, muted_kinds=[Kind.ANSWER])
    assert services.email_delivery(preferences, Kind.INVITATION) == Notification.Email.DIGEST
    assert services.email_delivery(preferences, Kind.ANSWER) == Notification.Email.NONE


# --- Pages ----------------------------------------------------------------------------------------------


def _list_queries(client) -> tuple[int, object]:
    client.get(reverse("notifications:list"))  # the header's counts of waiting work are cached on the first
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("notifications:list"))
    return len(queries), response


def test_list_opens_and_marks_read_with_constant_queries(client, body):
    person = make_user(body=body)
    client.force_login(person)

    def notify(numbers):
        for n in numbers:
            services.notify(
                recipient_ids=[person.pk], kind=Kind.NEW_DOCUMENT, key=f"k{n}", subject=f"د{n}", url="/library/"
            )

    notify(range(2))
    few, _ = _list_queries(client)
    notify(range(2, 30))
    many, response = _list_queries(client)
    assert many == few <= 6
    assert response.status_code == 200 and len(response.context["page"].object_list) == 20
    first = Notification.objects.filter(recipient=person).first()
    assert client.get(reverse("notifications:open", args=[first.pk]))["Location"] == "/library/"
    first.refresh_from_db()
    assert first.read_at is not None
    client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(recipient=person, read_at__isnull=True).exists()


def test_someone_elses_notification_is_404_and_off_site_links_are_not_followed(client, body):
    owner, other = make_user(body=body), make_user(body=body)
    services.notify(recipient_ids=[owner.pk], kind=Kind.ANSWER, key="x", subject="س", url="https://evil.example/")
    notification = Notification.objects.get()
    client.force_login(other)
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404
    client.force_login(owner)
    assert client.get(reverse("notifications:open", args=[notification.pk]))["Location"] == reverse(
        "notifications:list"
    )


def test_preferences_page_saves_choices_and_rejects_unknown_values(client, body):
    person = make_user(body=body)
    client.force_login(person)
    url = reverse("notifications:preferences")
    assert client.get(url).status_code == 200
    bad = client.post(url, {"email": "hourly", "wanted": ["answer"]})
    assert bad.status_code == 200 and "email" in bad.context["form"].errors
    client.post(url, {"email": "daily", "wanted": ["answer", "invitation"]})
    preferences = Preferences.objects.get(user=person)
    assert preferences.email == "daily"
    assert sorted(preferences.muted_kinds) == sorted(set(Kind.values) - {"answer", "invitation"})


def test_the_preferences_page_shows_every_kind_once_by_section(client, body):
    listed = [kind for _legend, kinds in SECTIONS for kind in kinds]
    assert sorted(listed) == sorted(Kind.values)  # every kind, none twice
    person = make_user(body=body)
    services.preferences_update(user=person, email=Preferences.Email.DAILY, muted_kinds=[Kind.MENTION])
    client.force_login(person)
    html = client.get("/en/notifications/settings/").content.decode()
    assert html.count("<fieldset") == len(SECTIONS)
    assert "E-mail me about" in html and "You always see every notification" in html
    for legend, _kinds in SECTIONS:
        assert f"<legend>{legend}</legend>" in html
    assert html.count('type="checkbox"') == len(Kind.values)
    assert html.count("checked") == len(Kind.values) - 1  # every kind but the muted one is e-mailed


def test_pages_need_a_sign_in(client):
    for name in ("notifications:list", "notifications:preferences"):
        assert client.get(reverse(name)).status_code == 302
