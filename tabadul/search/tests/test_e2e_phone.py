"""The search page on a phone (issue 21, item 5), seen in Debian's Chromium: at 390 × 844 px the first result
starts within the first screen, the filters are folded in a closed <details>, and the count and the active filters
share one line."""

import pytest

from tabadul.demo.directory import load as load_demo_bodies
from tabadul.search.tests.helpers import make_hub, rebuild

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_first_result_is_on_the_first_screen_of_a_phone(page, prefix):
    load_demo_bodies()
    for number in range(3):
        make_hub(f"منصة الموازنات {number}", slug=f"budgets-{number}", name_en=f"Budgets hub {number}")
    rebuild()
    page.set_viewport_size(PHONE)
    page.goto(f"{prefix}/search/?q=%D8%A8%D9%84%D8%AF%D9%8A%D8%A9")  # بلدية: many results, several facets
    first = page.locator(".search-hit").first
    box = first.bounding_box()
    assert box is not None and box["y"] + 40 < PHONE["height"], box
    filters = page.locator("details.search-filters")
    assert filters.get_attribute("open") is None
    assert not page.locator(".search-facets .facet").first.is_visible()

    # A filter chosen: the count and the filter on one line, the first result still on the first screen.
    filters.locator("summary").click()
    page.locator(".search-facets .facet a").first.click()
    summary = page.locator(".search-summary")
    assert summary.locator(".active-filter").count() == 1
    line = summary.evaluate("element => parseFloat(getComputedStyle(element).lineHeight) || 24")
    assert summary.bounding_box()["height"] <= line * 1.5
    box = page.locator(".search-hit").first.bounding_box()
    assert box["y"] + 40 < PHONE["height"], box
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
