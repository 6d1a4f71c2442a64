"""The foundation seen through a real browser: Debian's Chromium driven by Playwright."""

import pytest

from tabadul.demo.directory import load as load_demo_bodies

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_rtl_home_language_switch_and_hamza_insensitive_search(page):
    load_demo_bodies()
    page.goto("/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"

    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/")
    assert page.locator("html").get_attribute("dir") == "ltr"

    # Search "اريحا" (bare alef) for the body written "أريحا" (alef with hamza).
    page.get_by_label("Find your municipality or village council").fill("اريحا")
    page.get_by_role("button", name="Find", exact=True).click()
    page.get_by_role("link", name="Jericho Municipality").click()
    page.wait_for_url("**/en/directory/jericho/")
    assert page.get_by_role("heading", level=1).inner_text() == "Jericho Municipality"
    assert "بلدية أريحا" in page.content()

    # The choice is remembered: an unprefixed (Arabic) address brings the visitor back to English.
    page.goto("/directory/")
    assert page.url.endswith("/en/directory/")
    assert page.locator("html").get_attribute("dir") == "ltr"
