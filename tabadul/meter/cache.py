"""Caching of the public Meter pages for anonymous visitors, invalidated explicitly on every change.

Each body has a version token in the cache, and so has the platform (for pages spanning bodies). A cached
page is stored as one entry: its status, content type, ETag, body, the scope it belongs to and the tokens
that were current when it was rendered. A hit is served when those tokens are still current. Every service
that changes something a public page shows calls `invalidate_body(body_id)` after its transaction commits,
which gives the body and the platform fresh tokens, so the next request renders afresh.

Cost of a hit: one cache read (the page entry). The current tokens are remembered in each worker process
for `TOKEN_MEMO_SECONDS` (one second, as long as the nginx micro-cache of docs/operations.md keeps a page):
the process that made a change sees it at once (it forgets its memo when it bumps the tokens), the other
workers within that second. A token is unique (not a counter), so an evicted or cleared token never makes
an old page current again.

The ETag is computed once, when the page is stored, so ConditionalGetMiddleware does not hash the body on
every hit (it leaves a response that already has one alone, and still answers 304 to If-None-Match).

Anonymous means: no session cookie and no messages cookie. Such requests are answered without touching
the session or the CSRF token, so the response is the same for every anonymous visitor (the public pages
carry no form; feedback has its own, uncached page).
"""

import functools
import hashlib
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers, set_response_etag
from django.utils.translation import get_language

PAGE_TIMEOUT = 24 * 3600
ALL = "all"
TOKEN_MEMO_SECONDS = 1.0

# scope -> (token, monotonic deadline); per worker process.
_memo: dict = {}


def _version_key(scope) -> str:
    return f"meter:version:{scope}"


def _new_token() -> str:
    return uuid.uuid4().hex[:16]


def _tokens(scope) -> tuple[str, str]:
    """The current tokens of `scope` and of the platform, from the memo when it is fresh."""
    now = time.monotonic()
    mine, everyone = _memo.get(scope), _memo.get(ALL)
    if mine is not None and everyone is not None and mine[1] > now and everyone[1] > now:
        return mine[0], everyone[0]
    keys = [_version_key(scope), _version_key(ALL)]
    found = cache.get_many(keys)
    tokens = []
    for key, remembered in zip(keys, (mine, everyone), strict=True):
        token = found.get(key)
        if token is None:
            # Gone from the cache (cleared or evicted: a change always sets a new token, it never deletes
            # one). What this process last read is still the truth, so the pages stored with it stay good.
            cache.add(key, remembered[0] if remembered else _new_token(), timeout=None)
            token = cache.get(key)
        tokens.append(token)
    deadline = now + TOKEN_MEMO_SECONDS
    _memo[scope] = (tokens[0], deadline)
    _memo[ALL] = (tokens[1], deadline)
    return tokens[0], tokens[1]


def forget_memo() -> None:
    _memo.clear()


def invalidate_body(body_id: int) -> None:
    """Forget every cached page of this body and the platform-wide pages (after commit)."""

    def bump():
        cache.set_many({_version_key(body_id): _new_token(), _version_key(ALL): _new_token()}, timeout=None)
        _memo.pop(body_id, None)
        _memo.pop(ALL, None)

    transaction.on_commit(bump)


def is_anonymous_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _page_key(request) -> str:
    digest = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    return f"meter:page:{get_language()}:{digest}"


def cached_for_anonymous(scope_of):
    """Decorator: serve a view's 200 responses from the cache for anonymous visitors.

    `scope_of(request, **kwargs)` gives the body id whose changes invalidate the page, or ALL; it is
    only called when the page is rendered (a hit finds its scope in the entry).
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_anonymous_request(request):
                response = view(request, *args, **kwargs)
                patch_vary_headers(response, ["Cookie"])
                return response
            key = _page_key(request)
            entry = cache.get(key)
            if entry is not None:
                scope, tokens, content_type, etag, content = entry
                if _tokens(scope) == tokens:
                    response = HttpResponse(content, content_type=content_type)
                    response.headers["ETag"] = etag
                    response.headers["Vary"] = "Cookie"
                    response.headers["X-Meter-Cache"] = "hit"
                    return response
            scope = scope_of(request, **kwargs)
            tokens = _tokens(scope)  # before rendering: a change during the render makes this entry stale
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
                set_response_etag(response)
                cache.set(
                    key,
                    (scope, tokens, response["Content-Type"], response["ETag"], response.content),
                    PAGE_TIMEOUT,
                )
                response["X-Meter-Cache"] = "miss"
            patch_vary_headers(response, ["Cookie"])
            return response

        return wrapper

    return decorator
