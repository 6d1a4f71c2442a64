"""The header on a phone and on a wide screen, seen in Debian's Chromium (issue 18, item 6): at 390 × 844 px the
header takes at most 15 % of the first screen, a menu button (a <details> disclosure, no script) opens the sections,
search is one tap away, every header control is at least 44 px, and nothing scrolls sideways; at 1366 px the
sections are shown without a menu button."""

import pytest

from tabadul.demo.directory import load as load_demo_bodies
from tabadul.hubs.tests.conftest import make_hub

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1366, "height": 900}
PAGES = [
    "/",
    "/en/",
    "/hubs/",
    "/en/hubs/hub-e2e/",
    "/events/",
    "/en/meter/",
    "/directory/",
    "/en/directory/",
    "/en/search/?q=x",
]


@pytest.fixture
def world():
    load_demo_bodies()
    make_hub("hub-e2e")


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_on_a_phone_the_header_is_small_and_nothing_scrolls_sideways(page, world):
    page.set_viewport_size(PHONE)
    for path in PAGES:
        page.goto(path)
        height = page.locator(".site-header").bounding_box()["height"]
        assert height <= 0.15 * PHONE["height"], (path, height)
        assert _overflow(page) <= 0, path
        # The sections are behind the menu button until it is opened.
        assert not page.locator(".site-nav").is_visible(), path


def test_the_menu_button_opens_the_sections_and_search_without_script(page, world):
    page.set_viewport_size(PHONE)
    page.goto("/en/hubs/")
    menu = page.locator(".menu > summary")
    assert menu.inner_text().strip() == "Menu"
    for control in (menu, page.locator(".search-link")):
        box = control.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44
    menu.click()
    assert page.locator(".site-nav").is_visible()
    assert page.locator("#header-q").is_visible()
    events = page.locator(".site-nav").get_by_role("link", name="Events")
    assert events.bounding_box()["height"] >= 44
    assert _overflow(page) <= 0
    events.click()
    page.wait_for_url("**/en/events/")
    # Search is one tap away even with the menu closed.
    page.locator(".search-link").click()
    page.wait_for_url("**/en/search/")


def test_on_a_wide_screen_the_sections_show_without_a_menu_button(page, world):
    page.set_viewport_size(WIDE)
    for path in ("/", "/en/hubs/"):
        page.goto(path)
        assert not page.locator(".menu > summary").is_visible()
        assert not page.locator(".search-link").is_visible()
        assert page.locator(".site-nav").is_visible() and page.locator("#header-q").is_visible()
        nav = page.locator(".site-nav li")
        tops = {round(nav.nth(index).bounding_box()["y"]) for index in range(nav.count())}
        assert len(tops) == 1, (path, tops)  # the sections in one row
        assert page.locator(".site-header").bounding_box()["height"] <= 130
        assert _overflow(page) <= 0
