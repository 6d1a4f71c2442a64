from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import get_language
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


def _part_url(url_name: str, anchor: str) -> str:
    from django.urls import NoReverseMatch

    try:
        return reverse(url_name)
    except NoReverseMatch:
        return reverse("core:home") + f"#{anchor}"


def navigation(request) -> dict:
    other = "en" if (get_language() or "ar").startswith("ar") else "ar"
    path = request.get_full_path()
    return {
        "nav_parts": [{"key": key, "label": label, "url": _part_url(url_name, key)} for key, label, url_name in PARTS],
        "other_language": other,
        "other_language_name": "English" if other == "en" else "العربية",
        "switch_language_url": reverse("switch_language", args=[other]) + "?" + urlencode({"next": path}),
    }
