"""Pickers (core/pickers.py) in Debian's Chromium: suggestions arrive as the person types, a chosen one is sent."""

import pytest
from playwright.sync_api import expect

from tabadul.accounts.models import BodyJoinRequest, RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.directory.models import Governorate
from tabadul.directory.tests.factories import LocalBodyFactory

from .browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _suggested(page, datalist: str) -> list[str]:
    return page.locator(f"datalist#{datalist} option").evaluate_all("options => options.map(o => o.value)")


def test_a_body_is_found_by_part_of_its_name_and_sent(page):
    LocalBodyFactory(name_ar="بيتا", name_en="Beita")
    LocalBodyFactory(name_ar="بيت فوريك", name_en="Beit Furik")
    beita_jenin = LocalBodyFactory(name_ar="بيتا", name_en="Beita", governorate=Governorate.objects.get(code="jenin"))
    person = make_user()
    sign_in(page, person)
    page.goto("/en/accounts/me/join/")
    body = page.get_by_label("Local body")
    body.press_sequentially("beit", delay=30)  # a key at a time, as a person types
    expect(page.locator("#id_local_body_suggestions option")).to_have_count(3)  # the CSP forbids wait_for_function
    suggested = {"Beita — Nablus", "Beita — Jenin", "Beit Furik — Nablus"}
    assert set(_suggested(page, "id_local_body_suggestions")) == suggested
    body.fill("Beita — Jenin")  # what choosing the suggestion puts in the input
    page.get_by_label("Position").fill("Engineer")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert BodyJoinRequest.objects.get(user=person).local_body == beita_jenin


def test_several_bodies_are_added_and_removed_in_a_list_written_back_to_the_textarea(page):
    LocalBodyFactory(name_ar="بيتا", name_en="Beita")
    LocalBodyFactory(name_ar="قلقيلية", name_en="Qalqilya")
    sign_in(page, make_user(role=RoleGrant.Role.PLATFORM_ADMIN))
    page.goto("/en/library/new/")
    assert page.locator("textarea#id_author_bodies").is_hidden()
    add = page.get_by_label("Authoring local bodies")
    for typed, label in (("قلق", "Qalqilya — Nablus"), ("bei", "Beita — Nablus")):  # English labels, either script
        add.press_sequentially(typed, delay=30)
        expect(page.locator(f'#id_author_bodies_suggestions option[value="{label}"]')).to_have_count(1)
        add.fill(label)  # a suggestion chosen from the list is added at once
    chosen = page.locator(".picker-chosen li span")
    assert chosen.all_inner_texts() == ["Qalqilya — Nablus", "Beita — Nablus"]
    page.get_by_role("button", name="Remove: Qalqilya — Nablus").click()
    assert chosen.all_inner_texts() == ["Beita — Nablus"]
    assert page.locator("textarea#id_author_bodies").input_value() == "Beita — Nablus"
