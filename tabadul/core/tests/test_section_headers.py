"""Each section of the platform (the five parts of the main navigation) opens with a page header that says what the
section is for and shows the main actions the visitor may take there, and only those (issue 18, item 2)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import TEST_PASSWORD, make_user
from tabadul.core.context_processors import PARTS

pytestmark = pytest.mark.django_db

# Per section: the actions an anonymous visitor sees, and those of a person permitted to act there (by the URL
# the action leads to). Every part of the navigation must have a row (test below).
SECTIONS = {
    "hubs": {"anonymous": ["accounts:login"], "permitted": ["hubs:my_invitations"], "role": "body_editor"},
    "events": {"anonymous": [], "permitted": ["events:event_create", "events:my_events"], "role": "platform_admin"},
    "knowledge": {
        "anonymous": ["library:recommendation_list"],
        "permitted": ["library:document_create", "library:recommendation_list"],
        "role": "platform_admin",
    },
    "twinning": {"anonymous": [], "permitted": ["twinning:network_create"], "role": "platform_admin"},
    "meter": {"anonymous": [], "permitted": ["meter:dashboard"], "role": "body_editor"},
}


def _person(role: str, body):
    if role == "platform_admin":
        return make_user(role=RoleGrant.Role.PLATFORM_ADMIN)
    return make_user(role=RoleGrant.Role.BODY_EDITOR, body=body)


def _header(html: str) -> tuple[str, str, list[str]]:
    match = re.search(r'<header class="page-header">(.*?)</header>', html, re.S)
    assert match, "no page header"
    header = match.group(1)
    title = re.sub(r"<[^>]+>", "", re.search(r"<h1>(.*?)</h1>", header, re.S).group(1)).strip()
    purpose = re.search(r'<p class="page-purpose">(.*?)</p>', header, re.S)
    actions = re.search(r'<div class="page-actions">(.*?)</div>', header, re.S)
    links = re.findall(r'href="([^"?]+)', actions.group(1)) if actions else []
    return title, purpose.group(1).strip() if purpose else "", links


def _url(name: str) -> str:
    with translation.override("en"):
        return reverse(name)


def test_every_part_of_the_navigation_has_a_row():
    assert set(SECTIONS) == {key for key, _label, _url_name in PARTS}


@pytest.mark.parametrize("key", [key for key, _label, _url_name in PARTS])
def test_section_page_header_says_what_it_is_for_and_shows_only_permitted_actions(client, body, key):
    url_name = next(url_name for part, _label, url_name in PARTS if part == key)
    row = SECTIONS[key]
    title, purpose, links = _header(client.get(_url(url_name)).content.decode())
    assert title and len(purpose.split()) >= 8  # one sentence saying what the section is for
    assert links == [_url(name) for name in row["anonymous"]]

    person = _person(row["role"], body)
    client.logout()
    assert client.login(username=person.username, password=TEST_PASSWORD)
    signed_title, signed_purpose, signed_links = _header(client.get(_url(url_name)).content.decode())
    assert (signed_title, signed_purpose) == (title, purpose)
    assert signed_links == [_url(name) for name in row["permitted"]]


def test_a_citizen_without_a_body_sees_no_staff_action(client, citizen):
    assert client.login(username=citizen.username, password=TEST_PASSWORD)
    for key in ("hubs", "events", "knowledge", "twinning", "meter"):
        url_name = next(url_name for part, _label, url_name in PARTS if part == key)
        _title, _purpose, links = _header(client.get(_url(url_name)).content.decode())
        staff_actions = {
            "hubs:my_invitations",
            "events:event_create",
            "library:document_create",
            "twinning:network_create",
            "meter:dashboard",
        }
        assert not set(links) & {_url(name) for name in staff_actions}
