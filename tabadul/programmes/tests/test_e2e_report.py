"""In Debian's Chromium: a programme officer signs in, opens the programme's page, downloads the funder's report and
reads its figures back from the Excel file: they are the page's."""

import re

import pytest
from openpyxl import load_workbook

from tabadul.accounts.tests.factories import TEST_PASSWORD

from .test_results import HEADLINE_KEYS, _grow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_officer_exports_the_funders_report(page, world, tmp_path):
    _grow(world.p, 3)
    page.goto("/en/accounts/sign-in/")
    page.fill("input[name=username]", world.officer.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    page.goto(f"/en/programmes/{world.p.programme.slug}/")
    shown = {}
    for key in HEADLINE_KEYS:
        figure = page.locator(f"[data-figure='{key}']")
        label = figure.locator("xpath=preceding-sibling::dt").inner_text().strip()
        shown[label] = int(re.sub(r"[^\d]", "", figure.inner_text()))
    assert shown[next(iter(shown))] > 0  # bodies reached

    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download Excel").click()
    path = tmp_path / waiting.value.suggested_filename
    waiting.value.save_as(path)
    assert path.suffix == ".xlsx"

    sheet = load_workbook(path, read_only=True).worksheets[0]
    from_file = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0] in shown}
    assert from_file == shown
