"""A citizen of Salfit on a phone (issue 19, "What it must show"), in Debian's Chromium at 390 px: the home page's
search → Salfit's page → its plan → a project on the map → a complaint sent → its reference page → the body answers
(through the service, as the body's staff) → the reply is read on the reference page, still without an account."""

import re

import pytest

from tabadul.demo import meter as demo
from tabadul.directory.models import Governorate
from tabadul.directory.tests.factories import LocalBodyFactory

from .. import services
from ..models import Feedback
from .conftest import PlanWorld

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
COMPLAINT = "The street lights of the school road have been off for two weeks."
REPLY = "The lights were repaired on Sunday; thank you for telling us."


@pytest.fixture
def salfit():
    salfit = Governorate.objects.get(code="salfit")
    body = LocalBodyFactory(
        slug="salfit", name_ar="بلدية سلفيت", name_en="Salfit Municipality", governorate=salfit, region=salfit.region
    )
    world = PlanWorld(body)
    for project in world.projects:  # the demo's points: around the town's centre
        latitude, longitude = demo._point("salfit", project.location, project.external_id)
        services.project_save(
            actor=world.editor, plan=world.plan, project=project, latitude=latitude, longitude=longitude
        )
    return world


def test_a_citizen_on_a_phone_finds_a_project_on_the_map_complains_and_reads_the_reply(_chromium, live_server, salfit):
    context = _chromium.new_context(base_url=live_server.url, locale="en", viewport=PHONE, is_mobile=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto("/en/")
        page.fill("#home-q", "Salfit")
        page.locator("form.home-find button[type=submit]").click()
        page.wait_for_load_state()
        page.get_by_role("link", name="Salfit Municipality").first.click()
        page.wait_for_load_state()
        assert page.url.endswith("/en/bodies/salfit/") or "/salfit/" in page.url, page.url

        page.get_by_role("link", name="See the plan and its projects").click()
        page.wait_for_load_state()
        assert page.url.endswith(salfit.plan.get_absolute_url().removeprefix("/en")), page.url

        page.locator("nav.tabs").get_by_role("link", name="Map").click()
        page.wait_for_load_state()
        assert "/map/" in page.url
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        markers = page.locator("svg#project-map a.marker")
        assert markers.count() == len(salfit.projects)
        marker = markers.first
        box = marker.bounding_box()
        assert box and box["width"] >= 10 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        target = marker.get_attribute("href")
        marker.click()
        page.wait_for_url(re.compile(re.escape(target) + "$"))
        project = next(p for p in salfit.projects if target.endswith(f"/projects/{p.pk}/"))
        assert page.locator("h1").inner_text().strip() == project.name_ar
        assert page.locator("svg#project-map").count() == 1  # the project's own small map

        page.get_by_role("link", name="Send a suggestion, question or complaint").click()
        page.wait_for_load_state()
        page.select_option("select[name=kind]", "complaint")
        page.fill("textarea[name=text]", COMPLAINT)
        page.get_by_role("button", name="Send", exact=True).click()
        page.wait_for_load_state()
        feedback = Feedback.objects.get(text=COMPLAINT)
        assert feedback.project_id == project.pk and feedback.kind == Feedback.Kind.COMPLAINT
        assert feedback.reference_display in page.locator(".reference").inner_text()

        page.get_by_role("link", name="Open the message's page").click()
        page.wait_for_load_state()
        reference_url = page.url
        assert reference_url.endswith(feedback.get_absolute_url().removeprefix("/en"))
        assert REPLY not in page.content()

        services.feedback_reply(actor=salfit.editor, feedback=feedback, reply=REPLY)

        page.goto(reference_url)
        assert REPLY in page.locator("main").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()
