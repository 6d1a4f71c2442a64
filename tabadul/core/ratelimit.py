"""A fixed-window counter in the cache, for throttling sign-ins and public forms."""

from django.conf import settings
from django.core.cache import cache


def rate_limit_exceeded(key: str, *, limit: int, window_seconds: int, increment: bool = True) -> bool:
    """Count one hit for `key` (unless increment=False) and say whether it is over `limit` in the window."""
    cache_key = f"ratelimit:{key}"
    if not increment:
        return (cache.get(cache_key) or 0) >= limit
    cache.add(cache_key, 0, timeout=window_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window_seconds)
        count = 1
    return count > limit


def rate_limit_reset(key: str) -> None:
    cache.delete(f"ratelimit:{key}")


def client_address(request) -> str:
    """The visitor's address, for per-address limits.

    Behind `TRUSTED_PROXY_COUNT` reverse proxies (nginx: 1), REMOTE_ADDR is the proxy's, so the address is
    the one the outermost trusted proxy put in X-Forwarded-For; entries further left are the client's own
    claims and are ignored. With no trusted proxy, X-Forwarded-For is not read at all.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "unknown")
