"""In Debian's Chromium: a facilitator plans a milestone (a too-early date is refused), a member shares a file."""

import pytest

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.core.tests.browser import sign_in
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.twinning import services
from tabadul.twinning.models import GroupDocument, Milestone

from .conftest import START, foreign_body

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_plan_a_milestone_and_share_a_document(page, transactional_db, tmp_path):
    admin = make_user(role=RoleGrant.Role.PLATFORM_ADMIN)
    facilitator = make_user()
    hebron, irbid = LocalBodyFactory(name_ar="بلدية الخليل"), foreign_body("JO", name_ar="بلدية إربد")
    network = services.network_create(
        actor=admin, name_ar="شبكة", slug="net", facilitating_organisation="CMI", members=[hebron, irbid]
    )
    group = services.group_create(
        actor=admin,
        network=network,
        members=[hebron, irbid],
        name_ar="الخليل – إربد",
        theme="led_strategy",
        objectives="استراتيجية",
        starts_on=START,
        facilitator=facilitator,
    )
    sign_in(page, facilitator)
    page.goto(f"/twinning/groups/{group.pk}/milestones/new/")
    page.fill("input[name=title]", "التشخيص المشترك")
    page.fill("input[name=owner_body]", "بلدية الخليل")  # picked by name (core/pickers.py)
    page.fill("input[name=due_on]", "2026-01-01")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "15 آذار 2026" in page.locator(".errorlist").inner_text()
    page.fill("input[name=due_on]", "2026-04-01")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/twinning/groups/{group.pk}/")
    assert Milestone.objects.get().title == "التشخيص المشترك"
    assert page.locator(".twinning-overdue").count() == 1  # 2026-04-01 is in the past and not done

    page.context.clear_cookies()
    member = make_user(body=irbid)
    sign_in(page, member)
    page.goto(f"/twinning/groups/{group.pk}/documents/new/")
    path = tmp_path / "plan.pdf"
    path.write_bytes(b"%PDF-1.4 e2e")
    page.fill("input[name=title]", "مسودة الخطة")
    page.set_input_files("input[name=file]", str(path))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/twinning/groups/{group.pk}/")
    document = GroupDocument.objects.get()
    assert document.uploaded_for == irbid
    assert page.get_by_role("link", name="مسودة الخطة").count() == 1
