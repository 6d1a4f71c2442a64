import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import translate_url
from django.utils import translation
from django.utils.crypto import get_random_string
from django.utils.translation import get_language_from_path
from django.views.decorators.http import require_safe

from . import design, files, pickers, selectors
from .context_processors import ICONS
from .links import is_same_site_path
from .ratelimit import address_limit_wait

health_log = logging.getLogger("tabadul.health")


def home(request):
    """The home page: the platform's figures and what the apps give it for this visitor (core/selectors.py)."""
    context = {"figures": selectors.home_figures(), **selectors.home_context(user=request.user)}
    return render(request, "core/home.html", context)


def design_system(request):
    """The living design system (docs/design.md): every component in Arabic and English. Only with DEBUG."""
    if not settings.DEBUG:
        raise Http404
    context = {
        "pairs": design.pair_rows(),
        "spacing": design.spacing(),
        "components": design.COMPONENTS,
        "icons": sorted(ICONS.items()),
    }
    return render(request, "core/design.html", context)


def switch_language(request, code: str):
    """Remember the chosen language in a cookie and show the same page in it (a plain link, no form)."""
    if code not in dict(settings.LANGUAGES):
        code = settings.LANGUAGE_CODE
    next_url = request.GET.get("next", "/")
    if not is_same_site_path(next_url):
        next_url = "/"
    # translate_url resolves with the active language, so activate the one `next_url` is written in.
    with translation.override(get_language_from_path(urlsplit(next_url).path) or settings.LANGUAGE_CODE):
        target = translate_url(next_url, code)
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
        httponly=True,
    )
    return response


@require_safe
def healthz(request):
    """For load balancers and monitoring: 200 when the database and the cache both answer, else 503 naming
    the part that failed. No language prefix, no session, no database row read beyond `SELECT 1`."""
    status = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        status["database"] = "ok"
    except Exception as error:  # any failure means "not healthy"; never a 500
        health_log.warning("health check: database failed: %s", error)
        status["database"] = "failed"
    try:
        key, value = f"healthz:{get_random_string(12)}", get_random_string(12)
        cache.set(key, value, timeout=10)
        healthy = cache.get(key) == value
        cache.delete(key)
        status["cache"] = "ok" if healthy else "failed"
    except Exception as error:
        health_log.warning("health check: cache failed: %s", error)
        status["cache"] = "failed"
    response = JsonResponse(status, status=200 if all(v == "ok" for v in status.values()) else 503)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def private_file(request, model: str, pk: int, field: str, name: str):
    """Any uploaded file, by its owner object: 404 unless the field's permission lets this person see it."""
    owner, field_name = files.stored_file_owner(model, pk, field, name)
    return files.file_response(request, owner, field_name)


@require_safe
def pick(request, name: str):
    """A picker's suggestions for what the person typed (`?q=`), as JSON: {"results": [label, ...]}.

    Signed-in people get what the picker lets them see; anonymous visitors only public pickers, rate-limited
    per address (core/pickers.py)."""
    picker = pickers.PICKERS.get(name)
    if picker is None:
        raise Http404
    if not request.user.is_authenticated:
        if not picker.public:
            raise PermissionDenied
        wait = address_limit_wait(
            request, "pick", limit=settings.PICKER_LIMIT_PER_ADDRESS, window_seconds=settings.PICKER_WINDOW_SECONDS
        )
        if wait:
            response = JsonResponse({"results": []}, status=429)
            response["Retry-After"] = str(wait)
            return response
    results = pickers.suggest(picker, user=request.user, query=request.GET.get("q", ""))
    response = JsonResponse({"results": results})
    response["Cache-Control"] = "private, no-store"
    return response
