"""An uninvited person never meets an invitation-only event: not its page, not a list, a calendar or a feed."""

import icalendar
import pytest
from django.urls import reverse

from tabadul.accounts.tests.factories import TEST_PASSWORD, make_user
from tabadul.events import reach, selectors, services
from tabadul.events.models import Event
from tabadul.events.selectors import EventFilters

from .conftest import header_queries, make_event

pytestmark = pytest.mark.django_db

SECRET = "اجتماع افتراضي سري لمجموعات التوأمة"


@pytest.fixture
def secret_event(coordinator, hub, body):
    event = make_event(
        coordinator,
        hubs=[hub],
        name_ar=SECRET,
        visibility=Event.Visibility.INVITATION,
        mode=Event.Mode.ONLINE,
        online_url="https://meet.example.org/secret",
        city="",
    )
    services.invitation_create(actor=coordinator, event=event, bodies=[body])
    return event


def _everything_shown_to(client, user, hub, event) -> str:
    pages = [
        reverse("events:event_list"),
        reverse("events:event_list") + "?when=all",
        reverse("events:event_month") + f"?month={event.local_starts_at:%Y-%m}",
        reverse("events:hub_events", args=[hub.slug]),
        reverse("events:hub_month", args=[hub.slug]) + f"?month={event.local_starts_at:%Y-%m}",
        reverse("events:hub_feed", args=[hub.slug]),
    ]
    if user is not None:
        pages += [reverse("events:my_events"), reverse("events:my_month") + f"?month={event.local_starts_at:%Y-%m}"]
        token = services.feed_token_get_or_create(actor=user).token
        pages.append(reverse("events:personal_feed", args=[token]))
    text = ""
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text += response.content.decode()
    return text


@pytest.mark.parametrize("who", ["anonymous", "citizen", "member_of_another_body", "other_coordinator"])
def test_an_uninvited_person_gets_404_and_sees_it_nowhere(client, secret_event, hub, who, other_coordinator, member):
    user = {
        "anonymous": None,
        "citizen": make_user(),
        "member_of_another_body": make_user(body=None),
        "other_coordinator": other_coordinator,
    }[who]
    if user is not None:
        client.force_login(user)
    assert client.get(secret_event.get_absolute_url()).status_code == 404
    assert client.get(reverse("events:event_ics", args=[secret_event.pk])).status_code == 404
    assert SECRET not in _everything_shown_to(client, user, hub, secret_event)
    assert not selectors.visible_events(user).filter(pk=secret_event.pk).exists()
    assert selectors.hub_panel(hub, user).events == []


def test_the_invited_body_staff_see_it_everywhere_and_register(client, secret_event, hub, body):
    staff = make_user(body=body)
    client.force_login(staff)
    response = client.get(secret_event.get_absolute_url())
    assert response.status_code == 200
    assert "meet.example.org/secret" not in response.content.decode()  # not admitted yet
    client.post(reverse("events:event_register", args=[secret_event.pk]))
    assert "meet.example.org/secret" in client.get(secret_event.get_absolute_url()).content.decode()
    assert SECRET in client.get(reverse("events:event_list")).content.decode()
    assert SECRET in client.get(reverse("events:my_events")).content.decode()
    token = services.feed_token_get_or_create(actor=staff).token
    feed = icalendar.Calendar.from_ical(client.get(reverse("events:personal_feed", args=[token])).content)
    assert [str(e["summary"]) for e in feed.walk("VEVENT")] == [SECRET]
    # The public hub feed still leaves it out: it is fetched without signing in.
    assert SECRET not in client.get(reverse("events:hub_feed", args=[hub.slug])).content.decode()


def test_members_only_events_are_seen_by_members_only(client, coordinator, hub, member, citizen):
    event = make_event(coordinator, hubs=[hub], name_ar="لقاء الأعضاء", visibility=Event.Visibility.MEMBERS)
    assert selectors.visible_events(member).filter(pk=event.pk).exists()
    assert selectors.visible_events(coordinator).filter(pk=event.pk).exists()
    assert not selectors.visible_events(citizen).filter(pk=event.pk).exists()
    client.force_login(citizen)
    assert client.get(event.get_absolute_url()).status_code == 404


def test_list_query_count_does_not_grow_with_events(client, platform_admin, hub, django_assert_max_num_queries):
    person = make_user()
    client.force_login(person)
    for index in range(3):
        make_event(platform_admin, hubs=[hub], name_ar=f"فعالية {index}")
    with django_assert_max_num_queries(14 + header_queries(person)) as few:
        client.get(reverse("events:event_list"))
    for index in range(15):
        make_event(platform_admin, hubs=[hub], name_ar=f"فعالية أخرى {index}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("events:event_list"))
    assert response.context["page"].paginator.count == 18


def test_month_view_query_count_does_not_grow(client, platform_admin, hub, django_assert_max_num_queries):
    make_event(platform_admin, hubs=[hub])
    url = reverse("events:event_month") + f"?month={make_event(platform_admin).local_starts_at:%Y-%m}"
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for _ in range(10):
        make_event(platform_admin, hubs=[hub])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_hub_panel_lists_upcoming_events_and_open_followups(client, coordinator, hub):
    from django.template import Context, Template
    from django.test import RequestFactory

    make_event(coordinator, hubs=[hub], name_ar="ورشة قادمة")
    request = RequestFactory().get("/")
    request.user = make_user()
    html = Template('{% include "events/includes/hub_panel.html" %}').render(Context({"hub": hub, "request": request}))
    assert "ورشة قادمة" in html


def test_bad_filter_input_is_a_normal_page(client):
    for query in ("?when=tomorrow&type=party&page=abc", "?q=" + "ب" * 10000, "?month=2024-13", "?q=(*[%5C+?"):
        assert client.get(reverse("events:event_list") + query).status_code == 200
        assert client.get(reverse("events:event_month") + query).status_code == 200


def test_sign_in_fixture_password_is_usable(client, citizen):
    assert client.login(username=citizen.username, password=TEST_PASSWORD)


def test_event_filters_mine(platform_admin, citizen):
    event = make_event(platform_admin)
    make_event(platform_admin)
    services.event_register(actor=citizen, event=event)
    assert list(selectors.event_list(user=citizen, filters=EventFilters(mine=True))) == [event]


def _attend(event, manager, person):
    from django.utils import timezone

    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now())
    event.refresh_from_db()
    registration = services.event_register(actor=person, event=event)
    services.registration_check_in(actor=manager, registration=registration)


def test_an_uninvited_person_finds_it_neither_in_search_nor_in_the_reach_dashboard(
    client, secret_event, coordinator, hub, other_coordinator, specialist, platform_admin, body
):
    """Search (the list's words and the selector the search app uses) and the reach figures leave it out."""
    _attend(secret_event, coordinator, make_user(body=body))
    reach.store()  # as the check-in's background task stores the dashboard's figures
    for user in (other_coordinator, specialist):
        assert selectors.search_events(user=user, query="اجتماع افتراضي") == []
        assert selectors.search_events(user=user, query="سري") == []
        client.force_login(user)
        listing = client.get(reverse("events:event_list") + "?when=all&q=" + "سري").content.decode()
        assert SECRET not in listing
        page = client.get(reverse("events:reach"))
        assert page.status_code == 200
        assert (page.context["data"].staff, page.context["data"].events, page.context["data"].bodies_ever) == (0, 0, 0)
        assert SECRET not in page.content.decode()
        for name in ("events:reach_csv", "events:reach_xlsx"):
            assert client.get(reverse(name)).status_code == 200
    # Those who may see it find it, and its attendance counts for them.
    assert selectors.search_events(user=coordinator, query="اجتماع افتراضي") == [secret_event]
    client.force_login(platform_admin)
    assert client.get(reverse("events:reach")).context["data"].staff == 1
    client.force_login(coordinator)
    assert client.get(reverse("events:reach")).context["data"].staff == 1


def test_search_matches_arabic_spelling_variants(platform_admin):
    event = make_event(platform_admin, name_ar="إدارة النفايات الصلبة في مدرسة القرية")
    for query in ("ادارة", "اداره", "إدارة النفايات", "مدرسه", "الصلبه", "Learning"):
        assert selectors.search_events(user=None, query=query) == [event], query
    assert selectors.search_events(user=None, query="مياه") == []
    assert selectors.search_events(user=None, query="   ") == []
