"""Caching of the public Meter pages for anonymous visitors, invalidated explicitly on every change.

Each body has a version token in the cache, and so has the platform (for pages spanning bodies). A cached
page is stored as one entry: the scope it belongs to, the tokens that were current when it was rendered,
its final headers and its body. A hit is served when those tokens are still current. Every service that
changes something a public page shows calls `invalidate_body(body_id)` after its transaction commits,
which gives the body and the platform fresh tokens, so the next request renders afresh.

Who does what: views say which of their pages may be cached (`cached_for_anonymous(scope_of)`);
`PublicPageCacheMiddleware`, first in MIDDLEWARE, answers hits before the rest of Django runs and stores
misses once every other middleware has added its headers.

Cost of a hit: no cache read when this worker process served the page recently (it keeps its last
`RECENT_PAGES` entries in memory), else one (the page entry); either way the entry's tokens must be the
current ones. The current tokens are remembered in each worker process for `TOKEN_MEMO_SECONDS` (one
second, as long as the nginx micro-cache of docs/operations.md keeps a page): the process that made a
change sees it at once (it forgets its memo when it bumps the tokens), the other workers within that
second. A token is unique (not a counter), so an evicted or cleared token never makes
an old page current again. The ETag is computed once, when the page is stored; a hit answers 304 to a
matching If-None-Match.

Anonymous means: no session cookie and no messages cookie. Such requests are answered without touching
the session or the CSRF token, so the response is the same for every anonymous visitor (the public pages
carry no form; feedback has its own, uncached page). A response that sets a cookie is never stored.
"""

import functools
import hashlib
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers

PAGE_TIMEOUT = 24 * 3600
ALL = "all"
TOKEN_MEMO_SECONDS = 1.0

RECENT_PAGES = 100

# scope -> (token, monotonic deadline); per worker process.
_memo: dict = {}
# page key -> entry: the pages this worker process served last, checked against the same tokens.
_recent_pages: dict = {}
_recent_lock = threading.Lock()


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
    """Forget what this process remembers (tokens and recent pages), as a fresh worker would."""
    _memo.clear()
    with _recent_lock:
        _recent_pages.clear()


def _is_current(entry) -> bool:
    return entry is not None and _tokens(entry[0]) == entry[1]


def _current_entry(key: str):
    """The page stored under `key` if it is still current: from this process's memory, else the cache."""
    entry = _recent_pages.get(key)
    if _is_current(entry):
        return entry
    entry = cache.get(_shared_key(key))
    if not _is_current(entry):
        return None
    _remember(key, entry)
    return entry


def _shared_key(key: str) -> str:
    return "meter:page:" + hashlib.md5(key.encode(), usedforsecurity=False).hexdigest()


def _remember(key: str, entry) -> None:
    with _recent_lock:
        if len(_recent_pages) >= RECENT_PAGES:
            del _recent_pages[next(iter(_recent_pages))]  # the oldest
        _recent_pages[key] = entry


def invalidate_body(body_id: int) -> None:
    """Forget every cached page of this body and the platform-wide pages (after commit)."""

    def bump():
        cache.set_many({_version_key(body_id): _new_token(), _version_key(ALL): _new_token()}, timeout=None)
        _memo.pop(body_id, None)
        _memo.pop(ALL, None)

    transaction.on_commit(bump)


_PUBLIC_PREFIXES = (
    "/meter/",
    *(f"/{code}/meter/" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE),
)


def _page_key(request) -> str | None:
    """The cache key of an anonymous GET of a public Meter page, or None when it must go through Django.

    The key is the full path with its query: Arabic pages are unprefixed and English ones under /en/, so
    the path names the language. Requests that Django would redirect (plain HTTP in production, a
    remembered language other than the path's) or refuse (an unknown host) are left to the middleware
    that does so.
    """
    if request.method not in ("GET", "HEAD") or not request.path_info.startswith(_PUBLIC_PREFIXES):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    language = cookies.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
    if language != settings.LANGUAGE_CODE and not request.path_info.startswith(f"/{language}/"):
        return None
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return None
    try:
        request.get_host()
    except DisallowedHost:
        return None
    return request.get_full_path()


_CONDITIONAL_HEADERS = frozenset(("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE"))


class PublicPageCacheMiddleware:
    """First in MIDDLEWARE: answers anonymous GETs of cached public Meter pages before anything else runs.

    A hit costs at most one cache read and no session, locale, CSRF or URL resolution. Being outermost, the
    middleware stores a page with the headers every other middleware gave it (security headers, CSP,
    Content-Language, Vary, ETag), so a hit carries exactly what a rendered page would.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _page_key(request)
        if key is None:
            return self.get_response(request)
        entry = _current_entry(key)
        if entry is not None:
            headers, content = entry[2:]
            response = HttpResponse(content, headers=headers)
            response.headers["X-Meter-Cache"] = "hit"
            if _CONDITIONAL_HEADERS.isdisjoint(request.META):
                return response
            return get_conditional_response(request, etag=headers.get("ETag"), response=response)
        request.meter_page_cacheable = True
        response = self.get_response(request)
        marker = getattr(response, "meter_cache", None)
        if marker is not None and response.status_code == 200 and not response.cookies:
            entry = (*marker, dict(response.items()), response.content)
            cache.set(_shared_key(key), entry, PAGE_TIMEOUT)
            _remember(key, entry)
            response.headers["X-Meter-Cache"] = "miss"
        return response


def cached_for_anonymous(scope_of):
    """Decorator: let PublicPageCacheMiddleware keep a view's 200 responses for anonymous visitors.

    `scope_of(request, **kwargs)` gives the body id whose changes invalidate the page, or ALL; it is
    only called when the page is rendered (a hit finds its scope in the entry).
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not getattr(request, "meter_page_cacheable", False):
                response = view(request, *args, **kwargs)
            else:
                scope = scope_of(request, **kwargs)
                tokens = _tokens(scope)  # before rendering: a change during the render makes this entry stale
                response = view(request, *args, **kwargs)
                if response.status_code == 200 and not response.streaming:
                    response.meter_cache = (scope, tokens)
            patch_vary_headers(response, ["Cookie"])
            return response

        return wrapper

    return decorator
