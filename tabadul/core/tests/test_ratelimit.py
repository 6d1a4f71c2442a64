import pytest
from django.test import RequestFactory

from tabadul.core.ratelimit import client_address, rate_limit_exceeded


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


def test_rate_limit_counts_per_key_within_the_window():
    assert not any(rate_limit_exceeded("k", limit=3, window_seconds=60) for _ in range(3))
    assert rate_limit_exceeded("k", limit=3, window_seconds=60)
    assert not rate_limit_exceeded("other", limit=3, window_seconds=60)
