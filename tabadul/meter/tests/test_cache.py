"""The page cache of the public Meter pages: one cache read per hit, invalidation across workers, ETag."""

from unittest import mock

import pytest
from django.core.cache import cache as django_cache
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import reverse

from .. import cache as meter_cache
from .. import services
from ..models import StrategicPlan

pytestmark = pytest.mark.django_db


class CountingCache:
    """Django's cache, counting the reads the Meter makes."""

    def __init__(self):
        self.reads = 0

    def get(self, *args, **kwargs):
        self.reads += 1
        return django_cache.get(*args, **kwargs)

    def get_many(self, *args, **kwargs):
        self.reads += 1
        return django_cache.get_many(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(django_cache, name)


def test_a_hit_costs_at_most_one_cache_read_and_carries_the_etag_computed_once(client, world, monkeypatch):
    # The tokens stay remembered for the whole test, however slow the machine (the memo lasts a second otherwise).
    monkeypatch.setattr(meter_cache, "TOKEN_MEMO_SECONDS", 3600)
    url = reverse("meter:plan_detail", args=[world.plan.pk])
    miss = client.get(url)
    assert miss["X-Meter-Cache"] == "miss" and miss["ETag"]
    counting = CountingCache()
    with (
        mock.patch.object(meter_cache, "cache", counting),
        mock.patch("django.middleware.http.set_response_etag") as etag,
    ):
        hit = client.get(url)  # the worker that rendered the page keeps it in memory
        assert counting.reads == 0
        meter_cache._recent_pages.clear()  # as in another worker whose tokens are fresh
        other = client.get(url)
        assert counting.reads == 1
    for response in (hit, other):
        assert response["X-Meter-Cache"] == "hit" and response.content == miss.content
        assert response["ETag"] == miss["ETag"] and "Cookie" in response["Vary"]
    assert not etag.called
    # A client that has the page gets 304.
    assert client.get(url, headers={"if-none-match": hit["ETag"]}).status_code == 304


def test_the_pages_a_worker_keeps_in_memory_are_bounded(rf, world):
    def page(request):
        response = HttpResponse("<p>a page</p>")
        response.meter_cache = (world.body.pk, meter_cache._tokens(world.body.pk))
        return response

    middleware = meter_cache.PublicPageCacheMiddleware(page)
    for number in range(meter_cache.RECENT_PAGES + 5):
        assert middleware(rf.get(f"/meter/plans/{number}/"))["X-Meter-Cache"] == "miss"
    assert len(meter_cache._recent_pages) == meter_cache.RECENT_PAGES


def test_a_change_made_in_another_worker_shows_once_the_memo_expires(client, world):
    url = reverse("meter:plan_detail", args=[world.plan.pk])
    client.get(url)
    assert client.get(url)["X-Meter-Cache"] == "hit"
    # Another worker process publishes a change: it sets new tokens in the shared cache, this process's
    # memo does not know yet (the bump of this process would also forget its own memo).
    StrategicPlan.objects.filter(pk=world.plan.pk).update(title_ar="خطة معدلة")
    django_cache.set(meter_cache._version_key(world.body.pk), "other-worker", timeout=None)
    with mock.patch.object(meter_cache.time, "monotonic", return_value=meter_cache.time.monotonic() + 2):
        response = client.get(url)
    assert response["X-Meter-Cache"] == "miss" and "خطة معدلة" in response.content.decode()


def test_an_evicted_token_does_not_bring_back_an_older_page(client, world, django_capture_on_commit_callbacks):
    url = reverse("meter:plan_detail", args=[world.plan.pk])
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_update(actor=world.editor, plan=world.plan, title_ar="الخطة الجديدة")
    fresh = client.get(url)
    assert fresh["X-Meter-Cache"] == "miss" and "الخطة الجديدة" in fresh.content.decode()
    django_cache.delete_many([meter_cache._version_key(world.body.pk), meter_cache._version_key(meter_cache.ALL)])
    meter_cache.forget_memo()
    again = client.get(url)
    assert "الخطة الجديدة" in again.content.decode()


SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Content-Language",
    "Vary",
    "ETag",
)


def test_a_hit_is_answered_before_the_rest_of_django_with_the_headers_of_a_rendered_page(client, world):
    url = reverse("meter:plan_detail", args=[world.plan.pk])
    miss = client.get(url)
    with (
        mock.patch("django.core.handlers.base.BaseHandler.resolve_request") as resolve,
        mock.patch("django.contrib.sessions.middleware.SessionMiddleware.process_request") as session,
    ):
        hit = client.get(url)
    assert hit["X-Meter-Cache"] == "hit" and not resolve.called and not session.called
    for header in SECURITY_HEADERS:
        assert hit[header] == miss[header], header
    assert "default-src" in hit["Content-Security-Policy"] and not hit.cookies


def test_english_pages_are_cached_apart_from_arabic_ones(client, world):
    arabic = reverse("meter:plan_detail", args=[world.plan.pk])
    client.get(arabic)
    english = client.get(f"/en{arabic}")
    assert english["X-Meter-Cache"] == "miss" and english["Content-Language"] == "en"
    assert client.get(arabic)["Content-Language"] == "ar"


def test_visitors_django_would_redirect_or_refuse_never_get_the_cached_page(client, world):
    url = reverse("meter:plan_detail", args=[world.plan.pk])
    client.get(url)
    assert client.get(url)["X-Meter-Cache"] == "hit"
    # A remembered English choice still sends the visitor to /en/.
    client.cookies["tabadul_language"] = "en"
    assert client.get(url).status_code == 302
    del client.cookies["tabadul_language"]
    # An unknown host is refused, whatever the cache holds.
    client.raise_request_exception = False
    assert client.get(url, HTTP_HOST="evil.example").status_code == 400
    # Production redirects plain HTTP to HTTPS before serving anything.
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")):
        production = Client()  # middleware reads these settings when it starts
        assert production.get(url).status_code == 301
        assert production.get(url, headers={"x-forwarded-proto": "https"})["X-Meter-Cache"] == "hit"


def test_signed_in_visitors_and_posts_pass_through(client, world):
    url = reverse("meter:plan_detail", args=[world.plan.pk])
    client.get(url)
    client.force_login(world.editor)
    response = client.get(url)
    assert response.status_code == 200 and "X-Meter-Cache" not in response
    assert "Cookie" in response["Vary"]


def test_a_response_that_sets_a_cookie_is_never_stored(rf, world):
    def view_setting_a_cookie(request):
        response = HttpResponse("<p>personal</p>")
        response.meter_cache = (world.body.pk, meter_cache._tokens(world.body.pk))
        response.set_cookie("csrftoken", "a-visitor's-own")
        return response

    middleware = meter_cache.PublicPageCacheMiddleware(view_setting_a_cookie)
    first = middleware(rf.get("/meter/plans/1/"))
    second = middleware(rf.get("/meter/plans/1/"))
    assert "X-Meter-Cache" not in first and "X-Meter-Cache" not in second
    assert second.cookies["csrftoken"].value == "a-visitor's-own"
