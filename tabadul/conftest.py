"""Fixtures shared by every app's tests."""

import os
import shutil

import pytest
from pytest_django.plugin import blocking_manager_key

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.directory.tests.factories import LocalBodyFactory

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language: a request handled in English (or a test that activated
    it) leaves the thread's language behind, and URLs reversed or names shown after it would follow."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """An empty cache, and no Meter pages or tokens remembered by this process from an earlier test."""
    from django.core.cache import cache

    from tabadul.meter.cache import forget_memo

    cache.clear()
    forget_memo()
    yield
    cache.clear()
    forget_memo()


@pytest.fixture
def body(db):
    return LocalBodyFactory()


@pytest.fixture
def other_body(db):
    return LocalBodyFactory()


@pytest.fixture
def citizen(db):
    return make_user()


@pytest.fixture
def platform_admin(db):
    return make_user(role=RoleGrant.Role.PLATFORM_ADMIN)


@pytest.fixture
def body_editor(db, body):
    return make_user(role=RoleGrant.Role.BODY_EDITOR, body=body)


@pytest.fixture
def other_body_editor(db, other_body):
    return make_user(role=RoleGrant.Role.BODY_EDITOR, body=other_body)


@pytest.fixture
def specialist(db):
    return make_user(role=RoleGrant.Role.SPECIALIST)


# --- The order in which the test modules run ---

# CI hands whole modules to two workers (`--dist loadfile`) in collection order (`--no-loadscope-reorder` in
# pyproject.toml: xdist would sort them by their number of tests, and the long modules of a few tests, the crawls,
# would come last and leave one worker running them alone). So the collection holds each module's tests together:
# first the longest modules, longest first (CPU seconds per module in docs/performance.md, "Test suite time"), then
# the others, those with the most tests first, as xdist would have ordered them.
LONGEST_FIRST = (
    "core/tests/test_page_checks.py",
    "core/tests/test_query_counts_at_scale.py",
    "core/tests/test_permission_matrix.py",
    "core/tests/test_forms_everywhere.py",
    "core/tests/test_get_writes.py",
)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    def module(item):
        return item.nodeid.split("::", 1)[0].removeprefix("tabadul/")

    rank = {path: number for number, path in enumerate(LONGEST_FIRST)}
    sizes, first = {}, {}
    for index, item in enumerate(items):
        sizes[module(item)] = sizes.get(module(item), 0) + 1
        first.setdefault(module(item), index)
    items.sort(key=lambda item: (rank.get(module(item), len(rank)), -sizes[module(item)], first[module(item)]))


# --- End-to-end tests: Playwright driving Debian's Chromium, never a downloaded browser. ---


# One browser per test module, not per session: a Playwright left running keeps its event loop, and the next module
# to start its own (the page checks) would fail, whatever order the files run in.
@pytest.fixture(scope="module")
def _chromium():
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium package.")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); end-to-end tests skipped.")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(_chromium, live_server, transactional_db):
    context = _chromium.new_context(base_url=live_server.url, locale="ar")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


# A transactional test (browser tests, backups) empties every table when it ends, the rows the migrations load
# included. Once its teardown is over, the reference data is put back, so the tests that run next on the same worker
# (in any order: CI distributes whole files) find the countries, governorates and SDG targets the migrations gave.


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    # After the session's last test the test database is gone (the connection names the main one again): nothing to
    # restore, nor any test to restore it for.
    if _is_transactional(item) and nextitem is not None:
        with item.config.stash[blocking_manager_key].unblock():
            _restore_reference_data()
    return result


def _restore_reference_data() -> None:
    from tabadul.alignment import reference as sdg_reference
    from tabadul.alignment.models import SdgGoal, SdgTarget
    from tabadul.directory import reference as directory_reference
    from tabadul.directory.models import Country, Governorate, Region

    if not Country.objects.exists():
        directory_reference.load_reference_data(Country, Region, Governorate)
        directory_reference.load_libya_and_tunisia(Country, Region, Governorate)
    if not SdgGoal.objects.exists():
        sdg_reference.load_reference_data(SdgGoal, SdgTarget)


@pytest.fixture
def planner_statistics_restored(db):
    """For a test that writes SQLite's planner statistics (ANALYZE, or rows put in `sqlite_stat1`): the rows are
    put back and read again before the test's transaction is rolled back. The rollback restores the table but not
    the statistics the connection has loaded, and later tests on it planned with the test's (a plan test of the
    hubs failed after the library's)."""
    from django.db import connection

    def rows():
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchall():
                return None
            cursor.execute("SELECT tbl, idx, stat FROM sqlite_stat1")
            return cursor.fetchall()

    before = rows() if connection.vendor == "sqlite" else None
    yield
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        if rows() is not None:
            cursor.execute("DELETE FROM sqlite_stat1")
            cursor.executemany("INSERT INTO sqlite_stat1 VALUES (%s, %s, %s)", before or [])
        cursor.execute("ANALYZE sqlite_schema")
