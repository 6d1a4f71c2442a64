"""The crawl of every page shape, shared by the page checks (axe-core, the Nu HTML checker, phone width).

A page shape is one named URL pattern opened with the matrix world's demo objects (`GET_KWARGS` of
test_get_writes, which already names the objects of every endpoint that answers GET), by one role, in one language.
`crawl(world)` opens every endpoint as every role of `ROLES` in Arabic and in English with Django's test client and
keeps the HTML pages that answer 200; redirects, refusals, downloads and the JSON API are not page shapes.

The Nu checker reads every page. The browser checks (axe-core, phone width) open, for every endpoint and language,
the pages that together hold every kind of element any role sees there (`distinct_shapes`): pages that differ only
in their text (a name, a CSRF token, the number of rows) are one shape.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.forms.models import ModelChoiceIterator
from django.test import Client
from django.urls import reverse
from django.utils import translation

from .matrix import ROLES
from .test_get_writes import GET_KWARGS, get_endpoints

LANGUAGES = ("ar", "en")
# Not pages: machine-readable answers (the JSON API and its schema, CSV/ICS downloads, files, the health probe).
# Not pages: answered in JSON or as files, or a redirect that changes what later requests get (switch_language sets
# the language cookie: every Arabic page after it, twinning's and "my work", then redirected to English unseen).
NOT_PAGES = ("api-v1:", "download", "private_file", "healthz", "switch_language")


@dataclass(frozen=True)
class Page:
    name: str
    role: str
    language: str
    url: str
    html: str
    # (model label, field label) of every choice field whose rows the page listed (ModelChoiceIterator iterated).
    choices: frozenset[tuple[str, str]] = field(default=frozenset())

    @property
    def label(self) -> str:
        return f"{self.name} [{self.role}, {self.language}] {self.url}"

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", f"{self.name}-{self.role}-{self.language}".lower()).strip("-")


def page_endpoints() -> list[str]:
    """Endpoints missing from GET_KWARGS fail test_get_writes (which says to add them); the crawl waits for that."""
    return sorted(name for name in get_endpoints() if name in GET_KWARGS and not name.startswith(NOT_PAGES))


def crawl(world, roles=ROLES, languages=LANGUAGES) -> list[Page]:
    pages = []
    for role in roles:
        for language in languages:
            client = Client(raise_request_exception=False)  # one client per role and language: the language cookie
            if world.users[role] is not None:
                client.force_login(world.users[role])
            for name in page_endpoints():
                with translation.override(language):
                    url = reverse(name, kwargs=world.kwargs(GET_KWARGS[name]))
                with listed_choices() as choices:
                    response = client.get(url)
                if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
                    continue
                html = b"".join(response).decode() if response.streaming else response.content.decode()
                pages.append(Page(name, role, language, url, html, frozenset(choices)))
    return pages


@contextmanager
def listed_choices():
    """The (model, field label) of every model choice field whose rows are listed inside the block: a <select>,
    tick boxes or radio buttons iterate ModelChoiceIterator; a picker (core/pickers.py) never does."""
    listed: set[tuple[str, str]] = set()
    original = ModelChoiceIterator.__iter__

    def recording(iterator):
        listed.add((iterator.queryset.model._meta.label, str(iterator.field.label)))
        return original(iterator)

    ModelChoiceIterator.__iter__ = recording
    try:
        yield listed
    finally:
        ModelChoiceIterator.__iter__ = original


_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>")
_ATTR = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
# Attributes whose value makes an element a different kind of thing; other values (text, URLs, ids) do not.
_KIND_VALUES = {"class", "type", "role", "dir", "lang", "hidden", "disabled", "open"}


def element_kinds(html: str) -> frozenset[str]:
    """The kinds of element a page holds: tag, classes, type, role and direction, and which attributes are set."""
    kinds = set()
    for tag, attributes in _TAG.findall(html):
        parts = [tag.lower()]
        for match in _ATTR.finditer(attributes):
            name = match.group(1).lower()
            value = next((v for v in match.groups()[1:] if v is not None), "")
            parts.append(f"{name}={' '.join(sorted(value.split()))}" if name in _KIND_VALUES else name)
        kinds.add(" ".join(sorted(parts[1:], key=str)).join((parts[0] + "[", "]")))
    return frozenset(kinds)


def distinct_shapes(pages: list[Page]) -> list[Page]:
    """The pages the browser checks: for every endpoint and language, the page with the most kinds of element, then
    each other role's page that holds a kind of element none of the kept ones of that endpoint and language has."""
    by_key: dict[tuple, list[tuple[frozenset, Page]]] = {}
    for page in pages:
        by_key.setdefault((page.name, page.language), []).append((element_kinds(page.html), page))
    kept = []
    for key in sorted(by_key):
        seen: set[str] = set()
        for kinds, page in sorted(by_key[key], key=lambda item: -len(item[0])):
            if not kinds <= seen:
                kept.append(page)
                seen |= kinds
    return kept
