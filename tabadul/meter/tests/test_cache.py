"""The page cache of the public Meter pages: one cache read per hit, invalidation across workers, ETag."""

from unittest import mock

import pytest
from django.core.cache import cache as django_cache
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


def test_a_hit_costs_one_cache_read_and_carries_the_etag_computed_once(client, world):
    url = reverse("meter:plan_detail", args=[world.plan.pk])
    miss = client.get(url)
    assert miss["X-Meter-Cache"] == "miss" and miss["ETag"]
    counting = CountingCache()
    with (
        mock.patch.object(meter_cache, "cache", counting),
        mock.patch("django.middleware.http.set_response_etag") as etag,
    ):
        hit = client.get(url)
    assert hit["X-Meter-Cache"] == "hit" and hit.content == miss.content
    assert counting.reads == 1
    assert hit["ETag"] == miss["ETag"] and not etag.called
    assert "Cookie" in hit["Vary"]
    # ConditionalGetMiddleware still answers 304 to a client that has the page.
    assert client.get(url, headers={"if-none-match": hit["ETag"]}).status_code == 304


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
