"""The one rate-limit mechanism: counters are database rows that public traffic and cache culling cannot erase."""

import hashlib
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone

from tabadul.core.models import ThrottleCounter
from tabadul.core.ratelimit import (
    address_limit_wait,
    client_address,
    rate_limit_exceeded,
    rate_limit_reset,
    rate_limit_retry_after,
)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no trusted proxy: the header is the client's claim, ignored
        (1, "203.0.113.9", "203.0.113.9"),  # nginx set it
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # a forged entry on the left is ignored
        (2, "198.51.100.7, 203.0.113.9", "198.51.100.7"),
        (1, "", "10.0.0.1"),  # proxy configured but header missing: the direct peer
    ],
)
def test_client_address_trusts_only_the_configured_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


@pytest.mark.django_db
def test_rate_limit_counts_per_key_within_the_window():
    assert not any(rate_limit_exceeded("k", limit=3, window_seconds=60) for _ in range(3))
    assert rate_limit_exceeded("k", limit=3, window_seconds=60)
    assert not rate_limit_exceeded("other", limit=3, window_seconds=60)


@pytest.mark.django_db
def test_a_read_counts_nothing():
    rate_limit_exceeded("k", limit=2, window_seconds=60)
    assert not rate_limit_exceeded("k", limit=2, window_seconds=60, increment=False)
    rate_limit_exceeded("k", limit=2, window_seconds=60)
    assert rate_limit_exceeded("k", limit=2, window_seconds=60, increment=False)
    assert ThrottleCounter.objects.get().count == 2


@pytest.mark.django_db
def test_counters_live_in_the_database_not_the_cache():
    for _ in range(3):
        rate_limit_exceeded("sign-in:account:salfit.editor", limit=2, window_seconds=60)
    cache.clear()
    assert rate_limit_exceeded("sign-in:account:salfit.editor", limit=2, window_seconds=60, increment=False)


@pytest.mark.django_db
def test_keys_are_stored_as_digests_only():
    key = "sign-in:account:" + "<script>" * 100
    rate_limit_exceeded(key, limit=2, window_seconds=60)
    assert ThrottleCounter.objects.get().key == hashlib.sha256(key.encode()).hexdigest()


@pytest.mark.django_db
def test_every_counter_expires_and_expired_rows_are_purged():
    rate_limit_exceeded("old", limit=1, window_seconds=60)
    rate_limit_exceeded("old", limit=1, window_seconds=60)
    rate_limit_exceeded("other-old", limit=1, window_seconds=60)
    assert ThrottleCounter.objects.filter(expires_at__lte=timezone.now() + timedelta(seconds=60)).count() == 2
    ThrottleCounter.objects.update(expires_at=timezone.now() - timedelta(seconds=1))  # the windows are over
    assert not rate_limit_exceeded("old", limit=1, window_seconds=60, increment=False)
    assert rate_limit_retry_after("old") == 0
    assert not rate_limit_exceeded("new", limit=1, window_seconds=60)  # opening a window purges expired rows
    assert list(ThrottleCounter.objects.values_list("count", flat=True)) == [1]
    assert not rate_limit_exceeded("old", limit=1, window_seconds=60)  # a fresh window


@pytest.mark.django_db
def test_retry_after_is_the_rest_of_the_window_and_reset_ends_it():
    rate_limit_exceeded("k", limit=1, window_seconds=600)
    assert 590 <= rate_limit_retry_after("k") <= 600
    rate_limit_reset("k")
    assert rate_limit_retry_after("k") == 0 and not ThrottleCounter.objects.exists()


@pytest.mark.django_db
def test_address_limits_count_each_address_apart():
    first, second = (RequestFactory().post("/", REMOTE_ADDR=address) for address in ("203.0.113.7", "198.51.100.9"))
    assert not address_limit_wait(first, "form", limit=1, window_seconds=60)
    assert address_limit_wait(first, "form", limit=1, window_seconds=60) > 0
    assert not address_limit_wait(second, "form", limit=1, window_seconds=60)
    assert not address_limit_wait(first, "other-form", limit=1, window_seconds=60)
