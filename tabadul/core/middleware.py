import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseRedirect
from django.template import loader
from django.urls import is_valid_path
from django.utils import translation
from django.utils.translation import get_language_from_path

logger = logging.getLogger(__name__)


class RememberedLanguageMiddleware:
    """Send a visitor who chose a language other than Arabic to that language's URL.

    Arabic pages have no prefix (`/`), English ones live under `/en/`. The language switch
    stores the choice in a cookie; this brings the visitor back to it on unprefixed URLs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if (
            request.method == "GET"
            and chosen
            and chosen != settings.LANGUAGE_CODE
            and chosen in dict(settings.LANGUAGES)
            and not get_language_from_path(request.path_info)
        ):
            target = f"/{chosen}{request.path_info}"
            with translation.override(chosen):  # the language prefix of i18n_patterns follows the active language
                valid = is_valid_path(target, getattr(request, "urlconf", None))
            if valid:
                query = request.META.get("QUERY_STRING", "")
                return HttpResponseRedirect(target + (f"?{query}" if query else ""))
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """When the database cannot be reached, answer a plain 503 page instead of an error trace."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError) and _is_connection_error(exception):
            logger.error("Database unavailable, answering 503: %s", exception)
            body = loader.get_template("503.html").render({"LANGUAGE_CODE": settings.LANGUAGE_CODE})
            response = HttpResponse(body, status=503)
            response["Retry-After"] = "30"
            return response
        return None


def _is_connection_error(exception: Exception) -> bool:
    """Locks and timeouts are OperationalErrors too; only a lost database means 503."""
    text = str(exception).lower()
    return any(
        marker in text
        for marker in ("connect", "connection", "server closed", "unable to open database", "terminating")
    )
