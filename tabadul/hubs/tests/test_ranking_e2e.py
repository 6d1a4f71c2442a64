"""Ranking the topics in Debian's Chromium: the arrow buttons from the keyboard, drag and drop, and the same list
without JavaScript (each arrow a round trip that keeps the order and the focus)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from tabadul.core.tests.browser import sign_in
from tabadul.hubs import services
from tabadul.hubs.models import TopicRanking

from .conftest import make_coordinator, make_hub

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ranking_page():
    hub = make_hub("hub-e2e")
    coordinator = make_coordinator(hub)
    plan = services.work_plan_create(
        actor=coordinator, hub=hub, starts_on=datetime.date(2027, 1, 1), ends_on=datetime.date(2027, 12, 31)
    )
    topics = [
        services.topic_propose(actor=coordinator, work_plan=plan, title_ar=f"موضوع {i}", title_en=f"Topic {i}")
        for i in range(3)
    ]
    with translation.override("en"):
        url = reverse("hubs:work_plan", args=[hub.slug, plan.pk])
    return coordinator, plan, topics, url


def order_of(page) -> list[int]:
    return [int(value) for value in page.locator("#ranking input[name=order]").evaluate_all("e => e.map(x => x.value)")]


def test_reorder_with_the_keyboard_and_by_dragging_then_save(page, ranking_page):
    coordinator, plan, topics, url = ranking_page
    t0, t1, t2 = (topic.pk for topic in topics)
    sign_in(page, coordinator)
    page.goto(url)
    page.wait_for_selector("[data-reorder-ready]")

    down = page.locator(f"button[value='down:{t0}']")
    assert "Move down" in down.inner_text()
    down.focus()
    page.keyboard.press("Enter")
    assert order_of(page) == [t1, t0, t2]
    assert page.evaluate("document.activeElement.value") == f"down:{t0}"  # the focus stays on the pressed button
    assert page.locator("[data-reorder-status]").inner_text() == "“Topic 0” is now number 2."
    page.keyboard.press("Space")
    assert order_of(page) == [t1, t2, t0]
    assert page.evaluate("document.activeElement.value") == f"up:{t0}"  # last now: its twin takes the focus
    assert page.url.endswith(url)  # no round trip: nothing posted
    assert not TopicRanking.objects.exists()

    page.drag_and_drop(f"#rank-{t0}", f"#rank-{t1}")  # the last row dragged onto the first takes its place
    assert order_of(page) == [t0, t1, t2]
    assert page.locator(f"#rank-{t0} [data-position]").inner_text() == "1"

    page.get_by_label("Topic 2").uncheck()
    page.get_by_role("button", name="Save the ranking").click()
    page.wait_for_load_state()
    assert "Your body's ranking is saved." in page.content()
    assert [e.topic_id for e in TopicRanking.objects.get(work_plan=plan).entries.all()] == [t0, t1]
    assert order_of(page) == [t0, t1, t2]  # shown back as saved


def test_the_arrows_work_without_javascript(_chromium, live_server, ranking_page):
    coordinator, plan, topics, url = ranking_page
    t0, t1, t2 = (topic.pk for topic in topics)
    context = _chromium.new_context(base_url=live_server.url, locale="en", java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, coordinator)
        page.goto(url)
        page.get_by_label("Topic 1").uncheck()
        page.locator(f"button[value='up:{t2}']").click()
        page.wait_for_load_state()
        assert order_of(page) == [t0, t2, t1]
        assert not page.get_by_label("Topic 1").is_checked()  # the other choices are kept
        assert page.evaluate("document.activeElement.value") == f"up:{t2}"
        assert not TopicRanking.objects.exists()
        page.get_by_role("button", name="Save the ranking").click()
        page.wait_for_load_state()
        assert [e.topic_id for e in TopicRanking.objects.get(work_plan=plan).entries.all()] == [t0, t2]
    finally:
        context.close()
