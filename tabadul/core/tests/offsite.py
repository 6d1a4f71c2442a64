"""Where a browser goes when it follows a link or a redirect: the lenient parts of the WHATWG URL parser that
matter for leaving the site (used by the Markdown and redirect tests)."""

import re
from urllib.parse import unquote, urljoin, urlsplit

SITE = "http://testserver/current/page/"
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))


def browser_resolves(target: str, base: str = SITE) -> str:
    """The absolute address a browser builds from `target` (conservatively, where browsers differ): it strips
    leading and trailing controls and spaces, drops tabs and newlines anywhere, reads a backslash as a slash, takes
    any run of two or more slashes at the start as the start of a host, and `https:host` as `https://host`."""
    target = re.sub(r"[\t\n\r]", "", target.strip(_C0_AND_SPACE)).replace("\\", "/")
    target = re.sub(r"^/{2,}", "//", target)
    target = re.sub(r"^(https?):/*", r"\1://", target, flags=re.I)
    return urljoin(base, target)


def leads_off_site(target: str, base: str = SITE) -> bool:
    """Whether following `target` from a page of this site leaves it (or runs a script).

    A server that decodes `%5C`/`%2F` before routing could turn a path into another host: such targets count as
    leaving too, since this site never needs them.
    """
    for candidate in (target, unquote(target)):
        resolved = urlsplit(browser_resolves(candidate, base))
        if resolved.scheme not in ("http", "https") or resolved.netloc != urlsplit(base).netloc:
            return True
    return False
