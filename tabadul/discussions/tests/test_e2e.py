"""In Debian's Chromium: a hub member starts a thread with hostile Markdown, another member reports a reply,
it disappears for others, and the hub's coordinator restores it from the moderation queue."""

import pytest

from tabadul.core.tests.browser import sign_in
from tabadul.discussions.models import Post, Status, Thread

from .conftest import make_hub, make_hub_coordinator, make_hub_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_thread_report_hide_and_restore(page, transactional_db, settings):
    settings.DISCUSSIONS_HIDE_AFTER_REPORTS = 1
    hub = make_hub("public-relations")
    author, reader, coordinator = make_hub_member(hub), make_hub_member(hub), make_hub_coordinator(hub)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    # A member opens the hub's forum from its owner link and starts a thread.
    sign_in(page, author)
    page.goto(f"/discussions/for/hubs.hub/{hub.pk}/")
    page.get_by_role("link", name="ابدأ موضوعاً").or_(page.get_by_role("link", name="Start a thread")).click()
    page.fill("input[name=title]", "حملة توعية بفرز النفايات")
    page.fill(
        "textarea[name=body]",
        '**خطة** الحملة <script>alert("x")</script> <img src=x onerror=alert(1)> [رابط](javascript:alert(1))',
    )
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/discussions/threads/*/")
    thread = Thread.objects.get()
    body = page.locator(".disc-post-body").first
    assert body.locator("strong").inner_text() == "خطة"
    assert body.locator("script, img, a").count() == 0
    assert dialogs == []  # nothing ran

    # A second member replies, the first reports the reply: it is hidden from everyone else.
    sign_in(page, reader)
    page.goto(thread.get_absolute_url())
    page.fill("textarea[name=body]", "إعلان: خصومات على الطباعة!")
    page.locator("main section form button[type=submit]").click()
    page.wait_for_url(f"**/discussions/threads/{thread.pk}/**")
    reply = Post.objects.get(is_opening=False)
    sign_in(page, author)
    page.goto(f"/discussions/posts/{reply.pk}/report/")
    page.check("input[name=reason][value=spam]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/discussions/threads/{thread.pk}/")
    assert page.locator(f"#post-{reply.pk}").count() == 0
    reply.refresh_from_db()
    assert reply.status == Status.HIDDEN

    # The coordinator restores it from the queue; everyone sees it again.
    sign_in(page, coordinator)
    page.goto("/discussions/moderation/")
    page.locator(f"#post-{reply.pk} button[value=restore]").click()
    page.wait_for_url("**/discussions/moderation/")
    assert page.locator(f"#post-{reply.pk}").count() == 0
    sign_in(page, author)
    page.goto(thread.get_absolute_url())
    assert page.locator(f"#post-{reply.pk}").count() == 1
