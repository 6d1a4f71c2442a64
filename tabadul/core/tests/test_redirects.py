"""Every view that redirects to a `next` address the visitor sent stays on this site, whatever the address.

The views are found by walking the URL configuration: a view whose code reads `next` from the request, or a class
built on Django's `RedirectURLMixin` (sign-in, sign-out), must have an entry in REDIRECTS, which sends it each
hostile address and one good one.
"""

import datetime as dt
import functools
import inspect
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.views import RedirectURLMixin
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone

from tabadul.accounts.tests.factories import TEST_PASSWORD, make_user
from tabadul.core.links import is_same_site_path
from tabadul.discussions import services as discussions
from tabadul.events import services as events
from tabadul.events.models import Event
from tabadul.events.tests.conftest import make_event
from tabadul.meter import services as meter

from .matrix import _walk
from .offsite import leads_off_site

HOSTILE_NEXT = [
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "\\\\evil.example",
    "/%5Cevil.example",
    "/%2F%2Fevil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "\x01//evil.example",
    "https://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    "java\tscript:alert(1)",
    "JaVaScRiPt:alert(1)",
]
GOOD_NEXT = "/hubs/"
_READS_NEXT = re.compile(r"""(GET|POST)\.get\(\s*["']next["']""")


def _source(view) -> str:
    while isinstance(view, functools.partial):
        view = view.func
    view = inspect.unwrap(view)
    if not (inspect.isfunction(view) or inspect.isclass(view)):
        view = type(view)  # a callable object, e.g. a syndication Feed
    return inspect.getsource(view)


def _reads_next(callback) -> bool:
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return issubclass(view_class, RedirectURLMixin) or bool(_READS_NEXT.search(_source(view_class)))
    return bool(_READS_NEXT.search(_source(callback)))


def views_reading_next() -> set[str]:
    return {
        name
        for name, _route, callback in _walk(get_resolver().url_patterns)
        if not name.startswith("admin:") and _reads_next(callback)
    }


@pytest.fixture
def site(db, platform_admin):
    """A person who signs in, a moderated post and a follow-up action, all managed by the administrator."""
    from tabadul.discussions.tests.conftest import make_hub, make_hub_member

    hub = make_hub("redirects")
    author = make_hub_member(hub)
    thread = discussions.thread_start(actor=author, forum=discussions.forum_ensure(owner=hub), title="موضوع", body="نص")
    event = make_event(platform_admin)
    start = timezone.now() - dt.timedelta(days=3)
    Event.objects.filter(pk=event.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    event.refresh_from_db()
    report = events.event_close(
        actor=platform_admin,
        event=event,
        minutes="محضر",
        attendee_count=3,
        followups=[{"description": "متابعة", "owner_name": "المنسق"}],
    )
    return {
        "admin": platform_admin,
        "person": make_user(username="redirect.person"),
        "post": thread.posts.get(),
        "followup": report.followups.get(),
        "improvement": meter.platform_feedback_submit(actor=None, text="اقتراح لتحسين المقياس"),
    }


def _login(client, site, next_url):
    return client.post(
        reverse("accounts:login"), {"username": "redirect.person", "password": TEST_PASSWORD, "next": next_url}
    )


def _logout(client, site, next_url):
    client.force_login(site["person"])
    return client.post(reverse("accounts:logout"), {"next": next_url})


def _switch_language(client, site, next_url):
    return client.get(reverse("switch_language", args=["en"]), {"next": next_url})


def _followup_status(client, site, next_url):
    client.force_login(site["admin"])
    url = reverse("events:followup_status", args=[site["followup"].pk])
    return client.post(url, {"status": "done", "next": next_url})


def _post_moderate(client, site, next_url):
    client.force_login(site["admin"])
    url = reverse("discussions:post_moderate", args=[site["post"].pk])
    return client.post(url, {"action": "restore", "next": next_url})


def _platform_feedback_done(client, site, next_url):
    client.force_login(site["admin"])
    url = reverse("meter:platform_feedback_done", args=[site["improvement"].pk])
    return client.post(url, {"next": next_url})


# name -> (how to send `next`, a good `next` it must honour, the end of the address it then redirects to)
REDIRECTS = {
    "accounts:login": (_login, GOOD_NEXT, GOOD_NEXT),
    "accounts:logout": (_logout, GOOD_NEXT, GOOD_NEXT),
    "switch_language": (_switch_language, GOOD_NEXT, "/en/hubs/"),
    "events:followup_status": (_followup_status, GOOD_NEXT, GOOD_NEXT),
    # Only the word "thread" is read (back to the post); anything else goes to the moderation queue.
    "discussions:post_moderate": (_post_moderate, "thread", "#post-"),
    # An administrator marks a suggestion for the Meter read; a same-site `next` is followed, else its list.
    "meter:platform_feedback_done": (_platform_feedback_done, GOOD_NEXT, GOOD_NEXT),
}


def test_every_view_reading_next_is_listed():
    assert views_reading_next() == set(REDIRECTS)


@pytest.mark.parametrize("name", sorted(REDIRECTS))
@pytest.mark.parametrize("next_url", HOSTILE_NEXT, ids=repr)
def test_a_hostile_next_stays_on_the_site(site, name, next_url):
    send, _good, _expected = REDIRECTS[name]
    response = send(Client(), site, next_url)
    assert response.status_code in (301, 302, 303), response.status_code
    location = response["Location"]
    assert not leads_off_site(location), f"{name} redirects to {location!r} for next={next_url!r}"


@pytest.mark.parametrize("name", sorted(REDIRECTS))
def test_a_good_next_is_honoured(site, name):
    send, good, expected = REDIRECTS[name]
    response = send(Client(), site, good)
    location = urlsplit(response["Location"])
    assert (location.path + (f"#{location.fragment}" if location.fragment else "")).find(expected) >= 0, location


@pytest.mark.parametrize("next_url", HOSTILE_NEXT, ids=repr)
def test_the_same_site_check_refuses_every_hostile_address(next_url):
    assert not is_same_site_path(next_url)


@pytest.mark.parametrize("target", ["/hubs/", "/", "/search/?q=%D8%A8&page=2", "#post-3", "/en/discussions/"])
def test_the_same_site_check_accepts_ordinary_paths(target):
    assert is_same_site_path(target)
    assert not leads_off_site(target)
