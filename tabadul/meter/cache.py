"""Caching of the public Meter pages for anonymous visitors, invalidated on every change of what they show.

Each body has a version token in the cache, the platform has one (for pages spanning bodies) and so has
"everything" (for a change whose body cannot be told). A cached page is stored as one entry: the scope it
belongs to, the tokens of its scope and of everything that were current when it was rendered, its final
headers and its body. A hit is served when those tokens are still current. A write to one body renews that
body's and the platform's tokens after its transaction commits, so the next request renders afresh, and the
pages of the other bodies stay cached.

What a write invalidates is decided here, once, from the model layer: `PUBLIC_MODELS` lists every model the
public pages read, with the way from a row to its body, and `connect_invalidation` (run when the app is
ready) makes every save and delete of those rows renew the tokens, whoever writes: a service, the admin, a
management command or the shell.

Who does what: views say which of their pages may be cached (`cached_for_anonymous(scope_of)`) and which
query parameters they read (`page_query`); `PublicPageCacheMiddleware`, first in MIDDLEWARE, answers hits
before the rest of Django runs and stores misses once every other middleware has added its headers.

No key comes from unchecked input and every key expires: a page is stored only when its object exists
(the scope lookup finds it, the view answers 200) and its URL is the canonical one (the path as Django would
reverse it, the query exactly the normalised values the view read), so random ids, odd spellings of an id
and unknown parameters are answered without being stored. Pages live `PAGE_TIMEOUT`, tokens
`VERSION_TIMEOUT`.

Cost of a hit: no cache read when this worker process served the page recently (it keeps its last
`RECENT_PAGES` entries in memory), else one (the page entry); either way the entry's tokens must be the
current ones. The current tokens are remembered in each worker process for `TOKEN_MEMO_SECONDS` (one
second, as long as the nginx micro-cache of docs/operations.md keeps a page): the process that made a
change sees it at once (it forgets its memo when it bumps the tokens), the other workers within that
second. A token is unique (not a counter), and a token gone from the cache (expired, evicted, cleared) is
replaced by a new one, so an old page never becomes current again. The ETag is computed once, when the
page is stored; a hit answers 304 to a matching If-None-Match.

Anonymous means: no session cookie and no messages cookie. Such requests are answered without touching
the session or the CSRF token, so the response is the same for every anonymous visitor (the public pages
carry no form; feedback has its own, uncached page). A response that sets a cookie is never stored.
"""

import functools
import hashlib
import threading
import time
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import post_save, pre_delete, pre_save
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import urlencode

PAGE_TIMEOUT = 24 * 3600
VERSION_TIMEOUT = PAGE_TIMEOUT  # a page outlives its token by at most this, and is then rendered afresh
ALL = "all"
EVERYTHING = "everything"
TOKEN_MEMO_SECONDS = 1.0

RECENT_PAGES = 100

# The models whose rows the public pages show, each with the lookup from a row to its local body's id (None: a row
# many bodies' pages show, whose change renews every page). The single source of truth for invalidation (see
# `connect_invalidation`); tests/test_cache_invalidation.py renders every cached page and fails when a page reads
# a table of a model missing here.
PUBLIC_MODELS = {
    "directory.Country": None,  # its code chooses the month names of its bodies' pages (core/formats.py)
    "directory.LocalBody": "pk",
    "meter.ProjectStatus": "body_id",
    "meter.StrategicPlan": "body_id",
    "meter.StrategicGoal": "plan__body_id",
    "meter.Project": "plan__body_id",
    "meter.Milestone": "project__plan__body_id",
    "meter.Indicator": "project__plan__body_id",
    "meter.ProgressUpdate": "project__plan__body_id",
    "meter.Evidence": "update__project__plan__body_id",
    "meter.Post": "body_id",
    "meter.Feedback": "body_id",
    "meter.FeedbackSupport": "feedback__body_id",  # the support counts beside published suggestions
    "meter.PlanReport": "plan__body_id",
}

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
    """The current tokens of `scope` and of everything, from the memo when it is fresh."""
    now = time.monotonic()
    mine, everything = _memo.get(scope), _memo.get(EVERYTHING)
    if mine is not None and everything is not None and mine[1] > now and everything[1] > now:
        return mine[0], everything[0]
    keys = [_version_key(scope), _version_key(EVERYTHING)]
    found = cache.get_many(keys)
    tokens = []
    for key in keys:
        token = found.get(key)
        if token is None:
            # Gone from the cache (expired, evicted or cleared): always a new token. Putting back the one this
            # process remembers could revive pages from before a change whose token was evicted since.
            candidate = _new_token()
            # Stored: it is the token. Not stored: another process was first, and its token is the one to read.
            added = cache.add(key, candidate, VERSION_TIMEOUT)
            token = candidate if added else cache.get(key) or candidate
        tokens.append(token)
    deadline = now + TOKEN_MEMO_SECONDS
    _memo[scope] = (tokens[0], deadline)
    _memo[EVERYTHING] = (tokens[1], deadline)
    return tokens[0], tokens[1]


def version(scope) -> str:
    """The current version of `scope` (a body id or ALL) as every worker will see it: from the shared cache,
    not from this process's memo. For tests and for an operator checking that a change was taken."""
    _memo.pop(scope, None)
    return _tokens(scope)[0]


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


def _bump(*scopes) -> None:
    """Give `scopes` new tokens after the transaction commits (at once outside a transaction)."""

    def bump():
        cache.set_many({_version_key(scope): _new_token() for scope in scopes}, VERSION_TIMEOUT)
        for scope in scopes:
            _memo.pop(scope, None)

    transaction.on_commit(bump)


def invalidate_body(body_id: int) -> None:
    """Forget every cached page of this body and the platform-wide pages (after commit)."""
    _bump(body_id, ALL)


def invalidate_everything() -> None:
    """Forget every cached page (after commit): for a change whose body cannot be told."""
    _bump(EVERYTHING)


# --- Invalidation from the model layer ------------------------------------------------------------------


def _stored_body_id(model, pk):
    """The body of the row as the database holds it; None when the row (or a link on the way) is missing, or when
    the row belongs to no one body."""
    lookup = PUBLIC_MODELS[model._meta.label]
    if lookup is None:
        return None
    return model._base_manager.filter(pk=pk).values_list(lookup, flat=True).first()


def _invalidate(body_id) -> None:
    if body_id is None:
        invalidate_everything()
    else:
        invalidate_body(body_id)


def _remember_body_before_save(sender, instance, **kwargs):
    # An edit may move a row to another body (a project to another plan, in the admin): both bodies change.
    if instance.pk is not None:
        instance._meter_body_before_save = _stored_body_id(sender, instance.pk)


def _invalidate_after_save(sender, instance, **kwargs):
    body_now = _stored_body_id(sender, instance.pk)
    body_before = instance.__dict__.pop("_meter_body_before_save", None)
    _invalidate(body_now)
    if body_before is not None and body_before != body_now:
        invalidate_body(body_before)


def _invalidate_before_delete(sender, instance, **kwargs):
    # Before: the rows a cascade deletes are all still there, so each one's body can be found.
    _invalidate(_stored_body_id(sender, instance.pk))


def connect_invalidation() -> None:
    """Renew the tokens of the body of every row of PUBLIC_MODELS that is saved or deleted (MeterConfig.ready)."""
    for label in PUBLIC_MODELS:
        model = apps.get_model(label)
        uid = f"meter-cache:{label}"
        pre_save.connect(_remember_body_before_save, sender=model, dispatch_uid=uid)
        post_save.connect(_invalidate_after_save, sender=model, dispatch_uid=uid)
        pre_delete.connect(_invalidate_before_delete, sender=model, dispatch_uid=uid)


# --- The middleware and the views' decorator -------------------------------------------------------------


_PUBLIC_PREFIXES = (
    "/meter/",
    *(f"/{code}/meter/" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE),
)


def _page_key(request) -> str | None:
    """The cache key of an anonymous GET of a public Meter page, or None when it must go through Django.

    The key is the full path with its query: Arabic pages are unprefixed and English ones under /en/, so
    the path names the language. A page is stored under it only when it is the page's canonical URL
    (`cached_for_anonymous`). Requests that Django would redirect (plain HTTP in production, a
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


def page_query(request, **normalised) -> None:
    """Tell the cache which query parameters a page reads and the normalised value of each, in the order the
    page's own links write them. The page is stored only when the request's query is exactly these values
    (each present at most once, nothing else), so an unknown parameter or an odd spelling of a value is
    rendered but never makes a new cache entry."""
    request.meter_query = {name: str(value) for name, value in normalised.items()}


def _canonical_path(request) -> str:
    """The page's URL as its links write it: the path Django reverses, the query the view normalised."""
    match = request.resolver_match
    path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    read = getattr(request, "meter_query", {})
    query = urlencode([(name, value) for name, value in read.items() if name in request.GET])
    return f"{path}?{query}" if query else path


def cached_for_anonymous(scope_of):
    """Decorator: let PublicPageCacheMiddleware keep a view's 200 responses for anonymous visitors.

    `scope_of(request, **kwargs)` gives the body id whose changes invalidate the page, ALL, or None when the
    object does not exist (the page is then rendered, a 404, and nothing is kept about the id); it is only
    called when the page is rendered (a hit finds its scope in the entry). Only the canonical URL of a page
    is stored (`page_query`).
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            scope = scope_of(request, **kwargs) if getattr(request, "meter_page_cacheable", False) else None
            if scope is None:
                response = view(request, *args, **kwargs)
            else:
                tokens = _tokens(scope)  # before rendering: a change during the render makes this entry stale
                response = view(request, *args, **kwargs)
                if (
                    response.status_code == 200
                    and not response.streaming
                    and request.get_full_path() == _canonical_path(request)
                ):
                    response.meter_cache = (scope, tokens)
            patch_vary_headers(response, ["Cookie"])
            return response

        wrapper.meter_cached = True  # marks a cached public page: the tests walk every one
        return wrapper

    return decorator
