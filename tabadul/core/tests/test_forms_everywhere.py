"""Every form page, as the people who can reach it (the permission matrix's world and endpoints):

- an English form page has no Arabic interface text in its labels, legends, help texts and error messages
  (a help text translated once at import, in Arabic, is the usual cause: see `core.forms.lazy_format`);
- (the error summary of includes/form.html is tested in test_form_include.py and on the ranking form).

The pages come from MATRIX (every endpoint that accepts POST, with its URL arguments), so a new form is crawled
without being listed here.
"""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from .matrix import world_fixture
from .test_permission_matrix import MATRIX

world = pytest.fixture(scope="module", name="world")(world_fixture)

ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
# The people a form page is tried as: everyone of the matrix and the two who act on the hub and Beita's objects.
PEOPLE = ("anonymous", "citizen", "beita_editor", "hub_coordinator", "specialist", "admin")
INTERFACE = {"label", "legend"}
INTERFACE_CLASSES = {"helptext", "errorlist", "required-mark", "error-summary"}


class FormPage(HTMLParser):
    """What the tests read of a page: interface text of its forms, ids, invalid fields, the summary's links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, interface text, marked Arabic)
        self.interface_text: list[str] = []
        self.ids: set[str] = set()
        self.invalid: set[str] = set()
        self.summary_links: list[str] = []
        self.summaries = 0
        self.post_forms = 0
        self.error_lists = 0
        self._in_summary = 0
        self._labels: list[list] = []  # [index of the label's first text, holds an input]

    VOID = {"input", "br", "img", "meta", "link", "hr", "source", "wbr", "area", "col", "embed", "param", "track"}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if attrs.get("aria-invalid") == "true" and attrs.get("id"):
            self.invalid.add(attrs["id"])
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.post_forms += 1
        if "errorlist" in classes:
            self.error_lists += 1
        if "error-summary" in classes:
            self.summaries += 1
        if self._in_summary and tag == "a" and attrs.get("href", "").startswith("#"):
            self.summary_links.append(attrs["href"][1:])
        if tag == "input" and self._labels:
            self._labels[-1][1] = True  # a choice's label (a body, an event...): its text is data, not interface
        if tag in self.VOID:
            return
        if tag == "label":
            self._labels.append([len(self.interface_text), False])
        parent_interface = any(item[1] for item in self.stack)
        parent_arabic = any(item[2] for item in self.stack)
        interface = parent_interface or tag in INTERFACE or bool(classes & INTERFACE_CLASSES)
        marked = parent_arabic or attrs.get("lang") == "ar" or "honeypot" in classes
        if "error-summary" in classes:
            self._in_summary += 1
            tag = "summary-div"
        self.stack.append((tag, interface, marked))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if tag == "label" and self._labels:
            start, choice = self._labels.pop()
            if choice:
                del self.interface_text[start:]
        for index in range(len(self.stack) - 1, -1, -1):
            name = self.stack[index][0]
            if name == tag or (name == "summary-div" and tag == "div"):
                if name == "summary-div":
                    self._in_summary -= 1
                del self.stack[index:]
                return

    def handle_data(self, data):
        if self.stack and self.stack[-1][1] and not any(item[2] for item in self.stack) and data.strip():
            self.interface_text.append(data.strip())


def _english_url(world, name):
    with translation.override("en"):
        return reverse(name, kwargs=world.kwargs(MATRIX[name]["kwargs"]))


def _person(world, who):
    return world.users.get(who) if who in world.users else world.objects.get(who)


def _client(world, who) -> Client:
    client = Client(raise_request_exception=False)
    user = _person(world, who)
    if user is not None:
        client.force_login(user)
    return client


def _parse(response) -> FormPage | None:
    if response.status_code not in (200, 400) or "text/html" not in response.get("Content-Type", ""):
        return None
    page = FormPage()
    page.feed(response.content.decode())
    return page


FORM_ENDPOINTS = sorted(name for name in MATRIX if not name.startswith("api"))


@pytest.mark.django_db
@pytest.mark.parametrize("name", FORM_ENDPOINTS)
def test_english_form_pages_have_no_arabic_interface_text(world, name):
    url = _english_url(world, name)
    arabic = {}
    for who in PEOPLE:
        page = _parse(_client(world, who).get(url))
        if page is None or not page.post_forms:
            continue
        found = [text for text in page.interface_text if ARABIC.search(text)]
        if found:
            arabic[who] = found
    assert not arabic, f"Arabic interface text on {url}: {arabic}"
