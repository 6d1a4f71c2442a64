"""The one way to show dates, numbers and money (core/formats.py; docs/design.md "Dates, numbers and money"), checked
on a page's HTML: no month/day/year digits, no raw time-zone id, no Arabic comma inside English dates, no ISO or
Python datetime in the text, money grouped with its currency's name, every <time> machine-readable. The page checks
(test_page_checks.py) run it over every crawled page."""

import re
from html.parser import HTMLParser

US_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b")
ZONE_ID = re.compile(r"\b(?:Africa|America|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)/[A-Z][A-Za-z_]+")
ISO_IN_TEXT = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2})?")
DJANGO_DEFAULTS = re.compile(r"\b(?:a\.m\.|p\.m\.|midnight|noon)\b|\b[A-Z][a-z]{2}\. \d{1,2}, \d{4}")
UNGROUPED_MONEY = re.compile(r"\d{4,}(?:\.\d+)?\s*(?:ILS|LYD|JOD|USD|EUR|₪)|(?:ILS|LYD|JOD|USD|EUR)\s*\d")
ENGLISH_MONTH_WITH_ARABIC_COMMA = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|\d{4})\s*،"
)


class _Page(HTMLParser):
    """The page's visible text and its <time> elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.times: list[tuple[dict, str]] = []
        self._skip = 0
        self._time: dict | None = None
        self._time_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "textarea", "template"):
            self._skip += 1
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


def format_problems(url: str, html: str, english: bool) -> list[str]:
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
    return found
