"""In Debian's Chromium: a body asks to join a hub, its coordinator accepts, a staff member then represents it."""

import pytest

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.core.tests.browser import sign_in
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.hubs.models import Membership, Representative

from .conftest import make_coordinator, make_hub

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_body_asks_to_join_coordinator_accepts_staff_member_represents(page):
    hub = make_hub("public-relations", name_ar="منصة العلاقات العامة")
    coordinator = make_coordinator(hub)
    body = LocalBodyFactory(name_ar="بلدية بيتا")
    editor = make_user(role=RoleGrant.Role.BODY_EDITOR, body=body, full_name="ليلى حسن")

    # The body's editor asks to join on behalf of the body.
    sign_in(page, editor)
    page.goto("/hubs/public-relations/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("form[action='/hubs/public-relations/join/'] button").click()
    page.wait_for_url("**/hubs/public-relations/")
    assert Membership.objects.get(hub=hub, body=body).status == Membership.Status.REQUESTED
    assert page.locator("form[action='/hubs/public-relations/join/']").count() == 0  # cannot ask twice

    # The coordinator sees the request on the management page and accepts it.
    sign_in(page, coordinator)
    page.goto("/hubs/public-relations/manage/")
    request_card = page.locator(".card", has_text="بلدية بيتا")
    request_card.locator("button[type=submit]").click()  # accept; declining opens its confirmation page
    page.wait_for_url("**/hubs/public-relations/manage/")
    assert Membership.objects.get(hub=hub, body=body).status == Membership.Status.ACTIVE
    assert page.locator(".card", has_text="بلدية بيتا").count() == 0

    # Back as the editor: the body is a member; the editor represents it and appears in the members table.
    sign_in(page, editor)
    page.goto("/hubs/public-relations/")
    page.locator("form[action='/hubs/public-relations/represent/'] button").click()
    page.wait_for_url("**/hubs/public-relations/")
    assert Representative.objects.filter(user=editor, membership__hub=hub).exists()
    assert "هيئتان عضوان" in page.locator("section[aria-labelledby=members]").inner_text()
    page.get_by_role("link", name="كل الهيئات الأعضاء وممثّلوها").click()
    page.wait_for_url("**/hubs/public-relations/members/")
    members = page.locator("main table").inner_text()
    assert "بلدية بيتا" in members and "ليلى حسن" in members
