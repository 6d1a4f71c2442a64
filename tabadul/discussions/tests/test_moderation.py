"""Reports weigh by trust (discussions.trust): fresh accounts cannot hide a thread; moderators are told at once."""

import importlib
import inspect
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.directory.tests.factories import LocalBodyFactory
from tabadul.discussions import selectors, services
from tabadul.discussions.models import Forum, Report, Status
from tabadul.discussions.owners import forum_moderator_ids
from tabadul.discussions.trust import report_weight
from tabadul.notifications.models import Kind, Notification

from .conftest import make_hub_coordinator, make_hub_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_forum(hub):
    return services.forum_ensure(owner=hub, visibility=Forum.Visibility.PUBLIC)


@pytest.fixture
def public_thread(public_forum, member):
    return services.thread_start(actor=member, forum=public_forum, title="موضوع عام", body="نص الموضوع")


def fresh_accounts(count: int) -> list:
    return [make_user(username=f"fresh{n}") for n in range(count)]


def report_all(people, post) -> None:
    for person in people:
        services.post_report(actor=person, post=post, reason=Report.Reason.SPAM)


def visible_to(user, thread) -> bool:
    return thread.posts.get(is_opening=True) in selectors.thread_posts(user=user, thread=thread)


def listed_for(user, thread) -> bool:
    return thread in selectors.thread_list(user=user, forum=thread.forum)


def test_fresh_accounts_cannot_hide_a_public_thread(settings, public_thread, member):
    settings.DISCUSSIONS_HIDE_AFTER_REPORTS = 3
    opening = public_thread.posts.get()
    report_all(fresh_accounts(5), opening)
    opening.refresh_from_db()
    assert opening.status == Status.VISIBLE and opening.report_count == 5
    assert set(Report.objects.values_list("weight", flat=True)) == {0}
    assert listed_for(make_user(), public_thread) and visible_to(make_user(), public_thread)
    # They still reach the moderators: the post waits in the queue.
    moderator = make_hub_coordinator(public_thread.forum.owner)
    assert opening in selectors.moderation_queue(user=moderator)


def test_reports_of_trusted_members_hide_the_thread(settings, hub, public_thread, member2, member3):
    settings.DISCUSSIONS_HIDE_AFTER_REPORTS = 3
    opening = public_thread.posts.get()
    report_all([member2, member3], opening)
    opening.refresh_from_db()
    assert opening.status == Status.VISIBLE
    report_all([make_hub_member(hub)], opening)
    opening.refresh_from_db()
    assert opening.status == Status.HIDDEN
    assert not listed_for(make_user(), public_thread)


def test_fresh_reports_do_not_add_to_trusted_ones(settings, hub, public_thread, member2, member3):
    settings.DISCUSSIONS_HIDE_AFTER_REPORTS = 3
    opening = public_thread.posts.get()
    report_all([member2, member3, *fresh_accounts(3)], opening)
    opening.refresh_from_db()
    assert opening.status == Status.VISIBLE and opening.report_count == 5


def test_a_moderators_report_hides_at_once_and_the_author_and_moderators_still_see_it(
    settings, public_thread, member, member2, moderator, platform_admin
):
    settings.DISCUSSIONS_HIDE_AFTER_REPORTS = 3
    opening = public_thread.posts.get()
    services.post_report(actor=moderator, post=opening, reason=Report.Reason.OFFENSIVE)
    opening.refresh_from_db()
    assert opening.status == Status.HIDDEN
    for person in (member, moderator, platform_admin):  # the author and the moderators
        assert visible_to(person, public_thread) and listed_for(person, public_thread)
    for person in (member2, make_user()):
        assert not visible_to(person, public_thread) and not listed_for(person, public_thread)
    assert not visible_to(make_user(), public_thread)


@pytest.mark.parametrize(
    ("standing", "weight"),
    [
        ("fresh", 0),
        ("old without contributions", 0),
        ("old with a visible post", 1),
        ("new with a visible post", 0),
        ("old with published feedback", 1),
        ("staff of another body", 1),
        ("specialist", 1),
        ("member", 1),
        ("moderator", 3),
        ("platform administrator", 3),
    ],
)
def test_report_weight_by_standing(settings, hub, public_forum, standing, weight):
    settings.DISCUSSIONS_HIDE_AFTER_REPORTS = 3
    settings.DISCUSSIONS_TRUSTED_AFTER_DAYS = 30
    old = timezone.now() - timedelta(days=31)
    person = {
        "fresh": lambda: make_user(),
        "old without contributions": lambda: make_user(date_joined=old),
        "old with a visible post": lambda: _with_platform_post(make_user(date_joined=old)),
        "new with a visible post": lambda: _with_platform_post(make_user()),
        "old with published feedback": lambda: _with_published_feedback(make_user(date_joined=old)),
        "staff of another body": lambda: make_user(body=LocalBodyFactory()),
        "specialist": lambda: make_user(role=RoleGrant.Role.SPECIALIST),
        "member": lambda: make_hub_member(hub),
        "moderator": lambda: make_hub_coordinator(hub),
        "platform administrator": lambda: make_user(role=RoleGrant.Role.PLATFORM_ADMIN),
    }[standing]()
    assert report_weight(person, public_forum) == weight


def _with_platform_post(person):
    """A visible post in the platform forum, then the person's body is taken away again (a former staff member)."""
    person.local_body = LocalBodyFactory()
    person.save()
    forum = services.forum_ensure(slug="general", title="عام")
    services.thread_start(actor=person, forum=forum, title="سؤال", body="نص")
    person.local_body = None
    person.save()
    return person


def _with_published_feedback(person):
    from tabadul.meter import services as meter_services
    from tabadul.meter.tests import factories as meter

    body = LocalBodyFactory()
    editor = make_user(role=RoleGrant.Role.BODY_EDITOR, body=body)
    approver = make_user(role=RoleGrant.Role.BODY_APPROVER, body=body)
    plan = meter.make_plan(actor=editor, body=body, approver=approver)
    feedback = meter_services.feedback_submit(actor=person, plan=plan, project=None, kind="suggestion", text="ملاحظة")
    meter_services.feedback_moderate(actor=editor, feedback=feedback, publish=True)
    return person


def _reported_notifications(person) -> list[Notification]:
    return list(Notification.objects.filter(recipient=person, kind=Kind.POST_REPORTED))


def test_moderators_are_told_once_per_post(hub, public_thread, member2, member3, moderator):
    deputy = make_hub_coordinator(hub)
    opening = public_thread.posts.get()
    report_all([make_user()], opening)  # a fresh account's report (weight 0) is enough to tell them
    for person in (moderator, deputy):
        [notification] = _reported_notifications(person)
        assert notification.subject == public_thread.title and notification.url == opening.get_absolute_url()
        assert notification.read_at is None
    report_all([member2, member3], opening)
    assert len(_reported_notifications(moderator)) == 1 and len(_reported_notifications(deputy)) == 1
    assert _reported_notifications(member2) == [] and _reported_notifications(public_thread.author) == []
    reply = services.post_reply(actor=member2, thread=public_thread, body="رد")
    report_all([member3], reply)
    assert len(_reported_notifications(moderator)) == 2  # another post: another notification


def test_a_reporting_moderator_is_not_told_of_their_own_report(hub, public_thread, moderator):
    deputy = make_hub_coordinator(hub)
    services.post_report(actor=moderator, post=public_thread.posts.get(), reason=Report.Reason.SPAM)
    assert _reported_notifications(moderator) == [] and len(_reported_notifications(deputy)) == 1


def test_working_group_forum_tells_its_lead_and_the_hub_coordinators(topic, group_lead, group_member, moderator):
    forum = services.forum_ensure(owner=topic)
    assert forum_moderator_ids(forum) == {group_lead.pk, moderator.pk}
    thread = services.thread_start(actor=group_member, forum=forum, title="مجموعة", body="نص")
    other = make_user()
    from tabadul.hubs.models import WorkingGroupMember

    WorkingGroupMember.objects.create(topic=topic, user=other, role=WorkingGroupMember.Role.MEMBER)
    services.post_report(actor=other, post=thread.posts.get(), reason=Report.Reason.SPAM)
    assert len(_reported_notifications(group_lead)) == 1 and len(_reported_notifications(moderator)) == 1


def test_the_platform_forum_tells_the_platform_administrators(member, platform_admin):
    forum = services.forum_ensure(slug="general", title="عام")
    thread = services.thread_start(actor=member, forum=forum, title="عام", body="نص")
    services.post_report(actor=make_user(), post=thread.posts.get(), reason=Report.Reason.SPAM)
    assert len(_reported_notifications(platform_admin)) == 1


def test_every_kind_of_user_report_is_weighed_and_tells_moderators():
    """A model people use to report something (it names a `reporter`) stores the report's weight from
    `discussions.trust.report_weight`, and the service of its app tells the moderators (no signal receiver does it).
    A new one must do the same."""
    report_models = [
        model
        for model in apps.get_models()
        if {"reporter", "flagged_by", "reported_by"} & {field.name for field in model._meta.fields}
    ]
    assert Report in report_models
    for model in report_models:
        assert "weight" in {field.name for field in model._meta.fields}, model
        app_services = importlib.import_module(f"{model._meta.app_config.name}.services")
        assert "Kind.POST_REPORTED" in inspect.getsource(app_services), model


def test_the_queue_shows_which_reports_do_not_count(client, public_thread, member2, moderator):
    opening = public_thread.posts.get()
    fresh = make_user(username="fresh.reporter", full_name="حساب جديد")
    report_all([fresh, member2], opening)
    client.force_login(moderator)
    with translation.override("en"):  # the English page, whose wording the assertion names
        html = client.get(reverse("discussions:moderation_queue")).content.decode()
    fresh_line, member_line = (
        line
        for line in html.splitlines()
        if "fresh.reporter" in line or "حساب جديد" in line or member2.display_name in line
    )
    assert "not counted toward hiding" in fresh_line and "not counted toward hiding" not in member_line
