"""Caching of the public Meter pages for anonymous visitors, invalidated explicitly on every change.

Each body has a version number in the cache; a cached page's key contains the version of its body
(and the platform-wide version for pages spanning bodies). Every service that changes something a
public page shows calls `invalidate_body(body_id)` after its transaction commits, which bumps both
versions, so the next request renders afresh. Nothing waits for a timeout.

Anonymous means: no session cookie and no messages cookie. Such requests are answered without touching
the session or the CSRF token, so the response is the same for every anonymous visitor.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

PAGE_TIMEOUT = 24 * 3600
ALL = "all"


def _version_key(scope) -> str:
    return f"meter:version:{scope}"


def _version(scope) -> int:
    version = cache.get(_version_key(scope))
    if version is None:
        version = 1
        cache.add(_version_key(scope), version, timeout=None)
    return version


def invalidate_body(body_id: int) -> None:
    """Forget every cached page of this body and the platform-wide pages (after commit)."""

    def bump():
        for scope in (body_id, ALL):
            try:
                cache.incr(_version_key(scope))
            except ValueError:
                cache.set(_version_key(scope), 2, timeout=None)

    transaction.on_commit(bump)


def is_anonymous_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def cached_for_anonymous(scope_of):
    """Decorator: serve a view's 200 responses from the cache for anonymous visitors.

    `scope_of(request, **kwargs)` gives the body id whose changes invalidate the page, or ALL.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_anonymous_request(request):
                return view(request, *args, **kwargs)
            scope = scope_of(request, **kwargs)
            versions = cache.get_many([_version_key(scope), _version_key(ALL)])
            version = f"{versions.get(_version_key(scope), 1)}.{versions.get(_version_key(ALL), 1)}"
            digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
            key = f"meter:page:{scope}:{version}:{get_language()}:{digest}"
            hit = cache.get(key)
            if hit is not None:
                content, content_type = hit
                response = HttpResponse(content, content_type=content_type)
                response["X-Meter-Cache"] = "hit"
            else:
                response = view(request, *args, **kwargs)
                if response.status_code == 200 and not response.streaming:
                    if hasattr(response, "render") and not response.is_rendered:
                        response.render()
                    cache.set(key, (response.content, response["Content-Type"]), PAGE_TIMEOUT)
                    response["X-Meter-Cache"] = "miss"
            patch_vary_headers(response, ["Cookie"])
            return response

        return wrapper

    return decorator
