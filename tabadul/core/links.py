"""Which link targets typed by people may become a link: an absolute http(s)/mailto address, or a path on this site.

Browsers are lenient where a check written by hand is not: they read `/\\host` and `\\/host` like `//host`, drop tabs
and newlines anywhere in an address (`java<TAB>script:` is `javascript:`) and some servers decode `%5C` to `\\`.
So a target that does not name its scheme must start with one `/` (or `#`) and contain none of those characters.
Django's `url_has_allowed_host_and_scheme` is the first check; the rest closes what it leaves to the browser.
"""

import re
import unicodedata

from django.utils.http import url_has_allowed_host_and_scheme

_ABSOLUTE = re.compile(r"^(https?://|mailto:)", re.I)
_SAME_SITE_START = re.compile(r"^(/(?![/\\])|#)")
# A slash or backslash written as %2F / %5C in the path: some servers and proxies decode it.
_ENCODED_SEPARATOR = re.compile(r"%2f|%5c", re.I)


def _has_control_or_space(url: str) -> bool:
    return any(char.isspace() or unicodedata.category(char)[0] == "C" for char in url)


def is_same_site_path(url: str) -> bool:
    """A path (or a `#fragment`) that every browser resolves on this site."""
    if not url or _has_control_or_space(url) or not _SAME_SITE_START.match(url):
        return False
    if not url_has_allowed_host_and_scheme(url, allowed_hosts=set()):
        return False
    path = re.split(r"[?#]", url, maxsplit=1)[0]
    return "\\" not in url and not _ENCODED_SEPARATOR.search(path)


def is_safe_link(url: str) -> bool:
    """An absolute http(s) or mailto address (possibly elsewhere, on purpose), or a path on this site."""
    if _ABSOLUTE.match(url or ""):
        return not _has_control_or_space(url)
    return is_same_site_path(url)


class SameSiteRedirectMixin:
    """For Django's sign-in and sign-out views: follow a `next` address only when it is a path on this site."""

    def get_redirect_url(self):
        url = super().get_redirect_url()
        return url if is_same_site_path(url) else ""
