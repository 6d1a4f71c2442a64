"""The tabs component (`<nav class="tabs">`, docs/design.md): on each tab's page exactly that tab is marked
`aria-current="page"` (issue 18, item 1). Every tab set of the templates and template tags is enumerated: a new
one without a page to start from here fails the test."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from tabadul.meter import services
from tabadul.meter.tests.conftest import PlanWorld
from tabadul.qa.tests.factories import make_staff

ROOT = Path(__file__).resolve().parents[2]
TAB_SET = re.compile(r'<nav class="tabs"')
# Each tab set (the template that draws it), with a page that shows it and the people who see its tabs.
START = {
    "events/templates/events/includes/view_tabs.html": lambda w: (reverse("events:event_list"), w["admin"]),
    "meter/templatetags/meter_nav.py": lambda w: (reverse("meter:plan_detail", args=[w["plan"].pk]), None),
    "qa/templates/qa/_nav.html": lambda w: (reverse("qa:question_list"), w["specialist"]),
}
ALSO_AS = {"qa/templates/qa/_nav.html": ("staff", "admin")}


def tab_sets() -> list[str]:
    """The templates, and the template tags that build their HTML in Python, that draw a tab set."""
    found = []
    for path in sorted([*ROOT.rglob("templates/**/*.html"), *ROOT.rglob("templatetags/*.py")]):
        if "design" in path.parts:
            continue  # the living design page shows the component itself
        if TAB_SET.search(path.read_text()):
            found.append(path.relative_to(ROOT).as_posix())
    return found


class _Tabs(HTMLParser):
    """The links of the page's tab set: (href, aria-current), pages only (not a feed)."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.links: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and "tabs" in (attrs.get("class") or "").split():
            self.depth = 1
        elif tag == "nav" and self.depth:
            self.depth += 1
        elif tag == "a" and self.depth and not attrs.get("type"):
            self.links.append((attrs["href"], attrs.get("aria-current")))

    def handle_endtag(self, tag):
        if tag == "nav" and self.depth:
            self.depth -= 1


def _tabs(html: str) -> list[tuple[str, str | None]]:
    parser = _Tabs()
    parser.feed(html)
    return parser.links


def test_every_tab_set_has_a_page_to_start_from():
    assert set(tab_sets()) == set(START), "a tab set was added or removed: name a page that shows it in START"


@pytest.fixture
def people(db, body, platform_admin, specialist):
    world = PlanWorld(body, projects=1)
    return {"admin": platform_admin, "specialist": specialist, "staff": make_staff(body), "plan": world.plan}


@pytest.mark.parametrize("tab_set", sorted(START))
def test_each_tab_marks_itself_as_the_current_page(client, people, tab_set):
    start, person = START[tab_set](people)
    for viewer in (person, *(people[name] for name in ALSO_AS.get(tab_set, ()))):
        if viewer is None:
            client.logout()
        else:
            client.force_login(viewer)
        tabs = _tabs(client.get(start).content.decode())
        assert len(tabs) >= 3, f"{tab_set}: too few tabs on {start}"
        for href, _ in tabs:
            response = client.get(href)
            assert response.status_code == 200, href
            shown = _tabs(response.content.decode())
            # Every tab's page shows the same tab set (the Meter's news and gallery keep the plan's tabs, issue 18).
            assert [h for h, _ in shown] == [h for h, _ in tabs], f"{href} shows another tab set"
            current = [h for h, marked in shown if marked == "page"]
            assert current == [href], f"{href} marks {current} as the current page"


def test_a_meter_news_item_keeps_the_plan_tabs_with_news_as_its_section(client, body):
    world = PlanWorld(body, projects=1)
    post = services.post_save(actor=world.editor, body=body, kind="news", title="خبر")
    plan_page = client.get(reverse("meter:plan_detail", args=[world.plan.pk])).content.decode()
    shown = _tabs(client.get(reverse("meter:post_detail", args=[body.slug, post.pk])).content.decode())
    assert [href for href, _ in shown] == [href for href, _ in _tabs(plan_page)]
    news = reverse("meter:post_list", args=[body.slug])
    assert [(href, marked) for href, marked in shown if marked] == [(news, "true")]
