"""In Debian's Chromium, one flow per role (issue 16): the situation is built through the services, the person
signs in through the real form and lands on "my work", sees the waiting group and its item, follows the item's
link, acts on that page, comes back to "my work" and finds the group's count and the header's count lowered."""

import datetime
import re
from datetime import date

import pytest
from django.utils import timezone
from django.utils.text import slugify

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.services import body_join_request_create, role_grant
from tabadul.accounts.tests.factories import make_user
from tabadul.core.tests.browser import sign_in
from tabadul.core.work import forget_waiting_totals
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.discussions import services as discussions
from tabadul.discussions.models import Status
from tabadul.events import services as events
from tabadul.events.models import Event, Registration
from tabadul.hubs import services as hubs
from tabadul.hubs.models import Hub, Invitation, Mandate, Membership
from tabadul.meter import services as meter
from tabadul.meter.models import ProgressUpdate
from tabadul.meter.tests import factories as meter_factories
from tabadul.programmes.models import Programme
from tabadul.qa.services import question_ask
from tabadul.qa.tests.factories import TopicFactory, make_specialist, make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MY_WORK = "/my-work/"


# --- Reading "my work" and the header ----------------------------------------------------------------------------


def _number(text: str) -> int:
    return int(re.search(r"\d+", text).group())  # \d also reads Arabic-Indic digits; int() accepts them


def _group(page, key: str):
    return page.locator(f"article.work-group[id='{slugify(key)}']")


def _group_count(page, key: str) -> int:
    group = _group(page, key)
    return _number(group.locator("h3 .badge").inner_text()) if group.count() else 0


def _header_count(page) -> int:
    """The header's count, once the page has it (asked for after loading when it was not cached: js/waiting.js)."""
    page.locator(".account-nav a[data-waiting-badge]").wait_for(state="detached")
    badge = page.locator(".account-nav .badge")
    return _number(badge.inner_text()) if badge.count() else 0


def _sign_in_to_my_work(page, user, key: str) -> tuple[int, int]:
    """Sign in (landing on "my work"), check the group is there; return its count and the header's."""
    sign_in(page, user)
    assert page.url.endswith(MY_WORK), page.url
    assert _group(page, key).count() == 1
    counts = _group_count(page, key), _header_count(page)
    assert counts[0] >= 1 and counts[1] >= counts[0]
    return counts


def _back_to_my_work(page) -> None:
    """The header's "My work" link, as a person would, when the action did not bring them back by itself."""
    page.locator(f".account-nav a[href='{MY_WORK}']").click()
    page.wait_for_url(f"**{MY_WORK}")


def _assert_lowered(page, key: str, before: tuple[int, int]) -> None:
    assert page.url.endswith(MY_WORK), page.url
    assert _group_count(page, key) == before[0] - 1
    assert _header_count(page) == before[1] - 1


# --- Situations, built through the services -----------------------------------------------------------------------


def _hub(slug: str, **fields) -> Hub:
    return Hub.objects.create(slug=slug, name_ar=f"منصة {slug}", name_en=f"Hub {slug}", **fields)


def _coordinator(hub: Hub):
    body = LocalBodyFactory()
    Membership.objects.create(hub=hub, body=body, status=Membership.Status.ACTIVE, joined_at=timezone.now())
    user = make_user(body=body)
    today = timezone.localdate()
    Mandate.objects.create(
        hub=hub,
        user=user,
        body=body,
        role=Mandate.Role.COORDINATOR,
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=300),
    )
    return user


# --- One flow per role --------------------------------------------------------------------------------------------


def test_specialist_answers_a_routed_question(page, transactional_db, body):
    finance = TopicFactory(slug="local-finance", name_ar="المالية المحلية", name_en="Local finance")
    specialist = make_specialist(finance, full_name="خبير المالية")
    question, other = (
        question_ask(actor=make_staff(body), title=title, text="نريد تنمية الإيرادات الذاتية.", topics=[finance])
        for title in ("كيف نزيد الإيرادات المحلية للبلدية؟", "ما أفضل طريقة لإعداد الموازنة التشاركية؟")
    )
    key = "qa.questions_routed"
    before = _sign_in_to_my_work(page, specialist, key)
    assert before[0] == 2

    _group(page, key).get_by_role("link", name=question.title).click()
    page.wait_for_url(f"**/questions/{question.pk}/")
    answer_form = page.locator(f"form[action='/questions/{question.pk}/answer/']")
    answer_form.locator("textarea[name=text]").fill("ابدأوا بتحديث سجل المكلفين وتحصيل المتأخرات.")
    answer_form.locator("button[type=submit]").click()
    page.wait_for_url(f"**/questions/{question.pk}/")
    assert question.answers.filter(author=specialist).count() == 1

    _back_to_my_work(page)
    _assert_lowered(page, key, before)
    group = _group(page, key)  # one question still waits: the group stays, with the other question only
    assert group.get_by_role("link", name=other.title).count() == 1
    assert group.get_by_role("link", name=question.title).count() == 0


def test_a_page_rendered_without_the_count_shows_it_once_loaded(page, transactional_db, body):
    finance = TopicFactory(slug="local-finance", name_ar="المالية المحلية", name_en="Local finance")
    specialist = make_specialist(finance, full_name="خبير المالية")
    question_ask(actor=make_staff(body), title="كيف نزيد الإيرادات؟", text="نريد تنمية الإيرادات.", topics=[finance])
    sign_in(page, specialist)
    forget_waiting_totals([specialist.pk])  # expired: the next page is rendered without it

    page.goto("/events/")
    assert _header_count(page) == 1
    page.goto("/en/events/")  # cached now: in the page itself
    assert page.locator(".account-nav a[data-waiting-badge]").count() == 0 and _header_count(page) == 1


def test_body_approver_publishes_pending_progress(page, transactional_db, body):
    editor, approver = meter_factories.staff(body)
    statuses = meter_factories.make_statuses(actor=editor, body=body)
    plan = meter_factories.make_plan(actor=editor, body=body, approver=approver)
    goal = meter_factories.make_goal(actor=editor, plan=plan)
    project = meter_factories.make_project(actor=editor, plan=plan, goal=goal, status=statuses["in_progress"])
    update = meter.progress_submit(actor=editor, project=project, percent=40, date=date(2024, 6, 1), note="")
    key = "meter.progress_to_approve"
    before = _sign_in_to_my_work(page, approver, key)

    _group(page, key).get_by_role("link", name=f"{project.name}: 40%").click()
    page.wait_for_url(re.compile(r".*/progress/.*"))
    page.locator(f"#update-{update.pk} button[type=submit]").click()  # "Publish"; its form carries next=my work

    page.wait_for_url(f"**{MY_WORK}")  # the queue's `next` brings the approver back
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.PUBLISHED
    _assert_lowered(page, key, before)


def test_body_editor_accepts_a_hub_invitation(page, transactional_db, body, body_editor, platform_admin):
    hub = _hub("valley")
    hubs.invitation_send(actor=platform_admin, hub=hub, bodies=[body])
    invitation = Invitation.objects.get(hub=hub, body=body)
    key = "hubs.invitations_to_answer"
    before = _sign_in_to_my_work(page, body_editor, key)

    _group(page, key).get_by_role("link", name=hub.name).click()
    page.wait_for_url(re.compile(rf".*#invitation-{invitation.pk}$"))
    page.locator(f"#invitation-{invitation.pk} form button[type=submit]").click()  # "Join"
    page.wait_for_load_state()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert Membership.objects.filter(hub=hub, body=body, status=Membership.Status.ACTIVE).count() == 1

    _back_to_my_work(page)
    _assert_lowered(page, key, before)


def test_body_editor_registers_for_an_event_their_body_is_invited_to(
    page, transactional_db, body, body_editor, platform_admin
):
    starts = timezone.now() + datetime.timedelta(days=10)
    event = events.event_create(
        actor=platform_admin,
        name_ar="لقاء تشاوري حول الموازنة",
        name_en="Budget consultation",
        type=Event.Type.LEARNING_DAY,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        city="رام الله",
        visibility=Event.Visibility.INVITATION,
        organised_by_platform=True,
    )
    events.invitation_create(actor=platform_admin, event=event, bodies=[body])
    key = "events.invitations_to_answer"
    before = _sign_in_to_my_work(page, body_editor, key)

    _group(page, key).get_by_role("link", name=event.name).click()
    page.wait_for_url(f"**{event.get_absolute_url()}")
    page.locator(f"form[action='/events/{event.pk}/register/'] button[type=submit]").click()  # "Register"
    page.wait_for_load_state()
    assert Registration.objects.filter(event=event, user=body_editor, status=Registration.Status.CONFIRMED).exists()

    _back_to_my_work(page)
    _assert_lowered(page, key, before)


def test_body_administrator_approves_a_request_to_join_the_body(page, transactional_db, body):
    administrator = make_user(role=RoleGrant.Role.BODY_ADMIN, body=body)
    newcomer = make_user(full_name="سامر يوسف")
    join_request = body_join_request_create(
        actor=newcomer, local_body=body, position="مهندس مدني", department="الهندسة"
    )
    key = "accounts.body_join_requests"
    before = _sign_in_to_my_work(page, administrator, key)

    link = _group(page, key).locator(f"a[href$='/people/requests/{join_request.pk}/']")
    assert newcomer.full_name in link.inner_text()
    link.click()
    page.wait_for_url(f"**/people/requests/{join_request.pk}/")
    page.locator(f"input[name=roles][value='{RoleGrant.Role.BODY_EDITOR}']").check()
    page.locator("main form button[type=submit]").click()  # "Approve"
    page.wait_for_url(re.compile(r".*/people/$"))
    newcomer.refresh_from_db()
    assert newcomer.local_body_id == body.pk
    assert RoleGrant.objects.filter(user=newcomer, role=RoleGrant.Role.BODY_EDITOR, local_body=body).count() == 1

    _back_to_my_work(page)
    _assert_lowered(page, key, before)


def test_hub_coordinator_accepts_a_body_asking_to_join(page, transactional_db, body, body_editor):
    hub = _hub("coast")
    coordinator = _coordinator(hub)
    membership = hubs.membership_request(actor=body_editor, hub=hub, body=body)
    key = "hubs.join_requests"
    before = _sign_in_to_my_work(page, coordinator, key)

    _group(page, key).get_by_role("link", name=body.name).click()
    page.wait_for_url(re.compile(rf".*/manage/#request-{membership.pk}$"))
    page.locator(f"#request-{membership.pk} form button[type=submit]").click()  # "Accept"
    page.wait_for_load_state()
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE

    _back_to_my_work(page)
    _assert_lowered(page, key, before)


def test_programme_officer_removes_a_reported_post(page, transactional_db):
    programme = Programme.objects.create(slug="apla", name_ar="برنامج أبلا", name_en="APLA")
    hub = _hub("apla-hub", programme=programme)
    member_body = LocalBodyFactory()
    Membership.objects.create(hub=hub, body=member_body, status=Membership.Status.ACTIVE, joined_at=timezone.now())
    author, reporter = make_user(body=member_body), make_user(body=member_body)
    forum = discussions.forum_ensure(owner=hub)
    thread = discussions.thread_start(actor=author, forum=forum, title="عروض تجارية", body="اشتروا منتجاتنا الآن")
    post = thread.posts.get()
    discussions.post_report(actor=reporter, post=post, reason="spam")
    officer = make_user(full_name="مسؤولة البرنامج")
    role_grant(actor=None, user=officer, role=RoleGrant.Role.PROGRAMME_OFFICER, programme=programme)
    key = "discussions.reported_posts"
    before = _sign_in_to_my_work(page, officer, key)

    _group(page, key).get_by_role("link", name=thread.title).click()
    page.wait_for_url(re.compile(rf".*#post-{post.pk}$"))
    page.locator(f"#post-{post.pk} a.danger").click()  # "Remove": the confirmation page
    page.wait_for_url(re.compile(rf".*/{post.pk}/remove/.*"))
    assert page.locator("textarea[name=reason]").get_attribute("required") is not None  # a reason is needed
    page.fill("textarea[name=reason]", "إعلان تجاري خارج موضوع المنصة")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    post.refresh_from_db()
    assert post.status == Status.REMOVED

    _back_to_my_work(page)
    _assert_lowered(page, key, before)


# Each role of issue 16 and its flow above. Platform administrators are left out: they act everywhere, and what
# waits for them (requests to bodies without an administrator, any reported post) is the same flows' work.
FLOWS = {
    RoleGrant.Role.BODY_EDITOR: (
        test_body_editor_accepts_a_hub_invitation,
        test_body_editor_registers_for_an_event_their_body_is_invited_to,
    ),
    RoleGrant.Role.BODY_APPROVER: (test_body_approver_publishes_pending_progress,),
    RoleGrant.Role.BODY_ADMIN: (test_body_administrator_approves_a_request_to_join_the_body,),
    RoleGrant.Role.SPECIALIST: (test_specialist_answers_a_routed_question,),
    RoleGrant.Role.PROGRAMME_OFFICER: (test_programme_officer_removes_a_reported_post,),
    "hub coordinator (a mandate from a hub election, not a role grant)": (
        test_hub_coordinator_accepts_a_body_asking_to_join,
    ),
}


def test_every_role_has_its_flow():
    """A new role without a flow on "my work" in this module fails here."""
    granted_roles = {role for role in FLOWS if role in RoleGrant.Role.values}
    assert granted_roles == set(RoleGrant.Role.values) - {RoleGrant.Role.PLATFORM_ADMIN}
