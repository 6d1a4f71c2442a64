"""Rate limits: fixed-window counters kept as database rows (`ThrottleCounter`), the one mechanism for every limit.

Why the database and not the cache: a cache may drop any entry to make room. The file cache culls a third of
its entries once it holds 300, Redis evicts under `maxmemory`, and anonymous visits write cache entries, so a
few hundred page views could erase a sign-in lockout. Rows are dropped only once their window is over. They
work the same on SQLite and PostgreSQL and need no service of their own.

- Keys: callers name a limit and what it counts (`"sign-in:address:203.0.113.9"`); only the key's SHA-256 is
  stored, so a row holds no visitor-chosen text and every key has the same size.
- A window opens with the first hit and lasts `window_seconds`; `count` is raised by one atomic UPDATE, so
  concurrent requests never lose a hit. Every row has `expires_at`: an expired row counts as no row, and all
  expired rows are deleted whenever a new window opens, so the table holds only live windows.
- A hit written inside a transaction that is later rolled back is not counted. Callers refuse right after
  counting, so a refused hit that is rolled back leaves the count at the limit, and the next one is refused too.
"""

import hashlib
import math
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import ThrottleCounter


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _live(key: str):
    return ThrottleCounter.objects.filter(key=_digest(key), expires_at__gt=timezone.now())


def _hit(key: str, window_seconds: int) -> int:
    """Count one hit for `key` and return the count of its current window."""
    live = _live(key)
    with transaction.atomic():
        if live.update(count=F("count") + 1):
            return live.values_list("count", flat=True).get()
        now = timezone.now()
        ThrottleCounter.objects.filter(expires_at__lte=now).delete()
        try:
            with transaction.atomic():
                ThrottleCounter.objects.create(
                    key=_digest(key), count=1, expires_at=now + timedelta(seconds=window_seconds)
                )
            return 1
        except IntegrityError:  # a concurrent request opened the window first
            live.update(count=F("count") + 1)
            return live.values_list("count", flat=True).get()


def rate_limit_exceeded(key: str, *, limit: int, window_seconds: int, increment: bool = True) -> bool:
    """Count one hit for `key` (unless increment=False) and say whether it is over `limit` in the window.

    With increment=False: whether `limit` hits were already counted, i.e. whether the next one would be over.
    """
    if not increment:
        return (_live(key).values_list("count", flat=True).first() or 0) >= limit
    return _hit(key, window_seconds) > limit


def rate_limit_retry_after(key: str) -> int:
    """Seconds until the current window of `key` ends (0 when it has none), for a Retry-After header."""
    expires_at = _live(key).values_list("expires_at", flat=True).first()
    if expires_at is None:
        return 0
    return max(1, math.ceil((expires_at - timezone.now()).total_seconds()))


def rate_limit_reset(key: str) -> None:
    ThrottleCounter.objects.filter(key=_digest(key)).delete()


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


def address_limit_wait(request, scope: str, *, limit: int, window_seconds: int) -> int:
    """Count this request against the per-address limit `scope`: seconds to wait when it is over, else 0."""
    key = f"{scope}:address:{client_address(request)}"
    if rate_limit_exceeded(key, limit=limit, window_seconds=window_seconds):
        return rate_limit_retry_after(key)
    return 0
