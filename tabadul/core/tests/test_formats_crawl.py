"""Every page shape of the demo that shows dates, numbers or money, in Arabic and English, as a visitor and as the
platform administrator, follows the one way to show them (core/formats.py; docs/design.md "Dates, numbers and
money"): no month/day/year digits, no raw time-zone id, no Arabic comma inside English dates, no ISO or Python
datetime in the text, money grouped with its currency's name, every <time> machine-readable."""

import re
import time
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from tabadul.demo import demo_modules

SKIP = re.compile(r"\.(pdf|ics|csv|xlsx|xml|json|png|jpg|svg|txt)$|/feed/|/api/|/accounts/sign-out|/static/|/media/")
LOCALE_PREFIX = re.compile(r"^/en(?=/)")
DEMO_PARTS = {"directory", "programmes", "alignment", "hubs", "events", "meter"}
MAX_SHAPES = 140  # page shapes per visitor; the demo has fewer of those that show dates, numbers or money

US_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b")
ZONE_ID = re.compile(r"\b(?:Africa|America|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)/[A-Z][A-Za-z_]+")
ISO_IN_TEXT = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2})?")
DJANGO_DEFAULTS = re.compile(r"\b(?:a\.m\.|p\.m\.|midnight|noon)\b|\b[A-Z][a-z]{2}\. \d{1,2}, \d{4}")
UNGROUPED_MONEY = re.compile(r"\d{4,}(?:\.\d+)?\s*(?:ILS|LYD|JOD|USD|EUR|₪)|(?:ILS|LYD|JOD|USD|EUR)\s*\d")
ENGLISH_MONTH_WITH_ARABIC_COMMA = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|\d{4})\s*،"
)


class _Page(HTMLParser):
    """The page's visible text, its <time> elements and its links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.times: list[tuple[dict, str]] = []
        self.links: list[str] = []
        self._skip = 0
        self._time: dict | None = None
        self._time_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "textarea", "template"):
            self._skip += 1
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "time":
            self._time, self._time_text = attrs, []

    def handle_endtag(self, tag):
        if tag in ("script", "style", "textarea", "template"):
            self._skip = max(0, self._skip - 1)
        elif tag == "time" and self._time is not None:
            self.times.append((self._time, "".join(self._time_text)))
            self._time = None

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._time is not None:
            self._time_text.append(data)


def _shape(path: str) -> str:
    path = LOCALE_PREFIX.sub("", path)
    return re.sub(r"/\d+(?=/|$)", "/<n>", path)


def _problems(url: str, html: str, english: bool) -> tuple[list[str], list[str]]:
    page = _Page()
    page.feed(html)
    text = " ".join(" ".join(page.text).split())
    found = []
    for name, pattern in (
        ("month/day/year date", US_DATE),
        ("raw time-zone id", ZONE_ID),
        ("ISO date in the text", ISO_IN_TEXT),
        ("Django's default date format", DJANGO_DEFAULTS),
        ("money without grouping or currency name", UNGROUPED_MONEY),
    ):
        for match in pattern.finditer(text):
            found.append(f"{url}: {name}: …{text[max(0, match.start() - 40) : match.end() + 20]}…")
    if english:
        for match in ENGLISH_MONTH_WITH_ARABIC_COMMA.finditer(text):
            found.append(f"{url}: Arabic comma in an English date: {match.group(0)}")
    for attrs, content in page.times:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z))?", attrs.get("datetime", "")):
            found.append(f"{url}: <time> without an ISO datetime: {attrs} {content}")
        if english and "،" in content:
            found.append(f"{url}: Arabic comma inside an English <time>: {content}")
    return found, page.links


def _crawl(client, start: str, english: bool, budget: float) -> tuple[set[str], list[str]]:
    seen_shapes: set[str] = set()
    queue, visited, problems = [start], set(), []
    deadline = time.monotonic() + budget
    while queue and len(seen_shapes) < MAX_SHAPES and time.monotonic() < deadline:
        url = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        shape = _shape(url)
        if shape in seen_shapes:
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        seen_shapes.add(shape)
        found, links = _problems(url, response.content.decode(), english)
        problems += found
        for link in links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or SKIP.search(parts.path):
                continue
            if english != parts.path.startswith("/en/"):
                continue
            if _shape(parts.path) not in seen_shapes:
                queue.append(parts.path)
    return seen_shapes, problems


@pytest.mark.django_db
def test_every_demo_page_shows_dates_numbers_and_money_one_way(client):
    # The demo's places, hubs, events and Meter plans (the pages with most dates, times, figures and money), without
    # its accounts and its library, forums and twinning, to keep the test short.
    for label, module in demo_modules():
        if label in DEMO_PARTS:
            module.load()
    for label, module in demo_modules():
        if label in DEMO_PARTS and hasattr(module, "link"):
            module.link()
    from tabadul.accounts.models import User

    admin = User.objects.create_superuser(username="formats-admin", email="formats-admin@example.org", password=None)
    # Pages that show dates, numbers or money must be among the shapes crawled.
    from tabadul.events.models import Event
    from tabadul.meter.models import Project, StrategicPlan

    must = {
        "/events/<n>/": Event.objects.order_by("pk").first(),
        "/meter/plans/<n>/": StrategicPlan.objects.order_by("pk").first(),
        "/meter/projects/<n>/": Project.objects.order_by("pk").first(),
    }
    assert all(must.values())
    all_problems: list[str] = []
    for who in ("visitor", "administrator"):
        if who == "administrator":
            client.force_login(admin)
        for english in (False, True):
            start = "/en/" if english else "/"
            shapes, problems = _crawl(client, start, english, budget=8)
            for shape, obj in must.items():
                if shape in shapes:
                    continue
                # A page the crawl did not reach in its budget is fetched directly.
                url = ("/en" if english else "") + shape.replace("<n>", str(obj.pk))
                found, _ = _problems(url, client.get(url).content.decode(), english)
                problems += found
            all_problems += [f"[{who}] {problem}" for problem in problems]
    assert not all_problems, "\n".join(all_problems[:40])
