import functools
from urllib.parse import urlencode

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

# The five parts of the platform, in the order of the seed documents. Parts whose app is not
# installed yet point to their description on the home page.
PARTS = [
    ("hubs", _("Exchange hubs"), "hubs:hub_list"),
    ("events", _("Events"), "events:event_list"),
    ("knowledge", _("Knowledge"), "library:document_list"),
    ("twinning", _("Twinning"), "twinning:network_list"),
    ("meter", _("Municipality Meter"), "meter:plan_list"),
]
# The other sections of the main navigation, after the five parts.
SECTIONS = [
    ("qa", _("Ask a specialist"), "qa:question_list"),
    ("discussions", _("Discussions"), "discussions:forum_list"),
    ("directory", _("Local bodies"), "directory:body_list"),
    ("channel", pgettext_lazy("the main navigation: the platform's news channel", "News"), "channel:list"),
]


# The icon beside each section in the navigation and on section pages ({% icon %}, core/templatetags/icons.py).
ICONS = {
    "hubs": "user-group",
    "events": "calendar-days",
    "knowledge": "book-open",
    "twinning": "arrows-right-left",
    "meter": "chart-bar",
    "qa": "chat-bubble-left-right",
    "discussions": "chat-bubble-bottom-center-text",
    "directory": "building-library",
    "channel": "newspaper",
}


def _part_url(url_name: str, anchor: str) -> str:
    # The same on every page of a language: reversed once per process (each `reverse` costs about 0.1 ms; issue 22).
    # The key holds everything reverse() reads, the URL resolver included, so changed URLs in tests reverse anew.
    return _reversed_part_url(url_name, anchor, get_language(), get_script_prefix(), get_resolver(get_urlconf()))


@functools.lru_cache(maxsize=256)
def _reversed_part_url(url_name: str, anchor: str, language, script_prefix: str, resolver) -> str:
    from django.urls import NoReverseMatch

    try:
        return reverse(url_name)
    except NoReverseMatch:
        return reverse("core:home") + f"#{anchor}"


def _links(entries, current_app: str) -> list[dict]:
    """Each link with `current` when the page belongs to its app (its URL namespace): aria-current="page"."""
    return [
        {
            "key": key,
            "label": label,
            "url": _part_url(url_name, key),
            "current": url_name.split(":")[0] == current_app,
            "icon": ICONS[key],
        }
        for key, label, url_name in entries
    ]


def navigation(request) -> dict:
    other = "en" if (get_language() or "ar").startswith("ar") else "ar"
    path = request.get_full_path()
    match = getattr(request, "resolver_match", None)
    current_app = (match.app_name if match else "") or ""
    sections = _links(SECTIONS, current_app)
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("qa.ask_question"):
        # "Ask a specialist" only for those who may ask (staff of a body); everyone else reads the published answers.
        for link in sections:
            if link["key"] == "qa":
                link["label"] = _("Answered questions")
    return {
        "nav_parts": _links(PARTS, current_app),
        "nav_sections": sections,
        "other_language": other,
        "other_language_name": "English" if other == "en" else "العربية",
        "switch_language_url": reverse("switch_language", args=[other]) + "?" + urlencode({"next": path}),
    }
