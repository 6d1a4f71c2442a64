"""In Debian's Chromium: sign in, register for an event, find it in "my calendar", cancel."""

import pytest

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import TEST_PASSWORD, make_user

from .conftest import make_event

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_register_see_in_my_calendar_and_cancel(page, transactional_db):
    admin = make_user(role=RoleGrant.Role.PLATFORM_ADMIN)
    event = make_event(admin, name_ar="يوم تعليمي: الموازنات المقروءة", capacity=10)
    person = make_user()

    page.goto("/accounts/sign-in/")
    page.fill("input[name=username]", person.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    page.goto(f"/events/{event.pk}/")
    with page.expect_navigation():  # the POST, then the redirect back to the same address
        page.locator(f"form[action='/events/{event.pk}/register/'] button").click()
    page.locator(".code").wait_for()
    code = person.registrations.get().code
    assert code in page.locator(".code").inner_text()

    page.goto(f"/events/mine/month/?month={event.local_starts_at:%Y-%m}")
    day = page.locator("table.month td", has=page.get_by_role("link", name="يوم تعليمي: الموازنات المقروءة"))
    assert day.locator(".day-number").inner_text() == str(event.local_starts_at.day)

    page.goto("/events/mine/")
    page.get_by_role("link", name="يوم تعليمي: الموازنات المقروءة").click()
    page.wait_for_url(f"**/events/{event.pk}/")

    with page.expect_navigation():  # a confirmation page first: the place goes to the next person waiting
        page.locator(f"a[href='/events/{event.pk}/cancel/']").click()
    with page.expect_navigation():
        page.locator("main form button.danger[type=submit]").click()
    page.locator(f"form[action='/events/{event.pk}/register/']").wait_for()
    assert person.registrations.get().status == "cancelled"
    page.goto("/events/mine/")
    assert "يوم تعليمي: الموازنات المقروءة" not in page.locator("main").inner_text()
    page.goto(f"/events/mine/month/?month={event.local_starts_at:%Y-%m}")
    assert "يوم تعليمي: الموازنات المقروءة" not in page.locator("main").inner_text()
