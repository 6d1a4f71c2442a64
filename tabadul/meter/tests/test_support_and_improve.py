"""Support for others' suggestions and suggestions to improve the Meter itself (issue 19, items 6 and 7)."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tabadul.accounts.tests.factories import make_user
from tabadul.core import work
from tabadul.core.models import AuditEvent
from tabadul.notifications.testing import assert_notified

from .. import cache as meter_cache
from .. import services
from ..models import Feedback, FeedbackSupport, PlatformFeedback

pytestmark = pytest.mark.django_db


def _published(
    world, *, kind="suggestion", text="نقترح إنارة الشارع الرئيسي بالطاقة الشمسية", author=None, project=None
):
    item = services.feedback_submit(actor=author, plan=world.plan, project=project, kind=kind, text=text)
    return services.feedback_reply(actor=world.editor, feedback=item, reply="شكرًا، سندرس الاقتراح")


def _path(name, *args) -> str:
    with translation.override("ar"):
        return reverse(name, args=args)


def _count_shown(html: str, item) -> int | None:
    """The support count printed in the card of `item` on a plan or project page (English)."""
    card = html.split(f'id="feedback-{item.pk}"', 1)[1].split('class="card"', 1)[0]
    found = re.search(r"(\d+) supporters?<", card)
    return int(found.group(1)) if found else None


# --- Service and rule ----------------------------------------------------------------------------------------


def test_a_citizen_supports_once_and_withdraws(world, citizen):
    item = _published(world)
    assert services.support_set(actor=citizen, feedback=item, support=True) is True
    assert services.support_set(actor=citizen, feedback=item, support=True) is True  # again: nothing more
    assert FeedbackSupport.objects.filter(feedback=item).count() == 1
    assert AuditEvent.objects.filter(action="meter.support.add").count() == 1
    services.support_set(actor=citizen, feedback=item, support=False)
    assert not FeedbackSupport.objects.filter(feedback=item).exists()
    assert AuditEvent.objects.filter(action="meter.support.remove").count() == 1


def test_one_support_per_person_is_a_database_constraint(world, citizen):
    item = _published(world)
    FeedbackSupport.objects.create(feedback=item, user=citizen)
    with pytest.raises(IntegrityError), transaction.atomic():
        FeedbackSupport.objects.create(feedback=item, user=citizen)


@pytest.mark.parametrize(
    "case", ["anonymous", "own suggestion", "pending", "question", "complaint", "rejected", "draft plan"]
)
def test_only_others_published_suggestions_may_be_supported(world, citizen, case):
    from django.contrib.auth.models import AnonymousUser

    actor = AnonymousUser() if case == "anonymous" else citizen
    if case == "own suggestion":
        item = _published(world, author=citizen)
    elif case == "pending":
        item = services.feedback_submit(actor=None, plan=world.plan, project=None, kind="suggestion", text="اقتراح ما")
    elif case in ("question", "complaint"):
        item = services.feedback_reply(
            actor=world.editor,
            feedback=services.feedback_submit(actor=None, plan=world.plan, project=None, kind=case, text="نص الرسالة"),
            reply="الرد",
            publish=True,
        )
    elif case == "rejected":
        item = services.feedback_moderate(
            actor=world.editor,
            feedback=services.feedback_submit(actor=None, plan=world.plan, project=None, kind="suggestion", text="نص"),
            publish=False,
            reason="خارج الموضوع",
        )
    else:
        item = _published(world)
        services.plan_set_status(actor=world.approver, plan=world.plan, status="draft")
        item.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.support_set(actor=actor, feedback=item, support=True)
    assert not FeedbackSupport.objects.exists()


def test_supporting_is_rate_limited_per_person(world, citizen, monkeypatch):
    monkeypatch.setattr(services, "SUPPORT_LIMIT_PER_USER", 3)
    items = [_published(world, text=f"اقتراح رقم {i} لتحسين الخدمات") for i in range(4)]
    for item in items[:3]:
        services.support_set(actor=citizen, feedback=item, support=True)
    with pytest.raises(services.Throttled):
        services.support_set(actor=citizen, feedback=items[3], support=True)
    assert FeedbackSupport.objects.count() == 3


# --- Pages ------------------------------------------------------------------------------------------------


def test_the_count_shows_on_the_plan_and_project_pages_and_the_cache_is_renewed(client, world, citizen):
    """A support changes the count the anonymous (cached) page shows: the support row renews the body's pages."""
    on_plan = _published(world)
    on_project = _published(world, project=world.projects[0], text="نقترح زراعة أشجار على جانبي الطريق")
    plan_url = "/en" + _path("meter:plan_detail", world.plan.pk)
    project_url = "/en" + _path("meter:project_detail", world.projects[0].pk)
    first = client.get(plan_url)
    assert _count_shown(first.content.decode(), on_plan) == 0
    assert client.get(plan_url)["X-Meter-Cache"] == "hit"
    assert _count_shown(client.get(project_url).content.decode(), on_project) == 0
    others = [make_user() for _ in range(2)]
    with TestCase.captureOnCommitCallbacks(execute=True):
        for person in [citizen, *others]:
            services.support_set(actor=person, feedback=on_plan, support=True)
        services.support_set(actor=citizen, feedback=on_project, support=True)
    again = client.get(plan_url)
    assert again["X-Meter-Cache"] == "miss"
    html = again.content.decode()
    assert _count_shown(html, on_plan) == 3 and _count_shown(html, on_project) == 1
    assert "Sign in to support" in html and "/accounts/" in html
    assert _count_shown(client.get(project_url).content.decode(), on_project) == 1
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.support_set(actor=citizen, feedback=on_plan, support=False)
    assert _count_shown(client.get(plan_url).content.decode(), on_plan) == 2


def test_questions_carry_no_support_line(client, world):
    question = services.feedback_reply(
        actor=world.editor,
        feedback=services.feedback_submit(actor=None, plan=world.plan, project=None, kind="question", text="متى؟؟؟"),
        reply="قريبًا",
    )
    html = client.get("/en" + _path("meter:plan_detail", world.plan.pk)).content.decode()
    assert _count_shown(html, question) is None


def test_support_through_the_pages(client, world, citizen):
    item = _published(world)
    url = "/en" + _path("meter:feedback_support", item.pk)
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    client.force_login(citizen)
    page = client.get(url)
    assert page.status_code == 200 and "Support this suggestion" in page.content.decode()
    response = client.post(url, {"support": "1"})
    assert response.status_code == 302 and f"#feedback-{item.pk}" in response["Location"]
    assert FeedbackSupport.objects.filter(feedback=item, user=citizen).exists()
    plan_page = client.get("/en" + _path("meter:plan_detail", world.plan.pk)).content.decode()
    assert "You support it" in plan_page
    client.post(url, {"support": "0"})
    assert not FeedbackSupport.objects.exists()
    complaint = services.feedback_submit(actor=None, plan=world.plan, project=None, kind="complaint", text="شكوى ما")
    assert client.get("/en" + _path("meter:feedback_support", complaint.pk)).status_code == 404


def test_the_plan_page_reads_the_counts_without_a_query_per_suggestion(client, world):
    url = "/en" + _path("meter:plan_detail", world.plan.pk)

    def queries():
        meter_cache.forget_memo()
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    _published(world)
    one = queries()
    for i in range(5):
        item = _published(world, text=f"اقتراح إضافي رقم {i} للحي")
        services.support_set(actor=make_user(), feedback=item, support=True)
    assert queries() == one


def test_the_body_sorts_its_feedback_by_support(client, world, citizen):
    few, many = _published(world, text="اقتراح أول للحي"), _published(world, text="اقتراح ثان للحي")
    for person in [citizen, make_user(), make_user()]:
        services.support_set(actor=person, feedback=many, support=True)
    services.support_set(actor=citizen, feedback=few, support=True)
    newer = _published(world, text="اقتراح ثالث جديد")
    client.force_login(world.editor)
    url = "/en" + _path("meter:feedback_queue", world.body.slug)
    html = client.get(url, {"status": "published", "order": "support"}).content.decode()
    assert html.index(f"feedback-{many.pk}") < html.index(f"feedback-{few.pk}") < html.index(f"feedback-{newer.pk}")
    assert "3 supporters" in html
    newest_first = client.get(url, {"status": "published"}).content.decode()
    assert newest_first.index(f"feedback-{newer.pk}") < newest_first.index(f"feedback-{many.pk}")


# --- Suggestions to improve the Meter -------------------------------------------------------------------------


def test_every_meter_page_carries_the_improvement_form(client, world):
    for name, args in [
        ("meter:plan_list", []),
        ("meter:plan_detail", [world.plan.pk]),
        ("meter:project_detail", [world.projects[0].pk]),
        ("meter:project_list", [world.plan.pk]),
        ("meter:post_list", [world.body.slug]),
    ]:
        html = client.get("/en" + _path(name, *args)).content.decode()
        assert 'action="/en/meter/improve/"' in html, name
        assert "Suggest an improvement to the Meter" in html
    assert "meter-improve" not in client.get("/en/").content.decode()


@pytest.mark.notification_kind("platform_feedback")
def test_an_anonymous_suggestion_reaches_the_platform_administrators(client, platform_admin, world):
    superuser = make_user(is_superuser=True)
    plan_url = _path("meter:plan_detail", world.plan.pk)
    form = client.get("/en/meter/improve/", {"from": plan_url})
    assert form.status_code == 200 and f'value="{plan_url}"' in form.content.decode()
    with assert_notified("platform_feedback", [platform_admin, superuser]) as sent:
        response = client.post(
            "/en/meter/improve/",
            {"text": "أضيفوا خريطة للمشاريع", "page": plan_url, "contact": "٠٥٩٩١٢٣٤٥٦", "website": ""},
        )
    item = PlatformFeedback.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/improve/{item.reference}/sent/")
    assert item.page == plan_url and item.contact == "0599123456" and item.author is None
    confirmation = client.get(response["Location"]).content.decode()
    assert item.reference_display in confirmation and "0599123456" not in confirmation
    assert all("0599123456" not in (note.details or "") for note in sent.notifications)
    event = AuditEvent.objects.get(action="meter.platform_feedback.submit")
    assert "0599123456" not in str(event.changes)


def test_the_improvement_form_is_rate_limited_and_refuses_foreign_pages(client, monkeypatch):
    monkeypatch.setattr(services, "PLATFORM_FEEDBACK_LIMIT_PER_IP", 2)
    for _ in range(2):
        assert (
            client.post("/en/meter/improve/", {"text": "اقتراح للتحسين", "page": "//evil.example"}).status_code == 302
        )
    assert client.post("/en/meter/improve/", {"text": "اقتراح للتحسين"}).status_code == 429
    assert PlatformFeedback.objects.count() == 2 and set(PlatformFeedback.objects.values_list("page", flat=True)) == {
        ""
    }


def test_administrators_see_the_suggestions_on_my_work_and_mark_them_read(client, platform_admin, body_editor):
    item = services.platform_feedback_submit(actor=None, text="الصفحة بطيئة على الهاتف", contact="a@example.org")
    waiting = work.REGISTRY["meter.platform_feedback"]
    assert waiting.count(platform_admin) == 1 and waiting.count(body_editor) == 0
    [entry] = waiting.items(platform_admin, 10)
    assert item.reference_display in entry.title and f"#suggestion-{item.pk}" in entry.url
    client.force_login(body_editor)
    assert client.get("/en/meter/manage/improvements/").status_code == 403
    assert client.post(f"/en/meter/manage/improvements/{item.pk}/read/").status_code == 403
    client.force_login(platform_admin)
    listing = client.get("/en/meter/manage/improvements/").content.decode()
    assert "a@example.org" in listing and "الصفحة بطيئة" in listing
    client.post(f"/en/meter/manage/improvements/{item.pk}/read/")
    item.refresh_from_db()
    assert item.status == "done" and item.handled_by == platform_admin
    assert waiting.count(platform_admin) == 0


def test_the_contact_is_erased_on_the_feedback_schedule(settings):
    item = services.platform_feedback_submit(actor=None, text="اقتراح مع وسيلة تواصل", contact="0599123456")
    call_command("meter_erase_contacts")
    item.refresh_from_db()
    assert item.contact == "0599123456"
    later = timezone.now() + timedelta(days=settings.METER_FEEDBACK_CONTACT_DAYS + 1)
    assert services.platform_feedback_erase_contacts(now=later) == 1
    item.refresh_from_db()
    assert item.contact == "" and item.contact_erased_at is not None


def test_published_suggestions_counted_on_the_feedback_model(world):
    """The Feedback model keeps no stored count: the count is read with the suggestions (never out of date)."""
    assert "support_count" not in {field.name for field in Feedback._meta.get_fields()}
